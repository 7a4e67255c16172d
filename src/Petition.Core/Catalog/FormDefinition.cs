namespace Petition.Core.Catalog;

public enum FieldType
{
    Text,
    MultilineText,
    Number,
    Date,
    Select,
    Checkbox,
}

/// <summary>One field of a petition type's form, in display order.</summary>
public sealed record FieldDefinition
{
    /// <summary>Stable key, ASCII letters, digits and underscores; used as the answer key.</summary>
    public required string Key { get; init; }

    public required string Label { get; init; }

    public FieldType Type { get; init; } = FieldType.Text;

    public bool Required { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>A .NET regular expression the whole answer must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>What to tell the citizen when <see cref="Pattern"/> does not match.</summary>
    public string? PatternMessage { get; init; }

    public string? HelpText { get; init; }

    /// <summary>Choices of a <see cref="FieldType.Select"/> field.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Smallest and largest value of a <see cref="FieldType.Number"/> field.</summary>
    public long? Min { get; init; }

    public long? Max { get; init; }
}

/// <summary>The ordered fields of a petition type's form.</summary>
public sealed record FormDefinition
{
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];
}
