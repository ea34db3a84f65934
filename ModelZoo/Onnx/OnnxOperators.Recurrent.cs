using KerasSharp.Backends;

namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddRecurrent()
    {
        AddMany("LSTM", c => Recurrent(c, RecurrentCellKind.Lstm));
        AddMany("GRU", c => Recurrent(c, RecurrentCellKind.Gru));
        AddMany("RNN", c => Recurrent(c, RecurrentCellKind.SimpleRnn));
        Add("ReverseSequence", ReverseSequence);
    }

    // Each batch entry's first sequence_lens[b] steps along time_axis reversed, the rest as they are.
    private static Tensor ReverseSequence(OnnxCall c)
    {
        var x = c.In(0);
        int batchAxis = (int)c.Attributes.Int("batch_axis", 1), timeAxis = (int)c.Attributes.Int("time_axis", 0);
        if (x.Rank < 2 || batchAxis is < 0 or > 1 || timeAxis is < 0 or > 1 || batchAxis == timeAxis)
            throw c.Fail($"batch_axis {batchAxis} and time_axis {timeAxis} must be 0 and 1 in some order, for input {x.Shape}.");
        int time = x.Shape[timeAxis];
        var steps = Tensor.FromArray(Enumerable.Range(0, time).Select(t => (long)t).ToArray()).To(x.Backend, x.Device);
        steps = batchAxis == 0 ? Ops.ExpandDims(steps, 0) : Ops.ExpandDims(steps, 1);        // broadcast against the lengths
        var lengths = batchAxis == 0 ? Ops.ExpandDims(Ops.Cast(c.In(1), DType.Int64), 1) : Ops.ExpandDims(Ops.Cast(c.In(1), DType.Int64), 0);
        var source = Ops.Where(Ops.Less(steps, lengths), Ops.Subtract(Ops.Subtract(lengths, Ops.OnesLike(lengths)), steps), steps);   // [batch, time] or [time, batch]
        var shape = source.Shape.ToArray().Concat(Enumerable.Repeat(1, x.Rank - 2)).ToArray();
        var index = Ops.BroadcastTo(Ops.Reshape(source, shape), x.Shape.ToArray());
        return Ops.TakeAlongAxis(x, index, timeAxis);
    }

    /// <summary>
    /// ONNX's LSTM, GRU and RNN on <see cref="Ops.Recurrence"/>, one direction at a time: W, R [dirs, gates·units, ·] to
    /// Keras's [·, gates·units] blocks (ONNX's LSTM i, o, f, c as i, f, c, o; GRU z, r, h as they are), B's input and
    /// recurrent halves summed (kept apart for GRU's reset-after form), sequence_lens as a prefix mask with ONNX's zeros
    /// at the padded steps, direction reverse as goBackwards turned back to time order. GRU without
    /// linear_before_reset, clip, input_forget, peepholes and activations other than the defaults (RNN: Tanh or Relu)
    /// are refused.
    /// </summary>
    private static Tensor[] Recurrent(OnnxCall c, RecurrentCellKind kind)
    {
        var a = c.Attributes;
        int gates = kind switch { RecurrentCellKind.Lstm => 4, RecurrentCellKind.Gru => 3, _ => 1 };
        int units = (int)a.Int("hidden_size", -1);
        if (units <= 0) throw c.Fail("the hidden_size attribute is required.");
        if (a.Has("clip")) throw c.Fail("clip is not supported.");
        if (a.Int("input_forget", 0) != 0) throw c.Fail("input_forget is not supported.");
        if (c.Has(7)) throw c.Fail("peepholes (input P) are not supported.");
        if (kind == RecurrentCellKind.Gru && a.Int("linear_before_reset", 0) == 0)
            throw c.Fail("linear_before_reset = 0 is not supported (only the reset-after form, linear_before_reset = 1).");
        var activation = RecurrentActivation.Tanh;
        var names = a.Values.TryGetValue("activations", out var v) && v is List<object?> list ? list.Cast<string>().ToArray() : null;
        string[] expected = kind switch { RecurrentCellKind.Lstm => ["Sigmoid", "Tanh", "Tanh"], RecurrentCellKind.Gru => ["Sigmoid", "Tanh"], _ => ["Tanh"] };
        int directions = a.String("direction", "forward") == "bidirectional" ? 2 : 1;
        if (names is not null)
        {
            for (int d = 0; d < directions; d++)
            {
                var mine = names.Skip(d * expected.Length).Take(expected.Length).ToArray();
                if (kind == RecurrentCellKind.SimpleRnn && mine is ["Relu"]) activation = RecurrentActivation.Relu;
                else if (!mine.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
                    throw c.Fail($"activations [{string.Join(", ", names)}] are not supported (only the defaults{(kind == RecurrentCellKind.SimpleRnn ? ", or Relu" : "")}).");
            }
        }
        var x = c.In(0);
        if (x.Rank != 3) throw c.Fail($"X must be rank 3, got {x.Shape}.");
        bool batchFirst = a.Int("layout", 0) == 1;
        if (!batchFirst) x = Ops.Transpose(x, [1, 0, 2]);
        int batch = x.Shape[0], time = x.Shape[1];
        Tensor? mask = null;
        if (c.Has(4))
        {
            var lengths = Ops.Cast(c.In(4), DType.Int64);
            mask = Ops.Less(Ops.ExpandDims(Tensor.FromArray(Enumerable.Range(0, time).Select(t => (long)t).ToArray()).To(x.Backend, x.Device), 0),
                            Ops.ExpandDims(lengths, 1));
        }
        string direction = a.String("direction", "forward");
        var ys = new List<Tensor>();
        var hs = new List<Tensor>();
        var cs = new List<Tensor>();
        for (int d = 0; d < directions; d++)
        {
            bool back = direction == "reverse" || d == 1;
            Tensor Dir(int i) => Ops.Reshape(Ops.SliceAxis(c.In(i), 0, d, 1), c.In(i).Shape.ToArray()[1..]);
            var kernel = FromOnnxGates(Ops.Transpose(Dir(1), [1, 0]), kind, units);
            var recurrent = FromOnnxGates(Ops.Transpose(Dir(2), [1, 0]), kind, units);
            Tensor? bias = null, recurrentBias = null;
            if (c.Has(3))
            {
                var b = Dir(3);
                var wb = FromOnnxGates(Ops.SliceAxis(b, 0, 0, gates * units), kind, units);
                var rb = FromOnnxGates(Ops.SliceAxis(b, 0, gates * units, gates * units), kind, units);
                if (kind == RecurrentCellKind.Gru) (bias, recurrentBias) = (wb, rb);
                else bias = Ops.Add(wb, rb);
            }
            Tensor State(int i) => c.Has(i) ? Dir(i) : Ops.Zeros([batch, units], x.DType);
            Tensor[] states = kind == RecurrentCellKind.Lstm ? [State(5), State(6)] : [State(5)];
            var options = new RecurrenceOptions(kind, activation, RecurrentActivation.Sigmoid, back);
            var (y, finals) = Ops.Recurrence(x, kernel, bias, recurrent, recurrentBias, states, mask, options);
            if (back) y = Ops.Take(y, Tensor.FromArray(Enumerable.Range(0, time).Reverse().ToArray()).To(x.Backend, x.Device), 1);   // back to time order
            if (mask is not null) y = Ops.Where(Ops.ExpandDims(mask, 2), y, Ops.ZerosLike(y));                                      // ONNX: zeros past each length
            ys.Add(y);
            hs.Add(finals[0]);
            if (finals.Length > 1) cs.Add(finals[1]);
        }
        // Y [time, dirs, batch, units] (layout 1: [batch, time, dirs, units]); Y_h, Y_c [dirs, batch, units] (layout 1: [batch, dirs, units])
        var yAll = Ops.Stack([.. ys], 2);                           // [batch, time, dirs, units]
        var outputs = new List<Tensor> { batchFirst ? yAll : Ops.Transpose(yAll, [1, 2, 0, 3]) };
        Tensor Final(List<Tensor> f) => batchFirst ? Ops.Stack([.. f], 1) : Ops.Stack([.. f], 0);
        outputs.Add(Final(hs));
        if (kind == RecurrentCellKind.Lstm) outputs.Add(Final(cs));
        return [.. outputs.Take(Math.Max(1, c.OutputCount))];
    }

    // [·, gates·units] in ONNX's gate order to Keras's: LSTM i, o, f, c -> i, f, c, o; the others are the same.
    private static Tensor FromOnnxGates(Tensor t, RecurrentCellKind kind, int units)
    {
        if (kind != RecurrentCellKind.Lstm) return t;
        int axis = t.Rank - 1;
        Tensor Block(int i) => Ops.SliceAxis(t, axis, i * units, units);
        return Ops.Concatenate([Block(0), Block(2), Block(3), Block(1)], axis);
    }
}
