using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>
/// The export round-trip cases: a small model around each exportable layer (non-default arguments where the layer has
/// any), and its inputs. <see cref="In.IndexRange"/> &gt; 0 makes integer indices below it.
/// </summary>
internal static class OnnxExportCases
{
    /// <summary>One model input: its shape without the batch axis, dtype, and for indices their range.</summary>
    /// <remarks><see cref="RightPadded"/>: indices 1 .. IndexRange-1 for a random prefix of each row, then zeros (a padded batch).</remarks>
    public sealed record In(int[] Shape, DType DType = DType.Float32, int IndexRange = 0, bool RightPadded = false);

    /// <summary>A case: how to make its model, and its inputs.</summary>
    public sealed record Case(string Id, Func<Model> Make, params In[] Inputs)
    {
        /// <summary>The id, for test names.</summary>
        public override string ToString() => Id;
    }

    // Layers are made afresh by each Make (a built layer keeps its weights, on the backend it was built on).
    private static Case One(string id, int[] shape, params Func<Layer>[] layers) =>
        new(id, () => new Sequential([new Input(Dims(shape)), .. layers.Select(make => make())]), new In(shape));

    private static Case Two(string id, int[] shape, Func<KerasTensor, KerasTensor, KerasTensor> merge) =>
        new(id, () =>
        {
            var a = new Input(Dims(shape), name: "a");
            var b = new Input(Dims(shape), name: "b");
            return new Model([a, b], merge(a, b));
        }, new In(shape), new In(shape));

    private static int?[] Dims(int[] shape) => [.. shape.Select(d => (int?)d)];

    private static readonly string[] ActivationNames =
        ["linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "hard_silu", "tanh", "softmax", "log_softmax", "gelu", "silu", "mish",
         "elu", "selu", "leaky_relu", "softplus", "softsign", "exponential"];

