namespace KerasSharp.Tests;

/// <summary>
/// <see cref="Ops.Einsum"/> against a naive host einsum (a loop over every assignment of the letters), hand-checked
/// special cases, and bad equations.
/// </summary>
[TestClass]
public sealed class EinsumTests
{
    /// <summary>
    /// The reference: for every assignment of the letters, add the product of the operands' entries to the output entry.
    /// Letters only, explicit output; size-1 axes broadcast.
    /// </summary>
    private static double[] Naive(string equation, Tensor[] operands, out int[] outShape)
    {
        var parts = equation.Split("->");
        var terms = parts[0].Split(',');
        var letters = new Dictionary<char, int>();
        for (int i = 0; i < terms.Length; i++)
            for (int a = 0; a < terms[i].Length; a++)
                letters[terms[i][a]] = Math.Max(letters.GetValueOrDefault(terms[i][a], 1), operands[i].Shape[a]);
        var all = letters.Keys.ToArray();
        outShape = [.. parts[1].Select(c => letters[c])];
        var data = operands.Select(o => o.ToArray<double>()).ToArray();
        var result = new double[outShape.Aggregate(1, (p, d) => p * d)];
        var index = new int[all.Length];
        while (true)
        {
            int Pos(char c) => index[Array.IndexOf(all, c)];
            double product = 1;
            for (int i = 0; i < terms.Length; i++)
            {
                int flat = 0;
                for (int a = 0; a < terms[i].Length; a++)
                {
                    int size = operands[i].Shape[a];
                    flat = flat * size + (size == 1 ? 0 : Pos(terms[i][a]));
                }
                product *= data[i][flat];
            }
            int o = 0;
            for (int a = 0; a < parts[1].Length; a++) o = o * outShape[a] + Pos(parts[1][a]);
            if (result.Length > 0) result[o] += product;
            int d = all.Length - 1;
            while (d >= 0 && ++index[d] == letters[all[d]]) index[d--] = 0;
            if (d < 0) break;
        }
        return result;
    }

    private static Tensor R(int seed, params int[] shape) => Ops.RandomNormal(shape, dtype: DType.Float64, seed: seed);

    /// <summary>Equations as Keras's MultiHeadAttention and EinsumDense use them, and the classic forms.</summary>
    [TestMethod]
    [DataRow("abc,cde->abde", new[] { 2, 3, 4 }, new[] { 4, 5, 6 }, DisplayName = "dense to heads abc,cde->abde")]
    [DataRow("aecd,abcd->acbe", new[] { 2, 5, 3, 4 }, new[] { 2, 6, 3, 4 }, DisplayName = "attention scores aecd,abcd->acbe")]
    [DataRow("acbe,aecd->abcd", new[] { 2, 3, 6, 5 }, new[] { 2, 5, 3, 4 }, DisplayName = "attention output acbe,aecd->abcd")]
    [DataRow("abcd,cde->abe", new[] { 2, 3, 4, 5 }, new[] { 4, 5, 6 }, DisplayName = "heads to dense abcd,cde->abe")]
    [DataRow("ij,jk->ik", new[] { 3, 4 }, new[] { 4, 5 }, DisplayName = "matmul ij,jk->ik")]
    [DataRow("bij,bjk->bik", new[] { 2, 3, 4 }, new[] { 2, 4, 5 }, DisplayName = "batched matmul bij,bjk->bik")]
    [DataRow("ij,kj->ik", new[] { 3, 4 }, new[] { 5, 4 }, DisplayName = "matmul by a transpose ij,kj->ik")]
    [DataRow("ij,jk->ki", new[] { 3, 4 }, new[] { 4, 5 }, DisplayName = "transposed result ij,jk->ki")]
    [DataRow("i,j->ij", new[] { 3 }, new[] { 4 }, DisplayName = "outer i,j->ij")]
    [DataRow("ij,ij->ij", new[] { 2, 1 }, new[] { 2, 3 }, DisplayName = "broadcast size 1 ij,ij->ij")]
    [DataRow("ij,ij->", new[] { 3, 4 }, new[] { 3, 4 }, DisplayName = "full contraction ij,ij->")]
    [DataRow("bik,bjk->bji", new[] { 2, 3, 4 }, new[] { 2, 5, 4 }, DisplayName = "bik,bjk->bji")]
    [DataRow("abc,bd->dca", new[] { 2, 3, 4 }, new[] { 3, 5 }, DisplayName = "abc,bd->dca")]
    [DataRow("abc,abc->b", new[] { 2, 3, 4 }, new[] { 2, 3, 4 }, DisplayName = "abc,abc->b")]
    public void TwoOperands_MatchTheNaiveSum(string equation, int[] a, int[] b)
    {
        Tensor[] x = [R(1, a), R(2, b)];
        var expected = Naive(equation, x, out var shape);
        TensorAssert.AreClose(expected, shape, Ops.Einsum(equation, x), 1e-12);
    }

