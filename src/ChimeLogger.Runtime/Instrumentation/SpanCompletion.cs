using System.ComponentModel;
using System.Diagnostics;

namespace ChimeLogger.Instrumentation;

/// <summary>
/// Ends the span of an asynchronous instrumented method when its task completes, never when the task is returned, and
/// gives the caller back the span that was current before the method's span opened. Generated wrappers call it; by
/// hand, use <see cref="HelixToken.Track(Task, CancellationToken)"/> and its overloads, which share this code.
/// </summary>
/// <remarks>
/// An exception that escapes the work is recorded as <see cref="HelixToken.RecordException(Exception, CancellationToken)"/>
/// records it, from an exception filter (so the exception propagates unchanged, with its stack). A task that has already
/// completed successfully, or a span that records nothing, ends at once and the same task is returned: no async state
/// machine and no allocation beyond the caller's own.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SpanCompletion
{
    /// <summary>Makes <paramref name="callerActivity"/> current again and ends the span of <paramref name="token"/> when <paramref name="task"/> completes.</summary>
    /// <param name="task">The task the work returned.</param>
    /// <param name="token">The span of the work.</param>
    /// <param name="callerActivity">The span that was current before the work's span opened.</param>
    /// <param name="cancellationToken">The method's own cancellation token: an <see cref="OperationCanceledException"/> while it is cancelled is a requested stop, not an error.</param>
    /// <returns>A task that completes as <paramref name="task"/> does, once the span has ended.</returns>
    public static Task EndWhenCompleted(Task task, HelixToken token, Activity? callerActivity, CancellationToken cancellationToken = default)
    {
        // Stryker disable once Block : awaiting the completed task instead gives the same span and result, one allocation later.
        if (EndsNow(token, task.IsCompletedSuccessfully, callerActivity))
        {
            return task;
        }

        // Without a token that can be cancelled, the state machine carries none (8 bytes less per pending call).
        // Stryker disable once Conditional : the overload with a token that cannot be cancelled behaves the same, 8 bytes larger.
        return cancellationToken.CanBeCanceled ? AwaitCompletion(task, token, cancellationToken) : AwaitCompletion(task, token);
    }

    /// <inheritdoc cref="EndWhenCompleted(Task, HelixToken, Activity?, CancellationToken)"/>
    /// <typeparam name="T">The task's result type.</typeparam>
    public static Task<T> EndWhenCompleted<T>(Task<T> task, HelixToken token, Activity? callerActivity, CancellationToken cancellationToken = default)
    {
        // Stryker disable once Block : awaiting the completed task instead gives the same span and result, one allocation later.
        if (EndsNow(token, task.IsCompletedSuccessfully, callerActivity))
        {
            return task;
        }

        // Without a token that can be cancelled, the state machine carries none (8 bytes less per pending call).
        // Stryker disable once Conditional : the overload with a token that cannot be cancelled behaves the same, 8 bytes larger.
        return cancellationToken.CanBeCanceled ? AwaitCompletion(task, token, cancellationToken) : AwaitCompletion(task, token);
    }

    /// <inheritdoc cref="EndWhenCompleted(Task, HelixToken, Activity?, CancellationToken)"/>
    /// <returns>A value task that completes as <paramref name="task"/> does, once the span has ended.</returns>
    public static ValueTask EndWhenCompleted(ValueTask task, HelixToken token, Activity? callerActivity, CancellationToken cancellationToken = default)
    {
        // Stryker disable once Block : awaiting the completed task instead gives the same span and result, one allocation later.
        if (EndsNow(token, task.IsCompletedSuccessfully, callerActivity))
        {
            return task;
        }

        // Without a token that can be cancelled, the state machine carries none (8 bytes less per pending call).
        // Stryker disable once Conditional : the overload with a token that cannot be cancelled behaves the same, 8 bytes larger.
        return cancellationToken.CanBeCanceled ? AwaitCompletion(task, token, cancellationToken) : AwaitCompletion(task, token);
    }

    /// <inheritdoc cref="EndWhenCompleted(Task, HelixToken, Activity?, CancellationToken)"/>
    /// <typeparam name="T">The value task's result type.</typeparam>
    /// <returns>A value task that completes as <paramref name="task"/> does, once the span has ended.</returns>
    public static ValueTask<T> EndWhenCompleted<T>(ValueTask<T> task, HelixToken token, Activity? callerActivity, CancellationToken cancellationToken = default)
    {
        // Stryker disable once Block : awaiting the completed task instead gives the same span and result, one allocation later.
        if (EndsNow(token, task.IsCompletedSuccessfully, callerActivity))
        {
            return task;
        }

        // Without a token that can be cancelled, the state machine carries none (8 bytes less per pending call).
        // Stryker disable once Conditional : the overload with a token that cannot be cancelled behaves the same, 8 bytes larger.
        return cancellationToken.CanBeCanceled ? AwaitCompletion(task, token, cancellationToken) : AwaitCompletion(task, token);
    }

    /// <summary>
    /// For an exception filter around the call that should have returned the task: the work threw before returning one,
    /// so it is over. Records the exception, ends the span and makes <paramref name="callerActivity"/> current again.
    /// </summary>
    /// <param name="token">The span of the work.</param>
    /// <param name="exception">The exception the work threw.</param>
    /// <param name="callerActivity">The span that was current before the work's span opened.</param>
    /// <param name="cancellationToken">The method's own cancellation token.</param>
    /// <returns>Always <see langword="false"/>, so that the exception propagates unchanged.</returns>
    public static bool EndOnThrow(HelixToken token, Exception exception, Activity? callerActivity, CancellationToken cancellationToken = default)
    {
        token.RecordException(exception, cancellationToken);
        token.Dispose();
        Activity.Current = callerActivity;
        return false;
    }

    // The part every task shape shares: the caller's span is current again, and a span with nothing left to wait
    // for (none recorded, or the work already done) ends now, so that no state machine is needed.
    private static bool EndsNow(HelixToken token, bool completedSuccessfully, Activity? callerActivity)
    {
        Activity.Current = callerActivity;

        // Stryker disable once Logical,Boolean : awaiting the work instead of ending now gives the same span, one state machine later.
        if (token == HelixToken.None || completedSuccessfully)
        {
            token.Dispose();
            return true;
        }

        return false;
    }

    private static async Task AwaitCompletion(Task task, HelixToken token, CancellationToken cancellationToken)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception, cancellationToken))
        {
            // Not reached: RecordException returns false, so the exception propagates unchanged.
            // Stryker disable once Statement : never reached, as the comment above says.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async Task<T> AwaitCompletion<T>(Task<T> task, HelixToken token, CancellationToken cancellationToken)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception, cancellationToken))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async ValueTask AwaitCompletion(ValueTask task, HelixToken token, CancellationToken cancellationToken)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception, cancellationToken))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async ValueTask<T> AwaitCompletion<T>(ValueTask<T> task, HelixToken token, CancellationToken cancellationToken)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception, cancellationToken))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async Task AwaitCompletion(Task task, HelixToken token)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async Task<T> AwaitCompletion<T>(Task<T> task, HelixToken token)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async ValueTask AwaitCompletion(ValueTask task, HelixToken token)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }

    private static async ValueTask<T> AwaitCompletion<T>(ValueTask<T> task, HelixToken token)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception exception) when (token.RecordException(exception))
        {
            // Stryker disable once Statement : never reached: RecordException returns false.
            throw;
        }
        finally
        {
            token.Dispose();
        }
    }
}
