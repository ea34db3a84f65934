namespace KerasSharp.Benchmarks;

/// <summary>The tensors the <c>ops</c> cases run on, all on one backend.</summary>
internal sealed record OpsInputs(
    Tensor X, Tensor Y, Tensor Matrix, Tensor Batch, Tensor Weights, Tensor Bias, Tensor SmallX, Tensor SmallY,
    Tensor Nhwc, Tensor Nchw) : IDisposable
{
    /// <summary>Length of the vectors <see cref="X"/> and <see cref="Y"/>.</summary>
    public const int VectorLength = 1 << 20;

    /// <summary>Rows and columns of <see cref="Matrix"/>.</summary>
    public const int Rows = 1024, Columns = 1024;

    /// <summary>Rows and columns of <see cref="SmallX"/> and <see cref="SmallY"/> (an MLP layer's activations).</summary>
    public const int SmallRows = 64, SmallColumns = 128;

    /// <summary>Batch, channels and side of the image batches <see cref="Nhwc"/> and <see cref="Nchw"/> (2^20 elements each).</summary>
    public const int ImageBatch = 16, ImageChannels = 64, ImageSide = 32;

    /// <summary>Random inputs on the native backend (fixed seeds).</summary>
    public static OpsInputs CreateNative() => new(
        Ops.RandomUniform([VectorLength], low: -1, high: 1, seed: 1),
        Ops.RandomUniform([VectorLength], low: -1, high: 1, seed: 2),
        Ops.RandomUniform([Rows, Columns], low: -1, high: 1, seed: 3),
        Ops.RandomUniform([64, 784], seed: 4),
        Ops.RandomUniform([784, 128], low: -0.1, high: 0.1, seed: 5),
        Ops.RandomUniform([128], low: -0.1, high: 0.1, seed: 6),
        Ops.RandomUniform([SmallRows, SmallColumns], low: -1, high: 1, seed: 7),
        Ops.RandomUniform([SmallRows, SmallColumns], low: -1, high: 1, seed: 8),
        Ops.RandomUniform([ImageBatch, ImageSide, ImageSide, ImageChannels], low: -1, high: 1, seed: 9),
        Ops.RandomUniform([ImageBatch, ImageChannels, ImageSide, ImageSide], low: -1, high: 1, seed: 10));

    /// <summary>The same values on the torch backend.</summary>
    public OpsInputs CopyToTorch() => new(
        TorchReference.Copy(X), TorchReference.Copy(Y), TorchReference.Copy(Matrix), TorchReference.Copy(Batch),
        TorchReference.Copy(Weights), TorchReference.Copy(Bias), TorchReference.Copy(SmallX), TorchReference.Copy(SmallY),
        TorchReference.Copy(Nhwc), TorchReference.Copy(Nchw));

    public void Dispose()
    {
        foreach (var t in new[] { X, Y, Matrix, Batch, Weights, Bias, SmallX, SmallY, Nhwc, Nchw }) t.Dispose();
    }
}
