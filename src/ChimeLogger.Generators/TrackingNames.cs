namespace ChimeLogger.Generators;

/// <summary>The names of the incremental steps, so that tests can check each step's caching.</summary>
public static class TrackingNames
{
    /// <summary>Models of <c>[Operate]</c> methods.</summary>
    public const string OperateMethods = nameof(OperateMethods);

    /// <summary>Models of <c>[Create]</c> methods.</summary>
    public const string CreateMethods = nameof(CreateMethods);

    /// <summary>Models of <c>[ChildSpan]</c> methods.</summary>
    public const string ChildSpanMethods = nameof(ChildSpanMethods);

    /// <summary>All method models of the compilation.</summary>
    public const string AllMethods = nameof(AllMethods);

    /// <summary>The methods grouped by containing type: one generated file each.</summary>
    public const string InstrumentedTypes = nameof(InstrumentedTypes);

    /// <summary>The diagnostics the generator reports itself (where no implementation can be added to a method).</summary>
    public const string ReportedDiagnostics = nameof(ReportedDiagnostics);
}
