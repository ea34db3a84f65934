using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Backends.Torch.Tests;

/// <summary>A model saved on one backend loads on the other with predictions within 1e-6.</summary>
[TestClass]
public sealed class CrossBackendSavingTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("native", "torch")]
    [DataRow("torch", "native")]
    public void SavedOnOneBackend_PredictsAlikeOnTheOther(string from, string to)
    {
        var dir = Path.Combine(Path.GetTempPath(), "ks-xb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Backend.Set(from);
            var image = new Input([8, 8, 3], name: "image");
            var h = new Conv2D(4, 3, padding: "same", activation: "relu").Apply(image);
            h = new BatchNormalization().Apply(h);
            h = new MaxPooling2D(2).Apply(h);
            h = new Flatten().Apply(h);
            var output = new Dense(5, activation: "softmax").Apply(new Dropout(0.2).Apply(h));
            var model = new Model(inputs: image, outputs: output);
            model.Compile("adam", "sparse_categorical_crossentropy");
            var x = Ops.RandomUniform([6, 8, 8, 3], seed: 2);
            model.Fit(x, Tensor.FromArray(new long[] { 0, 1, 2, 3, 4, 0 }), batchSize: 3, verbose: 0);
            var expected = model.Predict(x).ToArray<float>();
            var path = Path.Combine(dir, "m.keras");
            model.Save(path);

            Backend.Set(to);
            var loaded = Model.Load(path);
            Assert.AreEqual(to, loaded.Weights[0].Backend.Name);
            var actual = loaded.Predict(Tensor.FromArray(x.ToArray<float>(), 6, 8, 8, 3)).ToArray<float>();
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-6, $"{from} -> {to}: output {i}");
            Assert.AreEqual(model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
