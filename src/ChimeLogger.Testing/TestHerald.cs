namespace ChimeLogger.Testing;

/// <summary>
/// Sets ChimeLogger up as the process tracer with everything kept in memory, and shows the telemetry of the test the
/// way the HelixObs herald would store it: entities, parents, operations, errors, events and logs.
/// </summary>
/// <example>
/// <code>
/// using TestHerald herald = TestHerald.Start(pipeline: "test");
/// new Classifier().Classify("evt-1");
/// herald.Flush();
/// herald.ShouldHaveEntity("evt-1").ShouldHaveEvent("helix.event.classified");
/// </code>
/// </example>
/// <remarks>
/// Each herald sees only the telemetry started in its own flow: the test's code and the tasks it starts. Heralds that
/// run at the same time (parallel test classes) share one tracer, which the last one disposes; they must be started
/// with the same pipeline and configure delegate. The rules of the model are in docs/helix-contract.md §7.
/// </remarks>
public sealed class TestHerald : IDisposable
{
    private readonly HeraldHost _host;
    private readonly HeraldScope _scope;
    private readonly HeraldScope? _outerScope;
    private readonly object _modelGate = new();
    private HeraldModel? _model;
    private int _modelVersion = -1;
    private int _disposed;

    private TestHerald(HeraldHost host, HeraldScope scope, HeraldScope? outerScope)
    {
        _host = host;
        _scope = scope;
        _outerScope = outerScope;
    }

    /// <summary>
    /// Sets ChimeLogger up for the process (<see cref="ChimeTelemetry.Setup"/>) with in-memory capture of spans and log
    /// records, no OTLP export and no file log unless <paramref name="configure"/> turns them on, and starts a scope:
    /// this herald sees what is started in the calling flow from now on. Start it in the test method (or the test
    /// class constructor) and dispose it at the end of the test.
    /// </summary>
    /// <param name="pipeline">The pipeline name stamped on spans and logs.</param>
    /// <param name="configure">Sets further options; it runs after the in-memory defaults, before the capture is added.</param>
    /// <returns>The herald; dispose it to tear ChimeLogger down again.</returns>
    /// <exception cref="InvalidOperationException">
    /// ChimeLogger was already set up by other code, or another herald runs with another pipeline or configure delegate.
    /// The message says how to run the tests one at a time.
    /// </exception>
    /// <exception cref="ChimeLoggerConfigurationException">A setting is invalid.</exception>
    public static TestHerald Start(string? pipeline = null, Action<ChimeLoggerOptions>? configure = null)
    {
        (HeraldHost host, HeraldScope scope) = HeraldHost.Join(pipeline, configure);
        HeraldScope? outer = HeraldScope.Current.Value;
        HeraldScope.Current.Value = scope;
        return new TestHerald(host, scope, outer);
    }

    /// <summary>The process tracer (<see cref="ChimeTelemetry.Tracer"/>) this herald captures from.</summary>
    public ChimeTracer Tracer => _host.Tracer;

    /// <summary>
    /// What the herald would have stored from this herald's telemetry so far, the spans taken in the order ChimeLogger's
    /// exporter delivers them: the order they ended, except that with ordered delivery on
    /// (<see cref="ChimeLoggerOptions.ExportCreationPause"/>) an operation that ended inside the create span of its entity
    /// follows the creation, as the exporter holds it (for at most <see cref="ChimeLoggerOptions.OpenCreationWaitLimit"/>).
    /// </summary>
    public HeraldModel Model
    {
        get
        {
            lock (_modelGate)
            {
                (ReceivedSpan[] spans, ReceivedLogRecord[] logRecords, int version) = _scope.Snapshot();
                if (_model is null || version != _modelVersion)
                {
                    // The spans in the order ChimeLogger's exporter would deliver them, as far as the herald can tell.
                    IReadOnlyList<ReceivedSpan> delivered = Tracer.ExportCreationPause > TimeSpan.Zero
                        ? DeliveryOrder.Of(spans, ChimeLoggerOptions.OpenCreationWaitLimit)
                        : spans;
                    _model = HeraldModel.Project(delivered, logRecords);
                    _modelVersion = version;
                }

                return _model;
            }
        }
    }

    /// <summary>The entities the herald would have, in the order they were created.</summary>
    public IReadOnlyList<HeraldEntity> Entities => Model.Entities;

    /// <summary>Every log record written in this herald's flow, oldest first.</summary>
    public IReadOnlyList<HeraldLog> Logs => Model.Logs;

    /// <summary>The spans captured in this herald's flow, in the order they ended, as they would travel over OTLP.</summary>
    public IReadOnlyList<ReceivedSpan> Spans => _scope.Snapshot().Spans;

    /// <summary>The entity <paramref name="id"/>, or <see langword="null"/> when the herald would have none.</summary>
    /// <param name="id">The entity id, exactly as sent.</param>
    /// <returns>The entity or <see langword="null"/>.</returns>
    public HeraldEntity? Entity(string id) => Model.Entity(id);

    /// <summary>Returns the entity <paramref name="id"/>, or throws a <see cref="HeraldAssertionException"/> that describes every entity the herald would have.</summary>
    /// <param name="id">The entity id.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="HeraldAssertionException">The herald would have no such entity.</exception>
    public HeraldEntity ShouldHaveEntity(string id) => Model.ShouldHaveEntity(id);

    /// <summary>Throws a <see cref="HeraldAssertionException"/> when the herald would have an entity <paramref name="id"/>.</summary>
    /// <param name="id">The entity id.</param>
    /// <exception cref="HeraldAssertionException">The herald would have that entity.</exception>
    public void ShouldNotHaveEntity(string id) => Model.ShouldNotHaveEntity(id);

    /// <summary>The entity graph as text: every entity with its parents, operations, errors, events and logs, then what the herald would ignore.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Model.Describe();

    /// <summary>
    /// Makes the tracer hand over what it holds (exporters added through <c>configure</c> included). Spans and log
    /// records reach the herald when they end; call this before reading the model when the code under test used
    /// batching exporters of its own.
    /// </summary>
    /// <param name="timeout">The longest wait; by default the tracer's shutdown timeout.</param>
    /// <returns><see langword="true"/> when everything was handed over in time.</returns>
    public bool Flush(TimeSpan? timeout = null) => Tracer.Flush(timeout);

    /// <summary>
    /// Ends this herald's scope. The last herald running disposes the tracer, so that <see cref="ChimeTelemetry.Tracer"/>
    /// is <see langword="null"/> again and the next test can start its own.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (ReferenceEquals(HeraldScope.Current.Value, _scope))
        {
            HeraldScope.Current.Value = _outerScope;
        }

        _host.Leave(_scope);
    }
}
