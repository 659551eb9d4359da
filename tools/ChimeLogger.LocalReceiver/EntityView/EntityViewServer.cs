using System.Globalization;
using ChimeLogger.LocalReceiver.Otlp;
using ChimeLogger.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// The entity view's web server: Kestrel on 127.0.0.1, HTTP/1.1. Pages: <c>/</c> (the entity list, <c>?type=</c>,
/// <c>?error=true</c>, <c>?page=</c>, <c>?size=</c>), <c>/entity?id=</c> (one entity, <c>&amp;depth=</c> for the
/// ancestors drawn), <c>/ignored</c>. The same data as JSON: <c>/api/entities</c>, <c>/api/entity?id=</c>,
/// <c>/api/ignored</c>.
/// </summary>
internal sealed class EntityViewServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EntityViewServer(WebApplication app, int port)
    {
        _app = app;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>The address of the entity list, for example <c>http://127.0.0.1:18890/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts the server on <paramref name="port"/> (0 for a free one).</summary>
    /// <exception cref="LocalReceiverException">The port is taken.</exception>
    public static async Task<EntityViewServer> StartAsync(int port, EntityCatalog catalog, CancellationToken cancellationToken)
    {
        WebApplication app = KestrelApps.Create(port, HttpProtocols.Http1AndHttp2, maxRequestBody: 0);
        Map(app, catalog);
        int bound = await KestrelApps.StartAsync(app, port, "EntityViewPort, the entity view", cancellationToken).ConfigureAwait(false);
        return new EntityViewServer(app, bound);
    }

    public ValueTask DisposeAsync() => new(KestrelApps.StopAsync(_app));

    private static void Map(WebApplication app, EntityCatalog catalog)
    {
        app.MapGet("/", async (HttpRequest request) =>
        {
            EntityIndex index = await catalog.CurrentAsync();
            int? refresh = Number(request, "refresh", 0, 3600, 0) is int seconds and > 0 ? seconds : null;
            return Page(EntityPages.List(index, index.List(Filter(request)), refresh));
        });
        app.MapGet("/entity", async (HttpRequest request) =>
        {
            EntityIndex index = await catalog.CurrentAsync();
            string id = request.Query["id"].ToString();
            int depth = Number(request, "depth", 1, ProvenanceGraph.MaxDepth, ProvenanceGraph.DefaultDepth);
            return index.Entity(id) is { } entity
                ? Page(EntityPages.Entity(index, entity, depth))
                : Page(EntityPages.NoEntity(index, id), StatusCodes.Status404NotFound);
        });
        app.MapGet("/ignored", async (HttpRequest request) =>
        {
            EntityIndex index = await catalog.CurrentAsync();
            return Page(EntityPages.Ignored(index, Number(request, "page", 1, int.MaxValue, 1)));
        });

        app.MapGet("/api/entities", async (HttpRequest request) =>
        {
            EntityIndex index = await catalog.CurrentAsync();
            EntityListPage page = index.List(Filter(request));
            return Results.Json(new
            {
                total = page.Total,
                page = page.Filter.Page,
                pageCount = page.PageCount,
                size = page.Filter.Size,
                entities = page.Entities.Select(static entity => new
                {
                    id = entity.Id,
                    type = entity.Type,
                    createdBy = entity.CreatedBy,
                    isPlaceholder = entity.IsPlaceholder,
                    hasError = entity.HasError,
                    operations = entity.Operations.Count,
                }),
            });
        });
        app.MapGet("/api/entity", async (HttpRequest request) =>
        {
            EntityIndex index = await catalog.CurrentAsync();
            return index.Entity(request.Query["id"].ToString()) is { } entity
                ? Results.Json(Detail(index, entity))
                : Results.NotFound();
        });
        app.MapGet("/api/ignored", async () => Results.Json((await catalog.CurrentAsync()).Model.Ignored));
    }

    private static object Detail(EntityIndex index, HeraldEntity entity) => new
    {
        id = entity.Id,
        type = entity.Type,
        createdBy = entity.CreatedBy,
        isPlaceholder = entity.IsPlaceholder,
        hasError = entity.HasError,
        createdAt = entity.CreatedAt,
        parents = entity.Parents,
        children = index.ChildrenOf(entity.Id).Select(static child => child.Id),
        metadata = entity.Metadata,
        operations = entity.Operations.Select(operation => new
        {
            name = operation.Name,
            traceId = operation.TraceId,
            start = operation.StartTime,
            durationMs = index.Duration(operation)?.TotalMilliseconds,
            failed = operation.Failed,
            errors = operation.Errors.Select(Error),
        }),
        errors = entity.Errors.Select(Error),
        events = entity.Events.Select(static e => new { name = e.Name, count = e.Count, timestamp = e.Timestamp, attributes = e.Attributes }),
        logs = entity.Logs.Select(static log => new { timestamp = log.Timestamp, level = log.Level, category = log.Category, message = log.Message }),
    };

    private static object Error(HeraldError error) => new
    {
        message = error.Message,
        stage = error.Stage,
        count = error.Count,
        timestamp = error.Timestamp,
        metadata = error.Metadata,
    };

    private static EntityFilter Filter(HttpRequest request)
    {
        string type = request.Query["type"].ToString();
        string error = request.Query["error"].ToString();
        return new EntityFilter(
            type.Length == 0 ? null : type,
            error is "true" or "on" or "1",
            Number(request, "page", 1, int.MaxValue, 1),
            Number(request, "size", 1, EntityFilter.MaxSize, EntityFilter.DefaultSize));
    }

    // A missing or malformed number falls back to its default; one out of range is brought into it.
    private static int Number(HttpRequest request, string name, int min, int max, int fallback) =>
        int.TryParse(request.Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? Math.Clamp(value, min, max)
            : fallback;

    private static IResult Page(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
