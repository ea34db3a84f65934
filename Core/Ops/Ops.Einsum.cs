namespace KerasSharp;

public static partial class Ops
{
    /// <summary>
    /// Einstein summation, as NumPy's <c>einsum</c>: <c>Einsum("bij,bjk->bik", a, b)</c> is a batched matmul,
    /// <c>"ij->ji"</c> a transpose, <c>"ij->i"</c> a row sum, <c>"ii->i"</c> a diagonal, <c>"ii"</c> a trace.
    /// </summary>
    /// <param name="equation">
    /// Comma-separated subscripts, one term per operand, of letters a-z and A-Z (one per axis), then optionally
    /// <c>-&gt;</c> and the output's subscripts. Without <c>-&gt;</c> the output is NumPy's implicit one: the <c>...</c>
    /// axes, then the letters used exactly once, in alphabetical order. A letter summed over is one that appears in the
    /// inputs but not the output. <c>...</c> stands for the remaining axes of an operand; they broadcast across operands
    /// (aligned from the right) and must appear in an explicit output. A letter repeated within one operand takes that
    /// operand's diagonal. Size-1 axes broadcast against the same letter's size elsewhere. Spaces are ignored.
    /// </param>
    /// <param name="operands">One or more floating tensors, one per term (mixed float32 and float64 give float64).</param>
    /// <returns>The result, with one axis per output letter (and <c>...</c> axes), in the output's order.</returns>
    /// <remarks>
    /// Built from Transpose, Reshape, Sum, Slice and batched MatMul, so it is differentiable (to any order) and runs on
    /// every backend. Operands are contracted from left to right; each contraction is one batched matrix product, and
    /// a letter needed by no later operand and not by the output is summed out first.
    /// </remarks>
    /// <exception cref="ArgumentException">The equation is malformed or does not match the operands' ranks, a letter's
    /// sizes differ, the output names a letter no input has, or an operand is not floating.</exception>
    public static Tensor Einsum(string equation, params Tensor[] operands)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Length == 0) throw new ArgumentException($"einsum: '{equation}' was given no operands.");
        for (int i = 0; i < operands.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(operands[i], $"{nameof(operands)}[{i}]");
            if (!operands[i].DType.IsFloating())
                throw new ArgumentException($"einsum: operand {i} has dtype {operands[i].DType.Name()} (shape {operands[i].Shape}); einsum needs float32 or float64 operands (cast with Ops.Cast).");
            if (i > 0) BackendOf("einsum", operands[0], operands[i]);
        }
        var eq = EinsumEquation.Parse(equation, operands.Select(o => o.Shape).ToArray());
        var terms = new List<EinsumTerm>(operands.Length);
        for (int i = 0; i < operands.Length; i++) terms.Add(EinsumTerm.Diagonals(operands[i], eq.Inputs[i]));

        var result = terms[0];
        for (int i = 1; i < terms.Count; i++)
        {
            // Letters still needed after this contraction: the output's and those of the operands not yet reached.
            var later = new HashSet<int>(eq.Output);
            for (int j = i + 1; j < terms.Count; j++) later.UnionWith(terms[j].Labels);
            var right = terms[i];
            var left = result.SumOut(l => !later.Contains(l) && !right.Labels.Contains(l));
            right = right.SumOut(l => !later.Contains(l) && !left.Labels.Contains(l));
            result = EinsumTerm.Contract(left, right, later, eq);
        }
        var output = new HashSet<int>(eq.Output);
        result = result.SumOut(l => !output.Contains(l));
        return result.Arrange(eq.Output, eq.Sizes);
    }
}
