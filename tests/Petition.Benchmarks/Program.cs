using BenchmarkDotNet.Running;
using Petition.Benchmarks;

if (args.Length > 0 && args[0] == "--stopwatch")
{
    VerificationBenchmarks.RunStopwatch(Console.Out);
    return 0;
}

if (args.Length > 1 && args[0] == "--profile")
{
    // A long loop of one case, for a sampling profiler (dotnet-trace): --profile cold|new-signer|warm [seconds]
    VerificationBenchmarks.RunLoop(args[1], TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(VerificationBenchmarks).Assembly).Run(args);
return 0;
