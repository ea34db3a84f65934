using KerasSharp.Backends.Native.Gpu;
using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Placement;

/// <summary>
/// Models on the emulated GPU (ILGPU's CPU accelerator running the native backend's GPU kernels): placement of
/// weights, optimizer state and random masks, and Fit / Evaluate / Predict end to end with flat device memory.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class EmulatedTrainingTests
{
    private static readonly Device Emu = Device.Emulated;

    [TestInitialize]
    public void Init() => LayerNames.Reset();

    private static Sequential Mlp() => new(
    [
        new Input([6, 6]),
        new Flatten(),
        new Dense(32, "relu", kernelInitializer: new GlorotUniform(seed: 1)),
        new Dropout(0.2, seed: 2),
        new Dense(4, "softmax", kernelInitializer: new GlorotUniform(seed: 3)),
    ]);

    // Four classes, each a bright quadrant of a 6x6 image plus noise.
    private static (Tensor X, Tensor Y) Data(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 36];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(4);
            y[i] = c;
            for (int r = 0; r < 6; r++)
                for (int col = 0; col < 6; col++)
                {
                    bool bright = (r < 3) == (c < 2) && (col < 3) == (c % 2 == 0);
                    x[i * 36 + r * 6 + col] = (bright ? 0.8f : 0.1f) + (float)(rng.NextDouble() * 0.3);
                }
        }
        return (Tensor.FromArray(x, n, 6, 6), Tensor.FromArray(y, n));
    }

    [TestMethod]
    public void ModelToMovesWeightsAndOptimizerStateAndLaterWeightsFollow()
    {
        var model = Mlp();
        model.Compile(optimizer: new Optimizers.Adam(0.01), loss: "sparse_categorical_crossentropy");
        model.To(Emu);
        Assert.IsTrue(model.Weights.All(w => w.Device == Emu), "every weight is on the emulated device");
        Assert.IsTrue(model.Optimizer!.Variables.All(v => v.Device == Emu), "the optimizer's state is too");
        Assert.AreEqual(Emu, model.PlacedOn);

        var dense = new Dense(3);
        dense.To(Emu);
        using var x = Tensor.FromArray(new float[8], 2, 4).To(Emu);
        using var y = dense.Apply(x);
        Assert.AreEqual(Emu, dense.Weights[0].Device, "weights built after To go to the layer's device");
        Assert.AreEqual(Emu, y.Device);
        model.To(Device.Cpu);
        Assert.IsTrue(model.Weights.All(w => w.Device == Device.Cpu));
    }

    [TestMethod]
    public void DropoutMakesItsMaskOnTheDeviceOfItsInputs()
    {
        var dropout = new Dropout(0.5, seed: 1);
        using var x = Tensor.FromArray(Enumerable.Repeat(1f, 64).ToArray(), 8, 8).To(Emu);
        using var y = dropout.Apply(x, training: true);
        Assert.AreEqual(Emu, y.Device);
        var v = y.ToArray<float>();
        Assert.IsTrue(v.All(e => e is 0 or 2), "kept entries are scaled by 1/keep");
        Assert.IsTrue(v.Contains(0) && v.Contains(2));
    }

    [TestMethod]
    public void QuickStartMlpFitsEvaluatesAndPredictsOnTheEmulatedDeviceWithFlatMemory()
    {
        var (xCpu, yCpu) = Data(256, 1);
        using var x = xCpu.To(Emu);
        using var y = yCpu.To(Emu);
        var model = Mlp();
        model.Compile(optimizer: new Optimizers.Adam(0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        model.To(Emu);

        var first = model.Fit(x, y, batchSize: 32, epochs: 2, verbose: 0);   // 16 steps: kernels compiled, cache warm
        var warm = GpuMemory.Stats(Emu);
        var history = model.Fit(x, y, batchSize: 32, epochs: 23, verbose: 0); // 184 more steps
        var after = GpuMemory.Stats(Emu);

        Assert.IsLessThan(first["loss"][0] * 0.5, history["loss"][^1], "the loss falls");
        Assert.IsGreaterThan(0.9, history["accuracy"][^1]);
        Assert.AreEqual(warm.DriverAllocations, after.DriverAllocations, "warm steps take nothing new from the driver");
        Assert.AreEqual(warm.AllocatedBytes, after.AllocatedBytes, "no device memory leaks across steps");
        Assert.IsTrue(model.Weights.All(w => w.Device == Emu));

        var (xtCpu, ytCpu) = Data(64, 2);
        using var xt = xtCpu.To(Emu);
        using var yt = ytCpu.To(Emu);
        var scores = model.Evaluate(xt, yt, verbose: 0);
        Assert.IsGreaterThan(0.9, scores["accuracy"]);
        using var predictions = model.Predict(xt, verbose: 0);
        Assert.AreEqual(Emu, predictions.Device);
        Assert.AreEqual(new Shape(64, 4), predictions.Shape);
    }
}
