using Microsoft.Playwright;

namespace Petition.E2E.Tests;

/// <summary>
/// Full-page screenshots kept as test artifacts in <c>&lt;repo&gt;/artifacts/e2e-screenshots/NN-step-name.png</c>
/// (the repo root is the first folder up from the test binaries that holds Petition.sln).
/// </summary>
public static class Artifacts
{
    public static string ScreenshotDirectory { get; } = Path.Combine(FindRepositoryRoot(), "artifacts", "e2e-screenshots");

    /// <summary>Removes the previous run's screenshots so the folder shows exactly this run.</summary>
    public static void Reset()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var file in Directory.EnumerateFiles(ScreenshotDirectory, "*.png"))
        {
            File.Delete(file);
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);

        // The KRDS header is sticky: captured while scrolled, it would be painted over the middle of a
        // full-page image. Scrolling does not move the keyboard focus.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(ScreenshotDirectory, name + ".png"),
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
        });
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Petition.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Petition.sln not found above {AppContext.BaseDirectory}.");
    }
}
