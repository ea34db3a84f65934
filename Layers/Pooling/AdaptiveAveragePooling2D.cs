namespace KerasSharp.Layers;

/// <summary>
/// Average pooling to a fixed output size, with PyTorch's bins (as torchvision's AlexNet uses before its classifier):
/// output row i averages input rows floor(i*H/out) to ceil((i+1)*H/out), and likewise for columns.
/// </summary>
public sealed class AdaptiveAveragePooling2D : Layer
{
    /// <summary>Creates the layer for an output of <paramref name="outputSize"/> (one int for a square).</summary>
    public AdaptiveAveragePooling2D(SpatialSize outputSize, string dataFormat = "channels_last", string? name = null) : base(name)
    {
        OutputSize = ConvArgs.Tuple("AdaptiveAveragePooling2D", "outputSize", outputSize, 2);
        DataFormat = ConvArgs.DataFormat("AdaptiveAveragePooling2D", dataFormat);
        InputSpec = new InputSpec { Rank = 4 };
    }

    /// <summary>The output's (height, width).</summary>
    public int[] OutputSize { get; }
    /// <summary>"channels_last" or "channels_first".</summary>
    public string DataFormat { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = ChannelLayout.ToChannelsFirst(inputs.DType.IsFloating() ? inputs : Ops.Cast(inputs, DType.Float32), DataFormat);
        int h = x.Shape[2], w = x.Shape[3];
        if (h == 0 || w == 0)
            throw new ArgumentException($"Layer '{Name}': input shape {inputs.Shape} has an empty spatial axis.");
        Tensor y;
        if (h % OutputSize[0] == 0 && w % OutputSize[1] == 0)
            y = Ops.AvgPool2d(x, [h / OutputSize[0], w / OutputSize[1]]);
        else y = PoolAxis(PoolAxis(x, 2, OutputSize[0]), 3, OutputSize[1]);   // a rectangle's mean is the mean of its row means
        return ChannelLayout.FromChannelsFirst(y, DataFormat);
    }

    private static Tensor PoolAxis(Tensor x, int axis, int outSize)
    {
        int n = x.Shape[axis];
        if (n == outSize) return x;
        var bins = new Tensor[outSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = i * n / outSize, end = ((i + 1) * n + outSize - 1) / outSize;
            bins[i] = Ops.Mean(Ops.SliceAxis(x, axis, start, end - start), axis, keepDims: true);
        }
        return Ops.Concatenate(bins, axis);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) =>
        ChannelLayout.WithSpatial(inputShape, DataFormat, [OutputSize[0], OutputSize[1]],
                                  inputShape[ChannelLayout.ChannelAxis(DataFormat, inputShape.Length)]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["output_size"] = OutputSize;
        c["data_format"] = DataFormat;
        return c;
    }
}
