using BenchmarkDotNet.Reports;

namespace ChimeLogger.Benchmarks.Reporting;

/// <summary>One benchmark case as the goals read it: mean and its 99.9% confidence interval, bytes per call.</summary>
internal sealed record CaseResult(string Type, string Method, double Mean, double Lower, double Upper, long? Allocated)
{
    public static IReadOnlyList<CaseResult> From(IEnumerable<Summary> summaries) =>
        summaries.SelectMany(static s => s.Reports)
            .Where(static r => r.ResultStatistics is not null)
            .Select(static r => new CaseResult(
                r.BenchmarkCase.Descriptor.Type.Name,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.ResultStatistics!.Mean,
                r.ResultStatistics.N > 1 ? r.ResultStatistics.ConfidenceInterval.Lower : r.ResultStatistics.Mean,
                r.ResultStatistics.N > 1 ? r.ResultStatistics.ConfidenceInterval.Upper : r.ResultStatistics.Mean,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
}
