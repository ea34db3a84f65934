using KerasSharp.Layers;
using KerasSharp.Onnx.Proto;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>
/// SimpleRNN, LSTM and GRU (and RNN around their cells) as ONNX's RNN, LSTM and GRU operators, and Bidirectional as
/// its two layers and the merge. Keras's weights become ONNX's [directions, gates·units, ...] blocks (LSTM's i, f, c, o
/// as ONNX's i, o, f, c; GRU's z, r, h as they are, resetAfter as linear_before_reset = 1); the operators run time-major,
/// forwards, on the input reversed for goBackwards, so the outputs come in Keras's processing order. A Keras mask becomes
/// sequence_lens, the count of unmasked steps of each row: that is Keras's result for right-padded masks (each row's
/// unmasked steps first), which is what Embedding(maskZero) and Masking give for padded batches; Keras's outputs at the
/// padded steps (the last valid output; zeros first when going backwards) are then filled in.
/// </summary>
internal static class OnnxRecurrentExporter
{
    public static OnnxExportValue[] Convert(OnnxExportCall c, RNN layer)
    {
        var g = c.Graph;
        var x = g.Keras(c.Input);
        var lengths = c.Input.Mask is { } mask ? Lengths(g, c.Scope, mask) : null;
        var states = c.Inputs.Skip(1).Select(v => g.Keras(v)).ToArray();
        var (sequence, finals) = Run(c, layer, x, lengths, states);
        var output = layer.ReturnSequences ? sequence : finals[0];
        if (layer.ZeroOutputForMask && c.Input.Mask is { } m)
        {
            var ordered = layer.GoBackwards ? ReverseTime(g, c.Scope, m, 1) : m;
            output = layer.ReturnSequences
                ? g.Op("Where", c.Scope, [g.Op("Unsqueeze", c.Scope, [ordered, g.Longs(2)]), output, g.Scalar(0)])
                : g.Op("Where", c.Scope, [g.Op("Unsqueeze", c.Scope, [Last(g, c.Scope, ordered), g.Longs(1)]), output, g.Scalar(0)]);
        }
        string[] names = layer.ReturnState ? [output, .. finals] : [output];
        return [.. names.Select((n, i) => new OnnxExportValue(c.Outputs[i].Shape, c.Outputs[i].DType, n))];
    }

    public static OnnxExportValue[] Bidirectional(OnnxExportCall c, Bidirectional layer)
    {
        var g = c.Graph;
        var x = g.Keras(c.Input);
        var lengths = c.Input.Mask is { } mask ? Lengths(g, c.Scope, mask) : null;
        var states = c.Inputs.Skip(1).Select(v => g.Keras(v)).ToArray();
        int half = states.Length / 2;
        var f = Run(c, layer.ForwardLayer, x, lengths, states[..half]);
        var b = Run(c, layer.BackwardLayer, x, lengths, states[half..]);
        var y = layer.ForwardLayer.ReturnSequences ? f.Sequence : f.Finals[0];
        // the backward layer's sequence is in its processing order: back to time order
        var yb = layer.BackwardLayer.ReturnSequences ? ReverseTime(g, c.Scope, b.Sequence, 1) : b.Finals[0];
        string[] merged = layer.MergeMode switch
        {
            "concat" => [g.Op("Concat", c.Scope, [y, yb], Int("axis", -1))],
            "sum" => [g.Op("Add", c.Scope, [y, yb])],
            "mul" => [g.Op("Mul", c.Scope, [y, yb])],
            "ave" => [g.Op("Mul", c.Scope, [g.Op("Add", c.Scope, [y, yb]), g.Scalar(0.5)])],
            _ => [y, yb],
        };
        string[] names = layer.ForwardLayer.ReturnState ? [.. merged, .. f.Finals, .. b.Finals] : merged;
        return [.. names.Select((n, i) => new OnnxExportValue(c.Outputs[i].Shape, c.Outputs[i].DType, n))];
    }

