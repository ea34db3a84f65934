using System.Numerics.Tensors;

namespace KerasSharp.Backends.Native.Tests;

/// <summary>
/// The elementwise loops that replaced TensorPrimitives on the hot paths (so they run optimised from a fresh
/// process's first call) give TensorPrimitives' values bit for bit: every length's tail, in place, NaN and -0.
/// </summary>
[TestClass]
public class SimdArithmeticTests
{
    private static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var specials = new[] { float.NaN, -0f, 0f, float.PositiveInfinity, float.NegativeInfinity, 1e-40f, -3.5f };
        return Enumerable.Range(0, n).Select(i => i % 7 == 3 ? specials[rng.Next(specials.Length)] : (float)(rng.NextDouble() * 4 - 2)).ToArray();
    }

    [TestMethod]
    public void BinaryLoopsMatchTensorPrimitives()
    {
        foreach (int n in new[] { 0, 1, 7, 8, 9, 31, 64, 1000 })
        {
            var a = Values(n, n);
            var b = Values(n, n + 1);
            float s = b.Length > 0 ? b[0] : 1.5f;
            void Check(string what, float[] expected, float[] actual) =>
                CollectionAssert.AreEqual(expected.Select(BitConverter.SingleToInt32Bits).ToArray(), actual.Select(BitConverter.SingleToInt32Bits).ToArray(), $"{what} n={n}");
            float[] Tp(Action<float[]> f) { var d = new float[n]; f(d); return d; }
            float[] Ours<TOp>(int form) where TOp : IVectorOp<float>
            {
                var d = new float[n];
                if (form == 0) SimdArithmetic.Run<float, TOp>(a, b, d);
                else if (form == 1) SimdArithmetic.Run<float, TOp>(a, s, d);
                else SimdArithmetic.Run<float, TOp>(s, b, d);
                return d;
            }
            Check("add", Tp(d => TensorPrimitives.Add(a, b, d)), Ours<VectorAdd<float>>(0));
            Check("add scalar", Tp(d => TensorPrimitives.Add(a, s, d)), Ours<VectorAdd<float>>(1));
            Check("subtract", Tp(d => TensorPrimitives.Subtract(a, b, d)), Ours<VectorSubtract<float>>(0));
            Check("scalar subtract", Tp(d => TensorPrimitives.Subtract(s, b, d)), Ours<VectorSubtract<float>>(2));
            Check("multiply", Tp(d => TensorPrimitives.Multiply(a, b, d)), Ours<VectorMultiply<float>>(0));
            Check("divide", Tp(d => TensorPrimitives.Divide(a, b, d)), Ours<VectorDivide<float>>(0));
            Check("scalar divide", Tp(d => TensorPrimitives.Divide(s, b, d)), Ours<VectorDivide<float>>(2));
            Check("max", Tp(d => TensorPrimitives.Max(a, b, d)), Ours<VectorMax<float>>(0));
            var inPlace = (float[])a.Clone();
            SimdArithmetic.Run<float, VectorMultiply<float>>(inPlace, b, inPlace);
            Check("multiply in place", Tp(d => TensorPrimitives.Multiply(a, b, d)), inPlace);
            if (n > 0) Assert.AreEqual(BitConverter.SingleToInt32Bits(TensorPrimitives.Max<float>(a)), BitConverter.SingleToInt32Bits(SimdArithmetic.Max<float>(a)), $"max of n={n}");
        }
    }

    [TestMethod]
    public void MaxOfARunHasNaNWinAndPositiveZeroAboveNegative()
    {
        Assert.IsTrue(float.IsNaN(SimdArithmetic.Max<float>([1, 2, 3, 4, 5, 6, 7, 8, float.NaN, 0])));
        Assert.IsTrue(float.IsNaN(SimdArithmetic.Max<float>([float.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9])));
        Assert.IsFalse(float.IsNegative(SimdArithmetic.Max<float>([-0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, 0f, -1f])));
        Assert.AreEqual(-1, SimdArithmetic.Max<int>([-5, -1, -7]));
    }
}
