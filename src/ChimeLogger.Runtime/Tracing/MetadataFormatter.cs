using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace ChimeLogger.Tracing;

/// <summary>
/// Turns metadata values into the strings the herald stores (docs/helix-contract.md §2: error and completion
/// metadata are stringified). Formatting is culture-invariant so that the same value always gives the same text:
/// <c>true</c>/<c>false</c> for booleans, ISO 8601 round-trip (<c>"O"</c>) for dates and times, the invariant culture
/// for every other formattable value, JSON for lists and dictionaries. This is the reference for every value
/// ChimeLogger turns into text (attributes, completion and error metadata, the values generated code passes).
/// </summary>
internal static class MetadataFormatter
{
    /// <summary>The text recorded for a <see langword="null"/> value.</summary>
    public const string NullText = "null";

    public static string Format(object? value) => value switch
    {
        null => NullText,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IEnumerable => FormatNested(value),
        _ => value.ToString() ?? NullText,
    };

    // Nested values (lists, dictionaries) are written as JSON so the herald's metadata stays readable.
    private static string FormatNested(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, value.GetType());
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return value.ToString() ?? NullText;
        }
    }
}
