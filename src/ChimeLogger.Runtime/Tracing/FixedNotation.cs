using System.Globalization;
using System.Text;

namespace ChimeLogger.Tracing;

/// <summary>
/// Floating-point numbers as text without an exponent: the shortest digits that read back as the same value, placed
/// in plain decimal notation (<c>0.00000015</c>, <c>1000000000000000000000</c>, never <c>1.5E-07</c>). This is how the
/// herald writes a double attribute it stores (Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>,
/// docs/helix-contract.md §7), so a number ChimeLogger turns into text reads the same as one the herald formats, and
/// the CHIME monitor's parsers (which read plain decimals) take it. Not-a-number and the infinities are written as Go
/// writes them: <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
/// </summary>
internal static class FixedNotation
{
    public static string Of(double value) =>
        double.IsFinite(value) ? Placed(value.ToString("R", CultureInfo.InvariantCulture)) : NotFinite(double.IsNaN(value), value > 0);

    public static string Of(float value) =>
        float.IsFinite(value) ? Placed(value.ToString("R", CultureInfo.InvariantCulture)) : NotFinite(float.IsNaN(value), value > 0);

    public static string Of(Half value) =>
        Half.IsFinite(value) ? Placed(value.ToString(null, CultureInfo.InvariantCulture)) : NotFinite(Half.IsNaN(value), value > Half.Zero);

    private static string NotFinite(bool nan, bool positive) => nan ? "NaN" : positive ? "+Inf" : "-Inf";

    // .NET writes the shortest round-trip digits, switching to "d.dddE±x" for large and small magnitudes; the digits
    // are kept and the decimal point moved by the exponent.
    private static string Placed(string shortest)
    {
        int e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return shortest;
        }

        int sign = shortest[0] == '-' ? 1 : 0;
        ReadOnlySpan<char> mantissa = shortest.AsSpan(sign, e - sign);
        int exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa.ToString() : string.Concat(mantissa[..dot], mantissa[(dot + 1)..]);

        // Where the decimal point falls, counted in digits from the left of `digits`.
        int point = (dot < 0 ? mantissa.Length : dot) + exponent;
        StringBuilder text = new(digits.Length + Math.Abs(exponent) + 3);
        text.Append('-', sign);
        if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits.AsSpan(0, point)).Append('.').Append(digits.AsSpan(point));
        }

        return text.ToString();
    }
}
