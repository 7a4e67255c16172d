using BenchmarkDotNet.Running;
using Petition.Benchmarks;

if (args.Length > 0 && args[0] == "--stopwatch")
{
    VerificationBenchmarks.RunStopwatch(Console.Out);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(VerificationBenchmarks).Assembly).Run(args);
return 0;
