namespace Petition.Web.Features.Signing;

/// <summary>Starts loading (in demo mode: generating) the portal PKI at start, without delaying start-up.</summary>
public sealed class PortalPkiWarmUp(PortalPki pki) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (pki.IsConfigured)
        {
            _ = pki.GetAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
