using ChimeLogger.Generators.Model;

namespace ChimeLogger.Generators.Emission;

/// <summary>The names of a wrapper's locals, chosen so that they cannot collide with the method's parameters or type parameters.</summary>
internal sealed class LocalNames
{
    private readonly HashSet<string> _taken;

    public LocalNames(MethodSignature method)
    {
        _taken = new HashSet<string>(method.Parameters.Select(static p => p.Name.TrimStart('@')));
        _taken.UnionWith(method.TypeParameters.Select(static t => t.TrimStart('@')));
        Tracer = Pick("tracer");
        Token = Pick("token");
        CallerActivity = Pick("callerActivity");
        Exception = Pick("exception");
        Result = Pick("result");
        ResourceName = Pick("resourceName");
        ParentIds = Pick("parentIds");
        ParentSequence = Pick("parentSequence");
        ParentsForCore = Pick("parentsRead");
    }

    public string ResourceName { get; }

    public string ParentIds { get; }

    public string ParentSequence { get; }

    public string ParentsForCore { get; }

    public string Tracer { get; }

    public string Token { get; }

    public string CallerActivity { get; }

    public string Exception { get; }

    public string Result { get; }

    private string Pick(string name)
    {
        string candidate = name;
        for (int i = 1; !_taken.Add(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
