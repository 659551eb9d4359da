using ChimeLogger.Testing;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>One entity in a drawn provenance graph.</summary>
/// <param name="Id">The entity id.</param>
/// <param name="Type">Its resource type, or <see langword="null"/> (a placeholder, or an id never received).</param>
/// <param name="HasError">Whether the herald would mark it <c>has_error</c>.</param>
/// <param name="Received">Whether the herald would have it at all (a parent id may name an entity never created).</param>
/// <param name="IsCurrent">Whether it is the entity whose page shows the graph.</param>
internal sealed record GraphNode(string Id, string? Type, bool HasError, bool Received, bool IsCurrent);

/// <summary>A provenance edge: <paramref name="From"/> is a parent of <paramref name="To"/>.</summary>
internal sealed record GraphEdge(string From, string To);

/// <summary>
/// The part of the provenance graph an entity's page draws, as the herald's Entity Inspector does: its ancestors up to
/// a depth, and its children. Large fans are cut (<see cref="MaxAncestors"/>, <see cref="MaxChildren"/>) and the cut
/// is said on the page.
/// </summary>
internal sealed record ProvenanceGraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, int ChildrenShown, int ChildrenTotal, bool AncestorsCut)
{
    public const int DefaultDepth = 3;
    public const int MaxDepth = 10;
    public const int MaxAncestors = 120;
    public const int MaxChildren = 40;

    public static ProvenanceGraph Of(EntityIndex index, HeraldEntity entity, int depth)
    {
        Dictionary<string, GraphNode> nodes = new(StringComparer.Ordinal);
        List<GraphEdge> edges = [];
        HashSet<(string, string)> seen = [];
        nodes.Add(entity.Id, Node(index, entity.Id, entity.Id));

        void Link(string from, string to)
        {
            // A self-parent is not drawn: it would be an edge from the entity to itself.
            if (from != to && seen.Add((from, to)))
            {
                edges.Add(new GraphEdge(from, to));
            }
        }

        bool cut = false;
        List<string> frontier = [entity.Id];
        for (int level = 1; level <= depth && frontier.Count > 0 && !cut; level++)
        {
            List<string> next = [];
            foreach (string id in frontier)
            {
                foreach (string parent in index.Entity(id)?.Parents ?? [])
                {
                    if (!nodes.ContainsKey(parent))
                    {
                        if (nodes.Count > MaxAncestors)
                        {
                            cut = true;
                            break;
                        }

                        nodes.Add(parent, Node(index, parent, entity.Id));
                        next.Add(parent);
                    }

                    Link(parent, id);
                }
            }

            frontier = next;
        }

        IReadOnlyList<HeraldEntity> children = index.ChildrenOf(entity.Id);
        int shown = 0;
        foreach (HeraldEntity child in children.Take(MaxChildren))
        {
            nodes.TryAdd(child.Id, Node(index, child.Id, entity.Id));
            Link(entity.Id, child.Id);
            shown++;
        }

        return new ProvenanceGraph(nodes.Values.ToArray(), edges, shown, children.Count, cut);
    }

    private static GraphNode Node(EntityIndex index, string id, string current)
    {
        HeraldEntity? entity = index.Entity(id);
        return new GraphNode(id, entity?.Type, entity?.HasError == true, entity is not null, id == current);
    }
}
