using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>
/// MultiHeadAttention decomposed: the query, key and value projections (MatMul), heads moved ahead of the steps
/// (Transpose), scaled scores (MatMul), the mask (Where), Softmax, the weighted values (MatMul) and the output
/// projection. Rows with no allowed key give zero weights, as the layer does.
/// </summary>
internal static class OnnxAttentionExporter
{
    public static OnnxExportValue[] Convert(OnnxExportCall c, MultiHeadAttention mha)
    {
        var g = c.Graph;
        var s = c.Scope;
        var query = c.Inputs[0];
        EinsumDense Sub(string name) => mha.Layers.OfType<EinsumDense>().Single(l => l.Name == name);
        var q = OnnxDenseExporter.Projection(g, Sub("query"), g.Keras(query), $"{s}/query");
        var k = OnnxDenseExporter.Projection(g, Sub("key"), g.Keras(c.Inputs.Length > 2 ? c.Inputs[2] : c.Inputs[1]), $"{s}/key");
        var v = OnnxDenseExporter.Projection(g, Sub("value"), g.Keras(c.Inputs[1]), $"{s}/value");
        int[] axes = mha.AttentionAxes ?? [.. Enumerable.Range(1, query.Rank - 2)];
        if (query.Rank != 3 || !(axes.Length == 1 && axes[0] == 1)) return General(c, mha, axes, q, k, v, Sub("attention_output"));
        // (batch, steps, heads, depth) -> (batch, heads, steps, depth); the key straight to (batch, heads, depth, steps)
        var qh = g.Op("Transpose", s, [q], Ints("perm", [0, 2, 1, 3]));
        var kh = g.Op("Transpose", s, [k], Ints("perm", [0, 2, 3, 1]));
        var vh = g.Op("Transpose", s, [v], Ints("perm", [0, 2, 1, 3]));
        var (combined, _) = CombinedMask(c);
        string? allowed = combined is null ? null : g.Op("Unsqueeze", s, [combined, g.Longs(1)]); // one mask for every head
        if (c.Options.GetValueOrDefault("use_causal_mask") is true)
        {
            var causal = Causal(g, s, g.Keras(query), g.Keras(c.Inputs[1]));
            allowed = allowed is null ? causal : g.Op("And", s, [allowed, causal]);
        }
        var (attended, weights) = Attend(g, s, qh, kh, vh, allowed, 1 / Math.Sqrt(mha.KeyDim));
        var context = g.Op("Transpose", s, [attended], Ints("perm", [0, 2, 1, 3]));
        var output = c.Out(OnnxDenseExporter.Projection(g, Sub("attention_output"), context, $"{s}/attention_output"));
        return c.Outputs.Count > 1 ? [output, new OnnxExportValue(c.Outputs[1].Shape, c.Outputs[1].DType, weights)] : [output];
    }

    /// <summary>
    /// Attention over any axes, as the layer computes it there: scores by Einsum, the mask broadcast from the heads
    /// axis on, one softmax over the key axes together (flattened), the weighted values by Einsum.
    /// </summary>
    private static OnnxExportValue[] General(OnnxExportCall c, MultiHeadAttention mha, int[] axes, string q, string k, string v, EinsumDense outputDense)
    {
        var g = c.Graph;
        var s = c.Scope;
        if (c.Options.GetValueOrDefault("use_causal_mask") is true)
            throw c.Unsupported($"use_causal_mask over attention axes [{string.Join(", ", axes)}] has no ONNX form here; pass an attention mask instead");
        int projectedRank = c.Inputs[0].Rank + 1, n = axes.Length;
        var (dot, combine, scoresRank) = Equations(projectedRank, axes);
        var scores = g.Op("Einsum", s, [k, g.Op("Mul", s, [q, g.Scalar(1 / Math.Sqrt(mha.KeyDim))])], Str("equation", dot));
        var (allowed, maskRank) = CombinedMask(c);
        if (allowed is not null)
        {
            // as the layer does: expand from the heads axis on, (batch, query axes..., key axes...) -> (batch, 1, ...)
            for (int rank = maskRank; rank < scoresRank; rank++) allowed = g.Op("Unsqueeze", s, [allowed, g.Longs(-2 * n - 1)]);
            scores = g.Op("Where", s, [allowed, scores, g.Scalar(-1e9)]);
        }
        var flat = g.Reshape(s, scores, [.. Enumerable.Repeat(0L, scoresRank - n), -1]);
        var weights = g.Op("Reshape", s, [g.Op("Softmax", s, [flat], Int("axis", -1)), g.Op("Shape", s, [scores])]);
        if (allowed is not null) weights = g.Op("Where", s, [allowed, weights, g.Scalar(0)]);
        var attended = g.Op("Einsum", s, [weights, v], Str("equation", combine));
        var output = c.Out(OnnxDenseExporter.Projection(g, outputDense, attended, $"{s}/attention_output"));
        return c.Outputs.Count > 1 ? [output, new OnnxExportValue(c.Outputs[1].Shape, c.Outputs[1].DType, weights)] : [output];
    }

