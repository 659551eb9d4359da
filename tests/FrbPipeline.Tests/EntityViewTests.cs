using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChimeLogger.Testing;
using FrbPipeline.Tests.Infrastructure;
using PuppeteerSharp;

namespace FrbPipeline.Tests;

/// <summary>
/// The entity view of a real sample run, looked at in headless Chromium while the sample keeps its receiver up: what a
/// person sees on the list, on an FRB event's page (its provenance graph, operations, errors, logs) and on a beam's
/// page, that a refresh shows what another pipeline sends meanwhile, and that the view agrees with TestHerald.
/// </summary>
[Collection(SampleRuns.Name)]
public sealed class EntityViewTests(EntityViewRun run) : IClassFixture<EntityViewRun>
{
    private const string Rows = "sel => [...document.querySelectorAll(sel)].map(r => [...r.cells].map(c => c.innerText.trim()))";

    [Fact]
    public async Task The_sample_prints_the_entity_view_beside_the_traces_UI()
    {
        Assert.Contains($"web UI at {run.TracesUi}, entity view at {run.EntityView}", run.Output);
        Assert.Contains($"Open {run.TracesUi} to browse the traces and logs.", run.Output);
        Assert.Contains($"Open {run.EntityView} to inspect the entities", run.Output);

        await using IPage page = await run.NewPageAsync();
        IResponse answer = await page.GoToAsync(run.EntityView.ToString());
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("Entities \u00b7 ChimeLogger entity view", await page.GetTitleAsync());
    }

