namespace Petition.Pki.Validation;

/// <summary>Downloads CRLs from distribution points (http only).</summary>
public interface ICrlDownloader
{
    Task<byte[]?> DownloadAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>Sends OCSP requests (RFC 6960 over HTTP POST).</summary>
public interface IOcspClient
{
    Task<byte[]?> SendAsync(Uri responder, byte[] request, CancellationToken cancellationToken);
}

/// <summary>HttpClient-based CRL downloader with a size limit.</summary>
public sealed class HttpCrlDownloader(HttpClient httpClient) : ICrlDownloader
{
    private const int MaxBytes = 16 * 1024 * 1024;

    public async Task<byte[]?> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var response = await httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxBytes)
        {
            return null;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return bytes.Length > MaxBytes ? null : bytes;
    }
}

/// <summary>HttpClient-based OCSP client.</summary>
public sealed class HttpOcspClient(HttpClient httpClient) : IOcspClient
{
    public async Task<byte[]?> SendAsync(Uri responder, byte[] request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ocsp-request");
        using var response = await httpClient.PostAsync(responder, content, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false) : null;
    }
}
