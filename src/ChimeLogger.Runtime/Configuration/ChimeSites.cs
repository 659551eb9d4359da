using ChimeLogger.Contract;

namespace ChimeLogger;

/// <summary>
/// The CHIME/FRB sites a pipeline may run at (docs/helix-contract.md §5). A site is matched without regard to case and
/// sent lower-case, so that <c>KKO</c> and <c>kko</c> are one site on the herald's dashboards; an unknown site fails
/// setup, because a typo would otherwise file every span of the run under a site nobody looks at.
/// </summary>
public static class ChimeSites
{
    /// <summary>The known sites: <c>chime</c>, <c>kko</c>, <c>gbo</c>, <c>hco</c>.</summary>
    public static IReadOnlyList<string> Known { get; } = Array.AsReadOnly(Sites.Known);

    /// <summary>
    /// The site as it is sent: <paramref name="value"/> trimmed and lower-cased when it is a known site or one of
    /// <paramref name="additionalSites"/>.
    /// </summary>
    /// <exception cref="ChimeLoggerConfigurationException">The site is not known; the message names the setting, the value and the known sites.</exception>
    internal static string Resolve(string value, string settingName, IEnumerable<string>? additionalSites)
    {
        string site = value.Trim().ToLowerInvariant();
        if (Known.Contains(site, StringComparer.Ordinal))
        {
            return site;
        }

        List<string> additional = (additionalSites ?? [])
            .Where(extra => !string.IsNullOrWhiteSpace(extra))
            .Select(extra => extra.Trim().ToLowerInvariant())
            .ToList();
        if (additional.Contains(site, StringComparer.Ordinal))
        {
            return site;
        }

        string allowed = string.Join(", ", Known.Concat(additional).Distinct(StringComparer.Ordinal));
        throw new ChimeLoggerConfigurationException(
            $"Invalid {settingName} '{value}': expected one of {allowed} (case does not matter). " +
            "A site outside this list can be allowed in code with ChimeLoggerOptions.AdditionalSites.");
    }
}
