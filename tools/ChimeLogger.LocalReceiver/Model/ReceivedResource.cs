namespace ChimeLogger.LocalReceiver.Model;

/// <summary>A resource (an application instance) the receiver has telemetry from.</summary>
/// <param name="Name">The resource name, from <c>service.name</c>; what the <c>resource</c> query filters take.</param>
/// <param name="DisplayName">The name the dashboard shows.</param>
/// <param name="HasLogs">Whether it sent logs.</param>
/// <param name="HasTraces">Whether it sent spans.</param>
/// <param name="HasMetrics">Whether it sent metrics.</param>
public sealed record ReceivedResource(string Name, string DisplayName, bool HasLogs, bool HasTraces, bool HasMetrics);
