using System.Diagnostics;
using ChimeLogger.Generators.RunTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Generators.RunTests;

/// <summary>
/// A <c>[ResourceName("X")]</c> or <c>[Parents("X")]</c> member whose getter throws: the generated code catches it, the
/// span opens without that value, a warning names the method and member, and the work runs as usual.
/// </summary>
[Collection(ProcessTelemetryCollection.Name)]
public sealed partial class ThrowingMemberTests
{
    [Fact]
    public void A_throwing_resource_name_getter_opens_the_span_without_entity_id_warns_and_runs_the_work()
    {
        WarningCollector warnings = new();
        using TelemetryScope scope = new(configureLogging: logging => logging.AddProvider(warnings));
        Stage stage = new();

        string result = stage.Register(new Unreadable());

        Assert.Equal("registered", result);
        Activity span = scope.Single("register-unreadable");
        Assert.Null(span.GetTagItem(HelixAttributes.EntityId));
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Contains(warnings.Messages, m => m.Contains("ResourceName(\"Id\")", StringComparison.Ordinal)
            && m.Contains("Register", StringComparison.Ordinal) && m.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.Contains(warnings.Messages, m => m.Contains("Parents(\"Parents\")", StringComparison.Ordinal));
    }

    [Fact]
    public void A_throwing_getter_costs_nothing_and_is_not_called_when_nobody_listens()
    {
        Stage stage = new();
        Unreadable unreadable = new();

        Assert.Equal("registered", stage.Register(unreadable));
        Assert.Equal(0, unreadable.Reads);
    }

    public sealed class Unreadable
    {
        public int Reads { get; private set; }

        public string Id => throw new InvalidOperationException("Id is not loaded " + ++Reads);

        public IReadOnlyList<string> Parents => throw new InvalidOperationException("Parents are not loaded " + ++Reads);
    }

    public partial class Stage
    {
        [Create("register-unreadable", ResourceType = "event")]
        public partial string Register([ResourceName("Id"), Parents("Parents")] Unreadable item);

        private string RegisterCore(Unreadable item) => "registered";
    }

    private sealed class WarningCollector : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Collector(_messages);

        public void Dispose()
        {
        }

        private sealed class Collector(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
