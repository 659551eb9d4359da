using System.Globalization;
using System.Text;
using Microsoft.Msagl.Core.Geometry;
using Microsoft.Msagl.Core.Geometry.Curves;
using Microsoft.Msagl.Core.Layout;
using Microsoft.Msagl.Layout.Layered;
using Microsoft.Msagl.Miscellaneous;
using MsaglEdge = Microsoft.Msagl.Core.Layout.Edge;
using MsaglNode = Microsoft.Msagl.Core.Layout.Node;

namespace ChimeLogger.LocalReceiver.EntityView;

/// <summary>
/// Draws a <see cref="ProvenanceGraph"/> as inline SVG. The layout is MSAGL's layered (Sugiyama) layout, computed
/// here on the server, parents above children; this class only turns its node boxes and edge curves into SVG, so the
/// page needs no script and works offline. Every node links to its entity's page.
/// </summary>
internal static class ProvenanceSvg
{
    // Monospace text makes a node's width a matter of counting characters.
    private const double CharacterWidth = 7.4;
    private const double NodeHeight = 44;
    private const double Padding = 14;
    private const double Margin = 12;
    private const double ArrowLength = 9;

    public static string Render(ProvenanceGraph graph)
    {
        GeometryGraph geometry = new();
        Dictionary<string, MsaglNode> nodes = new(StringComparer.Ordinal);
        foreach (GraphNode node in graph.Nodes)
        {
            double boxWidth = Math.Max(Label(node.Id).Length, Caption(node).Length) * CharacterWidth + 2 * Padding;
            MsaglNode laid = new(CurveFactory.CreateRectangleWithRoundedCorners(boxWidth, NodeHeight, 6, 6, new Point()), node);
            geometry.Nodes.Add(laid);
            nodes.Add(node.Id, laid);
        }

        List<(GraphEdge Edge, MsaglEdge Laid)> edges = [];
        foreach (GraphEdge edge in graph.Edges)
        {
            MsaglEdge laid = new(nodes[edge.From], nodes[edge.To]);
            laid.EdgeGeometry.TargetArrowhead = new Arrowhead { Length = ArrowLength };
            geometry.Edges.Add(laid);
            edges.Add((edge, laid));
        }

        LayoutHelpers.CalculateLayout(geometry, new SugiyamaLayoutSettings { NodeSeparation = 24, LayerSeparation = 46 }, null);

        // MSAGL's y axis points up; SVG's points down.
        Rectangle box = geometry.BoundingBox;
        double width = box.Width + 2 * Margin, height = box.Height + 2 * Margin;
        Func<Point, string> at = point => Number(point.X - box.Left + Margin) + "," + Number(box.Top - point.Y + Margin);

        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"provenance\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Provenance graph\" width=\"{Number(width)}\" height=\"{Number(height)}\" viewBox=\"0 0 {Number(width)} {Number(height)}\">");
        foreach ((GraphEdge edge, MsaglEdge laid) in edges)
        {
            svg.Append("<g class=\"edge\" data-from=\"").Append(Html.Encode(edge.From)).Append("\" data-to=\"").Append(Html.Encode(edge.To)).Append("\">");
            svg.Append("<path d=\"").Append(PathData(laid.Curve, at)).Append("\"/>");
            if (laid.EdgeGeometry.TargetArrowhead is { } arrow)
            {
                svg.Append("<polygon points=\"").Append(Arrow(laid.Curve.End, arrow.TipPosition, at)).Append("\"/>");
            }

            svg.Append("</g>");
        }

        foreach (MsaglNode laid in geometry.Nodes)
        {
            GraphNode node = (GraphNode)laid.UserData;
            Rectangle bounds = laid.BoundingBox;
            string classes = "node" + (node.IsCurrent ? " current" : "") + (node.HasError ? " error" : "") + (node.Received ? "" : " missing");
            svg.Append("<a href=\"").Append(Html.Encode(Html.EntityLink(node.Id))).Append("\">");
            svg.Append("<g class=\"").Append(classes).Append("\" data-entity-id=\"").Append(Html.Encode(node.Id))
               .Append("\" data-type=\"").Append(Html.Encode(node.Type ?? "")).Append("\" data-error=\"").Append(node.HasError ? "true" : "false").Append("\">");
            svg.Append("<title>").Append(Html.Encode(node.Id)).Append("</title>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Number(bounds.Left - box.Left + Margin)}\" y=\"{Number(box.Top - bounds.Top + Margin)}\" width=\"{Number(bounds.Width)}\" height=\"{Number(bounds.Height)}\" rx=\"6\"/>");
            double centreX = laid.Center.X - box.Left + Margin, centreY = box.Top - laid.Center.Y + Margin;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"id\" x=\"{Number(centreX)}\" y=\"{Number(centreY - 4)}\">")
               .Append(Html.Encode(Label(node.Id))).Append("</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"type\" x=\"{Number(centreX)}\" y=\"{Number(centreY + 13)}\">")
               .Append(Html.Encode(Caption(node))).Append("</text>");
            svg.Append("</g></a>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>The second line of a node: its type and error flag.</summary>
    public static string Caption(GraphNode node) =>
        !node.Received ? "not received"
        : (node.Type ?? "placeholder") + (node.HasError ? " \u00b7 error" : "");

    // Very long ids are shortened in the box; the full id is the node's tooltip and its page's title.
    private static string Label(string id) => id.Length <= 48 ? id : id[..22] + "\u2026" + id[^22..];

    private static string PathData(ICurve curve, Func<Point, string> at)
    {
        StringBuilder data = new StringBuilder("M").Append(at(curve.Start));
        IEnumerable<ICurve> segments = curve is Curve composite ? composite.Segments : [curve];
        foreach (ICurve segment in segments)
        {
            switch (segment)
            {
                case LineSegment line:
                    data.Append(" L").Append(at(line.End));
                    break;
                case CubicBezierSegment bezier:
                    data.Append(" C").Append(at(bezier.B(1))).Append(' ').Append(at(bezier.B(2))).Append(' ').Append(at(bezier.B(3)));
                    break;
                default:
                    // Any other segment kind: follow it in short straight steps.
                    for (int step = 1; step <= 12; step++)
                    {
                        double t = segment.ParStart + (segment.ParEnd - segment.ParStart) * step / 12;
                        data.Append(" L").Append(at(segment[t]));
                    }

                    break;
            }
        }

        return data.ToString();
    }

    // A triangle from the end of the curve to the arrow's tip.
    private static string Arrow(Point curveEnd, Point tip, Func<Point, string> at)
    {
        Point direction = tip - curveEnd;
        double length = direction.Length;
        if (length < 1e-6)
        {
            return at(tip);
        }

        Point side = new Point(-direction.Y, direction.X) * (0.45 * ArrowLength / length);
        return at(tip) + " " + at(curveEnd + side) + " " + at(curveEnd - side);
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
