namespace Petition.Web.Features.Shared;

/// <summary>
/// One labelled input for <c>_InputField.cshtml</c>: the KRDS form-group with hint, inline error
/// and the aria wiring from docs/ui.md.
/// </summary>
public sealed record InputFieldModel(string Name, string Label, string? Value)
{
    public string Type { get; init; } = "text";

    public bool Required { get; init; }

    /// <summary>What an optional field's label says (default "(선택)"), e.g. when it is needed only in one case.</summary>
    public string OptionalText { get; init; } = DefaultOptionalText;

    /// <summary>The default <see cref="OptionalText"/> (shown localized).</summary>
    public const string DefaultOptionalText = "(선택)";

    /// <summary>The language of <see cref="Label"/> when it is data, e.g. "ko" for a catalog field; null when it is the page's text.</summary>
    public string? Lang { get; init; }

    /// <summary>The language of <see cref="Hint"/> when it is data (a catalog field's help text); null when it is the page's text.</summary>
    public string? HintLang { get; init; }

    public string? Hint { get; init; }

    public string? Error { get; init; }

    public string? Autocomplete { get; init; }

    public string? InputMode { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>pt-w-s, pt-w-m or null for full width.</summary>
    public string? Width { get; init; }

    public bool Multiline { get; init; }
}