    // One recurrent layer: its outputs [batch, time, units] in Keras's processing order and its final states [batch, units].
    private static (string Sequence, string[] Finals) Run(OnnxExportCall c, RNN layer, string x, string? lengths, string[] states)
    {
        var g = c.Graph;
        var s = $"{c.Scope}/{layer.Name}";
        if (layer.Stateful) throw c.Unsupported($"the stateful layer '{layer.Name}' carries its state from call to call, which an ONNX graph has no place for; export a copy made with stateful: false");
        if (layer.Cell is not KernelRnnCell cell || cell is not (SimpleRNNCell or LSTMCell or GRUCell))
            throw c.Unsupported($"'{layer.Name}' runs a {layer.Cell.GetType().Name}; ONNX has recurrent operators for SimpleRNN, LSTM and GRU cells only");
        int u = cell.Units;
        string op = cell switch { LSTMCell => "LSTM", GRUCell => "GRU", _ => "RNN" };
        int gates = cell switch { LSTMCell => 4, GRUCell => 3, _ => 1 };
        // time-major; goBackwards: each row's valid steps reversed (all steps without a mask)
        var input = g.Op("Transpose", s, [x], Ints("perm", [1, 0, 2]));
        if (layer.GoBackwards) input = lengths is null ? ReverseTime(g, s, input, 0) : g.Op("ReverseSequence", s, [input, lengths], Int("batch_axis", 1), Int("time_axis", 0));
        int[] order = cell is LSTMCell ? [0, 3, 1, 2] : [.. Enumerable.Range(0, gates)];   // ONNX's gate blocks in Keras's numbering
        var w = g.Weight(cell.Kernel!, cell, k => Blocks(k, order, u));
        var r = g.Weight(cell.RecurrentKernel!, cell, k => Blocks(k, order, u));
        var inputs = new List<string> { input, w, r };
        var biasDims = new long[] { 1, 2L * gates * u };
        if (cell.Bias is { } bias)
            inputs.Add(g.Weight(bias, cell, v => Ops.Reshape(
                v.Rank == 2 ? Ops.Concatenate([Reorder(Ops.Reshape(Ops.SliceAxis(v, 0, 0, 1), -1), order, u), Reorder(Ops.Reshape(Ops.SliceAxis(v, 0, 1, 1), -1), order, u)], 0)
                            : Ops.Concatenate([Reorder(v, order, u), Ops.Zeros([gates * u], v.DType)], 0), biasDims.Select(d => (int)d).ToArray())));
        else inputs.Add("");
        inputs.Add(lengths is null ? "" : g.Op("Cast", s, [lengths], Int("to", OnnxTensorWriter.ElementType(DType.Int32))));
        for (int i = 0; i < states.Length; i++) inputs.Add(g.Op("Unsqueeze", s, [states[i], g.Longs(0)]));
        while (inputs.Count > 0 && inputs[^1] == "") inputs.RemoveAt(inputs.Count - 1);
        var attributes = new List<AttributeProto>
        {
            Int("hidden_size", u),
            Strs("activations", cell is SimpleRNNCell ? [Activation(c, cell.ActivationName)]
                : cell is LSTMCell ? [Activation(c, cell.RecurrentActivationName), Activation(c, cell.ActivationName), Activation(c, cell.ActivationName)]
                : [Activation(c, cell.RecurrentActivationName), Activation(c, cell.ActivationName)]),
        };
        if (cell is GRUCell gru) attributes.Add(Int("linear_before_reset", gru.ResetAfter ? 1 : 0));
        var outs = g.MultiOp(op, s, inputs, cell is LSTMCell ? 3 : 2, [.. attributes]);
        // Y [time, 1, batch, units] -> [batch, time, units]; Y_h (Y_c) [1, batch, units] -> [batch, units]
        var y = g.Op("Transpose", s, [g.Op("Squeeze", s, [outs[0], g.Longs(1)])], Ints("perm", [1, 0, 2]));
        string[] finals = [.. outs.Skip(1).Select(o => g.Op("Squeeze", s, [o, g.Longs(0)]))];
        if (lengths is not null)
        {
            var valid = g.Op("Unsqueeze", s, [c.Input.Mask!, g.Longs(2)]);
            if (!layer.GoBackwards)
                y = g.Op("Where", s, [valid, y, g.Op("Unsqueeze", s, [finals[0], g.Longs(1)])]);   // padded steps repeat the last valid output
            else
            {
                // [y_0 .. y_{len-1}, 0 ..] -> [0 .., y_0 .. y_{len-1}]: reverse each row's valid part, then the whole row
                var rows = g.Op("ReverseSequence", s, [y, lengths], Int("batch_axis", 0), Int("time_axis", 1));
                y = ReverseTime(g, s, rows, 1);
            }
        }
        return (y, finals);
    }

    // [batch, time] bool -> int64 [batch]: the number of unmasked steps of each row.
    private static string Lengths(OnnxExportGraph g, string scope, string mask) =>
        g.Reduce("ReduceSum", scope, g.Op("Cast", scope, [mask], Int("to", OnnxTensorWriter.ElementType(DType.Int64))), [1], keepDims: false);

    // The last step of a [batch, time] tensor.
    private static string Last(OnnxExportGraph g, string scope, string x) =>
        g.Op("Squeeze", scope, [g.Op("Slice", scope, [x, g.Longs(-1), g.Longs(long.MaxValue), g.Longs(1)]), g.Longs(1)]);

    private static string ReverseTime(OnnxExportGraph g, string scope, string x, long axis) =>
        g.Op("Slice", scope, [x, g.Longs(-1), g.Longs(long.MinValue), g.Longs(axis), g.Longs(-1)]);

    // Keras [in, gates·units] -> ONNX [1, gates·units, in] with the gate blocks in ONNX's order.
    private static Tensor Blocks(Tensor kernel, int[] order, int units) =>
        Ops.ExpandDims(Ops.Transpose(Reorder(kernel, order, units), [1, 0]), 0);

    // The gate blocks (along the last axis) in the given order.
    private static Tensor Reorder(Tensor t, int[] order, int units)
    {
        int axis = t.Rank - 1;
        return order.Length == 1 ? t : Ops.Concatenate([.. order.Select(i => Ops.SliceAxis(t, axis, i * units, units))], axis);
    }

    private static string Activation(OnnxExportCall c, string name) => name switch
    {
        "tanh" => "Tanh",
        "sigmoid" => "Sigmoid",
        "relu" => "Relu",
        _ => throw c.Unsupported($"the activation '{name}' of a recurrent cell has no ONNX form (ONNX's recurrent operators take tanh, sigmoid and relu here)"),
    };
}
