using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChimeLogger.Tracing;

/// <summary>
/// Turns metadata values into the strings the herald stores (docs/helix-contract.md §2: error and completion
/// metadata are stringified). Formatting is culture-invariant so that the same value always gives the same text:
/// <c>true</c>/<c>false</c> for booleans, ISO 8601 round-trip (<c>"O"</c>) for dates and times, floating-point numbers
/// without an exponent (<see cref="FixedNotation"/>), the invariant culture for every other formattable value, JSON for
/// lists and dictionaries (their floating-point numbers without an exponent too). This is the reference for every value
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
        double number => FixedNotation.Of(number),
        float number => FixedNotation.Of(number),
        Half number => FixedNotation.Of(number),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IEnumerable => FormatNested(value),
        _ => value.ToString() ?? NullText,
    };

    private static readonly JsonSerializerOptions s_json = new()
    {
        Converters = { new FixedDoubleConverter(), new FixedSingleConverter(), new FixedHalfConverter() },
    };

    // Nested values (lists, dictionaries) are written as JSON so the herald's metadata stays readable.
    private static string FormatNested(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), s_json);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return value.ToString() ?? NullText;
        }
    }

    // JSON numbers need no exponent either; NaN and the infinities, which JSON has no number for, become strings.
    private static void WriteFixed(Utf8JsonWriter writer, string text, bool finite)
    {
        if (finite)
        {
            writer.WriteRawValue(text, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    private sealed class FixedDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
            WriteFixed(writer, FixedNotation.Of(value), double.IsFinite(value));
    }

    private sealed class FixedSingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) =>
            WriteFixed(writer, FixedNotation.Of(value), float.IsFinite(value));
    }

    private sealed class FixedHalfConverter : JsonConverter<Half>
    {
        public override Half Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => (Half)reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, Half value, JsonSerializerOptions options) =>
            WriteFixed(writer, FixedNotation.Of(value), Half.IsFinite(value));
    }
}
