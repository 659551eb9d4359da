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
    public const string ResourceName = LogFields.ResourceName;
    public const string ResourceType = LogFields.ResourceType;
    public const string Pipeline = LogFields.Pipeline;
    public const string Site = LogFields.Site;
    public const string HelixEntityId = LogFields.HelixEntityId;
    public const string HelixInstrumentId = LogFields.HelixInstrumentId;
    public const string HelixProcessName = LogFields.HelixProcessName;
    public const string TraceId = LogFields.TraceId;
    public const string SpanId = LogFields.SpanId;

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

        collector.Add(ResourceName, entityId ?? ChimeSettings.UnknownName);
        collector.Add(ResourceType, resourceType ?? ChimeSettings.UnknownType);
        collector.Add(Pipeline, pipeline ?? _pipeline);
        collector.Add(Site, site ?? _site);
        if (entityId is not null)
        {
            collector.Add(HelixEntityId, entityId);
        }

        collector.Add(HelixInstrumentId, _instrumentId);
        collector.Add(HelixProcessName, _processName);
        if (current is not null)
        {
            collector.Add(TraceId, current.TraceId.ToHexString());
            collector.Add(SpanId, current.SpanId.ToHexString());
        }
    }
}
