using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Masks;

/// <summary>MultiHeadAttention inside models: its scores as a second output, masks from Embedding, saving and training.</summary>
[TestClass]
public sealed class AttentionModelTests
{
    private static (Model Model, MultiHeadAttention Mha) Build()
    {
        LayerNames.Reset();
        var ids = new Input([4], dtype: DType.Int32, name: "ids");
        var x = new Embedding(10, 6, maskZero: true).Apply(ids);
        var mha = new MultiHeadAttention(2, 3, name: "mha");
        var (y, scores) = mha.ApplyWithScores(x, x, useCausalMask: true);
        var pooled = new GlobalAveragePooling1D().Apply(y);
        var output = new Dense(2, activation: "softmax", name: "class").Apply(pooled);
        return (new Model(ids, [output, scores]), mha);
    }

    private static Tensor Ids => Tensor.FromArray(new[] { 3, 1, 0, 0, 2, 5, 4, 9 }, 2, 4);

    [TestMethod]
    public void ScoresAreASecondOutput_WithTheMaskAndCausalApplied()
    {
        var (model, _) = Build();
        Assert.HasCount(2, model.Outputs);
        Assert.AreEqual(1, model.Outputs[1].OutputIndex);
        CollectionAssert.AreEqual(new int?[] { null, 2, 4, 4 }, model.Outputs[1].Shape);
        var outputs = model.Forward([Ids], training: false);
        var s = outputs[1].ToArray<float>();
        // Sample 0, head 0: query 1 sees keys 0 and 1 (causal), query 2 is padding and sees nothing.
        Assert.AreEqual(1f, s[1 * 4 + 0] + s[1 * 4 + 1], 1e-6f);
        Assert.AreEqual(0f, s[1 * 4 + 2]);
        Assert.AreEqual(0f, s[2 * 4 + 0] + s[2 * 4 + 1] + s[2 * 4 + 2] + s[2 * 4 + 3]);
        // Sample 1 has no padding: its last query attends to all four keys.
        Assert.IsTrue(Enumerable.Range(0, 4).All(j => s[16 * 2 + 3 * 4 + j] > 0));
    }

    [TestMethod]
    public void ConfigRoundTrip_KeepsTheCallOptionsAndTheOutputIndex()
    {
        var (model, _) = Build();
        string json = model.ToJson();
        StringAssert.Contains(json, "\"use_causal_mask\":true");
        var copy = Model.FromJson(json);
        Assert.AreEqual(json, copy.ToJson());
        copy.SetWeights(model.GetWeights());
        var a = model.Forward([Ids], training: false);
        var b = copy.Forward([Ids], training: false);
        for (int i = 0; i < 2; i++) CollectionAssert.AreEqual(a[i].ToArray<float>(), b[i].ToArray<float>(), $"output {i}");
    }

