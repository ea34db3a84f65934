using KerasSharp.Layers;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>Dense (Gemm, or MatMul and Add), EinsumDense (MatMul where the equation is a matrix product, else Einsum) and Embedding (Gather).</summary>
internal static class OnnxDenseExporter
{
    public static OnnxExportValue Dense(OnnxExportCall c, Dense d)
    {
        var y = Linear(c.Graph, d, c.Graph.Keras(c.Input), c.Input.Rank, c.Scope);
        return OnnxActivationExporter.Apply(c, d.ActivationName, c.Out(y), c.OutputShape);
    }

    /// <summary>x·kernel + bias without the activation: Gemm for a matrix input, MatMul then Add otherwise.</summary>
    public static string Linear(OnnxExportGraph g, Dense d, string x, int rank, string scope)
    {
        var w = g.Weight(d.Kernel!, d);
        if (rank == 2 && d.Bias is not null) return g.Op("Gemm", scope, [x, w, g.Weight(d.Bias, d)]);
        var y = g.Op("MatMul", scope, [x, w]);
        return d.Bias is null ? y : g.Op("Add", scope, [y, g.Weight(d.Bias, d)]);
    }

    public static OnnxExportValue EinsumDense(OnnxExportCall c, EinsumDense e)
    {
        var g = c.Graph;
        var s = c.Scope;
        var y = Projection(g, e, g.Keras(c.Input), s);
        return OnnxActivationExporter.Apply(c, e.ActivationName, c.Out(y), c.OutputShape);
    }

    /// <summary>An EinsumDense's einsum and bias, without the activation.</summary>
    public static string Projection(OnnxExportGraph g, EinsumDense e, string x, string scope)
    {
        var y = MatrixProduct(g, e, x, scope) ?? g.Op("Einsum", scope, [x, g.Weight(e.Kernel!, e)], Str("equation", e.Equation));
        return e.Bias is null ? y : g.Op("Add", scope, [y, g.Weight(e.Bias, e)]);
    }

    /// <summary>
    /// An equation that contracts the input's last k axes with the kernel's first k, keeping the rest in order
    /// (<c>abc,cde->abde</c>, <c>abcd,cde->abe</c>): reshape, one MatMul, reshape. Null for any other equation.
    /// </summary>
    private static string? MatrixProduct(OnnxExportGraph g, EinsumDense e, string x, string s)
    {
        var parts = e.Equation.Replace(" ", "", StringComparison.Ordinal).Split("->");
        var operands = parts[0].Split(',');
        if (parts.Length != 2 || operands.Length != 2 || e.Equation.Contains('.', StringComparison.Ordinal)) return null;
        string input = operands[0], weight = operands[1], output = parts[1];
        // k: the longest run where the input's tail equals the kernel's head
        int k;
        for (k = Math.Min(input.Length - 1, weight.Length); k >= 1; k--)
            if (input[^k..] == weight[..k]) break;
        if (k < 1) return null;
        string lead = input[..^k], free = weight[k..];
        if (output != lead + free || free.Any(lead.Contains) || weight[..k].Any(output.Contains)) return null;
        var kernelShape = e.Kernel!.Shape.ToArray();
        long contracted = kernelShape[..k].Aggregate(1L, (a, b) => a * b);
        long freeSize = kernelShape[k..].Aggregate(1L, (a, b) => a * b);
        var w = g.Weight(e.Kernel, e, kernel => Ops.Reshape(kernel, (int)contracted, (int)freeSize));
        var xm = k == 1 ? x : g.Reshape(s, x, [.. Enumerable.Repeat(0L, lead.Length), contracted]);
        var y = g.Op("MatMul", s, [xm, w]);
        return free.Length == 1 ? y : g.Reshape(s, y, [.. Enumerable.Repeat(0L, lead.Length), .. kernelShape[k..].Select(d => (long)d)]);
    }

    public static OnnxExportValue Embedding(OnnxExportCall c, Embedding e)
    {
        return c.Out(Gather(c.Graph, e, c.Graph.Keras(c.Input), c.Input.DType, c.Scope));
    }

    /// <summary>The rows of the table at the indices (cast to int64 unless they are integers already).</summary>
    public static string Gather(OnnxExportGraph g, Embedding e, string ids, DType dtype, string scope)
    {
        var indices = dtype is DType.Int32 or DType.Int64 ? ids : g.Op("Cast", scope, [ids], Int("to", OnnxTensorWriter.ElementType(DType.Int64)));
        return g.Op("Gather", scope, [g.Weight(e.Embeddings!, e), indices], Int("axis", 0));
    }
}