    /// <summary>Every case.</summary>
    public static IReadOnlyList<Case> All { get; } =
    [
        // Dense, EinsumDense, Embedding
        One("dense_gemm", [5], () => new Dense(4, "relu")),
        One("dense_rank3_no_bias", [3, 5], () => new Dense(4, "tanh", useBias: false)),
        One("einsum_dense_matmul", [3, 5], () => new EinsumDense("abc,cde->abde", [3, 2, 4], biasAxes: "de")),
        One("einsum_dense_two_axes", [3, 2, 4], () => new EinsumDense("abcd,cde->abe", [3, 6], activation: "gelu", biasAxes: "e")),
        One("einsum_dense_ellipsis", [2, 3, 5], () => new EinsumDense("...b,bc->...c", 4, activation: "relu", biasAxes: "c")),
        One("einsum_dense_general", [3, 5], () => new EinsumDense("abc,bd->adc", [4, 5], biasAxes: "d")),
        new("embedding", () => new Sequential([new Input([4], dtype: DType.Int64), new Embedding(10, 3)]), new In([4], DType.Int64, 10)),
        new("embedding_float_ids", () => new Sequential([new Input([4]), new Embedding(7, 3)]), new In([4], DType.Float32, 7)),
        // Activations
        .. ActivationNames.Select(n => One($"activation_{n}", [2, 6], () => new Activation(n))),
        One("elu", [6], () => new ELU(alpha: 0.7)),
        One("leaky_relu", [6], () => new LeakyReLU(negativeSlope: 0.15)),
        One("prelu_shared", [3, 4], () => new PReLU(sharedAxes: [1])),
        One("relu_threshold_cap", [6], () => new ReLU(maxValue: 1.2, negativeSlope: 0.1, threshold: 0.3)),
        One("relu_cap", [6], () => new ReLU(maxValue: 0.8)),
        One("softmax_axis1", [3, 4], () => new Softmax(axis: 1)),
        // Convolutions
        One("conv1d_same_stride", [9, 3], () => new Conv1D(4, 3, strides: 2, padding: "same", activation: "relu")),
        One("conv1d_causal_dilated", [9, 3], () => new Conv1D(2, 3, padding: "causal", dilationRate: 2)),
        One("conv1d_channels_first", [3, 9], () => new Conv1D(4, 2, dataFormat: "channels_first", activation: "sigmoid")),
        One("conv2d_same_stride", [7, 6, 3], () => new Conv2D(4, 3, strides: 2, padding: "same", activation: "relu")),
        One("conv2d_channels_first_dilated", [3, 8, 7], () => new Conv2D(4, 3, dataFormat: "channels_first", dilationRate: 2, useBias: false)),
        One("conv2d_groups", [6, 6, 4], () => new Conv2D(6, [3, 2], groups: 2, activation: "softmax")),
        One("conv2d_chain", [8, 8, 2], () => new Conv2D(4, 3, padding: "same"), () => new BatchNormalization(), () => new ReLU(), () => new Conv2D(3, 1)),
        One("depthwise_conv2d", [7, 7, 3], () => new DepthwiseConv2D(3, strides: 2, padding: "same", depthMultiplier: 2, activation: "tanh")),
        One("depthwise_conv2d_channels_first", [3, 6, 6], () => new DepthwiseConv2D(2, dataFormat: "channels_first")),
        One("separable_conv2d", [7, 7, 3], () => new SeparableConv2D(5, 3, padding: "same", depthMultiplier: 2, activation: "relu")),
        One("conv2d_transpose_valid", [4, 5, 3], () => new Conv2DTranspose(2, 3, strides: 2)),
        One("conv2d_transpose_same", [4, 5, 3], () => new Conv2DTranspose(2, 3, strides: 2, padding: "same", activation: "relu")),
        One("conv2d_transpose_output_padding", [3, 5, 4], () => new Conv2DTranspose(2, 3, strides: 2, padding: "same", outputPadding: 0, dataFormat: "channels_first")),
        One("conv2d_transpose_small_kernel", [4, 4, 2], () => new Conv2DTranspose(3, 1, strides: 3)),
        // Pooling
        One("max_pooling2d_same", [7, 5, 3], () => new MaxPooling2D(3, strides: 2, padding: "same")),
        One("average_pooling2d_same", [7, 5, 3], () => new AveragePooling2D(3, strides: 2, padding: "same")),
        One("average_pooling2d_channels_first", [3, 6, 7], () => new AveragePooling2D(2, dataFormat: "channels_first")),
        One("max_pooling1d", [9, 3], () => new MaxPooling1D(3, strides: 2)),
        One("average_pooling1d_channels_first", [3, 9], () => new AveragePooling1D(2, padding: "same", dataFormat: "channels_first")),
        One("global_average_pooling2d", [5, 4, 3], () => new GlobalAveragePooling2D()),
        One("global_max_pooling2d_keepdims", [5, 4, 3], () => new GlobalMaxPooling2D(keepdims: true)),
        One("global_average_pooling1d_channels_first", [3, 7], () => new GlobalAveragePooling1D(dataFormat: "channels_first")),
        One("global_max_pooling1d", [7, 3], () => new GlobalMaxPooling1D()),
        One("adaptive_average_pooling2d_even", [6, 4, 2], () => new AdaptiveAveragePooling2D([3, 2])),
        One("adaptive_average_pooling2d_uneven", [7, 5, 2], () => new AdaptiveAveragePooling2D([3, 2])),
        One("adaptive_average_pooling2d_channels_first", [2, 5, 7], () => new AdaptiveAveragePooling2D(3, dataFormat: "channels_first")),
        // Normalization
        One("batch_norm_channels_last", [4, 3, 5], () => new BatchNormalization(epsilon: 0.01)),
        One("batch_norm_features", [5], () => new BatchNormalization(center: false)),
        One("batch_norm_middle_axis", [4, 3], () => new BatchNormalization(axis: 1, scale: false)),
        One("batch_norm_channels_first", [3, 4, 4], () => new BatchNormalization(axis: 1)),
        One("layer_norm", [3, 6], () => new LayerNormalization(epsilon: 0.01)),
        One("layer_norm_two_axes", [3, 4, 2], () => new LayerNormalization([-2, -1], center: false)),
        One("layer_norm_middle_axis", [3, 4], () => new LayerNormalization(1, scale: false)),
        One("layer_norm_rms", [3, 6], () => new LayerNormalization(rmsScaling: true)),
        // Merges
        Two("add", [4], (a, b) => new Add().Apply(a, b)),
        Two("subtract", [2, 4], (a, b) => new Subtract().Apply(a, b)),
        Two("multiply", [4], (a, b) => new Multiply().Apply(a, new Dense(4).Apply(b))),
        Two("average", [4], (a, b) => new Average().Apply(a, b, new Dense(4).Apply(a))),
        Two("maximum", [4], (a, b) => new Maximum().Apply(a, b)),
        Two("minimum", [3, 4], (a, b) => new Minimum().Apply(a, b)),
        Two("concatenate", [3, 4], (a, b) => new Concatenate(axis: 1).Apply(a, b)),
        Two("concatenate_conv_channels", [5, 5, 2], (a, b) => new Concatenate().Apply(new Conv2D(3, 1).Apply(a), new Conv2D(2, 3, padding: "same").Apply(b))),
        Two("add_conv_branches", [5, 5, 2], (a, b) => new ReLU().Apply(new Add().Apply(new Conv2D(3, 1).Apply(a), new Conv2D(3, 3, padding: "same").Apply(b)))),
        Two("dot", [4], (a, b) => new Dot(1).Apply(a, b)),
        Two("dot_rank3_normalized", [3, 4], (a, b) => new Dot([2, 2], normalize: true).Apply(a, b)),
        // Reshaping
        One("flatten", [3, 2, 4], () => new Flatten()),
        One("flatten_channels_first", [3, 2, 4], () => new Flatten(dataFormat: "channels_first")),
        One("flatten_after_conv", [5, 5, 2], () => new Conv2D(3, 3), () => new Flatten()),
        One("reshape", [3, 4], () => new Reshape([2, -1])),
        One("permute", [3, 4, 2], () => new Permute([3, 1, 2])),
        One("repeat_vector", [4], () => new RepeatVector(3)),
        One("zero_padding2d", [3, 4, 2], () => new ZeroPadding2D(((1, 2), (0, 3)))),
        One("zero_padding2d_after_conv", [4, 4, 2], () => new Conv2D(2, 1), () => new ZeroPadding2D(1), () => new Conv2D(3, 3)),
        One("zero_padding2d_channels_first", [2, 3, 4], () => new ZeroPadding2D((2, 1), dataFormat: "channels_first")),
        One("cropping2d", [6, 5, 2], () => new Cropping2D(((1, 0), (2, 1)))),
        One("cropping2d_channels_first", [2, 6, 5], () => new Cropping2D((1, 2), dataFormat: "channels_first")),
        One("up_sampling2d_nearest", [3, 4, 2], () => new UpSampling2D([2, 3])),
        One("up_sampling2d_bilinear_channels_first", [2, 3, 4], () => new UpSampling2D(2, dataFormat: "channels_first", interpolation: "bilinear")),
        // Identity in inference
        One("dropout_noise", [5], () => new Dropout(0.5), () => new GaussianNoise(0.3), () => new Dense(3)),
        One("spatial_dropout2d", [4, 4, 2], () => new SpatialDropout2D(0.4), () => new Conv2D(2, 1)),
        // Attention
        new("mha_self", () =>
        {
            var x = new Input([5, 8], name: "x");
            return new Model(x, new MultiHeadAttention(2, 4, name: "mha").Apply(x, x));
        }, new In([5, 8])),
        new("mha_cross_key_mask_scores", () =>
        {
            var q = new Input([4, 6], name: "q");
            var v = new Input([5, 8], name: "v");
            var k = new Input([5, 7], name: "k");
            var mask = new Input([4, 5], name: "mask");
            var (output, scores) = new MultiHeadAttention(3, 2, valueDim: 5, outputShape: [6], name: "mha").ApplyWithScores(q, v, k, mask);
            return new Model([q, v, k, mask], [output, scores]);
        }, new In([4, 6]), new In([5, 8]), new In([5, 7]), new In([4, 5], DType.Float32, 2)),
        new("mha_causal", () =>
        {
            var x = new Input([6, 4], name: "x");
            return new Model(x, new MultiHeadAttention(2, 3, useBias: false, name: "mha").Apply(x, x, useCausalMask: true));
        }, new In([6, 4])),
        new("mha_2d_axes_mask_scores", () =>
        {
            var x = new Input([3, 4, 5], name: "x");
            var mask = new Input([3, 4, 3, 4], name: "mask");
            var (output, scores) = new MultiHeadAttention(2, 3, attentionAxes: [1, 2], name: "mha").ApplyWithScores(x, x, attentionMask: mask);
            return new Model([x, mask], [output, scores]);
        }, new In([3, 4, 5]), new In([3, 4, 3, 4], DType.Float32, 2)),
        new("mha_axis_2_of_rank4", () =>
        {
            var x = new Input([2, 5, 6], name: "x");
            return new Model(x, new MultiHeadAttention(2, 3, attentionAxes: [2], name: "mha").Apply(x, x));
        }, new In([2, 5, 6])),
        // Keras masks: made by Embedding(maskZero) and Masking, ANDed by merges, read by attention and average pooling
        new("embedding_mask_attention_pooling", () =>
        {
            var ids = new Input([6], dtype: DType.Int64, name: "ids");
            var h = new Embedding(9, 8, maskZero: true).Apply(ids);
            h = new MultiHeadAttention(2, 4, name: "mha").Apply(h, h);
            h = new LayerNormalization().Apply(new Add().Apply(h, new Dense(8).Apply(h)));
            return new Model(ids, new GlobalAveragePooling1D().Apply(h));
        }, new In([6], DType.Int64, 3)),
        new("masking_merge_pooling", () =>
        {
            var a = new Input([5, 3], name: "a");
            var b = new Input([5, 3], name: "b");
            var ma = new Masking(0.0).Apply(a);
            var mb = new Masking(1.0).Apply(b);
            var h = new Multiply().Apply(new Dense(3).Apply(ma), mb);
            return new Model([a, b], new GlobalAveragePooling1D().Apply(h));
        }, new In([5, 3], DType.Float32, 2), new In([5, 3], DType.Float32, 2)),
        new("masking_cross_attention", () =>
        {
            var q = new Input([4, 3], name: "q");
            var v = new Input([5, 3], name: "v");
            var h = new MultiHeadAttention(1, 3, name: "mha").Apply(new Masking().Apply(q), new Masking().Apply(v));
            return new Model([q, v], new GlobalAveragePooling1D().Apply(h));
        }, new In([4, 3], DType.Float32, 2), new In([5, 3], DType.Float32, 2)),
        // Recurrent layers: ONNX's RNN, LSTM and GRU (masks as sequence_lens of right-padded batches)
        One("simple_rnn_relu_sequences", [5, 3], () => new SimpleRNN(4, activation: "relu", returnSequences: true)),
        One("simple_rnn_backwards_last", [5, 3], () => new SimpleRNN(4, goBackwards: true, useBias: false)),
        One("lstm_sequences_backwards", [6, 3], () => new LSTM(4, returnSequences: true, goBackwards: true)),
        One("gru_reset_after", [5, 3], () => new GRU(4, returnSequences: true)),
        One("gru_reset_before_last", [5, 3], () => new GRU(3, resetAfter: false)),
        One("bidirectional_lstm_concat", [5, 3], () => new Bidirectional(new LSTM(3, returnSequences: true))),
        One("bidirectional_gru_ave_last", [5, 3], () => new Bidirectional(new GRU(3), mergeMode: "ave")),
        new("lstm_states_in_and_out", () =>
        {
            var x = new Input([5, 3], name: "x");
            var h0 = new Input([4], name: "h0");
            var c0 = new Input([4], name: "c0");
            return new Model([x, h0, c0], new LSTM(4, returnState: true, name: "lstm").ApplyAll(x, h0, c0));
        }, new In([5, 3]), new In([4]), new In([4])),
        new("masked_lstm_gru_backwards", () =>
        {
            var ids = new Input([6], dtype: DType.Int64, name: "ids");
            var h = new Embedding(9, 4, maskZero: true).Apply(ids);
            h = new LSTM(5, returnSequences: true).Apply(h);
            h = new GRU(3, returnSequences: true, goBackwards: true).Apply(h);
            return new Model(ids, new SimpleRNN(2).Apply(h));
        }, new In([6], DType.Int64, 9, RightPadded: true)),
        new("masked_bidirectional_sequences", () =>
        {
            var ids = new Input([5], dtype: DType.Int64, name: "ids");
            var h = new Embedding(7, 3, maskZero: true).Apply(ids);
            return new Model(ids, new Bidirectional(new GRU(2, returnSequences: true), mergeMode: "sum").Apply(h));
        }, new In([5], DType.Int64, 7, RightPadded: true)),
        // Models in models, several inputs and outputs
        new("nested_sequential", () =>
        {
            var inner = new Sequential([new Input([6]), new Dense(5, "relu"), new Dense(4)], name: "inner");
            var x = new Input([6], name: "features");
            var y = inner.Apply(x);
            return new Model(x, [new Dense(2, name: "head_a").Apply(y), new Activation("sigmoid", name: "head_b").Apply(y)]);
        }, new In([6])),
        new("nested_functional_called_twice", () =>
        {
            var z = new Input([4], name: "z");
            var inner = new Model(z, new Dense(3, "tanh").Apply(new Dense(5).Apply(z)), name: "shared_block");
            var a = new Input([4], name: "a");
            var b = new Input([4], name: "b");
            return new Model([a, b], new Subtract().Apply(inner.Apply(a), inner.Apply(b)));
        }, new In([4]), new In([4])),
    ];
}
