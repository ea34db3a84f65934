namespace KerasSharp.Backends.Torch.Tests;

/// <summary>Every primitive of the contract and the main composites of Ops, on shapes with broadcasting, size-1 dims and views.</summary>
public static class ParityCases
{
    private static InputSpec F(params int[] shape) => new(shape);
    private static InputSpec Pos(params int[] shape) => new(shape, Values: Values.Positive);
    private static InputSpec Tr(params int[] shape) => new(shape, Layout: Layout.Transposed);
    private static InputSpec St(params int[] shape) => new(shape, Layout: Layout.Strided);
    private static InputSpec I32(params int[] shape) => new(shape, DType.Int32, Values.SmallInts);
    private static InputSpec Div32(params int[] shape) => new(shape, DType.Int32, Values.NonZeroInts);
    private static InputSpec B(params int[] shape) => new(shape, DType.Bool, Values.Bools);
    private static InputSpec Ties(params int[] shape) => new(shape, DType.Float32, Values.SmallInts);

    private static ParityCase C(string name, InputSpec[] inputs, Func<Tensor[], Tensor> op, bool grad = true, double rtol = 1e-5, double atol = 1e-5) =>
        new(name, inputs, op, grad, rtol, atol);

    private static Tensor Idx(long[] values) => Tensor.FromArray(values);

    private static RecurrenceOptions RecOptions(RecurrentCellKind kind, RecurrentActivation act = RecurrentActivation.Tanh, bool back = false) =>
        new(kind, act, RecurrentActivation.Sigmoid, back);

    // Outputs and final states in one tensor: [batch, time·units + units (+ units)].
    private static Tensor Rec((Tensor Outputs, Tensor[] States) r) =>
        Ops.Concatenate([Ops.Reshape(r.Outputs, r.Outputs.Shape[0], -1), .. r.States], 1);

