using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>BatchNormalization's row passes (<see cref="FeatureRows"/>) against the per-row primitives they replace, bit for bit.</summary>
[TestClass]
public class FeatureRowsTests
{
    private const int Rows = 7;

    [TestMethod]
    [DataRow(64)]
    [DataRow(37)]
    [DataRow(3)]
    public void SameBitsAsThePerRowPrimitives(int f)
    {
        var x = TestUtil.RandomFloats(Rows * f, 1);
        var g = TestUtil.RandomFloats(Rows * f, 2);
        var p = TestUtil.RandomFloats(f, 3);
        var q = TestUtil.RandomFloats(f, 4);
        var r = TestUtil.RandomFloats(f, 5);
        var tmp = new float[f];

        float[] s1 = new float[f], s2 = new float[f], w1 = new float[f], w2 = new float[f];
        FeatureRows.ShiftedSums<float>(x, p, s1, s2);
        for (int o = 0; o < Rows; o++)
        {
            TensorPrimitives.Subtract(x.AsSpan(o * f, f), p, tmp);
            TensorPrimitives.Add(w1, tmp, w1);
            TensorPrimitives.FusedMultiplyAdd(tmp, tmp, w2, w2);
        }
        CollectionAssert.AreEqual(w1, s1, "shifted sums");
        CollectionAssert.AreEqual(w2, s2, "shifted sums of squares");

        s1 = new float[f]; s2 = new float[f]; w1 = new float[f]; w2 = new float[f];
        FeatureRows.GradientSums<float>(x, g, p, s1, s2);
        for (int o = 0; o < Rows; o++)
        {
            var gr = g.AsSpan(o * f, f);
            TensorPrimitives.Subtract(x.AsSpan(o * f, f), p, tmp);
            TensorPrimitives.Add(w1, gr, w1);
            TensorPrimitives.FusedMultiplyAdd(gr, tmp, w2, w2);
        }
        CollectionAssert.AreEqual(w1, s1, "gradient sums");
        CollectionAssert.AreEqual(w2, s2, "gradient products");

        var y = new float[Rows * f];
        var want = new float[Rows * f];
        FeatureRows.MultiplyAdd<float>(x, p, q, y);
        for (int o = 0; o < Rows; o++) TensorPrimitives.FusedMultiplyAdd(x.AsSpan(o * f, f), p, q, want.AsSpan(o * f, f));
        CollectionAssert.AreEqual(want, y, "x·a + b");

        FeatureRows.TwoMultiplyAdds<float>(x, g, p, q, r, y);
        for (int o = 0; o < Rows; o++)
        {
            TensorPrimitives.FusedMultiplyAdd(x.AsSpan(o * f, f), q, r, tmp);
            TensorPrimitives.FusedMultiplyAdd(g.AsSpan(o * f, f), p, tmp, want.AsSpan(o * f, f));
        }
        CollectionAssert.AreEqual(want, y, "g·a + (x·b + c)");
    }
}
