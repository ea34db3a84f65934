using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Models.Tests.Saving;

[TestClass]
public sealed class ModelConfigTests
{
    private static Tensor Data(params int[] shape) => Ops.RandomUniform(shape, -1, 1, seed: 7);

    private static void AssertSameOutputs(Model a, Model b, params Tensor[] x)
    {
        b.LoadStateDict(a.StateDict());
        var ya = a.PredictAll(x);
        var yb = b.PredictAll(x);
        Assert.AreEqual(ya.Length, yb.Length);
        for (int i = 0; i < ya.Length; i++) CollectionAssert.AreEqual(ya[i].ToArray<float>(), yb[i].ToArray<float>());
    }

    [TestMethod]
    public void Sequential_RoundTripsThroughJson()
    {
        var model = new Sequential([new Input([6]), new Dense(5, activation: "relu"), new Dropout(0.3), new Dense(2, activation: "softmax")]);
        var json = model.ToJson();
        StringAssert.StartsWith(json, "{\"module\":\"keras\",\"class_name\":\"Sequential\"");
        StringAssert.Contains(json, "\"class_name\":\"InputLayer\"");
        StringAssert.Contains(json, "\"build_input_shape\":[null,6]");
        var back = Model.FromJson(json);
        Assert.IsInstanceOfType<Sequential>(back);
        Assert.AreEqual(json, back.ToJson());
        AssertSameOutputs(model, back, Data(3, 6));
    }

    [TestMethod]
    public void Functional_WithTwoInputsTwoOutputsSharedAndNested_RoundTrips()
    {
        var inner = new Sequential([new Input([4]), new Dense(4, activation: "tanh")], name: "inner");
        var a = new Input([4], name: "a");
        var b = new Input([4], name: "b");
        var shared = new Dense(4, name: "shared");
        var ha = shared.Apply(inner.Apply(a));
        var hb = shared.Apply(b);
        var joined = new Concatenate().Apply(ha, hb);
        var cls = new Dense(3, activation: "softmax", name: "cls").Apply(joined);
        var val = new Dense(1, name: "val").Apply(new Add().Apply(ha, hb));
        var model = new Model(inputs: [a, b], outputs: [cls, val], name: "two_heads");

        var json = model.ToJson();
        StringAssert.Contains(json, "\"class_name\":\"Functional\"");
        StringAssert.Contains(json, "\"keras_history\":[\"shared\",1,0]");
        var back = Model.FromJson(json);
        Assert.AreEqual(json, back.ToJson());
        CollectionAssert.AreEqual(model.StateDict().Keys.ToList(), back.StateDict().Keys.ToList());
        AssertSameOutputs(model, back, Data(2, 4), Data(2, 4));
    }

    [TestMethod]
    public void StateDict_KeysDoNotDependOnWhatWasBuiltBefore()
    {
        static Sequential Build() => new([new Input([3]), new Dense(4), new Dense(2), new Dense(1, name: "head")]);
        var first = Build();
        for (int i = 0; i < 5; i++) _ = new Dense(1);
        var second = Build();
        var keys = first.StateDict().Keys.ToList();
        CollectionAssert.AreEqual(new[] { "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "head/kernel", "head/bias" }, keys);
        CollectionAssert.AreEqual(keys, second.StateDict().Keys.ToList());
    }

    [TestMethod]
    public void LoadStateDict_Strict_ListsProblemsAndAssignsNothing()
    {
        var model = new Sequential([new Input([3]), new Dense(2), new Dense(1)]);
        var before = model.GetWeights().Select(w => w.ToArray<float>()).ToList();
        var dict = new Dictionary<string, Tensor>
        {
            ["dense/kernel"] = Ops.Ones([3, 2]),
            ["dense/bias"] = Ops.Ones([5]),
            ["extra/kernel"] = Ops.Ones([1]),
        };
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.LoadStateDict(dict));
        StringAssert.Contains(e.Message, "'dense/bias' is [2] in the model but [5]");
        StringAssert.Contains(e.Message, "dense_1/kernel");
        StringAssert.Contains(e.Message, "extra/kernel");
        var after = model.GetWeights().Select(w => w.ToArray<float>()).ToList();
        for (int i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], after[i]);

        dict["dense/bias"] = Ops.Ones([2], DType.Float64);
        var result = model.LoadStateDict(dict, strict: false);
        CollectionAssert.AreEqual(new[] { "dense_1/kernel", "dense_1/bias" }, result.MissingKeys.ToList());
        CollectionAssert.AreEqual(new[] { "extra/kernel" }, result.UnexpectedKeys.ToList());
        CollectionAssert.AreEqual(new float[] { 1, 1 }, model.GetLayer(0).Weights[1].ToArray<float>());
        Assert.AreEqual(DType.Float32, model.GetLayer(0).Weights[1].DType);
    }

