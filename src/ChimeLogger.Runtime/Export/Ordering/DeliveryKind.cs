namespace ChimeLogger.Export;

/// <summary>What an export request holds, as far as the order of the herald's writes goes (<see cref="DeliveryTag"/>).</summary>
internal enum DeliveryKind
{
    /// <summary>Nothing that must wait or be waited for (log records, and every request when ordering is off).</summary>
    Plain,

    /// <summary>Entity creations: what refers to them is sent only once the herald has had time to write them.</summary>
    Creations,

    /// <summary>Operations on entities created by earlier creations requests, which they wait for.</summary>
    Dependents,
}
