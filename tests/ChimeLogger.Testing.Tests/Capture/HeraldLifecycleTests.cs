using System.Diagnostics;
using ChimeLogger.Testing.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace ChimeLogger.Testing.Tests.Capture;

[Collection(HeraldAloneCollection.Name)]
public sealed class HeraldLifecycleTests
{
    [Fact]
    public void Start_sets_up_the_process_tracer_in_memory_and_dispose_tears_it_down()
    {
        Assert.Null(ChimeTelemetry.Tracer);
        ChimeTracer first;
        using (TestHerald herald = TestHerald.Start(pipeline: "lifecycle"))
        {
            first = herald.Tracer;
            Assert.Same(first, ChimeTelemetry.Tracer);
            Assert.Equal("lifecycle", first.Pipeline);
            Assert.Null(first.FileLogPath);
            first.Create("ingest", "life-1", "raw_data").Complete();
            Assert.Equal(0, first.ExportStatistics.SpansEnded); // no OTLP export
            herald.ShouldHaveEntity("life-1");
        }

        Assert.Null(ChimeTelemetry.Tracer);
        Assert.False(first.IsListening);

        using TestHerald next = TestHerald.Start(pipeline: "lifecycle");
        Assert.NotSame(first, next.Tracer);
        Assert.Empty(next.Entities);
    }

    [Fact]
    public void Configure_applies_and_keeps_the_tests_own_hooks()
    {
        List<Activity> exported = [];
        Action<ChimeLoggerOptions> configure = options =>
        {
            options.Site = "gbo";
            options.ConfigureTracing = tracing => tracing.AddInMemoryExporter(exported);
        };

        using (TestHerald herald = TestHerald.Start("lifecycle", configure))
        {
            herald.Tracer.Create("ingest", "life-2", "raw_data").Complete();
            Assert.Equal("gbo", herald.ShouldHaveEntity("life-2").Metadata["chime.site"]);
        }

        Assert.Equal("life-2", Assert.Single(exported).GetTagItem("helix.entity.id"));
    }

    [Fact]
    public void A_herald_started_while_another_runs_with_other_settings_fails_and_says_how_to_serialise()
    {
        using TestHerald running = TestHerald.Start(pipeline: "first");

        InvalidOperationException other = Assert.Throws<InvalidOperationException>(() => TestHerald.Start(pipeline: "second"));
        InvalidOperationException configured = Assert.Throws<InvalidOperationException>(() => TestHerald.Start("first", static options => options.Site = "kko"));

        Assert.Contains("TestHerald.Start(pipeline \"second\", no configure) was called while another TestHerald (pipeline \"first\", no configure)", other.Message, StringComparison.Ordinal);
        Assert.Contains("[Collection(\"herald\")]", other.Message, StringComparison.Ordinal);
        Assert.Contains("DisableParallelization = true", configured.Message, StringComparison.Ordinal);
        Assert.Same(running.Tracer, ChimeTelemetry.Tracer); // the running herald is untouched
    }

    [Fact]
    public void Start_refuses_a_tracer_set_up_by_other_code_and_leaves_it_alone()
    {
        using ChimeTracer theirs = ChimeTelemetry.Setup("someone-else", static options =>
        {
            options.OtlpExportEnabled = false;
            options.FileLogEnabled = false;
        });

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => TestHerald.Start());

        Assert.Contains("already set up in this process", refused.Message, StringComparison.Ordinal);
        Assert.Same(theirs, ChimeTelemetry.Tracer);
        Assert.True(theirs.IsListening);
    }

    [Fact]
    public void A_nested_herald_sees_what_starts_under_it_and_the_outer_one_sees_its_own_again_after()
    {
        using TestHerald outer = TestHerald.Start("lifecycle");
        outer.Tracer.Create("ingest", "outer-1", "raw_data").Complete();

        using (TestHerald inner = TestHerald.Start("lifecycle"))
        {
            Assert.Same(outer.Tracer, inner.Tracer);
            inner.Tracer.Create("ingest", "inner-1", "raw_data").Complete();
            Assert.Equal(["inner-1"], inner.Entities.Select(static e => e.Id));
        }

        outer.Tracer.Create("ingest", "outer-2", "raw_data").Complete();
        Assert.Equal(["outer-1", "outer-2"], outer.Entities.Select(static e => e.Id));
        Assert.NotNull(ChimeTelemetry.Tracer); // the outer herald still runs
    }

    [Fact]
    public void Work_on_a_thread_without_the_tests_context_goes_to_the_only_herald_running_and_to_none_when_two_run()
    {
        using TestHerald first = TestHerald.Start("lifecycle");
        RunWithoutContext(() => first.Tracer.Create("ingest", "thread-1", "raw_data").Complete());
        first.ShouldHaveEntity("thread-1");

        using TestHerald second = RunOnOwnFlow(() => TestHerald.Start("lifecycle"));
        RunWithoutContext(() => first.Tracer.Create("ingest", "thread-2", "raw_data").Complete());

        first.ShouldNotHaveEntity("thread-2");
        second.ShouldNotHaveEntity("thread-2");
    }

    [Fact]
    public void A_herald_credential_in_the_settings_is_not_exchanged_since_nothing_is_exported()
    {
        // A real auth endpoint address on this machine: any exchange would connect to it.
        using TcpListenerScope auth = new();
        Action<ChimeLoggerOptions> configure = options =>
        {
            options.Credential = "s3cret-registration";
            options.AuthEndpoint = $"http://127.0.0.1:{auth.Port}/auth/token";
        };

        using (TestHerald herald = TestHerald.Start("lifecycle", configure))
        {
            herald.Tracer.Create("ingest", "life-auth", "raw_data").Complete();
            herald.ShouldHaveEntity("life-auth");
        }

        Assert.False(auth.Listener.Pending(), "TestHerald.Start connected to the auth endpoint to exchange the credential");
    }

    private static void RunWithoutContext(Action work)
    {
        Thread thread;
        using (ExecutionContext.SuppressFlow())
        {
            thread = new Thread(() => work());
            thread.Start();
        }

        Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "the worker thread did not finish");
    }

    // Starts the herald on a thread of its own, so that its scope does not become this flow's.
    private static T RunOnOwnFlow<T>(Func<T> start)
    {
        T? result = default;
        Thread thread = new(() => result = start());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(1)), "the starting thread did not finish");
        return result!;
    }

    private sealed class TcpListenerScope : IDisposable
    {
        public TcpListenerScope()
        {
            Listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            Listener.Start();
        }

        public System.Net.Sockets.TcpListener Listener { get; }

        public int Port => ((System.Net.IPEndPoint)Listener.LocalEndpoint).Port;

        public void Dispose() => Listener.Dispose();
    }
}
