using System.Diagnostics;

namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>
/// The same operate span written by hand the idiomatic way: an own <see cref="ActivitySource"/> with the
/// library's name (so the same tracer provider listens to it), <c>StartActivity</c>, one <c>SetTag</c> per
/// attribute the runtime sets on an operate span (guarded by <c>IsAllDataRequested</c>), an exception
/// filter that records an escaping exception as <c>helix.error</c>, and <c>Stop</c>.
/// </summary>
public sealed class HandWrittenRegistrar
{
    private static readonly ActivitySource s_source = new(ChimeTelemetry.ActivitySourceName);

    private readonly string _instrumentId;
    private readonly string _pipeline;
    private readonly string _site;
    private int _calls;

    public HandWrittenRegistrar(string instrumentId, string pipeline, string site)
    {
        _instrumentId = instrumentId;
        _pipeline = pipeline;
        _site = site;
    }

    public int Register(string eventId)
    {
        Activity? activity = s_source.StartActivity(EventWork.Operation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            SetOperateTags(activity, eventId);
        }

        try
        {
            return EventWork.Checksum(eventId, ++_calls);
        }
        catch (Exception ex) when (RecordError(activity, ex))
        {
            throw;
        }
        finally
        {
            activity?.Stop();
        }
    }

    public async Task<int> RegisterAsync(string eventId)
    {
        Activity? activity = s_source.StartActivity(EventWork.Operation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            SetOperateTags(activity, eventId);
        }

        try
        {
            return await EventWork.ChecksumTask(eventId, ++_calls).ConfigureAwait(false);
        }
        catch (Exception ex) when (RecordError(activity, ex))
        {
            throw;
        }
        finally
        {
            activity?.Stop();
        }
    }

    public async Task<int> RegisterLaterAsync(string eventId)
    {
        Activity? activity = s_source.StartActivity(EventWork.Operation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            SetOperateTags(activity, eventId);
        }

        try
        {
            return await EventWork.ChecksumLaterAsync(eventId, ++_calls).ConfigureAwait(false);
        }
        catch (Exception ex) when (RecordError(activity, ex))
        {
            throw;
        }
        finally
        {
            activity?.Stop();
        }
    }

    internal static bool RecordError(Activity? activity, Exception exception)
    {
        if (activity is { IsAllDataRequested: true })
        {
            string typeName = exception.GetType().Name;
            activity.AddEvent(new ActivityEvent(HelixAttributes.ErrorEvent, tags: new ActivityTagsCollection
            {
                [HelixAttributes.MessageKey] = typeName,
                ["exception.type"] = exception.GetType().FullName,
                ["exception.message"] = exception.Message,
            }));
            activity.SetStatus(ActivityStatusCode.Error, typeName);
        }

        return false;
    }

    private void SetOperateTags(Activity activity, string eventId)
    {
        activity.SetTag(HelixAttributes.IsOperation, "true");
        activity.SetTag(HelixAttributes.EntityId, eventId);
        activity.SetTag(HelixAttributes.InstrumentId, _instrumentId);
        activity.SetTag(HelixAttributes.ResourceType, EventWork.ResourceType);
        activity.SetTag(HelixAttributes.Pipeline, _pipeline);
        activity.SetTag(HelixAttributes.Site, _site);
    }
}
