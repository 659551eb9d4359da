using System.Diagnostics;
using ChimeLogger.Tracing;
using OpenTelemetry;

namespace ChimeLogger.Export;

/// <summary>
/// Tells <see cref="OpenCreations"/> of each create span as it starts, so that an operation on its entity that ends
/// first waits for it (ordered delivery, docs/reliability.md). On the instrumented thread: a reference comparison for
/// every span, one dictionary write for a create; nothing waits. Its own processor, because the batch processor's
/// start hook is sealed.
/// </summary>
internal sealed class OpenCreationWatcher(OpenCreations openCreations) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (HelixSpanKinds.Of(data) == HelixSpanKind.Create)
        {
            openCreations.Started(data);
        }
    }
}
