using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Petition.E2E.Tests;

/// <summary>The portal on a real Kestrel port, with its own fresh SQLite file, for the browser to reach.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath;
    private readonly string? _demoPkiDirectory;

    /// <param name="databasePath">A fresh SQLite file.</param>
    /// <param name="demoPkiDirectory">Demo mode (signed path on) with the demo PKI in this folder; null for signing off.</param>
    public PortalFactory(string databasePath, string? demoPkiDirectory = null)
    {
        _databasePath = databasePath;
        _demoPkiDirectory = demoPkiDirectory;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={_databasePath}");
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedCatalog", "true");
        builder.UseSetting("Logging:FilePath", string.Empty);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Notifications:PickupDirectory", Path.ChangeExtension(_databasePath, ".mail"));

        if (_demoPkiDirectory is not null)
        {
            builder.UseSetting("Demo:Enabled", "true");
            builder.UseSetting("Demo:PkiDirectory", _demoPkiDirectory);
            return;
        }

        // The journeys of the citizen without a certificate: signing stays off (no demo PKI, no KM
        // certificate) so "공동인증서가 있습니다" is the disabled option whatever appsettings.Development says.
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Portal:KmCertificate", string.Empty);
    }
}

/// <summary>
/// One server and one headless Chromium for the whole E2E collection; each test opens its own
/// <see cref="IBrowserContext"/> (its own cookies, so its own drafts).
/// </summary>
public class PortalFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "petition-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly string? _demoPkiDirectory;
    private PortalFactory? _factory;
    private IPlaywright? _playwright;

    public PortalFixture()
    {
    }

    /// <summary>The portal in demo mode, the demo PKI in <paramref name="demoPkiDirectory"/>.</summary>
    protected PortalFixture(string demoPkiDirectory) => _demoPkiDirectory = demoPkiDirectory;

    /// <summary>The running portal's services (for what a test must wait for, such as the demo PKI).</summary>
    public IServiceProvider Services => _factory!.Services;

    public Uri BaseUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _factory = new PortalFactory(Path.Combine(_directory, "e2e.db"), _demoPkiDirectory);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        var address = addresses.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        BaseUrl = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal));

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        if (_demoPkiDirectory is null)
        {
            Artifacts.Reset();
        }
    }

    /// <summary>A fresh browser context (cookies, storage) with a desktop viewport and Korean locale.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl.ToString(),
            Locale = "ko-KR",
            TimezoneId = "Asia/Seoul",
            ViewportSize = new() { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal in Chromium";
}