    [Fact]
    public async Task The_list_shows_each_entity_with_its_type_stage_error_flag_and_operations_and_filters_by_type_and_error()
    {
        await using IPage page = await run.NewPageAsync();
        await page.GoToAsync(new Uri(run.EntityView, "?size=500").ToString());

        Dictionary<string, string[]> shown = (await page.EvaluateFunctionAsync<string[][]>(Rows, "#entities tr.entity"))
            .Where(row => row[0].Contains($"{EntityViewRun.Seed}", StringComparison.Ordinal))
            .ToDictionary(row => row[0]);
        Assert.Equal(run.Expected.Entities.Select(entity => entity.Id).Order(), shown.Keys.Order());
        foreach (HeraldEntity entity in run.Expected.Entities)
        {
            string[] row = shown[entity.Id];
            Assert.Equal([entity.Id, entity.Type ?? "placeholder", entity.CreatedBy ?? "", entity.HasError ? "error" : "none", $"{entity.Operations.Count}"], row);
        }

        // Filter as a person does: choose the type, tick "has error", press Filter.
        await page.SelectAsync("select[name=type]", "event");
        await page.ClickAsync("input[name=error]");
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("form.filters button"));
        Assert.Contains("type=event", page.Url, StringComparison.Ordinal);
        string[][] filtered = await page.EvaluateFunctionAsync<string[][]>(Rows, "#entities tr.entity");
        Assert.NotEmpty(filtered);
        Assert.All(filtered, row => Assert.Equal(("event", "error"), (row[1], row[3])));
        Assert.Equal(
            run.Expected.Entities.Where(entity => entity.Type == "event" && entity.HasError).Select(entity => entity.Id).Order(),
            filtered.Select(row => row[0]).Where(id => id.Contains($"-{EntityViewRun.Seed}-", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public async Task The_list_is_paged()
    {
        await using IPage page = await run.NewPageAsync();
        await page.GoToAsync(new Uri(run.EntityView, "?size=5").ToString());
        string[] first = (await page.EvaluateFunctionAsync<string[][]>(Rows, "#entities tr.entity")).Select(row => row[0]).ToArray();
        string pager = await page.EvaluateExpressionAsync<string>("document.querySelector('nav.pager').innerText");
        Match pages = Regex.Match(pager, @"Page 1 of (\d+)");
        Assert.True(pages.Success, pager);
        int total = int.Parse(pages.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(total >= (run.Expected.Entities.Count + 4) / 5, pager);
        Assert.Equal(5, first.Length);

        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("nav.pager a[rel=next]"));
        string[] second = (await page.EvaluateFunctionAsync<string[][]>(Rows, "#entities tr.entity")).Select(row => row[0]).ToArray();
        Assert.Equal(5, second.Length);
        Assert.Empty(first.Intersect(second));
        Assert.StartsWith("Page 2 of", await page.EvaluateExpressionAsync<string>("document.querySelector('nav.pager').innerText"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_FRB_event_page_draws_its_provenance_from_raw_data_through_beams_and_shows_operations_errors_events_and_logs()
    {
        // The event with the most errors, reached as a person would: the list filtered to events with errors, then its link.
        HeraldEntity expected = run.Expected.Entities.Where(entity => entity.Type == "event")
            .OrderByDescending(entity => entity.Errors.Count).ThenBy(entity => entity.Id, StringComparer.Ordinal).First();
        Assert.True(expected.HasError, "the run has no event with an error:\n" + run.Expected.Describe());
        await using IPage page = await run.NewPageAsync();
        await page.GoToAsync(new Uri(run.EntityView, "?type=event&error=true&size=500").ToString());
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync($"#entities tr.entity[data-entity-id='{expected.Id}'] a"));
        Assert.Equal(expected.Id, await page.EvaluateExpressionAsync<string>("document.querySelector('h1').innerText"));

        // The graph: the event, its beams, their raw data blocks; edges parent to child; drawn top-down.
        IReadOnlyList<string> beams = expected.Parents;
        string[] blocks = beams.SelectMany(beam => run.Expected.Entity(beam)!.Parents).Distinct().ToArray();
        Assert.NotEmpty(blocks);
        Dictionary<string, GraphNodeSeen> nodes = await NodesAsync(page);
        Assert.Equal(beams.Append(expected.Id).Concat(blocks).Order(), nodes.Keys.Order());
        Assert.Equal(("event \u00b7 error", true), (nodes[expected.Id].Caption, nodes[expected.Id].Visible));
        Assert.All(beams, beam => Assert.Equal("n2_acquisition", nodes[beam].Caption));
        Assert.All(blocks, block => Assert.Equal("raw_data", nodes[block].Caption));
        Assert.All(beams, beam => Assert.True(nodes[beam].Y < nodes[expected.Id].Y, $"beam {beam} is not drawn above the event"));
        Assert.All(blocks, block => Assert.True(beams.All(beam => nodes[block].Y < nodes[beam].Y), $"block {block} is not drawn above the beams"));
        HashSet<(string, string)> edges = await EdgesAsync(page);
        HashSet<(string, string)> expectedEdges = beams.Select(beam => (beam, expected.Id))
            .Concat(beams.SelectMany(beam => run.Expected.Entity(beam)!.Parents.Select(block => (block, beam)))).ToHashSet();
        Assert.Equal(expectedEdges.Order(), edges.Order());

        // The operation history: name, start, duration, failed or not, with the errors of each.
        string[][] operations = await page.EvaluateFunctionAsync<string[][]>(Rows, "#operations tr.operation");
        Assert.Equal(expected.Operations.Select(operation => operation.Name), operations.Select(row => row[0]));
        for (int i = 0; i < operations.Length; i++)
        {
            HeraldOperation operation = expected.Operations[i];
            Assert.Matches(@"^\d\d:\d\d:\d\d\.\d{3}$", operations[i][1]);
            Assert.Matches(@"^\d+(\.\d+)? (ms|s)$", operations[i][2]);
            Assert.Equal(operation.Failed ? "failed" : "ok", operations[i][3]);
            Assert.Equal(string.Join("\n", operation.Errors.Select(error => $"{error.Message} at stage {error.Stage}")), operations[i][4]);
        }

        Assert.Contains(operations, row => row[3] == "failed");

        // The errors with their stage and count, the helix events, the log records with their levels.
        string[][] errors = await page.EvaluateFunctionAsync<string[][]>(Rows, "#errors tr.error");
        Assert.Equal(expected.Errors.Select(error => (error.Message, error.Stage, $"{error.Count}")), errors.Select(row => ((string?)row[0], (string?)row[1], row[2])));
        Assert.All(errors, row => Assert.NotEqual("", row[1]));
        string[][] events = await page.EvaluateFunctionAsync<string[][]>(Rows, "#events tr.event");
        Assert.Equal(expected.Events.Select(e => (e.Name, $"{e.Count}")), events.Select(row => (row[0], row[1])));
        string[][] logs = await page.EvaluateFunctionAsync<string[][]>(Rows, "#logs tr.log");
        Assert.Equal(
            expected.Logs.Where(log => log.Level != "DEBUG").Select(log => (log.Level, log.Message)),
            logs.Where(row => row[1] != "DEBUG").Select(row => ((string?)row[1], (string?)row[3])));
        Assert.All(logs, row => Assert.Contains(row[1], new[] { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL" }));

        // The picture the README shows, kept with the test's output.
        string picture = Path.Combine(AppContext.BaseDirectory, "artifacts", "entity-view-event.png");
        Directory.CreateDirectory(Path.GetDirectoryName(picture)!);
        await page.ScreenshotAsync(picture, new ScreenshotOptions { FullPage = true });
        byte[] png = await File.ReadAllBytesAsync(picture);
        Assert.True(png.Length > 10_000 && png.AsSpan(1, 3).SequenceEqual("PNG"u8), $"{picture} is not a picture of the page");

        // One level of ancestors: the beams, not the block.
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#provenance p a:first-of-type"));
        Assert.EndsWith("&depth=1", page.Url, StringComparison.Ordinal);
        Assert.Equal(beams.Append(expected.Id).Order(), (await NodesAsync(page)).Keys.Order());
    }

    [Fact]
    public async Task A_node_of_the_graph_opens_that_entitys_page_with_its_parent_and_children()
    {
        HeraldEntity evt = run.Expected.Entities.First(entity => entity.Type == "event");
        HeraldEntity beam = run.Expected.Entity(evt.Parents[0])!;
        await using IPage page = await run.NewPageAsync();
        await page.GoToAsync(new Uri(run.EntityView, "entity?id=" + Uri.EscapeDataString(evt.Id)).ToString());

        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync($"svg.provenance g.node[data-entity-id='{beam.Id}']"));

        Assert.Equal(beam.Id, await page.EvaluateExpressionAsync<string>("document.querySelector('h1').innerText"));
        Dictionary<string, GraphNodeSeen> nodes = await NodesAsync(page);
        Assert.Equal("n2_acquisition", nodes[beam.Id].Caption);
        Assert.Equal("raw_data", nodes[beam.Parents[0]].Caption);
        Assert.StartsWith("event", nodes[evt.Id].Caption, StringComparison.Ordinal);
        HashSet<(string, string)> edges = await EdgesAsync(page);
        Assert.Contains((beam.Parents[0], beam.Id), edges);
        Assert.Contains((beam.Id, evt.Id), edges);
        Assert.Equal("0", (await page.EvaluateFunctionAsync<string[][]>(Rows, "#operations tr.operation")).Length.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_refresh_shows_what_another_pipeline_pointed_at_the_receiver_sent_and_what_the_herald_would_ignore()
    {
        const int OtherSeed = 4244;
        await using IPage page = await run.NewPageAsync();
        await page.GoToAsync(run.EntityView.ToString());
        Assert.DoesNotContain($"evt-{OtherSeed}-00000", await page.EvaluateExpressionAsync<string>("document.body.innerText"));

        // Another pipeline exports to the receiver's OTLP/gRPC address while the sample keeps it up.
        Dictionary<string, string> pointed = new()
        {
            ["HERALD_ENDPOINT"] = run.OtlpGrpc.ToString(),
            ["LOGS_ENDPOINT"] = run.OtlpGrpc.ToString(),
        };
        (int exitCode, string output) = await SampleProcess.RunAsync(run.WorkDirectory, pointed, "--no-wait", "--seed", $"{OtherSeed}", "--events", "1");
        Assert.True(exitCode == 0, output);

        await page.ReloadAsync();
        string[] ids = (await page.EvaluateFunctionAsync<string[][]>(Rows, "#entities tr.entity")).Select(row => row[0]).ToArray();
        Assert.Equal($"evt-{OtherSeed}-00000", ids[0]); // the latest created first
        Assert.Contains($"astro_{OtherSeed}_0000", ids);

        // The same run again creates the same ids: the herald keeps the first creation and says why it ignores the second.
        (exitCode, output) = await SampleProcess.RunAsync(run.WorkDirectory, pointed, "--no-wait", "--seed", $"{OtherSeed}", "--events", "1");
        Assert.True(exitCode == 0, output);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("header a[href='/ignored']"));
        string[] ignored = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#ignored li')].map(li => li.innerText)");
        Assert.Contains($"The creation of 'astro_{OtherSeed}_0000' by 'ingest' was not stored: 'ingest' created it first.", ignored);

        await page.GoToAsync(new Uri(run.EntityView, $"entity?id=astro_{OtherSeed}_0000").ToString());
        Assert.Contains("created it first", await page.EvaluateExpressionAsync<string>("document.querySelector('#ignored').innerText"));
    }

    [Fact]
    public async Task The_view_and_TestHerald_agree_on_the_sample_run()
    {
        using HttpClient http = new() { BaseAddress = run.EntityView };
        JsonElement list = await http.GetFromJsonAsync<JsonElement>("api/entities?size=500");
        string[] viewIds = list.GetProperty("entities").EnumerateArray().Select(entity => entity.GetProperty("id").GetString()!)
            .Where(id => id.Contains($"{EntityViewRun.Seed}", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(run.Expected.Entities.Select(entity => entity.Id).Order(), viewIds);

        foreach (HeraldEntity expected in run.Expected.Entities)
        {
            JsonElement seen = await http.GetFromJsonAsync<JsonElement>("api/entity?id=" + Uri.EscapeDataString(expected.Id));
            string what = expected.Describe();
            Assert.True(expected.Type == Text(seen, "type"), what);
            Assert.True(expected.CreatedBy == Text(seen, "createdBy"), what);
            Assert.True(expected.HasError == seen.GetProperty("hasError").GetBoolean(), what);
            Assert.Equal(expected.Parents, seen.GetProperty("parents").EnumerateArray().Select(parent => parent.GetString()!));
            Assert.Equal(
                expected.Operations.Select(operation => $"{operation.Name} failed={operation.Failed} [{Errors(operation.Errors)}]"),
                seen.GetProperty("operations").EnumerateArray().Select(operation =>
                    $"{Text(operation, "name")} failed={operation.GetProperty("failed").GetBoolean()} [{Errors(operation.GetProperty("errors"))}]"));
            Assert.Equal(Errors(expected.Errors), Errors(seen.GetProperty("errors")));
            Assert.Equal(
                expected.Events.Select(e => $"{e.Name} x{e.Count}"),
                seen.GetProperty("events").EnumerateArray().Select(e => $"{Text(e, "name")} x{e.GetProperty("count").GetInt32()}"));
        }
    }

    [Fact]
    public async Task An_entity_view_port_in_use_is_explained()
    {
        using TcpListener occupied = new(IPAddress.Loopback, 0);
        occupied.Start();
        int port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        (int exitCode, string output) = await SampleProcess.RunAsync(run.WorkDirectory, new Dictionary<string, string>(), "--no-wait", "--ui-port", "0", "--entities-port", $"{port}");

        Assert.True(exitCode == 3, output);
        Assert.Contains($"The local receiver could not be started: Port {port} (EntityViewPort, the entity view) on 127.0.0.1 is already in use", output);
    }

    private static string? Text(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetString();

    private static string Errors(IEnumerable<HeraldError> errors) => string.Join("; ", errors.Select(error => $"{error.Message} at {error.Stage} x{error.Count}"));

    private static string Errors(JsonElement errors) =>
        string.Join("; ", errors.EnumerateArray().Select(error => $"{Text(error, "message")} at {Text(error, "stage")} x{error.GetProperty("count").GetInt32()}"));

    private static async Task<Dictionary<string, GraphNodeSeen>> NodesAsync(IPage page)
    {
        string[][] nodes = await page.EvaluateExpressionAsync<string[][]>(
            "[...document.querySelectorAll('svg.provenance g.node')].map(g => { const box = g.getBoundingClientRect(); " +
            "return [g.dataset.entityId, g.querySelector('text.type').textContent, String(box.y + box.height / 2), String(box.width > 0 && box.height > 0)]; })");
        return nodes.ToDictionary(
            node => node[0],
            node => new GraphNodeSeen(node[1], double.Parse(node[2], CultureInfo.InvariantCulture), node[3] == "true"));
    }

    private static async Task<HashSet<(string, string)>> EdgesAsync(IPage page)
    {
        string[][] edges = await page.EvaluateExpressionAsync<string[][]>(
            "[...document.querySelectorAll('svg.provenance g.edge')].map(e => [e.dataset.from, e.dataset.to, String(e.querySelector('path').getTotalLength())])");
        Assert.All(edges, edge => Assert.True(double.Parse(edge[2], CultureInfo.InvariantCulture) > 5, $"the edge {edge[0]} -> {edge[1]} is not drawn"));
        return edges.Select(edge => (edge[0], edge[1])).ToHashSet();
    }

    private sealed record GraphNodeSeen(string Caption, double Y, bool Visible);
}
