using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Castle.DynamicProxy;

namespace ChimeLogger.Benchmarks.Subjects;

/// <summary>
/// Runtime AOP, the usual .NET alternative to a source generator: a Castle DynamicProxy interceptor that
/// does the same span work as <see cref="HandWrittenRegistrar"/>. It is written with care: what it learns
/// from reflection is cached per method, and a <c>Task&lt;T&gt;</c> is followed to completion by a
/// compiled-once generic continuation rather than by reflection on each call.
/// </summary>
public sealed class OperateSpanInterceptor : IInterceptor
{
    private static readonly ActivitySource s_source = new(ChimeTelemetry.ActivitySourceName);
    private static readonly MethodInfo s_followDefinition =
        typeof(OperateSpanInterceptor).GetMethod(nameof(Follow), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ConcurrentDictionary<MethodInfo, InterceptedMethod> _methods = new();
    private readonly string _instrumentId;
    private readonly string _pipeline;
    private readonly string _site;

    public OperateSpanInterceptor(string instrumentId, string pipeline, string site)
    {
        _instrumentId = instrumentId;
        _pipeline = pipeline;
        _site = site;
    }

    /// <summary>Wraps <paramref name="target"/> in an interface proxy that runs this interceptor on every call.</summary>
    public static IRegistrar Wrap(IRegistrar target, OperateSpanInterceptor interceptor) =>
        new ProxyGenerator().CreateInterfaceProxyWithTarget(target, interceptor);

    public void Intercept(IInvocation invocation)
    {
        InterceptedMethod method = _methods.GetOrAdd(invocation.Method, static m => InterceptedMethod.Of(m));
        if (method.Operation is null)
        {
            invocation.Proceed();
            return;
        }

        Activity? caller = Activity.Current;
        Activity? activity = s_source.StartActivity(method.Operation, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(HelixAttributes.IsOperation, "true");
            activity.SetTag(HelixAttributes.EntityId, invocation.Arguments[method.ResourceNameIndex] as string);
            activity.SetTag(HelixAttributes.InstrumentId, _instrumentId);
            activity.SetTag(HelixAttributes.ResourceType, method.ResourceType);
            activity.SetTag(HelixAttributes.Pipeline, _pipeline);
            activity.SetTag(HelixAttributes.Site, _site);
        }

        bool returned = false;
        try
        {
            invocation.Proceed();
            returned = true;
        }
        catch (Exception ex) when (HandWrittenRegistrar.RecordError(activity, ex))
        {
            throw;
        }
        finally
        {
            if (!returned || method.FollowTask is null)
            {
                activity?.Stop();
            }
        }

        if (activity is not null && method.FollowTask is not null && invocation.ReturnValue is { } task)
        {
            invocation.ReturnValue = method.FollowTask(task, activity);
            Activity.Current = caller; // the span stays open until the task completes; the caller keeps its own
        }
    }

    private static Task<T> Follow<T>(object task, Activity activity) => FollowAsync((Task<T>)task, activity);

    private static async Task<T> FollowAsync<T>(Task<T> task, Activity activity)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (HandWrittenRegistrar.RecordError(activity, ex))
        {
            throw;
        }
        finally
        {
            activity.Stop();
        }
    }

    private sealed record InterceptedMethod(string? Operation, string? ResourceType, int ResourceNameIndex, Func<object, Activity, object>? FollowTask)
    {
        public static InterceptedMethod Of(MethodInfo method)
        {
            TracedOperationAttribute? traced = method.GetCustomAttribute<TracedOperationAttribute>();
            if (traced is null)
            {
                return new InterceptedMethod(null, null, 0, null);
            }

            Func<object, Activity, object>? follow = null;
            Type returnType = method.ReturnType;
            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            {
                follow = s_followDefinition.MakeGenericMethod(returnType.GetGenericArguments()[0])
                    .CreateDelegate<Func<object, Activity, object>>();
            }

            return new InterceptedMethod(traced.Operation, traced.ResourceType, traced.ResourceNameIndex, follow);
        }
    }
}
