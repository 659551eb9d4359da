using System.Text.RegularExpressions;

namespace ChimeLogger.Testing;

/// <summary>
/// The herald's normalisation of an event's <c>message</c> before de-duplication (docs/helix-contract.md §7):
/// UUIDs, long hex strings, IPv4 addresses, paths and whole numbers become <c>?</c>, runs of <c>?</c> become one,
/// and the ends are trimmed. Character classes are ASCII, as in the herald's Go regular expressions.
/// </summary>
internal static partial class MessageNormaliser
{
    public static string Normalise(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        string text = Uuid().Replace(message, "?");
        text = LongHex().Replace(text, "?");
        text = IpAddress().Replace(text, "?");
        text = Path().Replace(text, "?");
        text = WholeNumber().Replace(text, "?");
        text = RunOfMarks().Replace(text, "?");
        return text.Trim();
    }

    // \b of Go's RE2 is an ASCII word boundary; these look-arounds say the same in .NET, whose \b is Unicode.
    private const string Start = "(?<![A-Za-z0-9_])";
    private const string End = "(?![A-Za-z0-9_])";

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex(Start + "[0-9a-f]{16,}" + End, RegexOptions.CultureInvariant)]
    private static partial Regex LongHex();

    [GeneratedRegex(Start + "[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+" + End, RegexOptions.CultureInvariant)]
    private static partial Regex IpAddress();

    [GeneratedRegex("/[^\\t\\n\\f\\r \"']+", RegexOptions.CultureInvariant)]
    private static partial Regex Path();

    [GeneratedRegex(Start + "[0-9]+" + End, RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumber();

    [GeneratedRegex("\\?([\\t\\n\\f\\r ]*\\?)+", RegexOptions.CultureInvariant)]
    private static partial Regex RunOfMarks();
}
