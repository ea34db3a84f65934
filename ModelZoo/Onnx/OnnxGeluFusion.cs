using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Replaces the exact GELU that PyTorch exports spell out, <c>x * 0.5 * (1 + erf(x / sqrt(2)))</c> (five nodes: Div or
/// Mul by a constant, Erf, Add 1, and two Muls in either order), with one Gelu node, as ONNX Runtime's extended
/// optimisations do: one fused <see cref="Ops.Gelu"/> instead of five elementwise passes. Only chains whose
/// intermediate values nothing else reads are fused; the result is the same function.
/// </summary>
internal static class OnnxGeluFusion
{
    public static List<NodeProto> Apply(GraphProto graph, Func<string, double?> scalar)
    {
        var nodes = graph.Node.ToList();
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var n in nodes)
            foreach (var input in n.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                if (!list.Contains(n)) list.Add(n);
            }
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        NodeProto? Only(string value) =>
            !outputs.Contains(value) && consumers.TryGetValue(value, out var list) && list.Count == 1 ? list[0] : null;
        bool Near(string value, double target) => scalar(value) is double v && Math.Abs(v - target) <= 1e-4 * Math.Abs(target);
        // The other input of a binary node, when one input is `value`.
        string? Other(NodeProto n, string value) => n.Input.Count == 2 ? (n.Input[0] == value ? n.Input[1] : n.Input[1] == value ? n.Input[0] : null) : null;

        var removed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replacement = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var erf in nodes.Where(n => n.OpType == "Erf" && n.Domain is "" or "ai.onnx"))
        {
            var scale = nodes.FirstOrDefault(n => n.Output.Count == 1 && n.Output[0] == erf.Input[0]);
            if (scale is null || scale.Input.Count != 2) continue;
            string x = scale.Input[0];
            bool scaled;
            if (scale.OpType == "Div") scaled = Near(scale.Input[1], Math.Sqrt(2));
            else if (scale.OpType == "Mul" && Near(scale.Input[1], Math.Sqrt(0.5))) scaled = true;
            else if (scale.OpType == "Mul" && Near(scale.Input[0], Math.Sqrt(0.5))) (scaled, x) = (true, scale.Input[1]);
            else scaled = false;
            if (!scaled || Only(scale.Output[0]) != erf) continue;
            var add = Only(erf.Output[0]);
            if (add is null || add.OpType != "Add" || Other(add, erf.Output[0]) is not { } one || !Near(one, 1.0)) continue;
            var m1 = Only(add.Output[0]);
            if (m1 is null || m1.OpType != "Mul" || Other(m1, add.Output[0]) is not { } f1) continue;
            var m2 = Only(m1.Output[0]);
            if (m2 is null || m2.OpType != "Mul" || Other(m2, m1.Output[0]) is not { } f2) continue;
            // One factor is x, the other 0.5 (x * (1 + erf) * 0.5 or 0.5 * (1 + erf) * x), or 0.5 * x computed before.
            bool plain = (f1 == x && Near(f2, 0.5)) || (Near(f1, 0.5) && f2 == x);
            if (!plain) continue;
            var gelu = new NodeProto { OpType = "Gelu", Name = erf.Name.Length > 0 ? erf.Name + "_gelu" : "", Input = { x }, Output = { m2.Output[0] } };
            foreach (var n in new[] { scale, erf, add, m1 }) removed.Add(n);
            replacement[m2] = gelu;
        }
        return nodes.Where(n => !removed.Contains(n)).Select(n => replacement.GetValueOrDefault(n, n)).ToList();
    }
}
