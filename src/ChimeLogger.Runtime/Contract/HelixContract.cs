// Every name and fixed value of the HelixObs wire contract (docs/helix-contract.md), in one file. The runtime
// compiles it, and the generator compiles the same file as a linked source, so the two can never disagree.
// Constants only, written for C# 7.3 / netstandard2.0 as well as for the runtime.
namespace ChimeLogger.Contract
{
    /// <summary>Span attribute keys (docs/helix-contract.md §1). The herald reads the <c>helix.*</c> keys only as strings.</summary>
    internal static class SpanKeys
    {
        public const string EntityId = "helix.entity.id";
        public const string InstrumentId = "helix.instrument.id";
        public const string ParentIds = "helix.parent.ids";
        public const string IsOperation = "helix.entity.is_operation";
        public const string LogEntityId = "helix.log.entity_id";
        public const string ProcessName = "helix.process.name";
        public const string ResourceType = "chime.resource_type";
        public const string Pipeline = "chime.pipeline";
        public const string Site = "chime.site";
        public const string Cancelled = "chime.cancelled";

        /// <summary>The value of <see cref="IsOperation"/>: exactly this string, nothing else makes an operation.</summary>
        public const string IsOperationValue = "true";

        /// <summary>The separator of <see cref="ParentIds"/>; the herald splits on it and trims each part.</summary>
        public const char ParentSeparator = ',';

        /// <summary>
        /// Keys only ChimeLogger writes, through its own contract paths: a user value for any of them would turn a span
        /// into another kind of record, or misfile it.
        /// </summary>
        public static readonly string[] Reserved =
        {
            EntityId, InstrumentId, ParentIds, IsOperation, LogEntityId, ResourceType, Pipeline, Site,
        };
    }

    /// <summary>Span event names and error metadata keys (docs/helix-contract.md §2).</summary>
    internal static class EventNames
    {
        /// <summary>The herald keeps only events whose name starts with this, and only on entity and operate spans.</summary>
        public const string Prefix = "helix.";

        /// <summary>The prefix of user events, for example <c>helix.event.classified</c>.</summary>
        public const string UserEventPrefix = "helix.event.";

        /// <summary>The event that marks an entity <c>has_error</c>.</summary>
        public const string Error = "helix.error";

        /// <summary>The stable class of an error: notifications are de-duplicated on it.</summary>
        public const string MessageKey = "message";

        /// <summary>The stage an error happened in: the Error Entities dashboard groups by it.</summary>
        public const string StageKey = "stage";
    }

    /// <summary>Log record attribute names (docs/helix-contract.md §4), snake_case as the dashboards query them.</summary>
    internal static class LogFields
    {
        public const string ResourceName = "resource_name";
        public const string ResourceType = "resource_type";
        public const string Pipeline = "pipeline";
        public const string Site = "site";
        public const string HelixEntityId = "helix_entity_id";
        public const string HelixInstrumentId = "helix_instrument_id";
        public const string HelixProcessName = "helix_process_name";
        public const string TraceId = "otel_trace_id";
        public const string SpanId = "otel_span_id";
    }

    /// <summary>What log records carry when there is no span and no configuration (docs/helix-contract.md §4).</summary>
    internal static class Fallbacks
    {
        public const string UnknownName = "unknown_name";
        public const string UnknownType = "unknown_type";
        public const string UnknownPipeline = "unknown_pipeline";
        public const string UnknownSite = "unknown_site";
    }

    /// <summary>The Python level names sent as OTLP severity text (docs/helix-contract.md §4).</summary>
    internal static class SeverityNames
    {
        public const string Debug = "DEBUG";
        public const string Info = "INFO";
        public const string Warning = "WARNING";
        public const string Error = "ERROR";
        public const string Critical = "CRITICAL";
    }

    /// <summary>The CHIME sites (docs/helix-contract.md §5), lower-case as sent.</summary>
    internal static class Sites
    {
        public static readonly string[] Known = { "chime", "kko", "gbo", "hco" };
    }
}