    /// <summary>
    /// The layer's attention mask and its rank: the query's Keras mask as (batch, steps, 1), the value's and key's as
    /// (batch, 1, steps), and the attention mask input (non-zero: allowed), ANDed; null when there is none.
    /// </summary>
    private static (string? Mask, int Rank) CombinedMask(OnnxExportCall c)
    {
        var g = c.Graph;
        var s = c.Scope;
        string? mask = null;
        int rank = 0;
        void And(string m, int r)
        {
            mask = mask is null ? m : g.Op("And", s, [mask, m]);
            rank = Math.Max(rank, r);
        }
        var (query, value) = (c.Inputs[0], c.Inputs[1]);
        var key = c.Inputs.Length > 2 ? c.Inputs[2] : value;
        if (query.Mask is not null) And(g.Op("Unsqueeze", s, [query.Mask, g.Longs(-1)]), query.Rank);
        if (value.Mask is not null) And(g.Op("Unsqueeze", s, [value.Mask, g.Longs(-2)]), value.Rank);
        if (key.Mask is not null && key.Mask != value.Mask) And(g.Op("Unsqueeze", s, [key.Mask, g.Longs(-2)]), key.Rank);
        if (c.Inputs.Length > 3)
        {
            var m = c.Inputs[3];
            And(m.DType == DType.Bool ? g.Keras(m) : g.Op("Not", s, [g.Op("Equal", s, [g.Keras(m), ZeroOf(g, m.DType)])]), m.Rank);
        }
        return (mask, rank);
    }

    /// <summary>
    /// The layer's einsum equations for projected tensors (batch, attention axes..., heads, depth): key with query to
    /// scores (batch, heads, query axes, key axes), scores with value to the output; lettered as the layer letters them.
    /// </summary>
    private static (string Dot, string Combine, int ScoresRank) Equations(int rank, int[] axes)
    {
        static char Letter(int i) => (char)('a' + i);
        var target = string.Concat(Enumerable.Range(0, rank).Select(Letter));
        var batch = Enumerable.Range(0, rank).Where(i => !axes.Contains(i) && i != rank - 1).ToArray();
        var source = new char[rank];
        for (int i = 0, next = rank; i < rank; i++) source[i] = batch.Contains(i) || i == rank - 1 ? target[i] : Letter(next++);
        var scores = string.Concat(batch.Select(i => target[i]).Concat(axes.Select(i => target[i])).Concat(axes.Select(i => source[i])));
        var key = new string(source);
        return ($"{key},{target}->{scores}", $"{scores},{key}->{target}", scores.Length);
    }

    /// <summary>softmax(q·scale·kᵀ, masked) · v for heads-first q [.., T, d], kᵀ [.., d, S], v [.., S, d]; returns the output and the weights.</summary>
    public static (string Output, string Weights) Attend(OnnxExportGraph g, string s, string q, string kT, string v, string? allowed, double scale)
    {
        var scores = g.Op("MatMul", s, [g.Op("Mul", s, [q, g.Scalar(scale)]), kT]);
        if (allowed is not null) scores = g.Op("Where", s, [allowed, scores, g.Scalar(-1e9)]);
        var weights = g.Op("Softmax", s, [scores], Int("axis", -1));
        if (allowed is not null) weights = g.Op("Where", s, [allowed, weights, g.Scalar(0)]);
        return (g.Op("MatMul", s, [weights, v]), weights);
    }

    // query step i sees key steps j <= i: Range(T)[:, None] >= Range(S)[None, :]
    private static string Causal(OnnxExportGraph g, string s, string query, string value)
    {
        string Steps(string x) => g.Op("Range", s, [g.LongScalar(0), g.Op("Gather", s, [g.Op("Shape", s, [x]), g.LongScalar(1)], Int("axis", 0)), g.LongScalar(1)]);
        var rows = g.Op("Unsqueeze", s, [Steps(query), g.Longs(1)]);
        var cols = g.Op("Unsqueeze", s, [Steps(value), g.Longs(0)]);
        return g.Op("GreaterOrEqual", s, [rows, cols]);
    }

    private static string ZeroOf(OnnxExportGraph g, DType dtype) => dtype switch
    {
        DType.Int64 => g.LongScalar(0),
        DType.Float32 => g.Scalar(0),
        _ => g.TensorConstant(Ops.Zeros([], dtype), "zero"),
    };
}