    [TestMethod]
    public void Trains_AndSavesToAKerasFile()
    {
        LayerNames.Reset();
        var ids = new Input([4], dtype: DType.Int32);
        var x = new Embedding(10, 8, maskZero: true).Apply(ids);
        x = new MultiHeadAttention(2, 4).Apply(x, x);
        var output = new Dense(1, activation: "sigmoid").Apply(new GlobalAveragePooling1D().Apply(x));
        var model = new Model(ids, output);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy");
        // Label: whether token 7 occurs.
        var rng = new Random(1);
        var data = Enumerable.Range(0, 64 * 4).Select(_ => rng.Next(10)).ToArray();
        var labels = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, 4).Any(j => data[i * 4 + j] == 7) ? 1f : 0f).ToArray();
        var history = model.Fit(Tensor.FromArray(data, 64, 4), Tensor.FromArray(labels, 64, 1), batchSize: 16, epochs: 15, verbose: 0);
        var losses = history["loss"];
        Assert.IsLessThan(losses[0] * 0.9, losses[^1], $"loss {losses[0]} -> {losses[^1]}");

        string path = Path.Combine(Path.GetTempPath(), $"mha-{Guid.NewGuid():N}.keras");
        try
        {
            model.Save(path);
            var loaded = Model.Load(path);
            var input = Tensor.FromArray(data[..32], 8, 4);
            CollectionAssert.AreEqual(model.Predict(input).ToArray<float>(), loaded.Predict(input).ToArray<float>());
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void SavedCalls_UseKerasLayout_QueryAndValuePositional_KeyAndMaskByKeyword()
    {
        LayerNames.Reset();
        var q = new Input([3, 4], name: "q");
        var v = new Input([5, 4], name: "v");
        var k = new Input([5, 2], name: "k");
        var m = new Input([3, 5], dtype: DType.Bool, name: "m");
        var y = new MultiHeadAttention(2, 2, name: "mha").Apply(q, v, key: k, attentionMask: m);
        var model = new Model([q, v, k, m], y);
        string json = model.ToJson();
        // Keras writes mha(q, v, key=k, attention_mask=m) as two positional tensors and two keyword tensors.
        StringAssert.Contains(json, "\"args\":[{\"class_name\":\"__keras_tensor__\",\"config\":{\"shape\":[null,3,4],\"dtype\":\"float32\",\"keras_history\":[\"q\",0,0]}},{");
        StringAssert.Contains(json, "\"kwargs\":{\"key\":{\"class_name\":\"__keras_tensor__\"");
        StringAssert.Contains(json, "\"attention_mask\":{\"class_name\":\"__keras_tensor__\"");
        var copy = Model.FromJson(json);
        Assert.AreEqual(json, copy.ToJson());
        copy.SetWeights(model.GetWeights());
        Tensor[] data = [Ops.RandomNormal([2, 3, 4], seed: 1), Ops.RandomNormal([2, 5, 4], seed: 2), Ops.RandomNormal([2, 5, 2], seed: 3),
                         Ops.Greater(Ops.RandomUniform([2, 3, 5], seed: 4), Ops.FullLike(Ops.Zeros([1]), 0.3))];
        CollectionAssert.AreEqual(model.Forward(data, false)[0].ToArray<float>(), copy.Forward(data, false)[0].ToArray<float>());
        // An option the layer does not take is refused, naming the ones it does.
        var bad = json.Replace("\"use_causal_mask\":false", "\"use_causal_mask\":false,\"is_causal\":true", StringComparison.Ordinal);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Model.FromJson(bad));
        StringAssert.Contains(e.Message, "takes no call option 'is_causal'; it takes 'use_causal_mask', 'return_attention_scores'");
    }

    [TestMethod]
    public void WeightPaths_FollowKerasAttributeNames()
    {
        var (model, _) = Build();
        var keys = model.StateDict().Select(kv => kv.Key).Where(k => k.StartsWith("mha/", StringComparison.Ordinal)).ToArray();
        // Keras 3 saves MultiHeadAttention's sub-layers under its query_dense, key_dense, value_dense and output_dense properties.
        CollectionAssert.AreEquivalent(new[]
        {
            "mha/query_dense/kernel", "mha/query_dense/bias", "mha/key_dense/kernel", "mha/key_dense/bias",
            "mha/value_dense/kernel", "mha/value_dense/bias", "mha/output_dense/kernel", "mha/output_dense/bias",
        }, keys);
    }

    [TestMethod]
    public void ReadmeExample_BuildsAndRuns()
    {
        var ids = new Input([64], dtype: DType.Int32);
        var x = new Embedding(20000, 128, maskZero: true).Apply(ids);
        x = new MultiHeadAttention(numHeads: 4, keyDim: 32).Apply(x, x);
        var (y, scores) = new MultiHeadAttention(4, 32).ApplyWithScores(x, x, useCausalMask: true);
        var output = new Dense(2, activation: "softmax").Apply(new GlobalAveragePooling1D().Apply(y));
        var model = new Model(ids, [output, scores]);
        var batch = Tensor.FromArray(Enumerable.Range(0, 2 * 64).Select(i => i % 64 < 40 ? 1 + i % 7 : 0).ToArray(), 2, 64);
        var result = model.Forward([batch], training: false);
        CollectionAssert.AreEqual(new[] { 2, 2 }, result[0].Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 4, 64, 64 }, result[1].Shape.ToArray());
        Assert.IsFalse(result[0].ToArray<float>().Any(float.IsNaN));
    }

    [TestMethod]
    public void ANestedModelWithTwoOutputs_GivesBoth_ThroughApplyAll()
    {
        var (inner, _) = Build();
        var ids = new Input([4], dtype: DType.Int32);
        var outs = inner.ApplyAll(ids);
        Assert.HasCount(2, outs);
        CollectionAssert.AreEqual(new int?[] { null, 2 }, outs[0].Shape);
        CollectionAssert.AreEqual(new int?[] { null, 2, 4, 4 }, outs[1].Shape);
        var outer = new Model(ids, [outs[1], outs[0]]);
        var a = inner.Forward([Ids], training: false);
        var b = outer.Forward([Ids], training: false);
        CollectionAssert.AreEqual(a[1].ToArray<float>(), b[0].ToArray<float>());
        CollectionAssert.AreEqual(a[0].ToArray<float>(), b[1].ToArray<float>());
        var eager = inner.ApplyAll([Ids]);
        CollectionAssert.AreEqual(a[1].ToArray<float>(), eager[1].ToArray<float>());
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => inner.Apply(ids));
        StringAssert.Contains(e.Message, "has 2 outputs here; ApplyAll returns them all");
        var copy = Model.FromJson(outer.ToJson());
        Assert.AreEqual(outer.ToJson(), copy.ToJson());
    }
}
