using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.LocalReceiver.Otlp;

/// <summary>The two small Kestrel apps of the entity view (the OTLP front and the pages), bound to 127.0.0.1.</summary>
internal static class KestrelApps
{
    public static WebApplication Create(int port, HttpProtocols protocols, long? maxRequestBody)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();

        // Nothing of the host process's configuration (an appsettings.json beside it, ASPNETCORE_URLS, a Kestrel
        // section) may add endpoints or settings to these apps: they listen where they are told below, nowhere else.
        builder.Configuration.Sources.Clear();

        // The apps live inside someone else's process (a pipeline, a test host): Ctrl+C and SIGTERM are that
        // process's to handle. The default console lifetime would take them and leave the process running.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxRequestBody;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = protocols);
        });
        return builder.Build();
    }

    /// <summary>Starts <paramref name="app"/> and returns the port it bound.</summary>
    /// <exception cref="LocalReceiverException">The port is taken; the message names it and <paramref name="what"/>.</exception>
    public static async Task<int> StartAsync(WebApplication app, int port, string what, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new LocalReceiverException(
                $"Port {port.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({what}) on 127.0.0.1 is already in use: choose another or 0 for a free one.", ex);
        }

        string address = app.Urls.First();
        return new Uri(address).Port;
    }

    public static async Task StopAsync(WebApplication app)
    {
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(limit.Token).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
