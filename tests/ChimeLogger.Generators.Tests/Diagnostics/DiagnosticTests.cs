using System.Globalization;
using ChimeLogger.Generators.Analyzers;
using ChimeLogger.Generators.Diagnostics;
using ChimeLogger.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static ChimeLogger.Generators.Tests.Infrastructure.DiagnosticVerifier;
using static ChimeLogger.Generators.Tests.Infrastructure.UserCode;

namespace ChimeLogger.Generators.Tests.Diagnostics;

/// <summary>One test per diagnostic: it fires on the misuse, at the marked span, with its message; and not on correct code.</summary>
public class DiagnosticTests
{
    [Fact]
    public async Task Correct_code_produces_no_diagnostic()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public sealed class Candidate { public string EventId { get; set; } = ""; public string[] BeamIds { get; set; } = []; }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId, HelixToken token) => token.AddEvent("helix.event.registered");

                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial Task<int> SearchAsync([ResourceName] string beamId, [Parents] IReadOnlyList<string> blockIds, CancellationToken ct);
                private Task<int> SearchAsyncCore(string beamId, IReadOnlyList<string> blockIds, CancellationToken ct) => Task.FromResult(1);

                [Create("l2-event", ResourceType = "event")]
                public partial void Promote([ResourceName("EventId"), Parents("BeamIds")] Candidate candidate);
                private void PromoteCore(Candidate candidate) { }

                [ChildSpan("lookup")]
                private partial string Lookup([SpanAttribute("key")] string key);
                private static string LookupCore(string key) => key;
            }
            """);
    }

    [Fact]
    public async Task CHIME001_method_with_a_body()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public void {|CHIME001:Register|}([ResourceName] string eventId) { }

                private void RegisterCore(string eventId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.MethodNotPartial,
            "Method 'Register' has [Operate] but is not a partial declaration without a body; declare it as 'partial' without a body and put the body in 'RegisterCore'");
    }

    [Fact]
    public async Task CHIME001_partial_method_implemented_by_hand()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public partial void {|CHIME001:Step|}();

                public partial void Step() { }

                private void StepCore() { }
            }
            """);
    }

    [Fact]
    public async Task CHIME001_comes_alone_without_CHIME012()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public void {|CHIME001:Register|}([ResourceName] string eventId) { }
            }
            """);
        Assert.Single(diagnostics);
    }

    [Fact]
    public async Task CHIME002_containing_type_not_partial()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public class Outer
            {
                public partial class Pipeline
                {
                    [ChildSpan("step")]
                    public partial void {|CHIME002:Step|}();

                    private void StepCore() { }
                }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.TypeNotPartial, "Type 'Outer' contains the instrumented method 'Step' and must be declared 'partial'");
    }

    [Fact]
    public async Task CHIME003_two_span_attributes()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                [ChildSpan("register")]
                public partial void {|CHIME003:Register|}([ResourceName] string eventId);

                private void RegisterCore(string eventId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.ConflictingSpanAttributes,
            "Method 'Register' has [Operate] and [ChildSpan]; use only one of [Operate], [Create] and [ChildSpan]");
    }

    [Fact]
    public async Task CHIME004_create_without_resource_name()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial void {|CHIME004:Search|}(string beamId);

                private void SearchCore(string beamId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.CreateWithoutResourceName,
            "Method 'Search' creates an entity but has no [ResourceName] parameter; mark the parameter that holds the entity id");
    }

    [Fact]
    public async Task CHIME005_operate_without_resource_name_is_a_warning_and_still_generates()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("classify", ResourceType = "event")]
                public partial void {|CHIME005:Classify|}(string payload);

                private void ClassifyCore(string payload, HelixToken token) => token.SetEntityId(payload);
            }
            """);
        Diagnostic diagnostic = AssertMessage(diagnostics, DiagnosticIds.OperateWithoutResourceName,
            "Method 'Classify' operates on an entity but has no [ResourceName] parameter; set the entity id in 'ClassifyCore' with HelixToken.SetEntityId, or the operation is linked to no entity");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public async Task CHIME006_two_resource_names()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId, [ResourceName] string {|CHIME006:other|});

                private void RegisterCore(string eventId, string other) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.MultipleResourceNames,
            "Method 'Register' already has the [ResourceName] parameter 'eventId'; remove [ResourceName] from 'other'");
    }

    [Fact]
    public async Task CHIME007_resource_name_on_out_parameter()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial void Search([ResourceName] out string {|CHIME007:beamId|});

                private void SearchCore(out string beamId) => beamId = "b";
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.OutParameter,
            "Parameter 'beamId' is 'out', so it has no value when the span starts; [ResourceName] must be on a parameter the caller passes in");
    }

    [Fact]
    public async Task CHIME008_parents_of_the_wrong_type()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial void Search([ResourceName] string beamId, [Parents] List<int> {|CHIME008:blockIds|});

                private void SearchCore(string beamId, List<int> blockIds) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.InvalidParents,
            "[Parents] on 'blockIds' is of type 'System.Collections.Generic.List<int>'; it must be a string or a sequence of strings (IEnumerable<string>)");
    }

    [Fact]
    public async Task CHIME008_parents_naming_no_member()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public sealed class Candidate { public string EventId { get; set; } = ""; }

            public partial class Pipeline
            {
                [Create("l2-event", ResourceType = "event")]
                public partial void Promote([ResourceName("EventId"), Parents({|CHIME008:"BeamIds"|})] Candidate candidate);

                private void PromoteCore(Candidate candidate) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.InvalidParents,
            "[Parents] on 'candidate' names 'BeamIds', which cannot be read: type 'Candidate' has no readable property or field named 'BeamIds'; it must be a string or a sequence of strings (IEnumerable<string>)");
    }

    [Fact]
    public async Task CHIME009_parents_on_operate()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId, [Parents] string[] {|CHIME009:beamIds|});

                private void RegisterCore(string eventId, string[] beamIds) { }
            }
            """);
        Diagnostic diagnostic = AssertMessage(diagnostics, DiagnosticIds.ParentsOnOperate,
            "[Parents] on 'beamIds' is ignored: 'Register' is an [Operate] method and operations have no parents; use [Create] to record provenance");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public async Task CHIME010_empty_span_name()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create({|CHIME010:"  "|}, ResourceType = "n2_acquisition")]
                public partial void Search([ResourceName] string beamId);

                private void SearchCore(string beamId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.EmptySpanName,
            "The stage name of [Create] on 'Search' is empty or whitespace; the herald needs a name for the span");
    }

    [Fact]
    public async Task CHIME011_resource_type_missing_or_empty()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [{|CHIME011:Operate("register")|}]
                public partial void Register([ResourceName] string eventId);

                [Create("l1-search", ResourceType = {|CHIME011:""|})]
                public partial void Search([ResourceName] string beamId);

                private void RegisterCore(string eventId) { }

                private void SearchCore(string beamId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.MissingResourceType,
            "[Operate] on 'Register' has no ResourceType; set ResourceType so the herald knows what kind of entity this is");
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public async Task CHIME012_no_core_method()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial Task<int> {|CHIME012:SearchAsync|}([ResourceName] string beamId, ref int attempts);

                private Task<int> SearchAsyncCore(string beamId, int attempts) => Task.FromResult(attempts);
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.MissingCore,
            "No method 'SearchAsyncCore' with a matching signature was found in 'Pipeline' or its base classes; expected 'Task<int> SearchAsyncCore(string beamId, ref int attempts)', optionally with a last 'HelixToken' parameter");
    }

    [Fact]
    public async Task CHIME012_instance_core_for_a_static_method()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("step")]
                public static partial void {|CHIME012:Step|}();

                private void StepCore() { }
            }
            """);
    }

    [Fact]
    public async Task CHIME013_async_sequence_return_type()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("stream")]
                public partial IAsyncEnumerable<int> {|CHIME013:Stream|}();

                private async IAsyncEnumerable<int> StreamCore() { await Task.Yield(); yield return 1; }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnsupportedReturnType,
            "Method 'Stream' returns the async sequence 'System.Collections.Generic.IAsyncEnumerable<int>', whose work happens after the method returns; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>");
    }

    [Fact]
    public async Task CHIME013_async_void_core()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("fire")]
                public partial void {|CHIME013:Fire|}();

                private async void FireCore() => await Task.Yield();
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnsupportedReturnType,
            "Method 'Fire' has the 'async void' body 'FireCore', whose completion cannot be observed; return Task from both; instrumented methods return void, a value, Task, Task<T>, ValueTask or ValueTask<T>");
    }

    [Fact]
    public async Task CHIME013_other_awaitable()
    {
        await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("yield")]
                public partial System.Runtime.CompilerServices.YieldAwaitable {|CHIME013:Pause|}();

                private System.Runtime.CompilerServices.YieldAwaitable PauseCore() => Task.Yield();
            }
            """);
    }

    [Fact]
    public async Task CHIME014_event_name_without_helix_prefix()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public static class Events
            {
                private const string Prefixed = "helix.event.classified";

                public static void Record(HelixToken token, string dynamicName)
                {
                    token.AddEvent({|CHIME014:"classified"|});
                    token.AddEvent(Prefixed);
                    token.AddEvent(dynamicName);
                    token.AddEvent(attributes: null, name: {|CHIME014:"event.classified"|});
                }
            }
            """);
        Diagnostic diagnostic = AssertMessage(diagnostics, DiagnosticIds.EventNameWithoutHelixPrefix,
            "Event 'classified' does not start with 'helix.' and the herald drops it; name user events 'helix.event.<name>'");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public async Task CHIME015_resource_name_naming_no_member()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public sealed class Candidate { public string EventId { get; set; } = ""; private string Secret { get; } = ""; public string WriteOnly { set { } } }

            public partial class Pipeline
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName({|CHIME015:"Id"|})] Candidate candidate);

                [Operate("register-secret", ResourceType = "event")]
                public partial void RegisterSecret([ResourceName({|CHIME015:"Secret"|})] Candidate candidate);

                [Operate("register-write-only", ResourceType = "event")]
                public partial void RegisterWriteOnly([ResourceName({|CHIME015:"WriteOnly"|})] Candidate candidate);

                private void RegisterCore(Candidate candidate) { }

                private void RegisterSecretCore(Candidate candidate) { }

                private void RegisterWriteOnlyCore(Candidate candidate) { }
            }
            """);
        Assert.Equal(
            ["[ResourceName(\"Id\")] on 'candidate': type 'Candidate' has no readable property or field named 'Id'",
             "[ResourceName(\"Secret\")] on 'candidate': 'Candidate.Secret' exists but is private and cannot be read from 'Pipeline' through a value of type 'Candidate'",
             "[ResourceName(\"WriteOnly\")] on 'candidate': type 'Candidate' has no readable property or field named 'WriteOnly'"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task CHIME016_span_attribute_on_a_ref_struct()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("sum")]
                public partial int Sum([SpanAttribute("values")] ReadOnlySpan<int> {|CHIME016:values|});

                private int SumCore(ReadOnlySpan<int> values) => values.Length;
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.UnrecordableSpanAttribute,
            "[SpanAttribute] on 'values': a value of type 'System.ReadOnlySpan<int>' cannot be recorded on a span; record a value derived from it in Core with HelixToken.SetAttribute");
    }

    [Fact]
    public async Task CHIME017_two_parents_parameters()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("l1-search", ResourceType = "n2_acquisition")]
                public partial void Search([ResourceName] string beamId, [Parents] string block, [Parents] string[] {|CHIME017:others|});

                private void SearchCore(string beamId, string block, string[] others) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.MultipleParents,
            "Method 'Search' already has the [Parents] parameter 'block'; remove [Parents] from 'others' or pass all parent ids in one sequence");
    }

    [Fact]
    public async Task CHIME018_entity_attributes_on_a_child_span()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [ChildSpan("lookup")]
                public partial void Lookup([ResourceName] string {|CHIME018:eventId|}, [Parents] string[] {|CHIME018:beams|});

                private void LookupCore(string eventId, string[] beams) { }
            }
            """);
        Assert.Equal(
            ["[ResourceName] on 'eventId' is ignored: 'Lookup' is a [ChildSpan] method, which carries the enclosing entity's id; use [Create] or [Operate] for an entity of its own, or [SpanAttribute] to record the value",
             "[Parents] on 'beams' is ignored: 'Lookup' is a [ChildSpan] method, which carries the enclosing entity's id; use [Create] or [Operate] for an entity of its own, or [SpanAttribute] to record the value"],
            diagnostics.Select(static d => d.GetMessage(CultureInfo.InvariantCulture)));
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public async Task CHIME019_reserved_duplicate_and_empty_span_attribute_keys()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                [Create("search", ResourceType = "beam")]
                public partial void Search(
                    [ResourceName] string id,
                    [SpanAttribute({|CHIME019:"helix.entity.id"|})] string other,
                    [SpanAttribute({|CHIME019:"chime.pipeline"|})] string pipeline,
                    [SpanAttribute("snr")] double snr,
                    [SpanAttribute({|CHIME019:"snr"|})] double floor,
                    [SpanAttribute({|CHIME019:" "|})] int blank,
                    [SpanAttribute] int beams,
                    [SpanAttribute({|CHIME019:"beams"|})] int count);
                private void SearchCore(string id, string other, string pipeline, double snr, double floor, int blank, int beams, int count) { }
            }
            """);
        string[] messages = diagnostics.Select(static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal("[SpanAttribute] on 'other' uses the key 'helix.entity.id', which ChimeLogger writes itself for the herald; choose another key", messages[0]);
        Assert.Equal("[SpanAttribute] on 'floor' uses the key 'snr' that parameter 'snr' already records; give each span attribute its own key", messages[2]);
        Assert.Equal("[SpanAttribute] on 'blank' has an empty key; give a key such as 'helix.chime.snr', or none to use the parameter name", messages[3]);
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public async Task CHIME020_span_attributes_where_nothing_can_be_generated()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            public partial class Pipeline
            {
                public string Name
                {
                    [{|CHIME020:ChildSpan("get-name")|}] get => "";
                }

                public static Pipeline operator +(Pipeline left, Pipeline right) => left;

                [{|CHIME020:Operate("op", ResourceType = "event")|}]
                public static Pipeline operator -(Pipeline left, Pipeline right) => left;

                [{|CHIME020:ChildSpan("convert")|}]
                public static explicit operator string(Pipeline pipeline) => "";

                [{|CHIME020:ChildSpan("finalize")|}]
                ~Pipeline() { }

                public void Run()
                {
                    [{|CHIME020:ChildSpan("local")|}]
                    void Local() { }

                    Func<int> lambda = [{|CHIME020:Create("lambda", ResourceType = "x")|}] () => 1;
                    Local();
                    lambda();
                }
            }
            """);
        Assert.Equal(
            "[ChildSpan] on the 'get' accessor does nothing: only a partial method declared in a type is instrumented; move the work into such a method and call it from here",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("[ChildSpan] on the local function 'Local'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, static d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("[Create] on a lambda", StringComparison.Ordinal));
        Assert.All(diagnostics, static d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Fact]
    public async Task CHIME021_file_local_type()
    {
        IReadOnlyList<Diagnostic> diagnostics = await DiagnosticVerifier.VerifyAsync(Usings + """
            file partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void {|CHIME021:Register|}([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """);
        AssertMessage(diagnostics, DiagnosticIds.FileLocalType,
            "Type 'Registrar' is file-local, so the implementation of 'Register' cannot be generated into it (every part of a file-local type must be in the same file); declare the type 'internal' instead of 'file'");
        Assert.Empty(GeneratorHarness.Run(Usings + """
            file partial class Registrar
            {
                [Operate("register", ResourceType = "event")]
                public partial void Register([ResourceName] string eventId);
                private void RegisterCore(string eventId) { }
            }
            """).Sources);
    }

    [Fact]
    public void Every_descriptor_has_a_category_a_help_link_and_a_docs_page_with_its_title_and_severity()
    {
        string docs = Path.Combine(GoldenFile.Directory, "..", "..", "..", "docs", "diagnostics");
        DiagnosticDescriptor[] descriptors = new InstrumentationAnalyzer().SupportedDiagnostics
            .Concat(new EventNameAnalyzer().SupportedDiagnostics)
            .Concat(new UnsupportedTargetAnalyzer().SupportedDiagnostics)
            .ToArray();
        string[] ids = typeof(DiagnosticIds).GetFields().Select(static f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(ids, descriptors.Select(static d => d.Id).Order(StringComparer.Ordinal));
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            Assert.StartsWith("ChimeLogger.", descriptor.Category, StringComparison.Ordinal);
            Assert.EndsWith("/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            string page = Path.Combine(docs, descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"missing docs page {page}");
            // The title is what an IDE's rule list and SARIF output show; the page says the same.
            string[] lines = File.ReadAllLines(page);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(CultureInfo.InvariantCulture)), descriptor.Id + " has no title");
            Assert.Equal("# " + descriptor.Id + ": " + descriptor.Title.ToString(CultureInfo.InvariantCulture), lines[0]);
            Assert.Contains("| Severity | " + descriptor.DefaultSeverity + " |", lines);
        }
    }

}
