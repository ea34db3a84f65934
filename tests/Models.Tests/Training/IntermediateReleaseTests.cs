using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Training;

/// <summary>
/// A functional graph run with no recording tape frees each intermediate as soon as its last reader ran; under a
/// tape (which watches nothing here) it keeps them all, as the backward pass may need them.
/// </summary>
[TestClass]
public sealed class IntermediateReleaseTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(221);
    }

    private static Tensor Reference(Model model, Tensor x)
    {
        using var tape = new GradientTape(watchAccessedVariables: false);
        return model.Forward([x], false)[0];
    }

    [TestMethod]
    public void PredictOnBatchFreesTheStepsIntermediates()
    {
        var input = new Input([9, 8, 3]);
        var hidden = new Conv2D(4, 3, activation: "relu").Apply(new ZeroPadding2D(1).Apply(input));
        var model = new Model(input, new Dense(2).Apply(new GlobalAveragePooling2D().Apply(hidden)));
        using var x = Ops.RandomUniform([2, 9, 8, 3], -1, 1, seed: 215);
        model.PredictOnBatch(x).Dispose();
        long before = Tensor.LiveCount;
        using var y = model.PredictOnBatch(x);
        Assert.AreEqual(before + 1, Tensor.LiveCount, "only the prediction itself stays alive");
    }

    [TestMethod]
    public void IntermediatesAreFreedOnceTheirLastReaderRanAndOnlyThen()
    {
        long observed = 0;
        var input = new Input([16]);
        var x = new Dense(16).Apply(input);
        var skip = x;
        // one op, one tensor per layer, with or without a tape
        for (int i = 0; i < 9; i++) x = new Activation("tanh").Apply(x);
        x = new Add().Apply(x, skip);
        x = new Lambda(t => { observed = Tensor.LiveCount; return t; }).Apply(x);
        var model = new Model(input, x);
        using var data = Ops.RandomUniform([4, 16], -1, 1, seed: 216);
        float[] expected, actual;
        long withTape, withoutTape;
        using (var scope = new TensorScope())
        {
            long start = Tensor.LiveCount;
            expected = Reference(model, data).ToArray<float>();
            withTape = observed - start;
        }
        using (var scope = new TensorScope())
        {
            long start = Tensor.LiveCount;
            actual = model.Forward([data], false)[0].ToArray<float>();
            withoutTape = observed - start;
        }
        // the skip connection is read after nine more layers: freeing it early would break the sum
        CollectionAssert.AreEqual(expected, actual);
        // under the tape the nine tanh outputs and the sum are alive at the end; without it only the sum
        Assert.IsLessThanOrEqualTo(withTape - 8, withoutTape, $"alive at the end: {withoutTape} without a tape, {withTape} with one");
    }

    [TestMethod]
    public void TensorsMadeBeforeTheRunAndModelInputsSurviveIt()
    {
        using var constant = Ops.Full([3, 4], 2.0);
        var input = new Input([4]);
        var same = new Lambda(t => t).Apply(input);
        var fixedValue = new Lambda(t => constant).Apply(same);
        var model = new Model(input, new Add().Apply(fixedValue, same));
        using var x = Ops.RandomUniform([3, 4], -1, 1, seed: 217);
        using (var scope = new TensorScope()) model.Forward([x], false);
        using (var scope = new TensorScope()) model.Forward([x], false);
        Assert.IsFalse(constant.IsDisposed, "a tensor made before the run is not the run's to free");
        Assert.IsFalse(x.IsDisposed, "nor is the model's input");
        CollectionAssert.AreEqual(Enumerable.Repeat(2f, 12).ToArray(), constant.ToArray<float>());
    }
}
