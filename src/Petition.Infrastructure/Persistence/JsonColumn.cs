using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Petition.Infrastructure.Persistence;

/// <summary>Value conversion of small documents (a form definition, answers) to a JSON text column.</summary>
internal static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ValueConverter<T, string> Converter<T>()
        where T : class, new() =>
        new(v => JsonSerializer.Serialize(v, Options), s => string.IsNullOrWhiteSpace(s) ? new T() : JsonSerializer.Deserialize<T>(s, Options) ?? new T());

    public static ValueComparer<T> Comparer<T>()
        where T : class, new() =>
        new(
            (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options) ?? new T());

    public static ValueConverter<Dictionary<string, string>, string> DictionaryConverter() =>
        new(
            v => JsonSerializer.Serialize(v, Options),
            s => new Dictionary<string, string>(
                JsonSerializer.Deserialize<Dictionary<string, string>>(s, Options) ?? new(), StringComparer.Ordinal));
}
