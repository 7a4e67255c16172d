using System.CommandLine;
using System.Globalization;
using Petition.Pki;
using Petition.Pki.Certificates;
using Petition.Pki.Cms;
using Petition.Pki.Demo;
using Petition.Pki.Npki;
using Petition.Pki.Validation;
using Spectre.Console;

namespace Petition.Cli;

/// <summary>The <c>petition</c> command. Exit codes: 0 success/valid, 1 invalid, 2 bad usage or unreadable input.</summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitInvalid = 1;
    public const int ExitUsage = 2;

    /// <summary>Runs the command in-process (tests call this).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = BuildRoot(output);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine("petition: " + parse.Errors[0].Message.ReplaceLineEndings(" ") + " (see --help)");
            return ExitUsage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is PkiException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or NotSupportedException
            or InvalidOperationException or System.Data.Common.DbException)
        {
            error.WriteLine("petition: " + e.Message.ReplaceLineEndings(" "));
            return ExitUsage;
        }
    }

    private static RootCommand BuildRoot(TextWriter output)
    {
        var root = new RootCommand("Petition portal tools: demo PKI, NPKI signing, signature and chain verification, seeding and measuring the database.");
        root.Subcommands.Add(BuildPki(output));
        root.Subcommands.Add(BuildNpki(output));
        root.Subcommands.Add(BuildVerify(output));
        root.Subcommands.Add(BuildChain(output));
        root.Subcommands.Add(DataCommands.BuildSeed(output));
        root.Subcommands.Add(DataCommands.BuildBench(output));
        return root;
    }

    private static Command BuildPki(TextWriter output)
    {
        var outOption = new Option<string>("--out") { Description = "Output directory for the demo PKI.", Required = true };
        var nowOption = new Option<string?>("--now") { Description = "Reference time (ISO 8601); default: now." };
        var staleOption = new Option<bool>("--stale-crls") { Description = "Issue CRLs whose nextUpdate is already past." };
        var demo = new Command("demo", "Generate the DEMO PKI (root, six CAs, citizens, CRLs, portal certificates) and demo-citizens.json.")
        {
            outOption,
            nowOption,
            staleOption,
        };
        demo.SetAction(parse =>
        {
            var options = new DemoPkiOptions
            {
                Now = ParseTime(parse.GetValue(nowOption)) ?? DateTimeOffset.UtcNow,
                StaleCrls = parse.GetValue(staleOption),
            };
            var directory = parse.GetValue(outOption)!;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            DemoPki? pki = null;
            if (console.Profile.Capabilities.Interactive && ReferenceEquals(output, Console.Out))
            {
                console.Status().Start("Generating the demo PKI", context =>
                {
                    pki = DemoPkiGenerator.Generate(options, new Progress<string>(message => context.Status(Markup.Escape(message))));
                });
            }
            else
            {
                pki = DemoPkiGenerator.Generate(options, new SyncProgress(message => output.WriteLine(message)));
            }

            var manifest = DemoPkiGenerator.Write(pki!, directory);
            output.WriteLine($"Wrote {pki!.Citizens.Count} citizens, {pki.Authorities.Count} CAs and the DEMO root to {directory}");
            output.WriteLine($"Manifest: {manifest}");
            return ExitOk;
        });
        var pkiCommand = new Command("pki", "Demo PKI commands.");
        pkiCommand.Subcommands.Add(demo);
        return pkiCommand;
    }

    private static Command BuildNpki(TextWriter output)
    {
        var cert = new Option<string>("--cert") { Description = "signCert.der", Required = true };
        var key = new Option<string>("--key") { Description = "signPri.key", Required = true };
        var password = new Option<string>("--password") { Description = "Certificate password.", Required = true };
        var input = new Option<string>("--in") { Description = "Document to sign.", Required = true };
        var outFile = new Option<string>("--out") { Description = "Output CMS (.p7s, DER).", Required = true };
        var time = new Option<string?>("--time") { Description = "signingTime (ISO 8601); default: now." };
        var sign = new Command("sign", "Sign a document as the browser does: CMS SignedData, SHA-256, attached content.")
        {
            cert, key, password, input, outFile, time,
        };
        sign.SetAction(parse =>
        {
            var certificate = PkiFiles.ReadCertificates(PkiFiles.ReadFile(parse.GetValue(cert)!))[0];
            var privateKey = NpkiKeyFile.Decrypt(PkiFiles.ReadFile(parse.GetValue(key)!), parse.GetValue(password)!);
            var content = PkiFiles.ReadFile(parse.GetValue(input)!);
            var cms = NpkiSigner.Sign(content, certificate, privateKey, ParseTime(parse.GetValue(time)) ?? DateTimeOffset.UtcNow);
            File.WriteAllBytes(parse.GetValue(outFile)!, cms);
            output.WriteLine($"Signed {content.Length} bytes as {CertificateSummary.From(certificate).OwnerName}: {parse.GetValue(outFile)}");
            return ExitOk;
        });
        var npki = new Command("npki", "NPKI certificate commands.");
        npki.Subcommands.Add(sign);
        return npki;
    }

    private static Command BuildVerify(TextWriter output)
    {
        var input = new Option<string>("--in") { Description = "CMS signature (.p7s).", Required = true };
        var content = new Option<string>("--content") { Description = "The expected document.", Required = true };
        var trust = new Option<string>("--trust") { Description = "Trust directory (anchors = self-signed, intermediates, *.crl).", Required = true };
        var crl = new Option<string[]>("--crl") { Description = "Additional CRL files.", AllowMultipleArgumentsPerToken = true };
        var rrn = new Option<string?>("--rrn") { Description = "Applicant RRN for the VID check." };
        var r = new Option<string?>("--r") { Description = "R (hex) for the VID check." };
        var policy = new Option<string[]>("--policy") { Description = "Accepted certificatePolicies OIDs (default: any).", AllowMultipleArgumentsPerToken = true };
        var at = new Option<string?>("--at") { Description = "Validation time (ISO 8601); default: now." };
        var verify = new Command("verify", "Verify a signed submission and print the validation report as JSON (exit 0 accepted, 1 not).")
        {
            input, content, trust, crl, rrn, r, policy, at,
        };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var store = new InMemoryTrustStore().AddDirectory(parse.GetValue(trust)!);
            foreach (var file in parse.GetValue(crl) ?? [])
            {
                store.AddCrl(PkiFiles.ReadFile(file));
            }

            var rHex = parse.GetValue(r);
            var submission = new SignedSubmission
            {
                Cms = PkiFiles.ReadFile(parse.GetValue(input)!),
                ExpectedContent = PkiFiles.ReadFile(parse.GetValue(content)!),
                ApplicantRrn = parse.GetValue(rrn),
                RandomNum = rHex is null ? null : Convert.FromHexString(rHex),
                ValidationTime = ParseTime(parse.GetValue(at)),
            };
            var verificationPolicy = new VerificationPolicy
            {
                AcceptedPolicyOids = parse.GetValue(policy) ?? [],
                RequireIdentityCheck = submission.ApplicantRrn is not null,
                MaxSignatureAge = null,
            };
            var report = await new SubmissionVerifier(store).VerifyAsync(submission, verificationPolicy, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            return report.Accepted ? ExitOk : ExitInvalid;
        });
        return verify;
    }

    private static Command BuildChain(TextWriter output)
    {
        var anchors = new Option<string[]>("--anchor") { Description = "Trust anchor certificate files (PEM or DER).", Required = true, AllowMultipleArgumentsPerToken = true };
        var intermediates = new Option<string[]>("--intermediate") { Description = "Untrusted intermediate certificate files.", AllowMultipleArgumentsPerToken = true };
        var cert = new Option<string>("--cert") { Description = "End-entity certificate (PEM or DER).", Required = true };
        var crls = new Option<string[]>("--crl") { Description = "CRL files (PEM or DER).", AllowMultipleArgumentsPerToken = true };
        var at = new Option<string?>("--at") { Description = "Validation time (ISO 8601); default: now." };
        var keyUsage = new Option<string[]>("--key-usage") { Description = "Required key usages (digitalSignature, nonRepudiation, keyEncipherment, ...).", AllowMultipleArgumentsPerToken = true };
        var eku = new Option<string[]>("--eku") { Description = "Required extended key usage OIDs.", AllowMultipleArgumentsPerToken = true };
        var policies = new Option<string[]>("--policy") { Description = "user-initial-policy-set (default: anyPolicy).", AllowMultipleArgumentsPerToken = true };
        var explicitPolicy = new Option<bool>("--explicit-policy") { Description = "initial-explicit-policy." };
        var inhibitMapping = new Option<bool>("--inhibit-policy-mapping") { Description = "initial-policy-mapping-inhibit." };
        var inhibitAny = new Option<bool>("--inhibit-any-policy") { Description = "initial-any-policy-inhibit." };
        var noRevocation = new Option<bool>("--no-revocation") { Description = "Do not check revocation." };
        var validate = new Command("validate", "Validate a certificate path per RFC 5280 and print the report as JSON (exit 0 valid, 1 invalid, 2 bad input).")
        {
            anchors, intermediates, cert, crls, at, keyUsage, eku, policies, explicitPolicy, inhibitMapping, inhibitAny, noRevocation,
        };
        validate.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ChainValidationRequest
            {
                TrustAnchors = ChainValidator.ReadCertificateFiles(parse.GetValue(anchors) ?? []),
                Intermediates = ChainValidator.ReadCertificateFiles(parse.GetValue(intermediates) ?? []),
                EndEntity = ChainValidator.ReadCertificateFiles([parse.GetValue(cert)!])[0],
                Crls = ChainValidator.ReadCrlFiles(parse.GetValue(crls) ?? []),
                ValidationTime = ParseTime(parse.GetValue(at)) ?? DateTimeOffset.UtcNow,
                RequiredKeyUsages = parse.GetValue(keyUsage) ?? [],
                RequiredExtendedKeyUsages = parse.GetValue(eku) ?? [],
                CheckRevocation = !parse.GetValue(noRevocation),
                Settings = new PathValidationSettings
                {
                    InitialPolicies = parse.GetValue(policies) ?? [],
                    InitialExplicitPolicy = parse.GetValue(explicitPolicy),
                    InitialPolicyMappingInhibit = parse.GetValue(inhibitMapping),
                    InitialAnyPolicyInhibit = parse.GetValue(inhibitAny),
                },
            };
            var report = await ChainValidator.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            return report.Valid ? ExitOk : ExitInvalid;
        });
        var chain = new Command("chain", "Certificate path commands.");
        chain.Subcommands.Add(validate);
        return chain;
    }

    private static DateTimeOffset? ParseTime(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new FormatException($"Cannot read the time '{value}' (use ISO 8601, e.g. 2026-03-02T09:00:00Z).");
    }

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
