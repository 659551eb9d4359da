using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ChimeLogger.Hosting;

/// <summary>
/// The keys of the <c>ChimeLogger</c> configuration section: each is a <see cref="ChimeLoggerOptions"/> property. A key that
/// is not one is named first, with the closest option, so that a misspelt setting reads as what it is.
/// </summary>
internal static class ConfigurationKeys
{
    private static readonly PropertyInfo[] s_properties = typeof(ChimeLoggerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>The options a configuration value can set: text, numbers, flags, enums, durations, lists of text.</summary>
    private static readonly string[] s_settable = s_properties
        .Where(static p => IsSetFromText(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
        .Select(static p => p.Name)
        .ToArray();

    /// <summary>Why the section's keys are wrong (each unknown key with the option closest to it), or <see langword="null"/>.</summary>
    public static string? DescribeUnknown(IConfigurationSection section)
    {
        string[] unknown = section.GetChildren()
            .Select(static child => child.Key)
            .Where(static key => !s_properties.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        if (unknown.Length == 0)
        {
            return null;
        }

        string keys = unknown.Length == 1
            ? $"Unknown key {Suggest(unknown[0])}"
            : "Unknown keys " + string.Join(", ", unknown.Select(Suggest));
        return $"{keys} in configuration section '{section.Path}'. Each key of the section is a ChimeLoggerOptions property set from text: " +
            string.Join(", ", s_settable) + ".";
    }

    /// <summary><c>'HeraldEndpont' (did you mean 'HeraldEndpoint'?)</c>: the closest option, by edits of single letters.</summary>
    private static string Suggest(string key)
    {
        (string Name, int Distance) closest = s_settable
            .Select(name => (Name: name, Distance: Distance(key.ToUpperInvariant(), name.ToUpperInvariant())))
            .OrderBy(static c => c.Distance)
            .First();

        // A near miss is a typo; a key far from every option gets the closest one as a hint only.
        return closest.Distance <= Math.Max(2, key.Length / 3)
            ? $"'{key}' (did you mean '{closest.Name}'?)"
            : $"'{key}' (no option is close; the closest is '{closest.Name}')";
    }

    private static bool IsSetFromText(Type type) =>
        type == typeof(string) || type == typeof(bool) || type.IsEnum || type.IsPrimitive || type == typeof(TimeSpan)
        || typeof(IEnumerable<string>).IsAssignableFrom(type);

    /// <summary>The Levenshtein distance: insertions, deletions and substitutions of one character.</summary>
    private static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
