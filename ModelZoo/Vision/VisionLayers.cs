using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// The convolution, batch-norm and pooling pieces of torchvision's vision networks, in either data format and named as
/// torchvision names its modules (<c>layer1.0.conv1</c>), so that published state dicts map onto the layers by name.
/// Padding is torchvision's: symmetric, so a strided convolution pads explicitly (Keras's "same" pads the end only).
/// </summary>
internal sealed class VisionLayers(string dataFormat)
{
    public string DataFormat { get; } = dataFormat;

    private int ChannelAxis => DataFormat == "channels_first" ? 1 : -1;

    /// <summary>A convolution with torchvision's symmetric padding.</summary>
    public KerasTensor Conv(KerasTensor x, string name, int filters, int kernel, int stride = 1, int padding = 0, bool useBias = false, string? activation = null)
    {
        // Stride 1 with k // 2 padding is Keras's "same"; any other padding is made explicit.
        bool same = stride == 1 && padding == kernel / 2 && kernel % 2 == 1 && padding > 0;
        if (padding > 0 && !same) x = new ZeroPadding2D(padding, DataFormat, name: $"{name}.pad").Apply(x);
        return new Conv2D(filters, kernel, strides: stride, padding: same ? "same" : "valid", dataFormat: DataFormat,
                          activation: activation, useBias: useBias, name: name).Apply(x);
    }

    /// <summary>torchvision's BatchNorm2d: epsilon 1e-5, running statistics updated with momentum 0.1 (Keras's 0.9).</summary>
    public KerasTensor BatchNorm(KerasTensor x, string name) =>
        new BatchNormalization(axis: ChannelAxis, momentum: 0.9, epsilon: 1e-5, name: name).Apply(x);

    public KerasTensor Relu(KerasTensor x, string name) => new ReLU(name: name).Apply(x);

    /// <summary>Max pooling; torchvision pads with minus infinity, which zeros equal here (it follows a ReLU).</summary>
    public KerasTensor MaxPool(KerasTensor x, string name, int size, int stride, int padding = 0)
    {
        if (padding > 0) x = new ZeroPadding2D(padding, DataFormat, name: $"{name}.pad").Apply(x);
        return new MaxPooling2D(size, strides: stride, dataFormat: DataFormat, name: name).Apply(x);
    }
}
