using PdfSharp.Fonts;

namespace Petition.Infrastructure.Documents;

/// <summary>
/// Gives PDFsharp the Pretendard GOV TTFs embedded in this assembly (Regular and Bold; other weights map to
/// these). PDFsharp embeds the subset of glyphs a document uses, with a ToUnicode map, so text stays extractable.
/// </summary>
internal sealed class DocumentFonts : IFontResolver
{
    public const string Family = "Pretendard GOV";
    private const string RegularFace = "PretendardGOV-Regular";
    private const string BoldFace = "PretendardGOV-Bold";
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    /// <summary>Installs the resolver once per process (PDFsharp's font settings are global).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not DocumentFonts)
            {
                GlobalFontSettings.FontResolver = new DocumentFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase)
            ? new FontResolverInfo(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic)
            : null;

    public byte[]? GetFont(string faceName)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(faceName, out var cached))
            {
                return cached;
            }

            var name = $"Petition.Infrastructure.Documents.Fonts.{faceName}.ttf";
            using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream(name);
            if (stream is null)
            {
                return null;
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            Cache[faceName] = bytes;
            return bytes;
        }
    }
}
