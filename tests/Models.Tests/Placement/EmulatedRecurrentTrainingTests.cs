using KerasSharp.Backends.Native.Gpu;
using KerasSharp.Backends.Native.Gpu.Kernels;
using KerasSharp.Layers;

namespace KerasSharp.Models.Tests.Placement;

/// <summary>
/// A masked recurrent model trained on the emulated GPU follows the CPU step for step: its LSTM runs the fused GPU
/// recurrence (forward and backward through time), its GRU without resetAfter the composed path on both devices;
/// warm steps leak no device memory.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class EmulatedRecurrentTrainingTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    // Token ids padded with 0 at the end (masked by the embedding); the label is whether token 1 appears.
    private static (Tensor X, Tensor Y) Data()
    {
        var rng = new Random(5);
        var ids = new int[48 * 7];
        var labels = new int[48];
        for (int b = 0; b < 48; b++)
        {
            int length = rng.Next(2, 8);
            for (int t = 0; t < length; t++) ids[b * 7 + t] = rng.Next(1, 6);
            labels[b] = ids.Skip(b * 7).Take(length).Contains(1) ? 1 : 0;
        }
        return (Tensor.FromArray(ids, 48, 7), Tensor.FromArray(labels, 48));
    }

    private static Sequential Model() => new(
    [
        new Input([7], dtype: DType.Int32),
        new Embedding(6, 5, new RandomUniform(-0.5, 0.5, seed: 1), maskZero: true),
        new LSTM(6, returnSequences: true, goBackwards: true, kernelInitializer: new GlorotUniform(seed: 2), recurrentInitializer: new Orthogonal(seed: 3)),
        new GRU(4, resetAfter: false, kernelInitializer: new GlorotUniform(seed: 4), recurrentInitializer: new Orthogonal(seed: 5)),
        new Dense(2, "softmax", kernelInitializer: new GlorotUniform(seed: 6)),
    ]);

    private static (double[] Losses, float[][] Weights) Train(Device device, bool checkMemory = false)
    {
        LayerNames.Reset();
        var (xCpu, yCpu) = Data();
        using var x = xCpu.To(device);
        using var y = yCpu.To(device);
        var model = Model();
        model.Compile(optimizer: new Optimizers.Adam(0.01), loss: "sparse_categorical_crossentropy");
        model.To(device);
        var history = model.Fit(x, y, batchSize: 16, epochs: 3, shuffle: false, verbose: 0);
        Assert.IsTrue(model.Weights.All(w => w.Device == device));
        var weights = model.Weights.Select(w => w.To(Device.Cpu).ToArray<float>()).ToArray();
        if (checkMemory)
        {
            // the fused recurrence's saved buffers and scratch go back to the cache every step
            var warm = GpuMemory.Stats(device);
            model.Fit(x, y, batchSize: 16, epochs: 2, shuffle: false, verbose: 0);
            var after = GpuMemory.Stats(device);
            Assert.AreEqual(warm.DriverAllocations, after.DriverAllocations, "warm steps take nothing new from the driver");
            Assert.AreEqual(warm.AllocatedBytes, after.AllocatedBytes, "no device memory leaks across steps");
        }
        return ([.. history["loss"]], weights);
    }

    [TestMethod]
    public void MaskedLstmAndGruModelFitsOnTheEmulatedDeviceAsOnTheCpu()
    {
        var (cpuLosses, cpuWeights) = Train(Device.Cpu);
        long before = GpuRecurrence.Runs;
        var (emuLosses, emuWeights) = Train(Device.Emulated, checkMemory: true);
        // 9 steps: each runs the LSTM's fused forward and backward on the device
        Assert.IsGreaterThanOrEqualTo(before + 18, GpuRecurrence.Runs, "the LSTM ran fused on the device");
        Assert.HasCount(3, emuLosses);
        for (int e = 0; e < cpuLosses.Length; e++)
            Assert.AreEqual(cpuLosses[e], emuLosses[e], 1e-5 * Math.Max(1, Math.Abs(cpuLosses[e])), $"loss of epoch {e}");
        Assert.HasCount(cpuWeights.Length, emuWeights);
        for (int w = 0; w < cpuWeights.Length; w++)
            for (int i = 0; i < cpuWeights[w].Length; i++)
                Assert.AreEqual(cpuWeights[w][i], emuWeights[w][i], 1e-4f * Math.Max(1, Math.Abs(cpuWeights[w][i])), $"weight {w} element {i}");
    }
}
