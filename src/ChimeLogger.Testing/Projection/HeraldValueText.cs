using System.Collections;
using System.Globalization;

namespace ChimeLogger.Testing;

/// <summary>
/// Attribute values as the herald stores them: text (docs/helix-contract.md §7). Strings stay as they are, whole
/// numbers are decimal, floating-point numbers are written the way Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>
/// writes them (shortest round-trip digits, never an exponent), booleans are <c>true</c>/<c>false</c>.
/// </summary>
internal static class HeraldValueText
{
    public static string Of(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => Float(number),
        float number => Float(number),
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        IEnumerable sequence => List(sequence),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static IReadOnlyDictionary<string, string> Map(IEnumerable<KeyValuePair<string, object?>> attributes, Func<string, bool>? keep = null)
    {
        Dictionary<string, string> map = new(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> attribute in attributes)
        {
            if (keep is null || keep(attribute.Key))
            {
                map[attribute.Key] = Of(attribute.Value); // a repeated key: the last value wins, as in a Go map
            }
        }

        return map;
    }

    public static string Join(IReadOnlyDictionary<string, string> values) =>
        "{" + string.Join(", ", values.Select(static pair => $"{pair.Key}={pair.Value}")) + "}";

    // Go's strconv.FormatFloat(v, 'f', -1, 64) is the rule ChimeLogger's runtime writes floating-point numbers by (docs/helix-contract.md
    // §7): one implementation, the runtime's. A float travels over OTLP as a double, so it is widened first, as the herald sees it.
    private static string Float(double number) => ChimeLogger.Instrumentation.InstrumentedValues.FormatInvariant(number)!;

    // Arrays travel as OTLP array values, which the herald stores as Go %v text; that exact text is not reproduced
    // here (docs/helix-contract.md §7), a Go-like list is shown instead.
    private static string List(IEnumerable sequence)
    {
        List<string> items = [];
        foreach (object? item in sequence)
        {
            items.Add(Of(item));
        }

        return "[" + string.Join(' ', items) + "]";
    }
}
