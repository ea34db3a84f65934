using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Masks;

/// <summary>Masks made by Embedding(maskZero) or Masking reach the layers that read them inside Sequential, functional and nested models.</summary>
[TestClass]
public sealed class MaskPropagationTests
{
    /// <summary>Zeroes masked steps (so a model's output shows whether the mask arrived); passes masks on.</summary>
    private sealed class ZeroMasked : Layer
    {
        public override bool SupportsMasking => true;
        public override Tensor Call(Tensor inputs, bool training) => Ops.MultiplyScalar(inputs, 1);
        public override Tensor Call(Tensor inputs, Tensor? mask, bool training) =>
            mask is null ? Call(inputs, training) : Ops.Multiply(inputs, Ops.ExpandDims(Ops.Cast(mask, inputs.DType), -1));
    }

    private static Tensor Ids => Tensor.FromArray(new[] { 3, 0, 2, 1, 0, 0 }, 2, 3);
    private static readonly bool[] Kept = [true, false, true, true, false, false];

    private static void AssertZeroWhereMasked(Tensor y, int features)
    {
        var v = y.ToArray<float>();
        for (int step = 0; step < Kept.Length; step++)
            for (int f = 0; f < features; f++)
                if (Kept[step]) Assert.AreNotEqual(0f, v[step * features + f], $"step {step} kept");
                else Assert.AreEqual(0f, v[step * features + f], $"step {step} masked");
    }

    [TestMethod]
    public void Sequential_EmbeddingMask_ReachesALaterLayer()
    {
        var model = new Sequential([new Input([3], dtype: DType.Int32), new Embedding(4, 2, new Constant(1), maskZero: true),
                                    new Dense(2, biasInitializer: new Constant(1)), new ZeroMasked()]);
        AssertZeroWhereMasked(model.Predict(Ids), 2);
        // In training too (the graph runs without freeing its intermediates).
        AssertZeroWhereMasked(model.Forward([Ids], training: true)[0], 2);
    }

    [TestMethod]
    public void Functional_AndNested_MasksFlow()
    {
        var input = new Input([3], dtype: DType.Int32);
        var x = new Embedding(4, 2, new Constant(1), maskZero: true).Apply(input);
        var inner = new Sequential([new Input([3, 2]), new Dense(2, biasInitializer: new Constant(1)), new ZeroMasked()]);
        var y = inner.Apply(x);
        var model = new Model(input, y);
        AssertZeroWhereMasked(model.Predict(Ids), 2);
        var masked = model.Forward([Ids], training: false)[0];
        CollectionAssert.AreEqual(Kept, KerasMask.Get(masked)!.ToArray<bool>(), "the nested model's output keeps its mask");
    }

    [TestMethod]
    public void MaskingLayer_InAModel()
    {
        var model = new Sequential([new Input([3, 2]), new Masking(-1), new Dense(2, biasInitializer: new Constant(1)), new ZeroMasked()]);
        var x = Tensor.FromArray(new float[] { 1, 2, -1, -1, 3, 4, 5, 6, -1, -1, -1, -1 }, 2, 3, 2);
        AssertZeroWhereMasked(model.Predict(x), 2);
    }
}
