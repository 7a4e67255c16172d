using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Petition.Infrastructure.Seeding;

/// <summary>Creates, migrates and seeds the database before the portal takes requests.</summary>
public sealed class DatabaseStartup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
