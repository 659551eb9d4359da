using System.Collections;
using System.Globalization;
using System.Text;

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

    private static string Float(double number)
    {
        if (double.IsNaN(number))
        {
            return "NaN";
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? "+Inf" : "-Inf";
        }

        string shortest = number.ToString("R", CultureInfo.InvariantCulture);
        int exponentAt = shortest.IndexOf('E', StringComparison.Ordinal);
        return exponentAt < 0 ? shortest : WithoutExponent(shortest, exponentAt);
    }

    // "1.5E-07" -> "0.00000015", "1E+21" -> "1000000000000000000000": the digits of the shortest round-trip form, placed.
    private static string WithoutExponent(string shortest, int exponentAt)
    {
        bool negative = shortest[0] == '-';
        string mantissa = shortest[(negative ? 1 : 0)..exponentAt];
        int exponent = int.Parse(shortest.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int integerDigits = (point < 0 ? mantissa.Length : point) + exponent;

        StringBuilder text = new();
        if (negative)
        {
            text.Append('-');
        }

        if (integerDigits <= 0)
        {
            text.Append("0.").Append('0', -integerDigits).Append(digits);
        }
        else if (integerDigits >= digits.Length)
        {
            text.Append(digits).Append('0', integerDigits - digits.Length);
        }
        else
        {
            text.Append(digits, 0, integerDigits).Append('.').Append(digits, integerDigits, digits.Length - integerDigits);
        }

        return text.ToString();
    }

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