    [TestMethod]
    public void CloneModel_SameArchitectureFreshWeights()
    {
        var model = new Sequential([new Input([3]), new Dense(4), new Dense(1)]);
        model.Compile("adam", "mse");
        var clone = Model.CloneModel(model);
        Assert.IsFalse(clone.IsCompiled);
        CollectionAssert.AreEqual(model.StateDict().Keys.ToList(), clone.StateDict().Keys.ToList());
        CollectionAssert.AreNotEqual(model.GetWeights()[0].ToArray<float>(), clone.GetWeights()[0].ToArray<float>());
    }

    [TestMethod]
    public void CompileConfig_RoundTripsDictionariesByOutput()
    {
        var x = new Input([4]);
        var cls = new Dense(3, activation: "softmax", name: "cls").Apply(x);
        var val = new Dense(1, name: "val").Apply(x);
        var model = new Model(inputs: x, outputs: [cls, val]);
        model.Compile(optimizer: new KerasSharp.Optimizers.Adam(learningRate: 0.01),
                      loss: new Dictionary<string, KerasSharp.Losses.Loss> { ["cls"] = "sparse_categorical_crossentropy", ["val"] = "mse" },
                      metrics: new Dictionary<string, MetricArg[]> { ["cls"] = ["accuracy"], ["val"] = ["mae"] },
                      lossWeights: new Dictionary<string, double> { ["val"] = 0.5 });
        var back = Model.FromJson(model.ToJson());
        Assert.IsTrue(back.IsCompiled);
        Assert.AreEqual(0.01, back.Optimizer!.CurrentLearningRate, 1e-12);
        Assert.AreEqual(model.ToJson(), back.ToJson());
        var logs = back.Evaluate([Data(5, 4)], [Tensor.FromArray(new long[] { 0, 1, 2, 0, 1 }), Data(5, 1)]);
        CollectionAssert.IsSubsetOf(new[] { "loss", "cls_loss", "val_loss", "cls_accuracy", "val_mae" }, logs.Keys.ToList());
    }

    [TestMethod]
    public void Compile_UnknownOutputInDictionary_FailsNamingTheOutputs()
    {
        var x = new Input([4]);
        var model = new Model(inputs: x, outputs: new Dense(1, name: "out").Apply(x));
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            model.Compile("sgd", new Dictionary<string, KerasSharp.Losses.Loss> { ["outt"] = "mse" }));
        StringAssert.Contains(e.Message, "'outt'");
        StringAssert.Contains(e.Message, "'out'");
    }

    [TestMethod]
    public void MetricShapeError_NamesTheOutput()
    {
        var x = new Input([4]);
        var model = new Model(inputs: x, outputs: [new Dense(3, name: "cls").Apply(x), new Dense(2, name: "box").Apply(x)]);
        model.Compile("sgd", ["mse", "mse"], metrics: new MetricArg[][] { [], ["sparse_categorical_accuracy"] });
        var e = Assert.ThrowsExactly<ArgumentException>(() => model.TrainOnBatch([Data(5, 4)], [Data(5, 3), Data(5, 2)]));
        StringAssert.Contains(e.Message, "output 'box'");
        StringAssert.Contains(e.Message, "sparse_categorical_accuracy");
    }
}
