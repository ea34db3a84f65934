using KerasSharp.Layers;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>
/// At least one sample of every built-in layer, with non-default arguments where the layer has any, and the input
/// shapes to build and run it on. The torch tests compile this file too (linked), so it uses only the public API.
/// </summary>
internal static class LayerSamples
{
    /// <summary>The custom activation the samples use by name.</summary>
    public const string Cube = "saving_samples_cube";

    /// <summary>x³: a custom activation (registered under <see cref="Cube"/>).</summary>
    public static Tensor CubeFn(Tensor x) => Ops.Multiply(x, Ops.Square(x));

    static LayerSamples() => Activations.Register(Cube, CubeFn);

    /// <summary>A way to make a layer, and the shapes (batch first) of its inputs; <c>IndexRange &gt; 0</c> gives int32 indices below it.</summary>
    public sealed record Sample(string Id, Func<Layer> Make, int[][] InputShapes, int IndexRange = 0)
    {
        /// <summary>The id, for test names.</summary>
        public override string ToString() => Id;
    }

    private static Sample S(string id, Func<Layer> make, params int[][] shapes) => new(id, make, shapes);

    /// <summary>The samples that must save and load.</summary>
    public static IReadOnlyList<Sample> All { get; } =
    [
        // Activations
        S("activation", () => new Activation("tanh", name: "act"), [2, 3]),
        S("activation_custom", () => new Activation(Cube), [2, 3]),
        S("elu", () => new ELU(alpha: 0.5), [2, 3]),
        S("leaky_relu", () => new LeakyReLU(negativeSlope: 0.1), [2, 3]),
        S("prelu", () => new PReLU(new Constant(0.25), new L2(0.01), new NonNeg(), sharedAxes: [1]), [2, 3, 4]),
        S("relu", () => new ReLU(maxValue: 0.5, negativeSlope: 0.1, threshold: 0.05), [2, 3]),
        S("softmax", () => new Softmax(axis: 1), [2, 3, 4]),
        // Dense and Embedding
        S("dense", () => new Dense(3, "relu", useBias: false, kernelInitializer: new HeUniform(seed: 1), kernelRegularizer: new L1L2(0.01, 0.02),
                                   activityRegularizer: new L1(0.001), kernelConstraint: new MaxNorm(1.5, 0)), [2, 4]),
        S("dense_float64_frozen", () => new Dense(3, "sigmoid", biasInitializer: new RandomNormal(0.1, 0.2, seed: 2), biasRegularizer: new L2(0.1),
                                                  biasConstraint: new UnitNorm(0), name: "frozen") { DType = DType.Float64, Trainable = false }, [2, 3, 4]),
        S("dense_custom_activation", () => new Dense(2, Cube), [2, 3]),
        S("dense_builtin_delegate", () => new Dense(2, Ops.Tanh), [2, 3]),
        S("einsum_dense", () => new EinsumDense("abc,cde->abde", [null, 2, 3], activation: "tanh", biasAxes: "de",
                                                kernelInitializer: new GlorotNormal(seed: 14), biasInitializer: new Constant(0.1),
                                                kernelRegularizer: new L2(0.01), biasRegularizer: new L1(0.01), activityRegularizer: new L2(0.001),
                                                kernelConstraint: new MaxNorm(2.0), biasConstraint: new NonNeg()), [2, 5, 4]),
        S("einsum_dense_elided", () => new EinsumDense("...b,bc->...c", 3), [2, 3, 4]),
        S("masking", () => new Masking(0.5, name: "pad_mask"), [2, 3, 4]),
        S("rescaling", () => new Rescaling(1.0 / 255, offset: -0.5, name: "pixels"), [2, 3, 4]),
        S("normalization", () => new Normalization(axis: 1, mean: [0.5, -1, 2], variance: [4, 0.25, 1], invert: false), [2, 3, 4]),
        S("normalization_inverted", () => new Normalization(axis: null, mean: [1.5], variance: [9], invert: true), [2, 3]),
        new("category_encoding", () => new CategoryEncoding(6, outputMode: "count"), [[3, 4]], IndexRange: 6),
        new("category_encoding_one_hot", () => new CategoryEncoding(5, outputMode: "one_hot"), [[3]], IndexRange: 5),
        S("discretization", () => new Discretization([-0.5, 0, 0.25]), [2, 3]),
        S("resizing", () => new Resizing(3, 5, interpolation: "nearest", cropToAspectRatio: true), [2, 6, 4, 3]),
        S("resizing_bilinear", () => new Resizing(4, 2), [1, 5, 7, 2]),
        S("center_crop", () => new CenterCrop(3, 2), [2, 5, 6, 3]),
        S("random_flip", () => new RandomFlip("horizontal", seed: 5), [4, 3, 5, 2]),
        S("random_brightness", () => new RandomBrightness([-0.2, 0.4], valueRange: [-1, 1], seed: 6), [3, 4, 4, 3]),
        S("random_contrast", () => new RandomContrast([0.3, 0.6], valueRange: [-1, 1], seed: 7), [3, 4, 4, 2]),
        S("random_rotation", () => new RandomRotation([-0.2, 0.3], fillMode: "constant", interpolation: "nearest", seed: 8, fillValue: 0.5, dataFormat: "channels_first"), [3, 2, 4, 5]),
        S("random_zoom", () => new RandomZoom([-0.3, 0.2], widthFactor: [0.1, 0.4], fillMode: "wrap", seed: 9), [2, 5, 4, 3]),
        S("random_translation", () => new RandomTranslation([-0.2, 0.2], [0.1], fillMode: "nearest", seed: 10, fillValue: 2), [2, 4, 6, 1]),
        S("random_crop", () => new RandomCrop(3, 2, seed: 11, dataFormat: "channels_first"), [2, 3, 5, 4]),
        new("integer_lookup", () => new IntegerLookup(numOovIndices: 2, maskToken: 0, vocabulary: [5, 3, 1], outputMode: "count"), [[3, 4]], IndexRange: 7),
        new("integer_lookup_invert", () => new IntegerLookup(vocabulary: [5, 3, 1, 4], invert: true, vocabularyDtype: "int32"), [[2, 3]], IndexRange: 5),
        new("hashing", () => new Hashing(5, maskValue: 2L, salt: [7, 11]), [[3, 2]], IndexRange: 9),
        new("hashing_multi_hot", () => new Hashing(4, outputMode: "multi_hot"), [[3, 2]], IndexRange: 9),
        new("embedding", () => new Embedding(10, 3, new RandomUniform(-0.1, 0.1, seed: 3), new L2(0.02), new NonNeg(), maskZero: true), [[2, 5]], IndexRange: 10),
        // Attention
        S("multi_head_attention", () => new MultiHeadAttention(2, 3, valueDim: 4, dropout: 0.2, outputShape: [5], kernelInitializer: new GlorotNormal(seed: 15),
                                                               biasInitializer: new Constant(0.05), kernelRegularizer: new L2(0.01), biasRegularizer: new L1(0.01),
                                                               activityRegularizer: new L2(0.001), kernelConstraint: new MaxNorm(2.0), biasConstraint: new NonNeg(),
                                                               seed: 16, name: "mha"), [2, 3, 4], [2, 5, 6]),
        S("multi_head_attention_axes", () => new MultiHeadAttention(1, 2, useBias: false, attentionAxes: [1, 2]), [2, 2, 3, 4], [2, 2, 3, 4], [2, 2, 3, 5]),
        // Convolutions
        S("conv1d", () => new Conv1D(4, 3, strides: 2, padding: "same", dataFormat: "channels_first", groups: 2, activation: "tanh",
                                     kernelInitializer: new TruncatedNormal(0, 0.3, seed: 4), biasInitializer: new Constant(0.1)), [2, 4, 9]),
        S("conv1d_causal", () => new Conv1D(2, 2, padding: "causal", dilationRate: 2, activation: Cube, useBias: false), [2, 7, 3]),
        S("conv2d", () => new Conv2D(4, (3, 2), strides: (2, 1), padding: "same", activation: "relu", kernelInitializer: new GlorotNormal(seed: 5),
                                     biasInitializer: new Constant(0.2), kernelRegularizer: new L2(0.01), biasRegularizer: new L1(0.01),
                                     activityRegularizer: new L2(0.001), kernelConstraint: new MaxNorm(2.5), biasConstraint: new NonNeg()), [2, 6, 5, 2]),
        S("conv2d_dilated", () => new Conv2D(3, 3, dilationRate: 2, dataFormat: "channels_first", useBias: false), [1, 2, 7, 7]),
        S("conv2d_transpose", () => new Conv2DTranspose(3, 3, strides: 2, padding: "same", outputPadding: 1, activation: "elu",
                                                        kernelInitializer: new LecunNormal(seed: 6), biasInitializer: new Constant(-0.1)), [2, 4, 4, 2]),
        S("depthwise_conv2d", () => new DepthwiseConv2D(3, padding: "same", depthMultiplier: 2, activation: "relu6",
                                                        depthwiseInitializer: new LecunUniform(seed: 7), depthwiseRegularizer: new L1(0.01),
                                                        depthwiseConstraint: new MaxNorm(1.0, [0, 1, 2]), biasInitializer: new Constant(0.05)), [2, 5, 5, 3]),
        S("separable_conv2d", () => new SeparableConv2D(4, 3, strides: 2, dataFormat: "channels_first", depthMultiplier: 2,
                                                        depthwiseInitializer: new Orthogonal(1.5, seed: 8),
                                                        pointwiseInitializer: new VarianceScaling(2.0, "fan_out", "uniform", seed: 9),
                                                        pointwiseRegularizer: new L2(0.01), pointwiseConstraint: new UnitNorm([0, 1, 2]),
                                                        activation: "softplus"), [1, 2, 7, 7]),
        // Merging
        S("add", () => new Add(name: "plus"), [2, 3], [2, 3]),
        S("average", () => new Average(), [2, 3], [2, 3]),
        S("maximum", () => new Maximum(), [2, 3], [2, 3]),
        S("minimum", () => new Minimum(), [2, 3], [2, 3]),
        S("multiply", () => new Multiply(), [2, 3], [2, 3]),
        S("subtract", () => new Subtract(), [2, 3], [2, 3]),
        S("concatenate", () => new Concatenate(axis: 1), [2, 3], [2, 4]),
        S("dot", () => new Dot(1, normalize: true), [2, 3], [2, 3]),
        S("dot_two_axes", () => new Dot([2, 1]), [2, 3, 4], [2, 4, 5]),
        // Normalization
        S("batch_norm", () => new BatchNormalization(axis: 1, momentum: 0.9, epsilon: 0.01, center: false,
                                                     gammaInitializer: new RandomUniform(0.5, 1.5, seed: 10), movingMeanInitializer: new Constant(0.1),
                                                     movingVarianceInitializer: new Constant(2.0), gammaRegularizer: new L2(0.01),
                                                     gammaConstraint: new NonNeg()), [4, 3, 2]),
        S("batch_norm_beta", () => new BatchNormalization(scale: false, betaInitializer: new Constant(0.3), betaRegularizer: new L1(0.01),
                                                          betaConstraint: new MaxNorm(1.0)), [4, 3]),
        S("layer_norm", () => new LayerNormalization([1, 2], epsilon: 0.01, betaInitializer: new Constant(0.1),
                                                     gammaInitializer: new Constant(1.5), betaRegularizer: new L2(0.01), gammaRegularizer: new L1(0.01),
                                                     betaConstraint: new MaxNorm(3.0), gammaConstraint: new NonNeg()), [2, 3, 4]),
        S("layer_norm_rms", () => new LayerNormalization(axis: 1, rmsScaling: true), [2, 3, 4]),
        // Pooling
        S("adaptive_avg_pool2d", () => new AdaptiveAveragePooling2D((2, 3), dataFormat: "channels_first"), [1, 2, 5, 7]),
        S("avg_pool1d", () => new AveragePooling1D(3, 2, "same", "channels_first"), [2, 3, 8]),
        S("avg_pool2d", () => new AveragePooling2D((2, 3), strides: (1, 2), padding: "same"), [1, 5, 6, 2]),
        S("max_pool1d", () => new MaxPooling1D(3, 1), [2, 7, 3]),
        S("max_pool2d", () => new MaxPooling2D(3, strides: 2, padding: "same", dataFormat: "channels_first"), [1, 2, 7, 7]),
        S("global_avg_pool1d", () => new GlobalAveragePooling1D("channels_first", keepdims: true), [2, 3, 5]),
        S("global_avg_pool2d", () => new GlobalAveragePooling2D(keepdims: true), [2, 4, 5, 3]),
        S("global_max_pool1d", () => new GlobalMaxPooling1D(keepdims: true), [2, 5, 3]),
        S("global_max_pool2d", () => new GlobalMaxPooling2D("channels_first"), [2, 3, 4, 5]),
        // Regularization (seeded, so the training-mode outputs of the two copies agree too)
        S("dropout", () => new Dropout(0.3, noiseShape: [null, 1, 4], seed: 11), [2, 3, 4]),
        S("gaussian_noise", () => new GaussianNoise(0.2, seed: 12), [2, 3]),
        S("spatial_dropout2d", () => new SpatialDropout2D(0.4, "channels_first", seed: 13), [2, 3, 4, 4]),
        // Recurrent (seeded dropout, so the training-mode outputs of the two copies agree too)
        S("lstm", () => new LSTM(3, activation: "relu", recurrentActivation: "hard_sigmoid", kernelInitializer: new GlorotNormal(seed: 20),
                                 recurrentInitializer: new Orthogonal(0.9, seed: 21), biasInitializer: new Constant(0.05), unitForgetBias: false,
                                 kernelRegularizer: new L2(0.01), recurrentRegularizer: new L1(0.01), biasRegularizer: new L2(0.02),
                                 activityRegularizer: new L2(0.001), kernelConstraint: new MaxNorm(2.0), recurrentConstraint: new NonNeg(),
                                 biasConstraint: new UnitNorm(0), dropout: 0.2, recurrentDropout: 0.3, seed: 22, returnSequences: true,
                                 goBackwards: true, name: "seq_lstm"), [2, 4, 3]),
        S("lstm_default", () => new LSTM(2), [2, 3, 4]),
        S("gru", () => new GRU(3, activation: "tanh", recurrentActivation: "sigmoid", useBias: true, kernelInitializer: new HeNormal(seed: 23),
                               biasInitializer: new Constant(0.1), dropout: 0.25, recurrentDropout: 0.1, seed: 24, returnSequences: true,
                               zeroOutputForMask: true), [2, 4, 3]),
        S("gru_reset_before", () => new GRU(2, resetAfter: false, useBias: false, goBackwards: true) { DType = DType.Float64 }, [2, 3, 4]),
        S("simple_rnn", () => new SimpleRNN(3, activation: "relu", kernelInitializer: new LecunNormal(seed: 25), recurrentInitializer: new Constant(0.1),
                                            biasRegularizer: new L1(0.01), dropout: 0.5, seed: 26), [2, 4, 3]),
        S("rnn_lstm_cell_initial_state", () => new RNN(new LSTMCell(2, recurrentDropout: 0.2, seed: 27), returnSequences: true, unroll: true), [2, 3, 4], [2, 2], [2, 2]),
        S("rnn_gru_cell", () => new RNN(new GRUCell(2, resetAfter: false), goBackwards: true), [2, 3, 4]),
        S("simple_rnn_cell", () => new SimpleRNNCell(3, dropout: 0.3, seed: 28), [2, 4], [2, 3]),
        S("lstm_cell", () => new LSTMCell(2, recurrentDropout: 0.3, seed: 29), [2, 4], [2, 2], [2, 2]),
        S("gru_cell", () => new GRUCell(2, dropout: 0.1, seed: 30), [2, 4], [2, 2]),
        S("bidirectional_concat", () => new Bidirectional(new LSTM(2, returnSequences: true, dropout: 0.2, seed: 31)), [2, 3, 4]),
        S("bidirectional_ave_backward_layer", () => new Bidirectional(new GRU(3), "ave", backwardLayer: new GRU(3, goBackwards: true, resetAfter: false),
                                                                      name: "bi"), [2, 3, 4]),
        S("bidirectional_mul", () => new Bidirectional(new SimpleRNN(2, returnSequences: true), "mul"), [2, 3, 4]),
        S("conv_lstm2d", () => new ConvLSTM2D(3, 3, strides: 2, padding: "same", recurrentActivation: "hard_sigmoid", kernelInitializer: new GlorotNormal(seed: 32),
                                              recurrentInitializer: new Orthogonal(seed: 33), kernelRegularizer: new L2(0.01), dropout: 0.2,
                                              recurrentDropout: 0.1, seed: 34, returnSequences: true, goBackwards: true), [2, 3, 6, 5, 2]),
        S("conv_lstm2d_channels_first", () => new ConvLSTM2D(2, (2, 3), dataFormat: "channels_first", dilationRate: 2, unitForgetBias: false,
                                                             biasInitializer: new Constant(0.1), returnState: true), [2, 3, 2, 6, 7]),
        S("rnn_conv_lstm2d_cell_initial_state", () => new RNN(new ConvLSTM2DCell(2, 3, padding: "same"), returnSequences: true), [2, 3, 4, 4, 2], [2, 4, 4, 2], [2, 4, 4, 2]),
        S("conv_lstm2d_cell", () => new ConvLSTM2DCell(2, 3, dropout: 0.2, seed: 35), [2, 5, 5, 3], [2, 3, 3, 2], [2, 3, 3, 2]),
        S("time_distributed", () => new TimeDistributed(new Dense(3, "tanh", kernelRegularizer: new L2(0.01))), [2, 4, 5]),
        // Reshaping
        S("cropping2d", () => new Cropping2D(((1, 0), (0, 2)), "channels_first"), [1, 2, 5, 6]),
        S("flatten", () => new Flatten("channels_first"), [2, 3, 2, 2]),
        S("permute", () => new Permute([2, 1]), [2, 3, 4]),
        S("repeat_vector", () => new RepeatVector(3), [2, 4]),
        S("reshape", () => new Reshape([-1, 2]), [2, 3, 4]),
        S("upsampling2d", () => new UpSampling2D((2, 3), interpolation: "bilinear"), [1, 3, 4, 2]),
        S("zero_padding2d", () => new ZeroPadding2D(((1, 2), (3, 0))), [1, 3, 3, 2]),
    ];

    /// <summary>Layers that hold C# code, which no file can: saving them must fail naming the layer.</summary>
    public static IReadOnlyList<(string Id, Func<Layer> Make)> Unsavable { get; } =
    [
        ("lambda", () => new Lambda(x => Ops.Square(x), name: "lambda_square")),
        ("dense_delegate", () => new Dense(2, x => Ops.Square(x), name: "dense_delegate")),
        ("activation_delegate", () => new Activation(x => Ops.Square(x), name: "activation_delegate")),
    ];

    /// <summary>The sample with <paramref name="id"/>.</summary>
    public static Sample Get(string id) => All.Single(s => s.Id == id);

    /// <summary>Fixed pseudo-random inputs for <paramref name="sample"/>: floats in [-1, 1), or indices.</summary>
    public static Tensor[] Inputs(Sample sample)
    {
        var rng = new Random(17);
        return sample.InputShapes.Select(shape =>
        {
            int n = shape.Aggregate(1, (a, b) => a * b);
            return sample.IndexRange > 0
                ? Tensor.FromArray(Enumerable.Range(0, n).Select(_ => rng.Next(sample.IndexRange)).ToArray(), shape)
                : Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(), shape);
        }).ToArray();
    }
}
