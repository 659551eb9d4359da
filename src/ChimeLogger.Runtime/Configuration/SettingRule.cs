using System.Globalization;

namespace ChimeLogger.Configuration;

/// <summary>
/// How one numeric setting is read: from code (<see cref="ChimeLoggerOptions"/>, checked), else from its environment
/// variable (parsed and checked), else its default; a value that breaks the rule fails set-up with a message naming the
/// option or the variable, the value, what it must be and the default.
/// </summary>
/// <typeparam name="T">The setting's type.</typeparam>
/// <param name="Option">The option's name, without <c>ChimeLoggerOptions.</c>.</param>
/// <param name="Allows">Whether a value set in code is allowed.</param>
/// <param name="Allowed">What a value set in code must be, for the message (<c>"at least 1"</c>).</param>
/// <param name="Variable">The environment variable.</param>
/// <param name="Parse">Reads the variable's trimmed text: the value, or <see langword="null"/> when it is not an allowed one.</param>
/// <param name="Expected">What the variable must hold, for the message (<c>"a whole number of at least 1"</c>).</param>
/// <param name="Default">The value when neither sets it.</param>
/// <param name="DefaultInCode">The default as the option's message says it (<c>"5 s"</c>).</param>
/// <param name="DefaultInVariable">The default as the variable's message says it (<c>"5"</c>).</param>
internal sealed record SettingRule<T>(
    string Option, Func<T, bool> Allows, string Allowed, string Variable, Func<string, T?> Parse, string Expected,
    T Default, string DefaultInCode, string DefaultInVariable)
    where T : struct
{
    /// <summary>The setting: <paramref name="fromCode"/> when set, else the variable's value, else the default.</summary>
    /// <param name="fromCode">The option's value, when code set it.</param>
    /// <param name="environment">Reads an environment variable (<see cref="ChimeLoggerOptions.EnvironmentReader"/>).</param>
    /// <exception cref="ChimeLoggerConfigurationException">The value breaks the rule.</exception>
    public T Resolve(T? fromCode, Func<string, string?> environment)
    {
        if (fromCode is { } value)
        {
            return Allows(value)
                ? value
                : throw new ChimeLoggerConfigurationException(string.Create(
                    CultureInfo.InvariantCulture, $"ChimeLoggerOptions.{Option} is {value}: it must be {Allowed} (default {DefaultInCode})."));
        }

        string? text = environment(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        return Parse(text.Trim())
            ?? throw new ChimeLoggerConfigurationException($"Invalid {Variable} '{text}': expected {Expected} (default {DefaultInVariable}).");
    }
}
