using System.Globalization;
using System.Text;
using ChimeLogger.Testing;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// The HTML of the entity view: the entity list, one entity's page and what the herald would ignore. Plain server-side
/// HTML with inline CSS and SVG: no script, no external resource, so the pages work offline.
/// </summary>
internal static class EntityPages
{
    /// <summary>Log records shown on an entity's page (the latest); a count says how many there are.</summary>
    public const int MaxLogRows = 500;

    /// <summary>Sentences per page of the ignored list.</summary>
    public const int IgnoredPageSize = 200;

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
        header{background:#1f2a44;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:baseline;flex-wrap:wrap}
        header a{color:#fff}header .brand{font-weight:600;font-size:16px;text-decoration:none}
        header .received{margin-left:auto;color:#c9d3e8;font-size:13px}
        main{padding:14px 20px 30px}
        h1{font-size:20px;margin:6px 0 4px;word-break:break-all}h2{font-size:16px;margin:18px 0 6px}
        table{border-collapse:collapse;background:#fff;margin:6px 0 10px;min-width:50%}
        th,td{border-bottom:1px solid #e2e5ea;padding:5px 10px;text-align:left;vertical-align:top}
        th{background:#eceff4;font-weight:600}
        .mono,td.id{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
        .flag-error,.failed{color:#b3261e;font-weight:600}.ok{color:#1b7a3a}.muted{color:#69738a}
        .level-ERROR,.level-CRITICAL{color:#b3261e;font-weight:600}.level-WARNING{color:#8a5a00;font-weight:600}
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:8px 0}dl.facts dt{color:#69738a}dl.facts dd{margin:0}
        form.filters{display:flex;gap:14px;align-items:center;margin:8px 0}
        nav.pager{display:flex;gap:14px;align-items:center;margin:6px 0}
        .graph{background:#fff;border:1px solid #e2e5ea;padding:8px;overflow:auto;max-height:78vh}
        .notice{background:#fff4d6;border:1px solid #e6c35c;padding:6px 10px;margin:8px 0}
        svg .node rect{fill:#fff;stroke:#5b6b8c;stroke-width:1.5}
        svg .node.current rect{fill:#e6edff;stroke:#1f4fd1;stroke-width:2.5}
        svg .node.error rect{fill:#fdecea;stroke:#c62828;stroke-width:2}
        svg .node.current.error rect{stroke-width:3}
        svg .node.missing rect{fill:#f1f1f1;stroke-dasharray:4 3}
        svg text{font:12px ui-monospace,"DejaVu Sans Mono",monospace;text-anchor:middle;fill:#1d2330}
        svg text.type{font-size:11px;fill:#5b6b8c}svg .node.error text.type{fill:#c62828;font-weight:600}
        svg .edge path{fill:none;stroke:#8691a8;stroke-width:1.4}svg .edge polygon{fill:#8691a8}
        svg a:hover rect{stroke-width:3}
        """;

    public static string List(EntityIndex index, EntityListPage page, int? refreshSeconds)
    {
        StringBuilder html = Begin("Entities", index, refreshSeconds);
        EntityFilter filter = page.Filter;
        html.Append("<h1>Entities</h1>");
        html.Append("<form class=\"filters\" method=\"get\" action=\"/\"><label>Type <select name=\"type\"><option value=\"\">all types</option>");
        foreach (string type in index.Types)
        {
            html.Append("<option").Append(type == filter.Type ? " selected" : "").Append(" value=\"").Append(Html.Encode(type)).Append("\">")
                .Append(Html.Encode(type)).Append("</option>");
        }

        html.Append("</select></label><label><input type=\"checkbox\" name=\"error\" value=\"true\"").Append(filter.ErrorsOnly ? " checked" : "")
            .Append("> has error</label>");
        if (filter.Size != EntityFilter.DefaultSize)
        {
            html.Append("<input type=\"hidden\" name=\"size\" value=\"").Append(filter.Size.ToString(CultureInfo.InvariantCulture)).Append("\">");
        }

        html.Append("<button type=\"submit\">Filter</button></form>");
        html.Append("<p class=\"count\">").Append(Html.Count(page.Total)).Append(page.Total == 1 ? " entity" : " entities");
        if (filter.Type is not null || filter.ErrorsOnly)
        {
            html.Append(" match (").Append(Html.Count(index.Model.Entities.Count)).Append(" in all, ").Append(Html.Count(index.ErrorCount)).Append(" with errors)");
        }
        else
        {
            html.Append(", ").Append(Html.Count(index.ErrorCount)).Append(" with errors");
        }

        html.Append(". The latest created first.</p>");
        html.Append("<table id=\"entities\"><thead><tr><th>Entity</th><th>Type</th><th>Created by</th><th>Error</th><th>Operations</th></tr></thead><tbody>");
        foreach (HeraldEntity entity in page.Entities)
        {
            html.Append("<tr class=\"entity\" data-entity-id=\"").Append(Html.Encode(entity.Id)).Append("\"><td class=\"id\"><a href=\"")
                .Append(Html.Encode(Html.EntityLink(entity.Id))).Append("\">").Append(Html.Encode(entity.Id)).Append("</a></td><td>")
                .Append(entity.Type is null ? "<span class=\"muted\">placeholder</span>" : Html.Encode(entity.Type)).Append("</td><td>")
                .Append(Html.Encode(entity.CreatedBy ?? "")).Append("</td><td>")
                .Append(entity.HasError ? "<span class=\"flag-error\">error</span>" : "<span class=\"muted\">none</span>").Append("</td><td>")
                .Append(entity.Operations.Count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        Pager(html, filter.Page, page.PageCount, number => ListLink(filter with { Page = number }));
        return End(html);
    }

    public static string Entity(EntityIndex index, HeraldEntity entity, int depth)
    {
        StringBuilder html = Begin(entity.Id, index, refreshSeconds: null);
        html.Append("<h1 class=\"entity-id\">").Append(Html.Encode(entity.Id)).Append("</h1>");
        html.Append("<dl class=\"facts\">");
        Fact(html, "Type", entity.Type is null ? "<span class=\"muted\">none (placeholder)</span>" : Html.Encode(entity.Type));
        Fact(html, "Created by", entity.CreatedBy is null ? "<span class=\"muted\">no creation kept</span>" : Html.Encode(entity.CreatedBy));
        Fact(html, entity.IsPlaceholder ? "First operated" : "Created at", Html.DateTime(entity.CreatedAt));
        Fact(html, "Error", entity.HasError ? "<span class=\"flag-error\">has error</span>" : "<span class=\"ok\">no error</span>");
        Fact(html, "Parents", entity.Parents.Count == 0 ? "<span class=\"muted\">none</span>" : string.Join(", ", entity.Parents.Select(EntityAnchor)));
        Fact(html, "Children", Html.Count(index.ChildrenOf(entity.Id).Count));
        html.Append("</dl>");
        if (entity.IsPlaceholder)
        {
            html.Append("<p class=\"notice\">A placeholder: an operation named this id and no creation the herald would keep did, so it has no type, parents or metadata.</p>");
        }

        ProvenanceSection(html, index, entity, depth);
        OperationsSection(html, index, entity);
        ErrorsSection(html, entity);
        EventsSection(html, entity);
        LogsSection(html, entity);
        MetadataSection(html, entity);

        IReadOnlyList<string> ignored = index.IgnoredAbout(entity.Id);
        if (ignored.Count > 0)
        {
            html.Append("<section id=\"ignored\"><h2>What the herald would ignore about it</h2><ul>");
            foreach (string reason in ignored)
            {
                html.Append("<li>").Append(Html.Encode(reason)).Append("</li>");
            }

            html.Append("</ul></section>");
        }

        return End(html);
    }

    public static string NoEntity(EntityIndex index, string id)
    {
        StringBuilder html = Begin("No entity", index, refreshSeconds: null);
        html.Append("<h1>No entity ").Append(Html.Encode(id)).Append("</h1><p>The herald would have no entity with this id: nothing received created or ")
            .Append("operated it (a parent id that was never created, or telemetry that has not arrived yet: refresh).</p>");
        IReadOnlyList<HeraldEntity> children = index.ChildrenOf(id);
        if (children.Count > 0)
        {
            html.Append("<p>Named as a parent by ").Append(string.Join(", ", children.Take(50).Select(child => EntityAnchor(child.Id))))
                .Append(children.Count > 50 ? ", \u2026" : "").Append(".</p>");
        }

        return End(html);
    }

    public static string Ignored(EntityIndex index, int page)
    {
        StringBuilder html = Begin("Ignored", index, refreshSeconds: null);
        IReadOnlyList<string> ignored = index.Model.Ignored;
        int pageCount = Math.Max(1, (ignored.Count + IgnoredPageSize - 1) / IgnoredPageSize);
        page = Math.Clamp(page, 1, pageCount);
        html.Append("<h1>What the herald would ignore</h1><p>")
            .Append(ignored.Count == 0 ? "Nothing: the herald would store everything received." : Html.Count(ignored.Count) + " items, each with the reason, in the order received.")
            .Append("</p>");
        if (ignored.Count > 0)
        {
            html.Append("<ol id=\"ignored\" start=\"").Append(((page - 1) * IgnoredPageSize + 1).ToString(CultureInfo.InvariantCulture)).Append("\">");
            foreach (string reason in ignored.Skip((page - 1) * IgnoredPageSize).Take(IgnoredPageSize))
            {
                html.Append("<li>").Append(Html.Encode(reason)).Append("</li>");
            }

            html.Append("</ol>");
        }

        Pager(html, page, pageCount, number => "/ignored?page=" + number.ToString(CultureInfo.InvariantCulture));
        return End(html);
    }

    public static string ListLink(EntityFilter filter)
    {
        List<string> query = [];
        if (filter.Type is not null)
        {
            query.Add("type=" + Uri.EscapeDataString(filter.Type));
        }

        if (filter.ErrorsOnly)
        {
            query.Add("error=true");
        }

        if (filter.Size != EntityFilter.DefaultSize)
        {
            query.Add("size=" + filter.Size.ToString(CultureInfo.InvariantCulture));
        }

        if (filter.Page > 1)
        {
            query.Add("page=" + filter.Page.ToString(CultureInfo.InvariantCulture));
        }

        return "/" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    private static void ProvenanceSection(StringBuilder html, EntityIndex index, HeraldEntity entity, int depth)
    {
        ProvenanceGraph graph = ProvenanceGraph.Of(index, entity, depth);
        html.Append("<section id=\"provenance\"><h2>Provenance</h2><p class=\"muted\">Ancestors up to ")
            .Append(depth.ToString(CultureInfo.InvariantCulture)).Append(depth == 1 ? " level" : " levels").Append(" up (");
        html.AppendJoin(" ", Enumerable.Range(1, 6).Select(level => level == depth
            ? "<strong>" + level.ToString(CultureInfo.InvariantCulture) + "</strong>"
            : "<a href=\"" + Html.Encode(Html.EntityLink(entity.Id) + "&depth=" + level.ToString(CultureInfo.InvariantCulture)) + "\">" + level.ToString(CultureInfo.InvariantCulture) + "</a>"));
        html.Append(") and its children. Each box links to its entity; red boxes have errors.</p>");
        if (graph.ChildrenShown < graph.ChildrenTotal)
        {
            html.Append("<p class=\"notice\">").Append(Html.Count(graph.ChildrenShown)).Append(" of ").Append(Html.Count(graph.ChildrenTotal)).Append(" children drawn.</p>");
        }

        if (graph.AncestorsCut)
        {
            html.Append("<p class=\"notice\">The ancestors were cut at ").Append(ProvenanceGraph.MaxAncestors.ToString(CultureInfo.InvariantCulture))
                .Append(" entities: choose a smaller depth.</p>");
        }

        html.Append("<div class=\"graph\">").Append(ProvenanceSvg.Render(graph)).Append("</div></section>");
    }

    private static void OperationsSection(StringBuilder html, EntityIndex index, HeraldEntity entity)
    {
        html.Append("<section><h2>Operations (").Append(entity.Operations.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (entity.Operations.Count == 0)
        {
            html.Append("<p class=\"muted\">No operation.</p></section>");
            return;
        }

        html.Append("<table id=\"operations\"><thead><tr><th>Operation</th><th>Start (UTC)</th><th>Duration</th><th>Result</th><th>Errors</th></tr></thead><tbody>");
        foreach (HeraldOperation operation in entity.Operations)
        {
            html.Append("<tr class=\"operation\" data-name=\"").Append(Html.Encode(operation.Name)).Append("\" data-failed=\"").Append(operation.Failed ? "true" : "false")
                .Append("\"><td>").Append(Html.Encode(operation.Name)).Append("</td><td class=\"mono\" title=\"").Append(Html.DateTime(operation.StartTime)).Append("\">")
                .Append(Html.Time(operation.StartTime)).Append("</td><td class=\"mono\">").Append(Html.Duration(index.Duration(operation))).Append("</td><td>")
                .Append(operation.Failed ? "<span class=\"failed\">failed</span>" : "<span class=\"ok\">ok</span>").Append("</td><td>")
                .AppendJoin("<br>", operation.Errors.Select(ErrorText)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void ErrorsSection(StringBuilder html, HeraldEntity entity)
    {
        html.Append("<section><h2>Errors (").Append(entity.Errors.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (entity.Errors.Count == 0)
        {
            html.Append("<p class=\"muted\">No error.</p></section>");
            return;
        }

        html.Append("<table id=\"errors\"><thead><tr><th>Message</th><th>Stage</th><th>Count</th><th>First recorded (UTC)</th><th>Details</th></tr></thead><tbody>");
        foreach (HeraldError error in entity.Errors)
        {
            html.Append("<tr class=\"error\"><td class=\"flag-error\">").Append(Html.Encode(error.Message ?? "(no message)")).Append("</td><td>")
                .Append(Html.Encode(error.Stage ?? "")).Append("</td><td>").Append(error.Count.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"mono\">")
                .Append(Html.Time(error.Timestamp)).Append("</td><td>")
                .Append(Html.Encode(Pairs(error.Metadata.Where(static pair => pair.Key is not ("message" or "stage"))))).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void EventsSection(StringBuilder html, HeraldEntity entity)
    {
        html.Append("<section><h2>Helix events (").Append(entity.Events.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>");
        if (entity.Events.Count == 0)
        {
            html.Append("<p class=\"muted\">No event.</p></section>");
            return;
        }

        html.Append("<table id=\"events\"><thead><tr><th>Event</th><th>Count</th><th>First recorded (UTC)</th><th>Attributes</th></tr></thead><tbody>");
        foreach (HeraldEvent helixEvent in entity.Events)
        {
            html.Append("<tr class=\"event\"><td>").Append(Html.Encode(helixEvent.Name)).Append("</td><td>").Append(helixEvent.Count.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"mono\">").Append(Html.Time(helixEvent.Timestamp)).Append("</td><td>").Append(Html.Encode(Pairs(helixEvent.Attributes))).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void LogsSection(StringBuilder html, HeraldEntity entity)
    {
        html.Append("<section><h2>Logs (").Append(Html.Count(entity.Logs.Count)).Append(")</h2>");
        if (entity.Logs.Count == 0)
        {
            html.Append("<p class=\"muted\">No log record carries this id.</p></section>");
            return;
        }

        if (entity.Logs.Count > MaxLogRows)
        {
            html.Append("<p class=\"notice\">The latest ").Append(Html.Count(MaxLogRows)).Append(" are shown.</p>");
        }

        html.Append("<table id=\"logs\"><thead><tr><th>Time (UTC)</th><th>Level</th><th>Category</th><th>Message</th></tr></thead><tbody>");
        foreach (HeraldLog log in entity.Logs.Skip(Math.Max(0, entity.Logs.Count - MaxLogRows)))
        {
            string level = log.Level ?? "";
            html.Append("<tr class=\"log\"><td class=\"mono\">").Append(Html.Time(log.Timestamp)).Append("</td><td class=\"level level-").Append(Html.Encode(level)).Append("\">")
                .Append(Html.Encode(level)).Append("</td><td>").Append(Html.Encode(log.Category ?? "")).Append("</td><td>").Append(Html.Encode(log.Message ?? "")).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void MetadataSection(StringBuilder html, HeraldEntity entity)
    {
        if (entity.Metadata.Count == 0)
        {
            return;
        }

        html.Append("<section><h2>Metadata</h2><table id=\"metadata\"><tbody>");
        foreach (KeyValuePair<string, string> pair in entity.Metadata.OrderBy(static pair => pair.Key, StringComparer.Ordinal))
        {
            html.Append("<tr><th>").Append(Html.Encode(pair.Key)).Append("</th><td class=\"mono\">").Append(Html.Encode(pair.Value)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static string ErrorText(HeraldError error) =>
        "<span class=\"flag-error\">" + Html.Encode(error.Message ?? "(no message)") + "</span>" + (error.Stage is null ? "" : " at stage " + Html.Encode(error.Stage));

    private static string EntityAnchor(string id) => "<a class=\"mono\" href=\"" + Html.Encode(Html.EntityLink(id)) + "\">" + Html.Encode(id) + "</a>";

    private static string Pairs(IEnumerable<KeyValuePair<string, string>> pairs) => string.Join(", ", pairs.Select(static pair => pair.Key + "=" + pair.Value));

    private static void Fact(StringBuilder html, string name, string valueHtml) =>
        html.Append("<dt>").Append(name).Append("</dt><dd>").Append(valueHtml).Append("</dd>");

    private static void Pager(StringBuilder html, int page, int pageCount, Func<int, string> link)
    {
        html.Append("<nav class=\"pager\"><span class=\"page\">Page ").Append(page.ToString(CultureInfo.InvariantCulture)).Append(" of ")
            .Append(pageCount.ToString(CultureInfo.InvariantCulture)).Append("</span>");
        if (page > 1)
        {
            html.Append("<a rel=\"first\" href=\"").Append(Html.Encode(link(1))).Append("\">first</a><a rel=\"prev\" href=\"").Append(Html.Encode(link(page - 1))).Append("\">previous</a>");
        }

        if (page < pageCount)
        {
            html.Append("<a rel=\"next\" href=\"").Append(Html.Encode(link(page + 1))).Append("\">next</a><a rel=\"last\" href=\"").Append(Html.Encode(link(pageCount))).Append("\">last</a>");
        }

        html.Append("</nav>");
    }

    private static StringBuilder Begin(string title, EntityIndex index, int? refreshSeconds)
    {
        TelemetrySnapshot snapshot = index.Snapshot;
        StringBuilder html = new(16 * 1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        if (refreshSeconds is int seconds)
        {
            html.Append("<meta http-equiv=\"refresh\" content=\"").Append(seconds.ToString(CultureInfo.InvariantCulture)).Append("\">");
        }

        html.Append("<title>").Append(Html.Encode(title)).Append(" \u00b7 ChimeLogger entity view</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<header><a class=\"brand\" href=\"/\">ChimeLogger entity view</a><a href=\"/\">Entities (").Append(Html.Count(index.Model.Entities.Count))
            .Append(")</a><a href=\"/ignored\">Ignored (").Append(Html.Count(index.Model.Ignored.Count)).Append(")</a><span class=\"received\">")
            .Append(Html.Count(snapshot.Spans.Count)).Append(" spans, ").Append(Html.Count(snapshot.Logs.Count)).Append(" log records received \u00b7 as of ")
            .Append(Html.Time(index.ReadAt)).Append(" UTC \u00b7 refresh for more</span></header><main>");
        if (index.IsBehind)
        {
            html.Append("<p class=\"notice behind\">More telemetry arrived and is being read: this page shows what had arrived at ")
                .Append(Html.Time(index.ReadAt)).Append(" UTC. Refresh in a moment to see it.</p>");
        }
        if (snapshot.DroppedSpans + snapshot.DroppedLogs > 0)
        {
            html.Append("<p class=\"notice\">Received beyond what the view keeps, and not shown: spans ").Append(Html.Count(snapshot.DroppedSpans))
                .Append(", log records ").Append(Html.Count(snapshot.DroppedLogs)).Append(".</p>");
        }

        if (snapshot.UnreadableExports > 0)
        {
            html.Append("<p class=\"notice\">Exports that could not be read (compressed, or not OTLP protobuf), passed on to the dashboard and not shown: ")
                .Append(Html.Count(snapshot.UnreadableExports)).Append(".</p>");
        }

        return html;
    }

    private static string End(StringBuilder html) => html.Append("</main></body></html>").ToString();
}
