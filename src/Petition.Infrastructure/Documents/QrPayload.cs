using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Petition.Infrastructure.Documents;

/// <summary>What a document's QR code states, signed by the institution key.</summary>
public sealed record QrClaims(
    string DocumentNumber, string ReceiptNumber, string Title, string MaskedName, DateTime IssuedAtUtc, string ContentSha256, string KeyId);

/// <summary>Why a QR payload was not accepted.</summary>
public enum QrPayloadError
{
    None,

    /// <summary>Not of the form PETDOC1.&lt;claims&gt;.&lt;signature&gt;, or the claims do not parse.</summary>
    Malformed,

    /// <summary>The signature does not verify with the institution certificate: changed, or not ours.</summary>
    BadSignature,
}

/// <summary>
/// The QR payload printed on issued documents, verifiable offline with the institution certificate alone:
/// <c>PETDOC1.&lt;base64url(claims JSON)&gt;.&lt;base64url(RSA-SHA256 signature)&gt;</c>.
/// The claims JSON is written once, in this fixed order and without whitespace:
/// <c>{"v":1,"no":"7K3M-…","rcpt":"20261201-000001","title":"…","name":"홍*동","iat":"2026-12-01T01:00:00Z",
/// "sha256":"&lt;hex SHA-256 of the document's canonical text&gt;","kid":"&lt;16 hex of the certificate's SHA-256&gt;"}</c>.
/// The signature (RSASSA-PKCS1-v1_5 with SHA-256) covers the ASCII text <c>PETDOC1.&lt;base64url(claims)&gt;</c>,
/// as a JWS covers its signing input, so a verifier checks the bytes it received and never re-serialises.
/// </summary>
public static class QrPayload
{
    public const string Prefix = "PETDOC1";
    private const string Algorithm = "SHA256WITHRSA";

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Create(QrClaims claims, InstitutionKey key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        var body = new Body
        {
            V = 1,
            No = claims.DocumentNumber,
            Rcpt = claims.ReceiptNumber,
            Title = claims.Title,
            Name = claims.MaskedName,
            Iat = DateTime.SpecifyKind(claims.IssuedAtUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Sha256 = claims.ContentSha256,
            Kid = claims.KeyId,
        };
        var signingInput = Prefix + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(body, Json));
        var signer = SignerUtilities.GetSigner(Algorithm);
        signer.Init(true, key.PrivateKey);
        var input = Encoding.ASCII.GetBytes(signingInput);
        signer.BlockUpdate(input, 0, input.Length);
        return signingInput + "." + Base64Url(signer.GenerateSignature());
    }

    /// <summary>Checks the payload against <paramref name="certificate"/>; the claims are returned only when the signature holds.</summary>
    public static QrPayloadError Verify(string? payload, X509Certificate certificate, out QrClaims? claims)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        claims = null;
        var text = (payload ?? string.Empty).Trim();
        var parts = text.Split('.');
        if (text.Length > 4000 || parts.Length != 3 || parts[0] != Prefix
            || !TryFromBase64Url(parts[1], out var json) || !TryFromBase64Url(parts[2], out var signature))
        {
            return QrPayloadError.Malformed;
        }

        Body? body;
        try
        {
            body = JsonSerializer.Deserialize<Body>(json, Json);
        }
        catch (JsonException)
        {
            return QrPayloadError.Malformed;
        }

        if (body is not { V: 1, No: { } no, Rcpt: { } rcpt, Title: { } title, Name: { } name, Iat: { } iat, Sha256: { } sha, Kid: { } kid }
            || !DateTime.TryParseExact(iat, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var issued))
        {
            return QrPayloadError.Malformed;
        }

        try
        {
            var verifier = SignerUtilities.GetSigner(Algorithm);
            verifier.Init(false, certificate.GetPublicKey());
            var input = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            verifier.BlockUpdate(input, 0, input.Length);
            if (!verifier.VerifySignature(signature))
            {
                return QrPayloadError.BadSignature;
            }
        }
        catch (CryptoException)
        {
            return QrPayloadError.BadSignature;
        }

        claims = new QrClaims(no, rcpt, title, name, DateTime.SpecifyKind(issued, DateTimeKind.Utc), sha, kid);
        return QrPayloadError.None;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed class Body
    {
        [JsonPropertyName("v")]
        [JsonPropertyOrder(0)]
        public int V { get; set; }

        [JsonPropertyName("no")]
        [JsonPropertyOrder(1)]
        public string? No { get; set; }

        [JsonPropertyName("rcpt")]
        [JsonPropertyOrder(2)]
        public string? Rcpt { get; set; }

        [JsonPropertyName("title")]
        [JsonPropertyOrder(3)]
        public string? Title { get; set; }

        [JsonPropertyName("name")]
        [JsonPropertyOrder(4)]
        public string? Name { get; set; }

        [JsonPropertyName("iat")]
        [JsonPropertyOrder(5)]
        public string? Iat { get; set; }

        [JsonPropertyName("sha256")]
        [JsonPropertyOrder(6)]
        public string? Sha256 { get; set; }

        [JsonPropertyName("kid")]
        [JsonPropertyOrder(7)]
        public string? Kid { get; set; }
    }
}
