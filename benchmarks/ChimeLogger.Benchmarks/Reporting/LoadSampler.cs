using System.Globalization;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>
/// Samples the 1-minute load average and the other <c>dotnet</c> processes every few seconds while the cases run,
/// so that the report says how busy the shared machine was during the measurements, not only before and after.
/// </summary>
internal sealed class LoadSampler : IDisposable
{
    private readonly Timer _timer;
    private readonly object _gate = new();
    private double _loadSum;
    private double _loadMax;
    private int _samples;
    private int _busySamples;
    private int _dotnetMax;

    public LoadSampler(TimeSpan interval) => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);

    /// <summary>A line for the report, for example "mean 1.4, max 3.2 over 190 samples; other dotnet processes in 12 samples (at most 4)".</summary>
    public string Describe()
    {
        lock (_gate)
        {
            if (_samples == 0)
            {
                return "not sampled";
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"1-min load mean {_loadSum / _samples:F2}, max {_loadMax:F2} over {_samples} samples; other `dotnet` processes (builds, tests) running in {_busySamples} of them (at most {_dotnetMax} at once)");
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        double? load = null;
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            if (double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                load = value;
            }
        }
        catch (IOException)
        {
        }

        int others = MachineInfo.OtherDotnetProcesses();
        lock (_gate)
        {
            if (load is double l)
            {
                _samples++;
                _loadSum += l;
                _loadMax = Math.Max(_loadMax, l);
                if (others > 0)
                {
                    _busySamples++;
                }

                _dotnetMax = Math.Max(_dotnetMax, others);
            }
        }
    }
}