    [TestMethod]
    [DataRow("ij->ji", new[] { 3, 4 }, DisplayName = "transpose")]
    [DataRow("ij->i", new[] { 3, 4 }, DisplayName = "row sums")]
    [DataRow("ijk->", new[] { 2, 3, 4 }, DisplayName = "total")]
    [DataRow("ii->i", new[] { 4, 4 }, DisplayName = "diagonal")]
    [DataRow("ii->", new[] { 4, 4 }, DisplayName = "trace")]
    [DataRow("iji->ij", new[] { 3, 2, 3 }, DisplayName = "diagonal of non-adjacent axes")]
    [DataRow("iii->i", new[] { 3, 3, 3 }, DisplayName = "triple diagonal")]
    [DataRow("ijkl->ljk", new[] { 2, 3, 4, 5 }, DisplayName = "sum and permute")]
    public void OneOperand_MatchesTheNaiveSum(string equation, int[] a)
    {
        Tensor[] x = [R(3, a)];
        var expected = Naive(equation, x, out var shape);
        TensorAssert.AreClose(expected, shape, Ops.Einsum(equation, x), 1e-12);
    }

    [TestMethod]
    [DataRow("ab,bc,cd->ad", new[] { 2, 3 }, new[] { 3, 4 }, new[] { 4, 5 }, DisplayName = "chain ab,bc,cd->ad")]
    [DataRow("i,j,k->ijk", new[] { 2 }, new[] { 3 }, new[] { 4 }, DisplayName = "triple outer")]
    [DataRow("bij,bjk,bk->bi", new[] { 2, 3, 4 }, new[] { 2, 4, 5 }, new[] { 2, 5 }, DisplayName = "bij,bjk,bk->bi")]
    [DataRow("ac,bc,c->ab", new[] { 2, 3 }, new[] { 4, 3 }, new[] { 3 }, DisplayName = "weighted inner products ac,bc,c->ab")]
    public void ThreeOperands_MatchTheNaiveSum(string equation, int[] a, int[] b, int[] c)
    {
        Tensor[] x = [R(4, a), R(5, b), R(6, c)];
        var expected = Naive(equation, x, out var shape);
        TensorAssert.AreClose(expected, shape, Ops.Einsum(equation, x), 1e-12);
    }

    [TestMethod]
    public void Ellipsis_BroadcastsLeadingAxes()
    {
        var a = R(7, 2, 1, 3, 4);
        var b = R(8, 5, 4, 2);
        TensorAssert.AreClose(Ops.MatMul(a, b).ToArray<double>(), [2, 5, 3, 2], Ops.Einsum("...ij,...jk->...ik", a, b), 1e-12);
        // In the middle, and on a rank with no leading axes at all.
        var c = R(9, 3, 2, 5, 4);
        TensorAssert.AreClose(Ops.Transpose(c, [1, 2, 3, 0]).ToArray<double>(), [2, 5, 4, 3], Ops.Einsum("i...j->...ji", c), 1e-15);
        var m = R(10, 3, 4);
        TensorAssert.AreClose(m.ToArray<double>(), [3, 4], Ops.Einsum("...ij->...ij", m), 1e-15);
    }

