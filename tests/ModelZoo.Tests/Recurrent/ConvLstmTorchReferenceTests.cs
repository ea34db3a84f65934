using System.Text.Json;
using KerasSharp.Layers;

namespace KerasSharp.ModelZoo.Tests.Recurrent;

/// <summary>
/// ConvLSTM2D against a convolutional LSTM computed by PyTorch's conv2d in float64 (conv_lstm_reference.py, run at test
/// time): 3×3 kernels, strides with "same" padding, dilation, goBackwards with initial states, and masks, on both
/// backends with the same weights (so this is also the native-vs-torch parity).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ConvLstmTorchReferenceTests
{
    private static readonly ScriptCases Cases = new(Path.Combine("Recurrent", "conv_lstm_reference.py"), "ks-convlstm-fixtures-");

    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static JsonElement Case(string name) => Cases.Case(name);
    private static float[] Floats(JsonElement e) => ScriptCases.Floats(e);
    private static int[] Ints(JsonElement e) => ScriptCases.Ints(e);

    private static void Close(float[] expected, Tensor actual, string what)
    {
        var a = actual.ToArray<float>();
        Assert.HasCount(expected.Length, a, what);
        for (int i = 0; i < a.Length; i++) Assert.AreEqual(expected[i], a[i], 3e-5, $"{what}: element {i}");
    }

    [TestMethod]
    [DataRow("valid_3x3", "native")] [DataRow("valid_3x3", "torch")]
    [DataRow("same_strided", "native")] [DataRow("same_strided", "torch")]
    [DataRow("dilated_backwards_initial", "native")] [DataRow("dilated_backwards_initial", "torch")]
    [DataRow("masked_same", "native")] [DataRow("masked_same", "torch")]
    public void MatchesTorchConv2dReference(string name, string backend)
    {
        var c = Case(name);
        Backend.Set(backend);
        var shape = Ints(c.GetProperty("shape"));
        var x = Tensor.FromArray(Floats(c.GetProperty("x")), shape);
        var layer = new ConvLSTM2D(c.GetProperty("filters").GetInt32(), Ints(c.GetProperty("kernel_size")), Ints(c.GetProperty("strides")),
                                   c.GetProperty("padding").GetString()!, dilationRate: Ints(c.GetProperty("dilation")),
                                   goBackwards: c.GetProperty("go_backwards").GetBoolean(), returnSequences: true, returnState: true);
        layer.Build([.. shape.Select(d => (int?)d)]);
        layer.Cell.Kernel!.Assign(Tensor.FromArray(Floats(c.GetProperty("kernel")), layer.Cell.Kernel.Shape.ToArray()));
        layer.Cell.RecurrentKernel!.Assign(Tensor.FromArray(Floats(c.GetProperty("recurrent_kernel")), layer.Cell.RecurrentKernel.Shape.ToArray()));
        layer.Cell.Bias!.Assign(Tensor.FromArray(Floats(c.GetProperty("bias")), layer.Cell.Bias.Shape.ToArray()));

        var stateShape = Ints(c.GetProperty("y_shape"))[2..].Prepend(shape[0]).ToArray();
        Tensor[] initial = c.GetProperty("h0").ValueKind == JsonValueKind.Array
            ? [Tensor.FromArray(Floats(c.GetProperty("h0")), stateShape), Tensor.FromArray(Floats(c.GetProperty("c0")), stateShape)]
            : [Ops.Zeros(stateShape), Ops.Zeros(stateShape)];
        Tensor? mask = null;
        if (c.GetProperty("lengths").ValueKind == JsonValueKind.Array)
        {
            var lengths = Ints(c.GetProperty("lengths"));
            mask = Tensor.FromArray(Enumerable.Range(0, shape[0] * shape[1]).Select(i => i % shape[1] < lengths[i / shape[1]]).ToArray(), shape[0], shape[1]);
        }
        var outs = layer.ApplyAll(x, initial, mask);
        CollectionAssert.AreEqual(Ints(c.GetProperty("y_shape")), outs[0].Shape.ToArray());
        Close(Floats(c.GetProperty("y")), outs[0], $"{name} {backend} sequence");
        Close(Floats(c.GetProperty("h")), outs[1], $"{name} {backend} final h");
        Close(Floats(c.GetProperty("c")), outs[2], $"{name} {backend} final c");
    }
}