    /// <summary>All cases, keyed by name.</summary>
    public static readonly IReadOnlyDictionary<string, ParityCase> All = new ParityCase[]
    {
        // ---- unary (float; views and size-1 dims) ----
        C("negative", [Tr(3, 1, 4)], x => Ops.Negative(x[0])),
        C("abs", [St(2, 5)], x => Ops.Abs(x[0])),
        C("sign", [F(7)], x => Ops.Sign(x[0])),
        C("square", [Tr(2, 3, 4)], x => Ops.Square(x[0])),
        C("exp", [F(3, 4)], x => Ops.Exp(x[0])),
        C("log", [Pos(3, 4)], x => Ops.Log(x[0])),
        C("sqrt", [Pos(1, 6)], x => Ops.Sqrt(x[0])),
        C("rsqrt", [Pos(5, 1)], x => Ops.Rsqrt(x[0])),
        C("reciprocal", [Pos(4, 3)], x => Ops.Reciprocal(x[0])),
        C("sin", [St(3, 3)], x => Ops.Sin(x[0])),
        C("cos", [F(3, 3)], x => Ops.Cos(x[0])),
        C("tanh", [Tr(4, 2)], x => Ops.Tanh(x[0])),
        C("sigmoid", [F(2, 2, 3)], x => Ops.Sigmoid(x[0])),
        C("relu", [St(6)], x => Ops.Relu(x[0])),
        C("erf", [F(9)], x => Ops.Erf(x[0])),
        C("log1p", [Pos(9)], x => Ops.Log1p(x[0])),
        C("expm1", [F(9)], x => Ops.Expm1(x[0])),
        C("floor", [F(3, 4)], x => Ops.Floor(x[0])),
        C("ceil", [F(3, 4)], x => Ops.Ceil(x[0])),
        C("round", [F(3, 4)], x => Ops.Round(Ops.MultiplyScalar(x[0], 2.5))),
        C("logical_not", [B(3, 4)], x => Ops.LogicalNot(x[0]), grad: false),
        C("negative_int32", [I32(3, 4)], x => Ops.Negative(x[0]), grad: false),
        C("abs_int32", [I32(3, 4)], x => Ops.Abs(x[0]), grad: false),
        C("square_int32", [I32(3, 4)], x => Ops.Square(x[0]), grad: false),
        C("relu_int32", [I32(3, 4)], x => Ops.Relu(x[0]), grad: false),
        C("sign_int32", [I32(3, 4)], x => Ops.Sign(x[0]), grad: false),

        // ---- binary with broadcasting ----
        C("add", [F(3, 1, 4), F(5, 4)], x => Ops.Add(x[0], x[1])),
        C("subtract", [Tr(2, 3), F(1, 3)], x => Ops.Subtract(x[0], x[1])),
        C("multiply", [St(4, 3), F(4, 1)], x => Ops.Multiply(x[0], x[1])),
        C("divide", [F(2, 3, 4), Pos(3, 1)], x => Ops.Divide(x[0], x[1])),
        C("power", [Pos(3, 4), F(4)], x => Ops.Power(x[0], x[1])),
        C("maximum", [F(3, 4), F(1, 4)], x => Ops.Maximum(x[0], x[1])),
        C("minimum", [F(3, 1), Tr(3, 4)], x => Ops.Minimum(x[0], x[1])),
        C("floor_divide", [F(3, 4), Pos(4)], x => Ops.FloorDivide(Ops.MultiplyScalar(x[0], 5), x[1]), grad: false),
        C("mod", [F(3, 4), Pos(4)], x => Ops.Mod(Ops.MultiplyScalar(x[0], 5), x[1])),
        C("add_int32", [I32(3, 4), I32(4)], x => Ops.Add(x[0], x[1]), grad: false),
        C("multiply_int32", [I32(2, 1, 3), I32(4, 3)], x => Ops.Multiply(x[0], x[1]), grad: false),
        C("floor_divide_int32", [I32(3, 4), Div32(1, 4)], x => Ops.FloorDivide(x[0], Ops.Negative(x[1])), grad: false),
        C("mod_int32", [I32(3, 4), Div32(3, 1)], x => Ops.Mod(x[0], x[1]), grad: false),
        C("logical_and", [B(3, 4), B(4)], x => Ops.LogicalAnd(x[0], x[1]), grad: false),
        C("logical_or", [B(3, 1), B(1, 4)], x => Ops.LogicalOr(x[0], x[1]), grad: false),
        C("logical_xor", [B(2, 3), B(2, 3)], x => Ops.LogicalXor(x[0], x[1]), grad: false),

        // ---- comparisons and where ----
        C("equal", [Ties(3, 4), Ties(4)], x => Ops.Equal(x[0], x[1]), grad: false),
        C("not_equal", [Ties(3, 4), Ties(3, 1)], x => Ops.NotEqual(x[0], x[1]), grad: false),
        C("less", [Ties(3, 4), Ties(4)], x => Ops.Less(x[0], x[1]), grad: false),
        C("less_equal", [I32(3, 4), I32(4)], x => Ops.LessEqual(x[0], x[1]), grad: false),
        C("greater", [Ties(2, 3, 4), Ties(3, 4)], x => Ops.Greater(x[0], x[1]), grad: false),
        C("greater_equal", [Ties(3, 4), Ties(1)], x => Ops.GreaterEqual(x[0], x[1]), grad: false),
        C("less_bool", [B(3, 4), B(4)], x => Ops.Less(x[0], x[1]), grad: false),
        C("where", [B(3, 1), F(3, 4), Tr(1, 4)], x => Ops.Where(x[0], x[1], x[2])),

        // ---- casts ----
        C("cast_float_int32", [F(3, 4)], x => Ops.Cast(Ops.MultiplyScalar(x[0], 3), DType.Int32), grad: false),
        C("cast_float_bool", [Ties(3, 4)], x => Ops.Cast(x[0], DType.Bool), grad: false),
        C("cast_int32_float", [I32(3, 4)], x => Ops.Cast(x[0], DType.Float32), grad: false),
        C("cast_bool_float", [B(3, 4)], x => Ops.Cast(x[0], DType.Float32), grad: false),
        C("cast_int32_int64", [I32(3, 4)], x => Ops.Cast(x[0], DType.Int64), grad: false),
        C("cast_float_uint8", [Pos(3, 4)], x => Ops.Cast(Ops.MultiplyScalar(x[0], 50), DType.UInt8), grad: false),
        C("cast_float_float64", [Tr(3, 4)], x => Ops.Cast(x[0], DType.Float64)),

        // ---- reductions ----
        C("sum_axes", [F(3, 4, 5)], x => Ops.Sum(x[0], [0, 2])),
        C("sum_all", [Tr(3, 4)], x => Ops.Sum(x[0])),
        C("sum_keepdims", [F(3, 1, 5)], x => Ops.Sum(x[0], [1, 2], keepDims: true)),
        C("sum_bool", [B(4, 5)], x => Ops.Sum(x[0], [1]), grad: false),
        C("sum_int32", [I32(4, 5)], x => Ops.Sum(x[0], [0]), grad: false),
        C("mean", [St(3, 4)], x => Ops.Mean(x[0], [1])),
        C("max", [F(3, 4, 2)], x => Ops.Max(x[0], [0, 2])),
        C("min", [Tr(3, 4)], x => Ops.Min(x[0], [1], keepDims: true)),
        C("prod", [Pos(2, 3, 4)], x => Ops.Prod(x[0], [0, 2])),
        C("var", [F(4, 6)], x => Ops.Var(x[0], [1])),
        C("std", [F(4, 6)], x => Ops.Std(x[0], [0], ddof: 1)),
        C("logsumexp", [F(3, 5)], x => Ops.LogSumExp(x[0], [1])),
        C("any", [B(3, 4)], x => Ops.Any(x[0], [1]), grad: false),
        C("all", [B(3, 4)], x => Ops.All(x[0], [0]), grad: false),
        C("argmax", [Ties(4, 6)], x => Ops.ArgMax(x[0], 1), grad: false),
        C("argmin", [Tr(4, 6)], x => Ops.ArgMin(x[0], 0, keepDims: true), grad: false),
        C("cumsum", [F(3, 5)], x => Ops.CumSum(x[0], 1)),
        C("cumsum_reverse", [St(3, 4)], x => Ops.CumSum(x[0], 0, reverse: true)),
        C("topk_values", [Ties(3, 7)], x => Ops.TopK(x[0], 3).Values),
        C("topk_indices", [Ties(3, 7)], x => Ops.TopK(x[0], 3).Indices, grad: false),
        C("topk_smallest_indices", [Ties(3, 7)], x => Ops.TopK(x[0], 4, largest: false).Indices, grad: false),
        C("softmax", [F(3, 5)], x => Ops.Softmax(x[0])),
        C("softmax_axis0", [Tr(4, 3)], x => Ops.Softmax(x[0], 0)),
        C("log_softmax", [F(2, 3, 5)], x => Ops.LogSoftmax(x[0])),

        // ---- linear algebra ----
        C("matmul", [F(5, 7), F(7, 3)], x => Ops.MatMul(x[0], x[1])),
        C("matmul_transposed_views", [Tr(5, 7), Tr(7, 3)], x => Ops.MatMul(x[0], x[1])),
        C("matmul_batched_broadcast", [F(2, 1, 3, 4), F(5, 4, 2)], x => Ops.MatMul(x[0], x[1])),
        C("linear", [F(4, 6), F(6, 3), F(3)], x => Ops.Linear(x[0], x[1], x[2])),
        C("linear_transposed_input", [Tr(5, 7), F(7, 3), F(3)], x => Ops.Linear(x[0], x[1], x[2])),
        // a few rows against a kernel over 512 KiB: native's matrix-vector path, forward and both gradients
        C("linear_matrix_vector", [F(1, 300), F(300, 600), F(600)], x => Ops.Linear(x[0], x[1], x[2])),
        // (sums of 500 products of order 7: float32 rounding of either side is above 1e-5 absolute)
        C("matmul_few_rows_transposed_kernel", [F(3, 500), Tr(500, 301)], x => Ops.MatMul(x[0], x[1]), atol: 1e-4),
        C("einsum_dense_to_heads", [F(2, 3, 4), F(4, 2, 5)], x => Ops.Einsum("abc,cde->abde", x)),
        C("einsum_attention_scores", [Tr(2, 5, 3, 4), F(2, 6, 3, 4)], x => Ops.Einsum("aecd,abcd->acbe", x)),
        C("einsum_diagonal_broadcast", [F(3, 3), F(1, 3)], x => Ops.Einsum("ii,ji->ij", x)),

        // ---- attention: native's fused kernel against libtorch's scaled_dot_product_attention ----
        C("sdpa", [F(2, 3, 5, 4), F(2, 3, 6, 4), F(2, 3, 6, 3)], x => Ops.ScaledDotProductAttention(x[0], x[1], x[2])),
        C("sdpa_views_scale", [Tr(2, 5, 4), St(2, 6, 4), F(1, 6, 3)], x => Ops.ScaledDotProductAttention(x[0], x[1], x[2], scale: 0.3)),
        C("sdpa_padding_mask", [F(2, 2, 4, 3), F(2, 2, 5, 3), F(2, 2, 5, 2), B(2, 1, 1, 5)],
          x => Ops.ScaledDotProductAttention(x[0], x[1], x[2], x[3])),
        C("sdpa_causal", [F(3, 5, 4), F(3, 5, 4), F(3, 5, 2)], x => Ops.ScaledDotProductAttention(x[0], x[1], x[2], causal: true)),
        C("sdpa_causal_and_bool_mask", [F(2, 6, 3), F(2, 4, 3), F(2, 4, 3), B(2, 6, 4)],
          x => Ops.ScaledDotProductAttention(x[0], x[1], x[2], x[3], causal: true)),
        C("sdpa_float_mask", [F(2, 3, 4), F(2, 5, 4), F(2, 5, 3), F(3, 5)], x => Ops.ScaledDotProductAttention(x[0], x[1], x[2], x[3])),
        C("sdpa_composed", [F(2, 3, 4), F(2, 5, 4), F(2, 5, 3), B(2, 3, 5)],
          x => Ops.ScaledDotProductAttentionComposed(x[0], x[1], x[2], x[3], causal: true)),

        // ---- recurrence: native's fused kernel against libtorch's LSTM/GRU/RNN (masked calls: against torch composed) ----
        C("recurrence_lstm", [F(2, 5, 3), F(3, 16), F(16), F(4, 16), F(2, 4), F(2, 4)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4], x[5]], null, RecOptions(RecurrentCellKind.Lstm)))),
        C("recurrence_lstm_backwards_views", [Tr(2, 5, 3), F(3, 16), F(16), St(4, 16), F(2, 4), F(2, 4)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4], x[5]], null, RecOptions(RecurrentCellKind.Lstm, back: true)))),
        C("recurrence_lstm_masked", [F(2, 5, 3), F(3, 16), F(16), F(4, 16), F(2, 4), F(2, 4), B(2, 5)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4], x[5]], x[6], RecOptions(RecurrentCellKind.Lstm)))),
        C("recurrence_gru", [F(2, 5, 3), F(3, 12), F(12), F(4, 12), F(12), F(2, 4)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], x[4], [x[5]], null, RecOptions(RecurrentCellKind.Gru)))),
        C("recurrence_gru_backwards_no_bias", [F(2, 5, 3), F(3, 12), F(4, 12), F(2, 4)],
          x => Rec(Ops.Recurrence(x[0], x[1], null, x[2], null, [x[3]], null, RecOptions(RecurrentCellKind.Gru, back: true)))),
        C("recurrence_gru_masked_backwards", [F(2, 5, 3), F(3, 12), F(12), F(4, 12), F(12), F(2, 4), B(2, 5)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], x[4], [x[5]], x[6], RecOptions(RecurrentCellKind.Gru, back: true)))),
        C("recurrence_simple_tanh", [F(2, 5, 3), F(3, 4), F(4), F(4, 4), F(2, 4)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4]], null, RecOptions(RecurrentCellKind.SimpleRnn)))),
        C("recurrence_simple_relu", [F(2, 5, 3), F(3, 4), F(4), F(4, 4), Pos(2, 4)],
          x => Rec(Ops.Recurrence(x[0], x[1], x[2], x[3], null, [x[4]], null, RecOptions(RecurrentCellKind.SimpleRnn, RecurrentActivation.Relu)))),

        // ---- layout ----
        C("reshape", [Tr(3, 4)], x => Ops.Reshape(x[0], 2, -1)),
        C("transpose", [F(2, 3, 4)], x => Ops.Transpose(x[0], [2, 0, 1])),
        C("broadcast_to", [F(3, 1)], x => Ops.BroadcastTo(x[0], [2, 3, 4])),
        C("slice_negative_step", [F(5, 6)], x => Ops.Slice(x[0], TensorIndex.Slice(null, null, -2), TensorIndex.Slice(1, 5))),
        C("concatenate", [F(2, 3), Tr(4, 3)], x => Ops.Concatenate([x[0], x[1]], 0)),
        C("stack", [F(2, 3), St(2, 3)], x => Ops.Stack([x[0], x[1]], 1)),
        C("split", [F(6, 4)], x => Ops.Split(x[0], 3, 0)[1]),
        C("pad", [F(2, 3)], x => Ops.Pad(x[0], [(1, 0), (2, 1)], 0.5)),
        C("tile", [F(2, 1, 3)], x => Ops.Tile(x[0], [2, 3, 1])),
        C("expand_squeeze", [F(3, 1, 4)], x => Ops.ExpandDims(Ops.Squeeze(x[0], 1), 0)),

        // ---- indexing ----
        C("take_negative", [F(5, 3)], x => Ops.Take(x[0], Idx([4, -1, 0, 2, -5]), 0)),
        C("take_axis1", [Tr(3, 5)], x => Ops.Take(x[0], Tensor.FromArray(new int[] { 1, 1, 4 }, 3), 1)),
        C("take_along_axis", [F(3, 4)], x => Ops.TakeAlongAxis(x[0], Ops.ArgMax(x[0], 1, keepDims: true), 1)),
        C("scatter_add", [F(4, 3), F(5, 3)], x => Ops.ScatterAdd(x[0], Idx([1, 3, 1, 0, -1]), x[1], 0)),
        C("one_hot", [], _ => Ops.OneHot(Idx([0, 3, 1, 3]), 5), grad: false),

        // ---- convolution and pooling ----
        C("conv2d_valid", [F(2, 3, 6, 5), F(4, 3, 3, 2)], x => Ops.Conv2d(x[0], x[1])),
        C("conv2d_same_stride2_bias", [F(1, 2, 7, 6), F(3, 2, 3, 3), F(3)], x => Ops.Conv2d(x[0], x[1], x[2], strides: [2, 2], padding: "same")),
        C("conv2d_dilation_groups", [F(2, 4, 8, 7), F(6, 2, 2, 3)], x => Ops.Conv2d(x[0], x[1], dilation: [2, 1], groups: 2)),
        C("conv2d_explicit_asymmetric", [Tr(1, 2, 5, 6), F(2, 2, 3, 2)], x => Ops.Conv2d(x[0], x[1], padding: "explicit", explicitPadding: [2, 0, 1, 3])),
        C("conv1d", [F(2, 3, 9), F(4, 3, 3)], x => Ops.Conv1d(x[0], x[1], stride: 2, padding: "same")),
        C("max_pool2d_same", [F(2, 3, 7, 6)], x => Ops.MaxPool2d(x[0], [3, 3], [2, 2], "same")),
        C("max_pool2d_valid_ties", [Ties(1, 2, 4, 4)], x => Ops.MaxPool2d(x[0], [2, 2])),
        C("avg_pool2d_same", [F(2, 3, 7, 6)], x => Ops.AvgPool2d(x[0], [3, 2], [2, 2], "same")),
        C("avg_pool2d_view", [Tr(1, 2, 5, 6)], x => Ops.AvgPool2d(x[0], [2, 2])),
        C("conv2d_channels_last_same", [F(2, 6, 5, 3), F(3, 3, 3, 4)], x => Ops.Conv2dChannelsLast(x[0], x[1], padding: "same")),
        C("conv2d_channels_last_scale_shift_relu", [F(2, 7, 6, 3), F(3, 2, 3, 5), F(5), F(5)],
          x => Ops.Conv2dChannelsLast(x[0], x[1], x[2], x[3], relu: true, strides: [2, 2], padding: "explicit", explicitPadding: [1, 2, 0, 1])),
        C("conv2d_channels_last_residual_relu", [F(2, 5, 5, 3), F(3, 3, 3, 4), F(4), F(2, 5, 5, 4)],
          x => Ops.Conv2dChannelsLast(x[0], x[1], shift: x[2], relu: true, padding: "same", residual: x[3])),
        C("conv2d_channels_last_1x1_residual_view", [F(1, 4, 4, 6), F(1, 1, 6, 4), Tr(1, 4, 4, 4)],
          x => Ops.Conv2dChannelsLast(x[0], x[1], residual: x[2])),
        C("conv2d_channels_last_1x1_bias", [F(2, 4, 5, 6), F(1, 1, 6, 3), F(3)], x => Ops.Conv2dChannelsLast(x[0], x[1], shift: x[2])),
        C("conv2d_channels_last_1x1_stride2_scale", [St(1, 5, 5, 4), F(1, 1, 4, 3), F(3)], x => Ops.Conv2dChannelsLast(x[0], x[1], scale: x[2], strides: [2, 2])),
        C("conv2d_channels_last_groups_dilation", [Tr(1, 7, 8, 4), F(2, 2, 2, 6)], x => Ops.Conv2dChannelsLast(x[0], x[1], groups: 2, dilation: [2, 1])),
        C("max_pool2d_channels_last_same", [F(2, 7, 6, 3)], x => Ops.MaxPool2dChannelsLast(x[0], [3, 3], [2, 2], "same")),
        C("max_pool2d_channels_last_view", [Tr(1, 4, 5, 6)], x => Ops.MaxPool2dChannelsLast(x[0], [2, 2], [1, 1])),
        C("avg_pool2d_channels_last_same", [F(2, 7, 6, 3)], x => Ops.AvgPool2dChannelsLast(x[0], [3, 2], [2, 2], "same")),

        // ---- activations (composites) ----
        C("gelu", [F(3, 4)], x => Ops.Gelu(x[0])),
        C("gelu_tanh", [F(3, 4)], x => Ops.Gelu(x[0], approximate: true)),
        C("layer_norm", [F(3, 4), F(4), F(4)], x => Ops.LayerNorm(x[0], x[1], x[2], 1e-5)),
        C("layer_norm_plain_transposed", [Tr(2, 3, 5)], x => Ops.LayerNorm(x[0], null, null, 1e-3)),
        C("batch_norm_channels_last", [F(4, 3, 5), F(5), F(5)], x => Ops.BatchNorm(x[0], x[1], x[2], -1, 1e-3).Output),
        C("batch_norm_channels_first_transposed", [Tr(2, 3, 4, 5), F(3)], x => Ops.BatchNorm(x[0], x[1], null, 1, 1e-3).Output),
        C("batch_norm_middle_axis_beta", [F(3, 4, 2), F(4)], x => Ops.BatchNorm(x[0], null, x[1], 1, 1e-5).Output),
        C("batch_norm_statistics", [F(6, 3, 5)], x =>
        {
            var (_, mean, variance) = Ops.BatchNorm(x[0], null, null, -1, 1e-3);
            return Ops.Concatenate([mean, variance]);
        }, grad: false),
        C("gelu_transposed", [Tr(3, 1, 4)], x => Ops.Gelu(x[0])),
        C("gelu_tanh_strided", [St(2, 5)], x => Ops.Gelu(x[0], approximate: true)),
        C("silu", [F(3, 4)], x => Ops.Silu(x[0])),
        C("elu", [F(3, 4)], x => Ops.Elu(x[0])),
        C("selu", [F(3, 4)], x => Ops.Selu(x[0])),
        C("leaky_relu", [F(3, 4)], x => Ops.LeakyRelu(x[0])),
        C("relu6", [F(3, 4)], x => Ops.Relu6(Ops.MultiplyScalar(x[0], 4))),
        C("softplus", [F(3, 4)], x => Ops.Softplus(x[0])),
        C("softsign", [F(3, 4)], x => Ops.Softsign(x[0])),
        C("hard_sigmoid", [F(3, 4)], x => Ops.HardSigmoid(x[0])),
        C("clip", [St(3, 4)], x => Ops.Clip(x[0], -0.5, 0.7)),

        // ---- fused optimizer kernels (the results side by side; not differentiable) ----
        C("adam_step", [F(5, 7), F(5, 7), F(5, 7), Pos(5, 7)], x =>
        {
            var (w, m, v) = Ops.AdamStep(x[0], x[1], x[2], x[3], new AdamCoefficients(0.01, 0.9, 0.999, 1e-7));
            return Ops.Concatenate([w, m, v]);
        }, grad: false),

        C("sparse_softmax_cross_entropy", [F(6, 5)], x => Ops.SparseSoftmaxCrossEntropy(x[0], Idx([0, 4, 2, 1, 3, 0]))),
        C("sparse_softmax_cross_entropy_3d", [Tr(2, 4, 3)], x => Ops.SparseSoftmaxCrossEntropy(x[0], Tensor.FromArray(new long[] { 0, 2, 1, 1, 0, 2, 2, 0 }, 2, 4))),

        // ---- a small network step: dense, softmax cross-entropy by hand ----
        C("mlp_loss", [F(8, 5), F(5, 4), F(4)], x =>
        {
            var logits = Ops.Linear(Ops.Relu(x[0]), x[1], x[2]);
            var labels = Ops.OneHot(Idx([0, 1, 2, 3, 0, 1, 2, 3]), 4);
            return Ops.Negative(Ops.Mean(Ops.Sum(Ops.Multiply(labels, Ops.LogSoftmax(logits)), 1)));
        }),
    }.ToDictionary(c => c.Name);

    /// <summary>Case names for DynamicData.</summary>
    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });
}
