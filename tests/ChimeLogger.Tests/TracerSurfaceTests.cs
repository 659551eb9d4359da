using System.Diagnostics;
using ChimeLogger.Tracing;

namespace ChimeLogger.Tests;

/// <summary>
/// Small promises of the public surface: <see cref="ChimeTracer.FileLogPath"/> says whether the file log is on, a child
/// span's token names the entity it belongs to, a single parent that cannot be sent is left out with a warning, and a
/// null task is refused by name whatever its shape.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracerSurfaceTests
{
    [Fact]
    public void FileLogPath_is_null_while_the_file_log_is_off_and_the_path_while_it_is_on()
    {
        using (TelemetryHarness off = new())
        {
            Assert.Null(off.Tracer.FileLogPath);
        }

        string directory = Path.Combine(Path.GetTempPath(), "chimelogger-surface-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string path = Path.Combine(directory, "chime_pipeline.log");
            using TelemetryHarness on = new(configure: options =>
            {
                options.FileLogEnabled = true;
                options.FileLogPath = path;
            });

            Assert.Equal(path, on.Tracer.FileLogPath);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_child_spans_token_names_the_entity_it_belongs_to()
    {
        using TelemetryHarness harness = new();

        using HelixToken create = harness.Tracer.Create("l1-search", "beam-7", "n2_acquisition");
        using HelixToken child = harness.Tracer.ChildSpan("dedisperse");

        Assert.Equal("beam-7", create.EntityId);
        Assert.Equal("beam-7", child.EntityId);
    }

    [Fact]
    public void A_single_parent_that_cannot_be_sent_is_left_out_with_a_warning()
    {
        using TelemetryHarness harness = new();

        harness.Tracer.Create("l2-event", "evt-1", "event", "blk-1,blk-2").Complete();

        Activity span = harness.SingleSpan("l2-event");
        Assert.Null(span.GetTagItem(HelixAttributes.ParentIds));
        Assert.Empty(span.Links);
        Assert.Contains(harness.Warnings, w => (w.FormattedMessage ?? "").StartsWith("Parent id 'blk-1,blk-2' of 'l2-event' left out of helix.parent.ids", StringComparison.Ordinal));
    }

    [Fact]
    public void A_null_task_of_a_result_is_refused_by_name()
    {
        using TelemetryHarness harness = new();
        HelixToken token = harness.Tracer.Operate("null-task", "evt-1", "event");

        ArgumentNullException refused = Assert.Throws<ArgumentNullException>(() => { _ = token.Track((Task<int>)null!); });

        Assert.Equal("task", refused.ParamName);
        token.Dispose();
    }
}
