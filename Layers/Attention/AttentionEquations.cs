namespace KerasSharp.Layers;

/// <summary>The einsum equations of <see cref="MultiHeadAttention"/>, built letter by letter as Keras builds them (so weights line up).</summary>
internal static class AttentionEquations
{
    private static char Letter(int i) => (char)('a' + i);

    /// <summary>
    /// A projection: <paramref name="freeDims"/> axes kept (batch and sequence), <paramref name="boundDims"/> contracted
    /// with the kernel, <paramref name="outputDims"/> made by it (and biased). Rank 3 to heads: "abc,cde->abde", bias "de".
    /// </summary>
    public static (string Equation, string BiasAxes, int OutputRank) Projection(int freeDims, int boundDims, int outputDims)
    {
        string input = "", kernel = "", output = "", bias = "";
        int offset = 0;
        for (int i = 0; i < freeDims; i++) { char c = Letter(offset + i); input += c; output += c; }
        offset += freeDims;
        for (int i = 0; i < boundDims; i++) { char c = Letter(offset + i); input += c; kernel += c; }
        offset += boundDims;
        for (int i = 0; i < outputDims; i++) { char c = Letter(offset + i); kernel += c; output += c; bias += c; }
        return ($"{input},{kernel}->{output}", bias, output.Length);
    }

    /// <summary>
    /// The scores (key, query -> scores) and the combination (scores, value -> output) for projected tensors of
    /// <paramref name="rank"/> (batch, attention axes..., heads, depth) attending over <paramref name="attentionAxes"/>.
    /// Rank 4 over axis 1: "aecd,abcd->acbe" and "acbe,aecd->abcd"; scores are (batch, heads, query axes, key axes).
    /// </summary>
    public static (string DotProduct, string Combine, int ScoresRank) Attention(int rank, int[] attentionAxes)
    {
        string target = string.Concat(Enumerable.Range(0, rank).Select(Letter));
        var batchDims = Enumerable.Range(0, rank).Where(i => !attentionAxes.Contains(i) && i != rank - 1).ToArray();
        int offset = rank;
        string source = "";
        for (int i = 0; i < rank; i++)
            source += batchDims.Contains(i) || i == rank - 1 ? target[i] : Letter(offset++);
        string product = string.Concat(batchDims.Select(i => target[i]).Concat(attentionAxes.Select(i => target[i])).Concat(attentionAxes.Select(i => source[i])));
        return ($"{source},{target}->{product}", $"{product},{source}->{target}", product.Length);
    }
}
