using Microsoft.Extensions.DependencyInjection;
using Petition.Core.Documents;
using Petition.Infrastructure.Documents;
using Petition.Infrastructure.Persistence;

namespace Petition.Infrastructure.Tests.Documents;

/// <summary>The authenticity check over a real SQLite register.</summary>
public sealed class DocumentVerifierTests
{
    private static async Task<IssuedDocument> StoreAsync(SqliteDatabase database, InstitutionKey? key = null)
    {
        var petition = await TestPetitions.SubmitWageArrearsAsync(database);
        var document = TestInstitution.Issuer(key).Issue(petition, DocumentNumber.New(), TestPetitions.IssuedAt);
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PetitionDbContext>();
        db.IssuedDocuments.Add(document);
        await db.SaveChangesAsync();
        return document;
    }

    private static async Task<DocumentVerification> CheckAsync(SqliteDatabase database, Func<DocumentVerifier, Task<DocumentVerification>> check)
    {
        await using var scope = database.Scope();
        var verifier = new DocumentVerifier(scope.ServiceProvider.GetRequiredService<PetitionDbContext>(), TestInstitution.Source(TestInstitution.Key));
        return await check(verifier);
    }

    [Fact]
    public async Task VerifyPdf_GenuineFile_ShowsTheRegisterEntryWithTheMaskedName()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var document = await StoreAsync(database);

        var result = await CheckAsync(database, v => v.VerifyPdfAsync(document.Pdf));

        Assert.Equal(VerificationOutcome.Genuine, result.Outcome);
        Assert.Equal(document.DocumentNumber, result.Document!.DocumentNumber);
        Assert.Equal("홍*동", result.Document.MaskedApplicantName);
        Assert.Equal(TestPetitions.IssuedAt, result.Document.IssuedAtUtc);
    }

    [Fact]
    public async Task VerifyPdf_ChangedUnsignedReSignedOrNotAPdf_EachGetsItsOwnOutcome()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var document = await StoreAsync(database);

        var changed = (byte[])document.Pdf.Clone();
        changed[200] ^= 0x01;
        Assert.Equal(VerificationOutcome.PdfModified, (await CheckAsync(database, v => v.VerifyPdfAsync(changed))).Outcome);

        // Bytes appended after the signed range (an incremental update) are outside the signature.
        var appended = document.Pdf.Concat("\n% added later\n"u8.ToArray()).ToArray();
        Assert.Equal(VerificationOutcome.PdfModified, (await CheckAsync(database, v => v.VerifyPdfAsync(appended))).Outcome);

        var petition = await TestPetitions.SubmitWageArrearsAsync(database);
        var reSigned = TestInstitution.Issuer(TestInstitution.Stranger).Issue(petition, document.DocumentNumber, TestPetitions.IssuedAt);
        Assert.Equal(VerificationOutcome.PdfWrongSigner, (await CheckAsync(database, v => v.VerifyPdfAsync(reSigned.Pdf))).Outcome);

        // Signed with the institution key, but not the file in the register.
        var other = TestInstitution.Issuer().Issue(petition, DocumentNumber.New(), TestPetitions.IssuedAt);
        Assert.Equal(VerificationOutcome.PdfNotIssued, (await CheckAsync(database, v => v.VerifyPdfAsync(other.Pdf))).Outcome);

        Assert.Equal(VerificationOutcome.PdfUnsigned, (await CheckAsync(database, v => v.VerifyPdfAsync("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray()))).Outcome);
        Assert.Equal(VerificationOutcome.NotPdf, (await CheckAsync(database, v => v.VerifyPdfAsync("PK\x03\x04 not a pdf"u8.ToArray()))).Outcome);
    }

    [Fact]
    public async Task VerifyNumberAndQr_GenuineAccepted_UnknownAndTamperedRejected()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var document = await StoreAsync(database);

        Assert.Equal(VerificationOutcome.Genuine, (await CheckAsync(database, v => v.VerifyNumberAsync(document.DocumentNumber))).Outcome);
        Assert.Equal(VerificationOutcome.UnknownNumber, (await CheckAsync(database, v => v.VerifyNumberAsync(DocumentNumber.New()))).Outcome);

        Assert.Equal(VerificationOutcome.Genuine, (await CheckAsync(database, v => v.VerifyQrAsync(document.QrPayload))).Outcome);
        var tampered = document.QrPayload[..^3] + (document.QrPayload[^3] == 'A' ? "B" : "A") + document.QrPayload[^2..];
        Assert.Equal(VerificationOutcome.QrBadSignature, (await CheckAsync(database, v => v.VerifyQrAsync(tampered))).Outcome);
        Assert.Equal(VerificationOutcome.QrMalformed, (await CheckAsync(database, v => v.VerifyQrAsync("https://example.kr/not-a-payload"))).Outcome);

        // Validly signed, but never stored.
        var petition = await TestPetitions.SubmitWageArrearsAsync(database);
        var unstored = TestInstitution.Issuer().Issue(petition, DocumentNumber.New(), TestPetitions.IssuedAt);
        Assert.Equal(VerificationOutcome.QrUnknownNumber, (await CheckAsync(database, v => v.VerifyQrAsync(unstored.QrPayload))).Outcome);
    }
}
