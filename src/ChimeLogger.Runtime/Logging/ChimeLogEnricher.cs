using ChimeLogger.Contract;
using System.Diagnostics;
using ChimeLogger.Configuration;
using ChimeLogger.Tracing;
using Microsoft.Extensions.Diagnostics.Enrichment;

namespace ChimeLogger.Logging;

/// <summary>
/// The one enrichment point of every log record, whatever the provider (OTLP, file, console): the CHIME
/// context of the current span (docs/helix-contract.md §4) with the environment and <c>unknown_*</c> fallbacks,
/// plus the fields the HelixObs dashboards need.
/// </summary>
internal sealed class ChimeLogEnricher : ILogEnricher
{
    private readonly string _pipeline;
    private readonly string _site;
    private readonly string _instrumentId;
    private readonly string _processName;

    public ChimeLogEnricher(ChimeSettings settings)
    {
        _pipeline = settings.PipelineOrUnknown;
        _site = settings.SiteOrUnknown;
        _instrumentId = settings.InstrumentId;
        _processName = settings.ProcessName;
    }

    public void Enrich(IEnrichmentTagCollector collector)
    {
        Activity? current = Activity.Current;
        Activity? entity = HelixSpanKinds.FindEntitySpan(current);

        // One pass over the entity span's tags: this runs on every log call.
        string? entityId = null, resourceType = null, pipeline = null, site = null;
        if (entity is not null)
        {
            foreach (ref readonly KeyValuePair<string, object?> tag in entity.EnumerateTagObjects())
            {
                switch (tag.Key)
                {
                    case HelixAttributes.EntityId: entityId = tag.Value as string; break;
                    case HelixAttributes.ResourceType: resourceType = tag.Value as string; break;
                    case HelixAttributes.Pipeline: pipeline = tag.Value as string; break;
                    case HelixAttributes.Site: site = tag.Value as string; break;
                }
            }
        }

        collector.Add(LogFields.ResourceName, entityId ?? Fallbacks.UnknownName);
        collector.Add(LogFields.ResourceType, resourceType ?? Fallbacks.UnknownType);
        collector.Add(LogFields.Pipeline, pipeline ?? _pipeline);
        collector.Add(LogFields.Site, site ?? _site);
        if (entityId is not null)
        {
            collector.Add(LogFields.HelixEntityId, entityId);
        }

        collector.Add(LogFields.HelixInstrumentId, _instrumentId);
        collector.Add(LogFields.HelixProcessName, _processName);
        if (current is not null)
        {
            collector.Add(LogFields.TraceId, current.TraceId.ToHexString());
            collector.Add(LogFields.SpanId, current.SpanId.ToHexString());
        }
    }
}
