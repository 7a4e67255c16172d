using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Petition.Core.Abstractions;
using Petition.Core.Applications;
using Petition.Core.Catalog;
using Petition.Core.Identity;
using Petition.Infrastructure.Documents;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Tests.Documents;

/// <summary>A CA and the institution certificate it issued, made once per test run (the demo PKI's shape, without its 30 keys).</summary>
public static class TestInstitution
{
    private static readonly Lazy<(InstitutionKey Institution, InstitutionKey Stranger)> Keys = new(() =>
    {
        var caPair = NewPair();
        var caName = new X509Name("C=kr,O=NCASign,OU=AccreditedCA,CN=NCASignCA TEST");
        var caCert = Issue(caName, caName, caPair.Public, caPair.Private, 1, ca: true);
        var institutionPair = NewPair();
        var institution = Issue(new X509Name("C=kr,O=NCASign,OU=DEMO,OU=Government,CN=고용노동부 TEST 기관인증"), caName, institutionPair.Public, caPair.Private, 2, ca: false);
        var strangerPair = NewPair();
        var strangerName = new X509Name("C=kr,O=Elsewhere,CN=고용노동부 TEST 기관인증");
        var stranger = Issue(strangerName, strangerName, strangerPair.Public, strangerPair.Private, 3, ca: false);
        _ = caCert;
        return (new InstitutionKey(institution, institutionPair.Private), new InstitutionKey(stranger, strangerPair.Private));
    });

    /// <summary>The institution's key: what the portal signs with.</summary>
    public static InstitutionKey Key => Keys.Value.Institution;

    /// <summary>Someone else's key with a look-alike name: re-signs copies.</summary>
    public static InstitutionKey Stranger => Keys.Value.Stranger;

    public static IInstitutionKeySource Source(InstitutionKey key) => new FixedKeySource(key);

    public static DocumentIssuer Issuer(InstitutionKey? key = null) =>
        new(Source(key ?? Key), Options.Create(new DocumentOptions()));

    private static AsymmetricCipherKeyPair NewPair()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        return generator.GenerateKeyPair();
    }

    private static X509Certificate Issue(X509Name subject, X509Name issuer, AsymmetricKeyParameter publicKey, AsymmetricKeyParameter signingKey, long serial, bool ca)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(serial));
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-10));
        generator.SetNotAfter(DateTime.UtcNow.AddYears(2));
        generator.SetPublicKey(publicKey);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(ca));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(ca ? KeyUsage.KeyCertSign | KeyUsage.CrlSign : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", signingKey));
    }

    private sealed class FixedKeySource(InstitutionKey key) : IInstitutionKeySource
    {
        public Task<InstitutionKey?> GetAsync() => Task.FromResult<InstitutionKey?>(key);
    }
}

/// <summary>A received petition in a real SQLite database, filed as the wizard files it.</summary>
public static class TestPetitions
{
    public static readonly DateTime ReceivedAt = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime IssuedAt = new(2026, 12, 3, 6, 30, 15, DateTimeKind.Utc);

    public static async Task<PetitionRecord> SubmitWageArrearsAsync(SqliteDatabase database, string name = "홍길동")
    {
        await using var scope = database.Scope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PetitionDbContext>();
        var type = await db.PetitionTypes.SingleAsync(t => t.Code == "WAGE-ARREARS-CONFIRM");
        var draft = Draft.Start(type, "owner-hash", ReceivedAt, TimeSpan.FromDays(7));
        draft.SetApplicant(new ApplicantInput(name, "800101-1234567", "30117", "세종특별자치시 한누리대로 422", null, null, null),
            Rrn.Parse("800101-1234567"), services.GetRequiredService<IRrnProtector>());
        draft.SetAnswers(new()
        {
            ["businessName"] = "한빛상사",
            ["businessNumber"] = "123-45-67890",
            ["employedFrom"] = "2024-03-02",
            ["employedTo"] = "2026-10-31",
            ["unpaidAmount"] = "3500000",
            ["purpose"] = "대지급금 청구",
            ["details"] = "2026년 8월부터 10월까지 임금 미지급",
            ["consent"] = "true",
        });
        draft.SetDelivery(DeliveryMethod.Online, true, null, null, null);
        draft.ConfirmReview(ReceivedAt);
        draft.ChooseCertificate(CertificateChoice.NoCertificate);
        await services.GetRequiredService<IDraftRepository>().AddAsync(draft);
        var today = KoreanTime.Day(ReceivedAt);
        return await services.GetRequiredService<IPetitionRepository>()
            .SubmitAsync(draft, () => PetitionRecord.FromDraft(draft, draft.PetitionType!, ReceivedAt, today), today);
    }
}

/// <summary>poppler-utils, as a reader of the PDF independent of the code under test.</summary>
public static class Poppler
{
    public static string PdfToText(byte[] pdf) => Run("pdftotext", pdf, "-enc UTF-8 -layout {0} -");

    public static string PdfSig(byte[] pdf) => Run("pdfsig", pdf, "{0}");

    private static string Run(string tool, byte[] pdf, string arguments)
    {
        var file = Path.Combine(Path.GetTempPath(), $"petition-doc-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, string.Format(System.Globalization.CultureInfo.InvariantCulture, arguments, file))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
