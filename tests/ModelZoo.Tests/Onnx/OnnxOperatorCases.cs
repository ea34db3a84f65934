using KerasSharp.Onnx.Proto;
using static KerasSharp.ModelZoo.Tests.Onnx.OnnxGraph;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>Small hand-built graphs, one or a few per operator and opset variant, with their inputs.</summary>
internal static class OnnxOperatorCases
{
    public sealed record Case(string Name, OnnxGraph Graph, Feed[] Feeds, double Tolerance = 1e-5);

    private static float[] R(int seed, int n, double scale = 1, double offset = 0)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale + offset)).ToArray();
    }

    // y = op(x) on one [2, 3, 4] input, under `opset`.
    private static Case Unary(string name, string op, int opset = 17, Feed? feed = null, params AttributeProto[] attributes) =>
        new(name, new OnnxGraph(opset).Input("x", Float, 2, 3, 4).Node(op, ["x"], ["y"], attributes).Output("y"),
            [feed ?? Feed.F("x", 1, 2, 3, 4)]);

    private static Case Binary(string op, int opset = 17, int outType = Float) =>
        new($"{op} (broadcast)", new OnnxGraph(opset).Input("a", Float, 2, 3, 4).Input("b", Float, 3, 1).Node(op, ["a", "b"], ["y"]).Output("y", outType),
            [Feed.F("a", 2, 2, 3, 4), Feed.F("b", 3, 3, 1)]);

    private static Feed Positive(string name, int seed, params int[] shape) =>
        new(name, R(seed, shape.Aggregate(1, (a, b) => a * b), 1, 1.5), shape);

    public static IEnumerable<Case> All()
    {
        yield return Unary("Relu", "Relu");
        yield return Unary("LeakyRelu alpha", "LeakyRelu", 17, null, Float1("alpha", 0.3f));
        yield return Unary("Sigmoid", "Sigmoid");
        yield return Unary("Tanh", "Tanh");
        yield return Unary("Erf", "Erf");
        yield return Unary("Gelu opset 20", "Gelu", 20);
        yield return Unary("Gelu tanh opset 20", "Gelu", 20, null, Str("approximate", "tanh"));
        yield return Unary("Sqrt", "Sqrt", 17, Positive("x", 4, 2, 3, 4));
        yield return Unary("Reciprocal", "Reciprocal", 17, Positive("x", 5, 2, 3, 4));
        yield return Unary("Neg", "Neg");
        yield return Unary("Identity", "Identity");
        yield return Unary("Softmax opset 13 axis 1", "Softmax", 13, null, Int("axis", 1));
        yield return Unary("Softmax opset 11 (2-D coercion)", "Softmax", 11);
        yield return Unary("LogSoftmax opset 13", "LogSoftmax", 13);
        yield return Unary("LogSoftmax opset 9 axis 2", "LogSoftmax", 9, null, Int("axis", 2));
        yield return Unary("Clip opset 8 attributes", "Clip", 8, null, Float1("min", -0.5f), Float1("max", 0.7f));
        yield return new("Clip opset 13 inputs", new OnnxGraph(13).Input("x", Float, 2, 3, 4).Init("lo", [-0.4f], []).Init("hi", [0.9f], [])
            .Node("Clip", ["x", "lo", "hi"], ["y"]).Output("y"), [Feed.F("x", 6, 2, 3, 4)]);
        yield return new("Clip opset 13 max only", new OnnxGraph(13).Input("x", Float, 2, 3, 4).Init("hi", [0.2f], [])
            .Node("Clip", ["x", "", "hi"], ["y"]).Output("y"), [Feed.F("x", 6, 2, 3, 4)]);
        yield return new("Dropout opset 12 (inference)", new OnnxGraph(12).Input("x", Float, 2, 3).Node("Dropout", ["x"], ["y"]).Output("y"), [Feed.F("x", 7, 2, 3)]);
        yield return new("Dropout opset 9 ratio", new OnnxGraph(9).Input("x", Float, 2, 3).Node("Dropout", ["x"], ["y"], Float1("ratio", 0.3f)).Output("y"), [Feed.F("x", 7, 2, 3)]);

        foreach (var op in new[] { "Add", "Sub", "Mul" }) yield return Binary(op);
        yield return new("Div", new OnnxGraph().Input("a", Float, 2, 3).Input("b", Float, 2, 3).Node("Div", ["a", "b"], ["y"]).Output("y"),
            [Feed.F("a", 8, 2, 3), Positive("b", 9, 2, 3)]);
        yield return new("Pow", new OnnxGraph().Input("a", Float, 2, 3).Init("e", [2f], []).Node("Pow", ["a", "e"], ["y"]).Output("y"), [Feed.F("a", 10, 2, 3)]);
        yield return new("Pow fractional", new OnnxGraph().Input("a", Float, 2, 3).Init("e", [0.5f, 1.5f, 3f], [3]).Node("Pow", ["a", "e"], ["y"]).Output("y"), [Positive("a", 11, 2, 3)]);
        yield return new("Equal and Where", new OnnxGraph().Input("a", Float, 2, 3).Input("b", Float, 2, 3).Init("zero", [0f], [])
            .Node("Relu", ["a"], ["ra"]).Node("Equal", ["ra", "zero"], ["m"]).Node("Where", ["m", "b", "a"], ["y"]).Output("y"),
            [Feed.F("a", 12, 2, 3), Feed.F("b", 13, 2, 3)]);

        yield return new("MatMul 3-D by 2-D", new OnnxGraph().Input("x", Float, 2, 3, 4).Init("w", R(14, 20), [4, 5]).Node("MatMul", ["x", "w"], ["y"]).Output("y"),
            [Feed.F("x", 15, 2, 3, 4)]);
        yield return new("MatMul batched", new OnnxGraph().Input("a", Float, 2, 3, 4).Input("b", Float, 2, 4, 2).Node("MatMul", ["a", "b"], ["y"]).Output("y"),
            [Feed.F("a", 16, 2, 3, 4), Feed.F("b", 17, 2, 4, 2)]);
        yield return new("Gemm transB alpha beta", new OnnxGraph().Input("x", Float, null, 4).Init("w", R(18, 12), [3, 4]).Init("c", R(19, 3), [3])
            .Node("Gemm", ["x", "w", "c"], ["y"], Int("transB", 1), Float1("alpha", 0.5f), Float1("beta", 2f)).Output("y"), [Feed.F("x", 20, 5, 4)]);
        yield return new("Gemm transA no C opset 11", new OnnxGraph(11).Input("x", Float, 4, 2).Init("w", R(21, 12), [4, 3])
            .Node("Gemm", ["x", "w"], ["y"], Int("transA", 1)).Output("y"), [Feed.F("x", 22, 4, 2)]);

        yield return new("Conv pads strides bias", new OnnxGraph().Input("x", Float, null, 3, 9, 8).Init("w", R(23, 4 * 3 * 3 * 3), [4, 3, 3, 3]).Init("b", R(24, 4), [4])
            .Node("Conv", ["x", "w", "b"], ["y"], Ints("kernel_shape", 3, 3), Ints("pads", 1, 2, 0, 1), Ints("strides", 2, 1)).Output("y"), [Feed.F("x", 25, 2, 3, 9, 8)]);
        yield return new("Conv groups SAME_UPPER", new OnnxGraph(11).Input("x", Float, 1, 4, 7, 7).Init("w", R(26, 4 * 2 * 9), [4, 2, 3, 3])
            .Node("Conv", ["x", "w"], ["y"], Int("group", 2), Str("auto_pad", "SAME_UPPER"), Ints("strides", 2, 2)).Output("y"), [Feed.F("x", 27, 1, 4, 7, 7)]);
        yield return new("Conv SAME_LOWER", new OnnxGraph(11).Input("x", Float, 1, 2, 6, 6).Init("w", R(126, 3 * 2 * 4), [3, 2, 2, 2])
            .Node("Conv", ["x", "w"], ["y"], Str("auto_pad", "SAME_LOWER")).Output("y"), [Feed.F("x", 127, 1, 2, 6, 6)]);
        yield return new("Conv dilations", new OnnxGraph(11).Input("x", Float, 1, 2, 9, 9).Init("w", R(128, 3 * 2 * 9), [3, 2, 3, 3])
            .Node("Conv", ["x", "w"], ["y"], Ints("dilations", 2, 3), Ints("pads", 1, 0, 2, 1)).Output("y"), [Feed.F("x", 129, 1, 2, 9, 9)]);
        yield return new("Conv 1-D", new OnnxGraph().Input("x", Float, 2, 3, 10).Init("w", R(28, 2 * 3 * 3), [2, 3, 3])
            .Node("Conv", ["x", "w"], ["y"], Ints("pads", 1, 1)).Output("y"), [Feed.F("x", 29, 2, 3, 10)]);
        yield return new("BatchNormalization opset 9", new OnnxGraph(9).Input("x", Float, null, 3, 4, 4).Init("s", R(30, 3, 1, 1), [3]).Init("b", R(31, 3), [3])
            .Init("m", R(32, 3), [3]).Init("v", R(33, 3, 0.5, 1), [3]).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], Float1("epsilon", 1e-3f)).Output("y"),
            [Feed.F("x", 34, 2, 3, 4, 4)]);
        yield return new("BatchNormalization opset 15", new OnnxGraph(15).Input("x", Float, 2, 3, 5).Init("s", R(35, 3, 1, 1), [3]).Init("b", R(36, 3), [3])
            .Init("m", R(37, 3), [3]).Init("v", R(38, 3, 0.5, 1), [3]).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"]).Output("y"),
            [Feed.F("x", 39, 2, 3, 5)]);
        yield return new("MaxPool pads", new OnnxGraph().Input("x", Float, null, 2, 7, 7).Node("MaxPool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1)).Output("y"),
            [Feed.F("x", 40, 2, 2, 7, 7)]);
        yield return new("MaxPool ceil_mode", new OnnxGraph().Input("x", Float, 1, 2, 8, 8).Node("MaxPool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Int("ceil_mode", 1)).Output("y"),
            [Feed.F("x", 41, 1, 2, 8, 8)]);
        yield return new("AveragePool pads excluded", new OnnxGraph().Input("x", Float, 1, 2, 6, 6).Node("AveragePool", ["x"], ["y"], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1)).Output("y"),
            [Feed.F("x", 42, 1, 2, 6, 6)]);
        yield return new("AveragePool pads included", new OnnxGraph().Input("x", Float, 1, 2, 6, 6).Node("AveragePool", ["x"], ["y"], Ints("kernel_shape", 3, 2), Ints("pads", 1, 0, 1, 1), Int("count_include_pad", 1)).Output("y"),
            [Feed.F("x", 43, 1, 2, 6, 6)]);
        yield return new("AveragePool ceil_mode opset 10", new OnnxGraph(10).Input("x", Float, 1, 1, 7, 7).Node("AveragePool", ["x"], ["y"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), Int("ceil_mode", 1)).Output("y"),
            [Feed.F("x", 44, 1, 1, 7, 7)]);
        yield return new("GlobalAveragePool", new OnnxGraph().Input("x", Float, null, 3, 4, 5).Node("GlobalAveragePool", ["x"], ["y"]).Output("y"), [Feed.F("x", 45, 2, 3, 4, 5)]);

        yield return new("ReduceMean opset 13 axes attribute", new OnnxGraph(13).Input("x", Float, 2, 3, 4).Node("ReduceMean", ["x"], ["y"], Ints("axes", -1), Int("keepdims", 1)).Output("y"), [Feed.F("x", 46, 2, 3, 4)]);
        yield return new("ReduceMean opset 18 axes input", new OnnxGraph(18).Input("x", Float, 2, 3, 4).InitInt64("ax", [0, 2], 2).Node("ReduceMean", ["x", "ax"], ["y"], Int("keepdims", 0)).Output("y"), [Feed.F("x", 47, 2, 3, 4)]);
        yield return new("ReduceSum opset 11 all axes", new OnnxGraph(11).Input("x", Float, 2, 3, 4).Node("ReduceSum", ["x"], ["y"], Int("keepdims", 0)).Output("y"), [Feed.F("x", 48, 2, 3, 4)]);
        yield return new("ReduceSum opset 13 axes input", new OnnxGraph(13).Input("x", Float, 2, 3, 4).InitInt64("ax", [1], 1).Node("ReduceSum", ["x", "ax"], ["y"]).Output("y"), [Feed.F("x", 49, 2, 3, 4)]);
        yield return new("LayerNormalization last axis", new OnnxGraph(17).Input("x", Float, null, 3, 8).Init("g", R(50, 8, 1, 1), [8]).Init("b", R(51, 8), [8])
            .Node("LayerNormalization", ["x", "g", "b"], ["y"], Float1("epsilon", 1e-3f)).Output("y"), [Feed.F("x", 52, 2, 3, 8)]);
        yield return new("LayerNormalization axis 1 no bias", new OnnxGraph(17).Input("x", Float, 2, 3, 4).Init("g", R(53, 12, 1, 1), [3, 4])
            .Node("LayerNormalization", ["x", "g"], ["y"], Int("axis", 1)).Output("y"), [Feed.F("x", 54, 2, 3, 4)]);

        yield return Unary("Transpose perm", "Transpose", 17, null, Ints("perm", 2, 0, 1));
        yield return Unary("Transpose default", "Transpose");
        yield return new("Reshape 0 and -1", new OnnxGraph().Input("x", Float, 2, 3, 4).InitInt64("s", [0, -1, 2], 3).Node("Reshape", ["x", "s"], ["y"]).Output("y"), [Feed.F("x", 55, 2, 3, 4)]);
        yield return Unary("Flatten axis 2", "Flatten", 17, null, Int("axis", 2));
        yield return Unary("Flatten opset 9 default", "Flatten", 9);
        yield return new("Concat axis -1", new OnnxGraph().Input("a", Float, 2, 3).Input("b", Float, 2, 2).Node("Concat", ["a", "b"], ["y"], Int("axis", -1)).Output("y"),
            [Feed.F("a", 56, 2, 3), Feed.F("b", 57, 2, 2)]);
        yield return new("Split opset 11 sizes attribute", new OnnxGraph(11).Input("x", Float, 2, 6).Node("Split", ["x"], ["p", "q"], Int("axis", 1), Ints("split", 2, 4))
            .Node("Add", ["p", "p"], ["y"]).Output("y").Output("q"), [Feed.F("x", 58, 2, 6)]);
        yield return new("Split opset 13 sizes input", new OnnxGraph(13).Input("x", Float, 6, 2).InitInt64("s", [1, 5], 2).Node("Split", ["x", "s"], ["p", "q"]).Output("p").Output("q"), [Feed.F("x", 59, 6, 2)]);
        yield return new("Split opset 18 num_outputs", new OnnxGraph(18).Input("x", Float, 2, 6).Node("Split", ["x"], ["p", "q", "r"], Int("axis", 1), Int("num_outputs", 3)).Output("p").Output("q").Output("r"), [Feed.F("x", 60, 2, 6)]);
        yield return new("Split opset 11 equal", new OnnxGraph(11).Input("x", Float, 2, 6).Node("Split", ["x"], ["p", "q"], Int("axis", 1)).Output("p").Output("q"), [Feed.F("x", 61, 2, 6)]);
        yield return new("Gather axis 1 negative constant indices", new OnnxGraph().Input("x", Float, 2, 5, 3).InitInt64("i", [4, -1, 0, 2], 2, 2).Node("Gather", ["x", "i"], ["y"], Int("axis", 1)).Output("y"), [Feed.F("x", 62, 2, 5, 3)]);
        yield return new("Gather embedding rows", new OnnxGraph().Input("ids", I64, null, 3).Init("table", R(63, 7 * 4), [7, 4]).Node("Gather", ["table", "ids"], ["y"]).Output("y"),
            [new Feed("ids", new long[] { 0, 6, 3, 2, 2, 5 }, [2, 3])]);
        yield return new("Unsqueeze opset 11", new OnnxGraph(11).Input("x", Float, 2, 3).Node("Unsqueeze", ["x"], ["y"], Ints("axes", 0, -1)).Output("y"), [Feed.F("x", 64, 2, 3)]);
        yield return new("Unsqueeze opset 13", new OnnxGraph(13).Input("x", Float, 2, 3).InitInt64("ax", [1], 1).Node("Unsqueeze", ["x", "ax"], ["y"]).Output("y"), [Feed.F("x", 65, 2, 3)]);
        yield return new("Squeeze opset 11", new OnnxGraph(11).Input("x", Float, 2, 1, 3, 1).Node("Squeeze", ["x"], ["y"], Ints("axes", 1)).Output("y"), [Feed.F("x", 66, 2, 1, 3, 1)]);
        yield return new("Squeeze opset 13 all", new OnnxGraph(13).Input("x", Float, 2, 1, 3, 1).Node("Squeeze", ["x"], ["y"]).Output("y"), [Feed.F("x", 67, 2, 1, 3, 1)]);
        yield return new("Slice opset 9 attributes", new OnnxGraph(9).Input("x", Float, 4, 6).Node("Slice", ["x"], ["y"], Ints("starts", 1, -4), Ints("ends", 1000, -1), Ints("axes", 0, 1)).Output("y"), [Feed.F("x", 68, 4, 6)]);
        yield return new("Slice opset 13 steps", new OnnxGraph(13).Input("x", Float, 4, 7).InitInt64("st", [0, 1], 2).InitInt64("en", [4, 7], 2).InitInt64("ax", [0, 1], 2).InitInt64("sp", [2, 3], 2)
            .Node("Slice", ["x", "st", "en", "ax", "sp"], ["y"]).Output("y"), [Feed.F("x", 69, 4, 7)]);
        yield return new("Slice negative step", new OnnxGraph(13).Input("x", Float, 3, 6).InitInt64("st", [-1], 1).InitInt64("en", [-1000], 1).InitInt64("ax", [1], 1).InitInt64("sp", [-2], 1)
            .Node("Slice", ["x", "st", "en", "ax", "sp"], ["y"]).Output("y"), [Feed.F("x", 70, 3, 6)]);
        yield return new("Pad opset 11 constant", new OnnxGraph(11).Input("x", Float, 2, 3).InitInt64("p", [0, 1, 2, 0], 4).Init("v", [0.5f], []).Node("Pad", ["x", "p", "v"], ["y"]).Output("y"), [Feed.F("x", 71, 2, 3)]);
        yield return new("Pad opset 8 attributes", new OnnxGraph(8).Input("x", Float, 2, 3).Node("Pad", ["x"], ["y"], Ints("pads", 1, 0, 0, 2), Float1("value", -1f)).Output("y"), [Feed.F("x", 72, 2, 3)]);
        yield return new("Expand", new OnnxGraph().Input("x", Float, 3, 1).InitInt64("s", [2, 1, 4], 3).Node("Expand", ["x", "s"], ["y"]).Output("y"), [Feed.F("x", 73, 3, 1)]);
        yield return new("Cast float to int64 and back", new OnnxGraph().Input("x", Float, 2, 3).Node("Cast", ["x"], ["i"], Int("to", I64)).Node("Cast", ["i"], ["y"], Int("to", Float)).Output("y").Output("i", I64),
            [Feed.F("x", 74, 2, 3)]);
        yield return new("Constant and ConstantOfShape", new OnnxGraph().Input("x", Float, 2, 3)
            .Node("Constant", [], ["c"], TensorAttr("value", FloatTensor([1, 2, 3], 3)))
            .Node("Constant", [], ["s"], TensorAttr("value", Int64Tensor([2, 3], 2)))
            .Node("ConstantOfShape", ["s"], ["k"], TensorAttr("value", FloatTensor([0.25f], 1)))
            .Node("Mul", ["x", "c"], ["m"]).Node("Add", ["m", "k"], ["y"]).Output("y"), [Feed.F("x", 75, 2, 3)]);

        // Recurrent operators (H = 3): every output, sequence_lens, initial states, both directions, reverse, Relu
        yield return new("LSTM bidirectional, sequence_lens and initial states", new OnnxGraph().Input("x", Float, 4, 3, 2)
            .Init("w", R(80, 2 * 12 * 2, 0.6), [2, 12, 2]).Init("r", R(81, 2 * 12 * 3, 0.6), [2, 12, 3]).Init("b", R(82, 2 * 24, 0.3), [2, 24])
            .InitInt64("len64", [4, 2, 3], 3).Node("Cast", ["len64"], ["len"], Int("to", OnnxGraph.Int32))
            .Init("h0", R(83, 2 * 3 * 3), [2, 3, 3]).Init("c0", R(84, 2 * 3 * 3), [2, 3, 3])
            .Node("LSTM", ["x", "w", "r", "b", "len", "h0", "c0"], ["y", "yh", "yc"], Int("hidden_size", 3), Str("direction", "bidirectional"))
            .Output("y").Output("yh").Output("yc"), [Feed.F("x", 85, 4, 3, 2)]);
        yield return new("GRU reverse, linear_before_reset", new OnnxGraph().Input("x", Float, 5, 2, 3)
            .Init("w", R(86, 9 * 3, 0.6), [1, 9, 3]).Init("r", R(87, 9 * 3, 0.6), [1, 9, 3]).Init("b", R(88, 18, 0.3), [1, 18])
            .Node("GRU", ["x", "w", "r", "b"], ["y", "yh"], Int("hidden_size", 3), Str("direction", "reverse"), Int("linear_before_reset", 1))
            .Output("y").Output("yh"), [Feed.F("x", 89, 5, 2, 3)]);
        yield return new("RNN Relu without bias", new OnnxGraph().Input("x", Float, 4, 2, 3)
            .Init("w", R(90, 9, 0.6), [1, 3, 3]).Init("r", R(91, 9, 0.4), [1, 3, 3])
            .Node("RNN", ["x", "w", "r"], ["y", "yh"], Int("hidden_size", 3), Strs("activations", "Relu"))
            .Output("y").Output("yh"), [Feed.F("x", 92, 4, 2, 3)]);
        yield return new("ReverseSequence batch_axis 0", new OnnxGraph().Input("x", Float, 3, 5, 2).InitInt64("len", [5, 2, 3], 3)
            .Node("ReverseSequence", ["x", "len"], ["y"], Int("batch_axis", 0), Int("time_axis", 1)).Output("y"), [Feed.F("x", 93, 3, 5, 2)]);

        // Shape arithmetic as exporters write it: folded where the shape is known, run where the batch is free.
        yield return new("Shape/Gather/Unsqueeze/Concat/Reshape with a free batch (opset 13)", new OnnxGraph(13).Input("x", Float, null, 3, 4)
            .Node("Shape", ["x"], ["s"]).InitInt64("zero", [0], []).Node("Gather", ["s", "zero"], ["n"])
            .InitInt64("ax", [0], 1).Node("Unsqueeze", ["n", "ax"], ["n1"]).InitInt64("rest", [-1], 1).Node("Concat", ["n1", "rest"], ["shape"], Int("axis", 0))
            .Node("Reshape", ["x", "shape"], ["y"]).Output("y"), [Feed.F("x", 76, 5, 3, 4)]);
        yield return new("Shape with start and end, ConstantOfShape at run time (opset 15)", new OnnxGraph(15).Input("x", Float, null, 3, 4)
            .Node("Shape", ["x"], ["s"], Int("start", 0), Int("end", 2)).Node("ConstantOfShape", ["s"], ["k"], TensorAttr("value", FloatTensor([2f], 1)))
            .InitInt64("ax", [2], 1).Node("Unsqueeze", ["k", "ax"], ["k3"]).Node("Mul", ["x", "k3"], ["y"]).Output("y"), [Feed.F("x", 77, 2, 3, 4)]);
        yield return new("Shape folded where known (opset 11)", new OnnxGraph(11).Input("x", Float, 2, 3, 4)
            .Node("Shape", ["x"], ["s"]).InitInt64("i", [2], []).Node("Gather", ["s", "i"], ["d"]).Node("Cast", ["d"], ["df"], Int("to", Float))
            .Node("Sqrt", ["df"], ["r"]).Node("Div", ["x", "r"], ["y"]).Output("y"), [Feed.F("x", 78, 2, 3, 4)]);
    }
}
