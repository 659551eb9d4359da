using System.Globalization;
using System.Net;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>Text to HTML, and the few formats the pages share. Everything shown comes from telemetry: always encoded.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>An entity's page. Ids go in the query string: any character an id may hold survives there.</summary>
    public static string EntityLink(string id) => "/entity?id=" + Uri.EscapeDataString(id);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "",
        { TotalMilliseconds: < 1 } d => d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms",
        { TotalSeconds: < 1 } d => d.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        { } d => d.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s",
    };

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
