using System.Runtime.CompilerServices;

namespace Petition.E2E.Tests;

/// <summary>
/// Process-wide settings for the many test hosts this assembly starts: configuration files are not watched for
/// changes (each watcher is an inotify instance, and Linux allows 128 per user by default, which a full test run
/// would otherwise exhaust), and file providers poll instead of using inotify.
/// </summary>
internal static class TestHostEnvironment
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
