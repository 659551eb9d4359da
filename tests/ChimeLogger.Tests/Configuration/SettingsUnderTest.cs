using ChimeLogger.Configuration;

namespace ChimeLogger.Tests.Configuration;

/// <summary>Resolves settings as <see cref="ChimeTelemetry.Setup"/> does, from options and an environment given by the test.</summary>
internal static class SettingsUnderTest
{
    public static ChimeSettings Resolve(Dictionary<string, string>? environment = null, Action<ChimeLoggerOptions>? configure = null, string? pipeline = null)
    {
        ChimeLoggerOptions options = new()
        {
            EnvironmentReader = name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null,
        };
        configure?.Invoke(options);
        return ChimeSettings.Resolve(options, pipeline);
    }

    /// <summary>The error that resolving the settings fails with.</summary>
    public static ChimeLoggerConfigurationException Invalid(Dictionary<string, string>? environment = null, Action<ChimeLoggerOptions>? configure = null) =>
        Assert.Throws<ChimeLoggerConfigurationException>(() => Resolve(environment, configure));

    /// <summary>The error that resolving <paramref name="options"/> fails with.</summary>
    public static ChimeLoggerConfigurationException InvalidOptions(ChimeLoggerOptions options) =>
        Assert.Throws<ChimeLoggerConfigurationException>(() => ChimeSettings.Resolve(options));
}
