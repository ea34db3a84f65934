using KerasSharp.Backends;

namespace KerasSharp.Layers;

/// <summary>
/// The cell of <see cref="ConvLSTM2D"/> (Keras 3's ConvLSTMCell of rank 2): an LSTM whose matrix products are 2-D
/// convolutions. A step's input is an image (batch, rows, cols, channels), or (batch, channels, rows, cols) with
/// <c>dataFormat: "channels_first"</c>; the states h and c are images of <see cref="Filters"/> channels.
/// <c>z = conv(x, kernel) + bias + conv_same(h_prev, recurrent_kernel)</c>, then the LSTM's gates i, f, c, o on z's
/// channel blocks. The input convolution has the layer's strides, padding and dilation; the recurrent one stride 1 and
/// "same" padding, so the states keep the output's size. Weights: "kernel" (kh, kw, channels, 4·filters),
/// "recurrent_kernel" (kh, kw, filters, 4·filters), "bias" (4·filters).
/// </summary>
public sealed class ConvLSTM2DCell : KernelRnnCell
{
    /// <summary>Creates the cell with Keras 3's defaults (strides 1, "valid", channels_last, tanh, sigmoid, unitForgetBias).</summary>
    public ConvLSTM2DCell(int filters, SpatialSize kernelSize, SpatialSize? strides = null, string padding = "valid",
                          string dataFormat = "channels_last", SpatialSize? dilationRate = null,
                          string? activation = "tanh", string? recurrentActivation = "sigmoid", bool useBias = true,
                          Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                          bool unitForgetBias = true,
                          Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                          Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                          double dropout = 0, double recurrentDropout = 0, long? seed = null, string? name = null, bool trainable = true)
        : base("ConvLSTM2DCell", 4, filters, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable)
    {
        const string layer = "ConvLSTM2DCell";
        KernelSize = ConvArgs.Tuple(layer, "kernelSize", kernelSize, 2);
        Strides = ConvArgs.Tuple(layer, "strides", strides, 2);
        Padding = ConvArgs.Padding(layer, padding);
        DataFormat = ConvArgs.DataFormat(layer, dataFormat);
        DilationRate = ConvArgs.Tuple(layer, "dilationRate", dilationRate, 2);
        if (Strides.Any(s => s > 1) && DilationRate.Any(d => d > 1))
            throw new ArgumentException($"{layer}: strides > 1 cannot be combined with dilationRate > 1 (as in Keras), got strides {ConvArgs.Format(Strides)} and dilationRate {ConvArgs.Format(DilationRate)}.");
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>The number of channels of h and c (Keras's filters).</summary>
    public int Filters => Units;
    /// <summary>The kernels' spatial size (rows, cols).</summary>
    public int[] KernelSize { get; }
    /// <summary>The input convolution's strides.</summary>
    public int[] Strides { get; }
    /// <summary>The input convolution's padding, "valid" or "same".</summary>
    public string Padding { get; }
    /// <summary>"channels_last" or "channels_first", for the inputs and the states.</summary>
    public string DataFormat { get; }
    /// <summary>The input convolution's dilation rates.</summary>
    public int[] DilationRate { get; }
    /// <summary>Whether the forget gate's bias starts at one, as Keras's unit_forget_bias.</summary>
    public bool UnitForgetBias { get; }

    /// <summary>Two states, h and c, each (batch, out rows, out cols, filters) (channels first: (batch, filters, rows, cols)).</summary>
    public override int[] StateSize => [Units, Units];

    internal override int StepRank => 3;

    internal override string SequenceAxes => DataFormat == "channels_first" ? "(batch, time, channels, rows, cols)" : "(batch, time, rows, cols, channels)";

    private bool First => DataFormat == "channels_first";

    internal override int?[] OutputShape(int?[] stepShape)
    {
        var spatial = OutputSpatial(stepShape, Name);
        return First ? [Filters, spatial[0], spatial[1]] : [spatial[0], spatial[1], Filters];
    }

    /// <summary>The states' rows and cols for one step's shape (batch first); fails naming <paramref name="layer"/> when the step does not fit the kernel.</summary>
    internal int?[] OutputSpatial(int?[] stepShape, string layer)
    {
        if (stepShape.Length != 4)
            throw new ArgumentException($"Layer '{layer}': a step's input must be {SequenceAxes.Replace("time, ", "")}, received shape {ShapeText.Format(stepShape)}.");
        var spatial = ChannelLayout.SpatialAxes(DataFormat, 4)
            .Select((axis, i) => ConvArgs.OutputLength(stepShape[axis], KernelSize[i], Padding, Strides[i], DilationRate[i])).ToArray();
        if (spatial.Any(n => n == 0))
            throw new ArgumentException($"Layer '{layer}': steps of shape {ShapeText.Format(stepShape[1..])} are too small for kernel size {ConvArgs.Format(KernelSize)} " +
                                        $"(dilation rate {ConvArgs.Format(DilationRate)}, padding \"{Padding}\", data format {DataFormat}).");
        return spatial;
    }

    internal override int?[][] StateShapes(int?[] stepShape)
    {
        var shape = OutputShape(stepShape);
        return [shape, shape];
    }

    /// <summary>Zeros of the states' shape for the steps of <paramref name="like"/> (a sequence, (batch, time, ...), or one step).</summary>
    public override Tensor[] GetInitialState(int batchSize, DType dtype, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        var dims = like.Shape.Dims.ToArray();
        int?[] step = [batchSize, .. dims[^3..].Select(d => (int?)d)];
        return [.. StateShapes(step).Select(s => like.Backend.Full(new Shape([batchSize, .. s.Select(d => d!.Value)]), dtype, 0, like.Device))];
    }

    private protected override int? InputFeatures(int?[] stepShape) => stepShape.Length == 4 ? stepShape[ChannelLayout.ChannelAxis(DataFormat, 4)] : null;

    private protected override int[] KernelShape(int features) => [KernelSize[0], KernelSize[1], features, 4 * Filters];

    private protected override int[] RecurrentKernelShape => [KernelSize[0], KernelSize[1], Filters, 4 * Filters];

    private protected override Initializer BiasInitialValue => UnitForgetBias ? new LSTMCell.ForgetGateOnes(BiasInitializer, Units) : BiasInitializer;

    private protected override Tensor Project(Tensor x) => Convolve(x, Kernel!, InputBias, Strides, Padding, DilationRate);

    private protected override Tensor RecurrentTransform(Tensor h, Tensor kernel) => Convolve(h, kernel, null, [1, 1], "same", [1, 1]);

    private Tensor Convolve(Tensor x, Tensor kernel, Tensor? bias, int[] strides, string padding, int[] dilation) => First
        ? Ops.Conv2d(x, Ops.Transpose(kernel, [3, 2, 0, 1]), bias, strides, padding, dilation)
        : Ops.Conv2dChannelsLast(x, kernel, shift: bias, strides: strides, padding: padding, dilation: dilation);

    /// <summary>Never fused: <see cref="Ops.Recurrence"/> computes matrix-product cells; the steps run as convolutions.</summary>
    private protected override bool Fusable(bool training) => false;

    private protected override RecurrentCellKind Kind => RecurrentCellKind.Lstm;

    internal override (Tensor Output, Tensor[] States) StepPrepared(Tensor prepared, IReadOnlyList<Tensor> states, bool training)
    {
        var z = Ops.Add(prepared, RecurrentProduct(states[0], RecurrentKernel!, training));
        var (h, c) = LSTMCell.GateStep(z, states[1], First ? 1 : -1, Act, RecurrentAct);
        return (h, [h, c]);
    }

    /// <summary>Runs one step as a layer: the step's input, h and c; the outputs h, then h and c.</summary>
    protected override int?[][] ComputeOutputShapes(IReadOnlyList<int?[]> inputShapes, IReadOnlyDictionary<string, object?> options)
    {
        var step = inputShapes[0];
        int?[] shape = [step[0], .. OutputShape(step)];
        return [shape, shape, shape];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = SharedConfig(withRecurrentActivation: true);
        c.Remove("units");
        c["filters"] = Filters;
        c["kernel_size"] = KernelSize;
        c["strides"] = Strides;
        c["padding"] = Padding;
        c["data_format"] = DataFormat;
        c["dilation_rate"] = DilationRate;
        c["unit_forget_bias"] = UnitForgetBias;
        return c;
    }
}
