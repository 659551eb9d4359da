using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ChimeLogger.Reliability;

/// <summary>
/// A steady pipeline on its own thread: <c>rate</c> operations a second, each an <c>[Operate]</c>-like span whose
/// entity id is <c>{prefix}{n}</c>, with one log record inside when <c>withLogs</c> (its <c>resource_name</c> is the
/// same id).
/// </summary>
internal sealed class Emitter : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _emitted;

    public Emitter(ChimeTracer tracer, string prefix, double rate, bool withLogs, Action<long>? progress = null)
    {
        ILogger log = tracer.CreateLogger("CHIME.reliability");
        _thread = new Thread(() =>
        {
            Stopwatch clock = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested)
            {
                long due = (long)(clock.Elapsed.TotalSeconds * rate);
                while (Interlocked.Read(ref _emitted) < due)
                {
                    long n = Interlocked.Read(ref _emitted);
                    using (tracer.Operate("classify", prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture), "event"))
                    {
                        if (withLogs)
                        {
                            log.LogInformation("classified");
                        }
                    }

                    Interlocked.Increment(ref _emitted);
                }

                progress?.Invoke(Interlocked.Read(ref _emitted));
                Thread.Sleep(2);
            }
        }) { IsBackground = true, Name = "emitter" };
        _thread.Start();
    }

    public long Emitted => Interlocked.Read(ref _emitted);

    public long Stop()
    {
        _stop.Cancel();
        _thread.Join();
        return Emitted;
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            Stop();
        }

        _stop.Dispose();
    }
}
