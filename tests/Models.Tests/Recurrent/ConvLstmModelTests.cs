using KerasSharp.Layers;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Models.Tests.Recurrent;

/// <summary>ConvLSTM2D in a model: it learns a task that needs both space and time, and saves and loads with Keras's weight paths.</summary>
[TestClass]
public sealed class ConvLstmModelTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    private const int Samples = 64, Time = 4, Size = 6;

    // A dot moving one pixel per frame, right (label 1) or left (label 0): no single frame tells the direction.
    private static (Tensor X, Tensor Y) MovingDots()
    {
        var images = new float[Samples * Time * Size * Size];
        var labels = new float[Samples];
        var rng = new Random(3);
        for (int s = 0; s < Samples; s++)
        {
            bool right = s % 2 == 0;
            labels[s] = right ? 1 : 0;
            int row = rng.Next(Size), col = right ? rng.Next(0, 2) : rng.Next(Size - 2, Size);
            for (int t = 0; t < Time; t++)
                images[((s * Time + t) * Size + row) * Size + col + (right ? t : -t)] = 1;
        }
        return (Tensor.FromArray(images, Samples, Time, Size, Size, 1), Tensor.FromArray(labels, Samples, 1));
    }

    [TestMethod]
    public void LearnsTheDirectionOfAMovingDot_SavesAndLoads()
    {
        var (x, y) = MovingDots();
        var model = new Sequential(
        [
            new Input([Time, Size, Size, 1]),
            new ConvLSTM2D(4, 3, padding: "same", kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2), name: "clstm"),
            new GlobalAveragePooling2D(),
            new Dense(1, "sigmoid", kernelInitializer: new GlorotUniform(seed: 3)),
        ]);
        model.Compile(new Optimizers.Adam(0.05), "binary_crossentropy", ["accuracy"]);
        var history = model.Fit(x, y, epochs: 30, batchSize: 16, verbose: 0);
        Assert.IsGreaterThanOrEqualTo(0.95, history["accuracy"][^1], $"accuracy {history["accuracy"][^1]}");

        using var dir = new TempFolder();
        var path = dir.File("clstm.keras");
        model.Save(path);
        var loaded = Model.Load(path);
        CollectionAssert.AreEqual(model.Predict(x).ToArray<float>(), loaded.Predict(x).ToArray<float>());
        var keys = loaded.StateDict().Keys.ToArray();
        CollectionAssert.Contains(keys, "clstm/cell/kernel");
        CollectionAssert.Contains(keys, "clstm/cell/recurrent_kernel");
        CollectionAssert.Contains(keys, "clstm/cell/bias");
    }
}