    [TestMethod]
    public void ImplicitOutput_IsTheLettersUsedOnce_Sorted()
    {
        var m = R(11, 3, 4);
        TensorAssert.AreClose(Ops.Transpose(m).ToArray<double>(), [4, 3], Ops.Einsum("ji", m), 1e-15);
        var v = R(12, 4);
        TensorAssert.AreClose([Ops.Sum(Ops.Multiply(v, v)).Item<double>()], [], Ops.Einsum("i,i", v, v), 1e-12);
        TensorAssert.AreClose(Ops.MatMul(m, R(13, 4, 2)).ToArray<double>(), [3, 2], Ops.Einsum("ij,jk", m, R(13, 4, 2)), 1e-12);
        // '...' comes first, then 'B' before 'a' (ASCII order, as NumPy).
        var t = R(14, 2, 3, 5);
        TensorAssert.AreClose(Ops.Transpose(t, [0, 2, 1]).ToArray<double>(), [2, 5, 3], Ops.Einsum("...aB", t), 1e-15);
    }

    [TestMethod]
    public void MixedFloatTypes_GiveFloat64()
    {
        var y = Ops.Einsum("ij,jk->ik", Ops.Ones([2, 3]), Ops.Ones([3, 2], DType.Float64));
        TensorAssert.AreClose([3.0, 3, 3, 3], [2, 2], y);
    }

    [TestMethod]
    public void BadEquations_SayWhatIsWrong()
    {
        var a = Ops.Zeros([2, 3]);
        var b = Ops.Zeros([4, 5]);
        void Fails(string expected, Func<Tensor> call) =>
            Assert.AreEqual(expected, Assert.ThrowsExactly<ArgumentException>(() => call()).Message);

        Fails("einsum: 'j' has size 3 in operand 0 (shape [2,3]) and size 4 in operand 1 (shape [4,5]) in 'ij,jk->ik'.",
              () => Ops.Einsum("ij,jk->ik", a, b));
        Fails("einsum: the equation 'ij,jk->ik' names 2 operand(s) but 1 were given.", () => Ops.Einsum("ij,jk->ik", a));
        Fails("einsum: operand 1 has shape [4,5] (rank 2) but its subscripts 'k' name 1 axis.", () => Ops.Einsum("ij,k->ik", a, b));
        Fails("einsum: operand 0 has shape [2,3] (rank 2) but its subscripts 'ijk...' name 3 axes besides '...'.", () => Ops.Einsum("ijk...->ijk", a));
        Fails("einsum: invalid character '1' in 'i1->i'; subscripts are the letters a-z and A-Z, '...', ',' and '->'.", () => Ops.Einsum("i1->i", a));
        Fails("einsum: the output 'iz' of 'ij->iz' has 'z', which no input has.", () => Ops.Einsum("ij->iz", a));
        Fails("einsum: the output 'ii' of 'ij->ii' repeats 'i'.", () => Ops.Einsum("ij->ii", a));
        Fails("einsum: the equation 'ij->i->j' has more than one '->'.", () => Ops.Einsum("ij->i->j", a));
        Fails("einsum: '...i...' in '...i...->i' has more than one '...'.", () => Ops.Einsum("...i...->i", a));
        Fails("einsum: 'i.j' in 'i.j->ij' has a '.' that is not part of '...'.", () => Ops.Einsum("i.j->ij", a));
        Fails("einsum: in '...j->j' the inputs' '...' stands for 1 axis but the output 'j' has no '...' to put it.", () => Ops.Einsum("...j->j", a));
        Fails("einsum: 'i' repeats in operand 0's subscripts 'ii' (a diagonal) but its axes have sizes 2 and 3 (shape [2,3]).", () => Ops.Einsum("ii->i", a));
        Fails("einsum: the '...' axes of operand 0 (shape [2,3,4]) and operand 1 (shape [3,4,4]) do not broadcast in '...ij,...jk->...ik'.",
              () => Ops.Einsum("...ij,...jk->...ik", Ops.Zeros([2, 3, 4]), Ops.Zeros([3, 4, 4])));
        Fails("einsum: operand 1 has dtype int32 (shape [3]); einsum needs float32 or float64 operands (cast with Ops.Cast).",
              () => Ops.Einsum("ij,j->i", a, Ops.Zeros([3], DType.Int32)));
        Fails("einsum: 'ij' was given no operands.", () => Ops.Einsum("ij"));
    }
}
