using ChimeLogger;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Adds ChimeLogger to an application builder. In the namespace of <see cref="IHostApplicationBuilder"/>, as .NET's own
/// builder extensions are, so that <c>builder.AddChimeLogger()</c> needs no extra <c>using</c>.
/// </summary>
public static class ChimeLoggerHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds ChimeLogger to the application builder's services, as <see cref="ChimeLoggerServiceCollectionExtensions.AddChimeLogger(IServiceCollection, Configuration.IConfiguration?, Action{ChimeLoggerOptions}?)"/>
    /// with the builder's configuration (so <c>appsettings.json</c>, its environment-specific files and the command line apply).
    /// </summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">Sets options in code; they win over configuration and the environment.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddChimeLogger<TBuilder>(this TBuilder builder, Action<ChimeLoggerOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddChimeLogger(builder.Configuration, configure);
        return builder;
    }
}
