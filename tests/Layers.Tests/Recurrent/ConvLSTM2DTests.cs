namespace KerasSharp.Layers.Tests.Recurrent;

/// <summary>
/// ConvLSTM2D: with a 1×1 kernel it is an LSTM at every pixel (same weights), so the LSTM's tested outputs are its
/// reference for sequences, states, direction, masks and both data formats; float64 finite differences for the
/// convolutions of larger kernels; shapes, statefulness, dropout and the errors (training and saving: Models.Tests). PyTorch's reference for 3×3 kernels,
/// strides, dilation and padding is in ModelZoo.Tests (ConvLstmTorchReferenceTests).
/// </summary>
[TestClass]
public sealed class ConvLSTM2DTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    private static Tensor Images(int batch, int time, int rows, int cols, int channels, int seed) =>
        Ops.RandomUniform([batch, time, rows, cols, channels], -1, 1, seed: seed);

    // (batch, time, rows, cols, channels) to (batch·rows·cols, time, channels): one sequence per pixel.
    private static Tensor PerPixel(Tensor x)
    {
        int b = x.Shape[0], t = x.Shape[1], r = x.Shape[2], c = x.Shape[3], f = x.Shape[4];
        return Ops.Reshape(Ops.Transpose(x, [0, 2, 3, 1, 4]), b * r * c, t, f);
    }

    // The LSTM's (batch·rows·cols, time, filters) back to (batch, time, rows, cols, filters).
    private static Tensor FromPixels(Tensor y, int batch, int rows, int cols) =>
        Ops.Transpose(Ops.Reshape(y, batch, rows, cols, y.Shape[1], y.Shape[2]), [0, 3, 1, 2, 4]);

    private static LSTM LstmWithWeightsOf(ConvLSTM2D conv, int channels, bool goBackwards)
    {
        var lstm = new LSTM(conv.Filters, returnSequences: true, returnState: true, goBackwards: goBackwards);
        lstm.ApplyAll([Ops.Zeros([1, 1, channels])]);
        lstm.Cell.Kernel!.Assign(Ops.Reshape(conv.Cell.Kernel!, channels, 4 * conv.Filters));
        lstm.Cell.RecurrentKernel!.Assign(Ops.Reshape(conv.Cell.RecurrentKernel!, conv.Filters, 4 * conv.Filters));
        lstm.Cell.Bias!.Assign(conv.Cell.Bias!);
        return lstm;
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void OneByOneKernel_IsAnLstmAtEveryPixel(bool goBackwards, bool masked)
    {
        var x = Images(2, 4, 2, 3, 2, seed: 1);
        var conv = new ConvLSTM2D(3, 1, biasInitializer: new RandomNormal(0, 0.3, seed: 4), returnSequences: true, returnState: true, goBackwards: goBackwards);
        Tensor? mask = masked ? Tensor.FromArray(new[] { true, true, false, true, true, false, false, false }, 2, 4) : null;
        var outs = mask is null ? conv.ApplyAll([x]) : conv.ApplyAll(x, conv.Cell.GetInitialState(2, DType.Float32, x), mask);
        var lstm = LstmWithWeightsOf(conv, 2, goBackwards);
        // Each pixel's sequence carries its sample's mask.
        var pixelMask = mask is null ? null : Ops.Reshape(Ops.BroadcastTo(Ops.Reshape(mask, 2, 1, 4), [2, 6, 4]), 12, 4);
        var expected = pixelMask is null ? lstm.ApplyAll([PerPixel(x)]) : lstm.ApplyAll(PerPixel(x), [], pixelMask);

        T.Shape([2, 4, 2, 3, 3], outs[0]);
        T.Close(T.Values(FromPixels(expected[0], 2, 2, 3)), outs[0], 1e-5);
        for (int s = 1; s <= 2; s++)
        {
            T.Shape([2, 2, 3, 3], outs[s]);
            T.Close(T.Values(Ops.Reshape(expected[s], 2, 2, 3, 3)), outs[s], 1e-5);
        }
    }

    [TestMethod]
    public void ChannelsFirst_IsChannelsLastWithTheAxesMoved()
    {
        var x = Images(2, 3, 5, 4, 2, seed: 2);
        var last = new ConvLSTM2D(3, (3, 2), padding: "same", biasInitializer: new RandomNormal(0, 0.3, seed: 5), returnSequences: true, returnState: true);
        var first = new ConvLSTM2D(3, (3, 2), padding: "same", dataFormat: "channels_first", returnSequences: true, returnState: true);
        var a = last.ApplyAll([x]);
        var xFirst = Ops.Transpose(x, [0, 1, 4, 2, 3]);
        first.ApplyAll([xFirst]);
        for (int i = 0; i < last.Weights.Count; i++) first.Weights[i].Assign(last.Weights[i]);
        var b = first.ApplyAll([xFirst]);
        T.Shape([2, 3, 3, 5, 4], b[0]);
        T.Close(T.Values(Ops.Transpose(a[0], [0, 1, 4, 2, 3])), b[0], 1e-5);
        T.Close(T.Values(Ops.Transpose(a[2], [0, 3, 1, 2])), b[2], 1e-5);
    }

    [TestMethod]
    public void Shapes_FollowTheInputConvolution_EagerAndSymbolic()
    {
        var layer = new ConvLSTM2D(4, 3, strides: 2, returnSequences: true, returnState: true);
        var input = new Input([5, 9, 8, 2]);
        var outs = layer.ApplyAll(input);
        T.Shape([null, 5, 4, 3, 4], outs[0]);
        T.Shape([null, 4, 3, 4], outs[1]);
        var eager = layer.ApplyAll([Images(2, 5, 9, 8, 2, seed: 3)]);
        T.Shape([2, 5, 4, 3, 4], eager[0]);
        T.Shape([2, 4, 3, 4], eager[2]);
        CollectionAssert.AreEqual(new[] { 3, 3, 2, 16 }, layer.Cell.Kernel!.Shape.ToArray());
        CollectionAssert.AreEqual(new[] { 3, 3, 4, 16 }, layer.Cell.RecurrentKernel!.Shape.ToArray());
        // unitForgetBias: ones in the forget gate's block.
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, layer.Cell.Bias!.ToArray<float>());
        var dilated = new ConvLSTM2D(2, 3, dilationRate: 2, padding: "valid");
        T.Shape([null, 5, 4, 2], dilated.Apply(new Input([3, 9, 8, 1])));
    }

    [TestMethod]
    public void Gradients_MatchCentralDifferences() =>
        GradientCheckTests.Check(new ConvLSTM2D(2, 3, padding: "same", biasInitializer: new RandomNormal(0, 0.3, seed: 3), kernelInitializer: new GlorotUniform(seed: 1),
                                                recurrentInitializer: new Orthogonal(seed: 2), returnSequences: true, goBackwards: true) { DType = DType.Float64 },
                                 Data(2 * 3 * 4 * 3 * 2, 5), [2, 3, 4, 3, 2], training: false);

    [TestMethod]
    public void Gradients_MatchCentralDifferences_StridedChannelsFirst() =>
        GradientCheckTests.Check(new ConvLSTM2D(2, (2, 3), strides: 2, dataFormat: "channels_first", biasInitializer: new RandomNormal(0, 0.3, seed: 3),
                                                kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2)) { DType = DType.Float64 },
                                 Data(2 * 2 * 1 * 5 * 6, 6), [2, 2, 1, 5, 6], training: false);

    private static double[] Data(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    [TestMethod]
    public void Stateful_ContinuesFromTheLastBatch()
    {
        var x = Images(2, 6, 4, 4, 1, seed: 7);
        var whole = new ConvLSTM2D(2, 3, padding: "same", biasInitializer: new Constant(0.1));
        var expected = T.Values(whole.Apply(x));
        var stateful = new ConvLSTM2D(2, 3, padding: "same", stateful: true);
        stateful.Apply(Ops.SliceAxis(x, 1, 0, 3));
        for (int i = 0; i < whole.Weights.Count; i++) stateful.Weights[i].Assign(whole.Weights[i]);
        stateful.ResetStates();
        stateful.Apply(Ops.SliceAxis(x, 1, 0, 3));
        T.Close(expected, stateful.Apply(Ops.SliceAxis(x, 1, 3, 3)), 1e-6);
        CollectionAssert.AreEqual(new[] { 2, 4, 4, 2 }, stateful.States![1].Shape.ToArray());

        var e = Assert.ThrowsExactly<ArgumentException>(() => stateful.Apply(Images(3, 2, 4, 4, 1, seed: 8)));
        T.Contains(e.Message, "is stateful with batch size 2, received a batch of 3");
    }

    [TestMethod]
    public void Dropout_AppliesInTrainingOnly()
    {
        var x = Images(2, 3, 5, 5, 2, seed: 9);
        var layer = new ConvLSTM2D(2, 3, dropout: 0.5, recurrentDropout: 0.5, seed: 3);
        var inference = T.Values(layer.Apply(x));
        T.Close(inference, layer.Apply(x), 0);
        var training = T.Values(layer.Apply(x, training: true));
        Assert.IsTrue(training.Zip(inference).Any(p => Math.Abs(p.First - p.Second) > 1e-4), "dropout changed nothing in training");
    }

    [TestMethod]
    public void BadInputs_NameTheLayerAndTheShapes()
    {
        var layer = new ConvLSTM2D(2, 3, name: "clstm");
        var rank4 = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(Ops.Zeros([2, 3, 5, 5])));
        Assert.AreEqual("Layer 'clstm' expects a sequence (batch, time, rows, cols, channels), received shape (2, 3, 5, 5).", rank4.Message);

        var tooSmall = Assert.ThrowsExactly<ArgumentException>(() => new ConvLSTM2D(2, 3, name: "small").Apply(Ops.Zeros([1, 2, 2, 5, 1])));
        Assert.AreEqual("Layer 'small': steps of shape (2, 5, 1) are too small for kernel size (3, 3) (dilation rate (1, 1), padding \"valid\", data format channels_last).",
                        tooSmall.Message);

        layer.Apply(Ops.Zeros([2, 3, 5, 5, 1]));
        var channels = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(Ops.Zeros([2, 3, 5, 5, 2])));
        Assert.AreEqual("Layer 'clstm' was built for steps of shape (5, 5, 1), received shape (2, 3, 5, 5, 2).", channels.Message);

        var state = Assert.ThrowsExactly<ArgumentException>(() => layer.ApplyAll(Ops.Zeros([2, 3, 5, 5, 1]), [Ops.Zeros([2, 5, 5, 2]), Ops.Zeros([2, 3, 3, 2])]));
        Assert.AreEqual("Layer 'clstm': initial state 0 has shape (2, 5, 5, 2), expected (2, 3, 3, 2).", state.Message);

        var mask = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(Ops.Zeros([2, 3, 5, 5, 1]), Tensor.FromArray(new bool[6 * 5], 2, 3, 5)));
        T.Contains(mask.Message, "Layer 'clstm': the mask has shape (2, 3, 5), expected (batch, time) = (2, 3)");

        var format = Assert.ThrowsExactly<ArgumentException>(() => new ConvLSTM2D(2, 3, dataFormat: "nhwc"));
        T.Contains(format.Message, "dataFormat must be \"channels_last\" or \"channels_first\"");
    }
}
