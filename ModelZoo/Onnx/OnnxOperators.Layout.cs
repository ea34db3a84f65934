namespace KerasSharp.Onnx;

internal static partial class OnnxOperators
{
    private static void AddLayout()
    {
        Add("Transpose", c =>
        {
            var x = c.In(0);
            var perm = c.Attributes.Ints("perm")?.Select(p => c.Axis(p, x.Rank)).ToArray() ?? Enumerable.Range(0, x.Rank).Reverse().ToArray();
            return Ops.Transpose(x, perm);
        });
        Add("Reshape", Reshape);
        Add("Flatten", c =>
        {
            var x = c.In(0);
            long a = c.Attributes.Int("axis", 1);
            int axis = a == x.Rank ? x.Rank : c.Axis(a, x.Rank);
            int outer = 1;
            for (int d = 0; d < axis; d++) outer *= x.Shape[d];
            return Ops.Reshape(x, outer, outer == 0 ? 0 : x.Size / Math.Max(outer, 1));
        });
        Add("Concat", c =>
        {
            var xs = Enumerable.Range(0, c.Inputs.Count).Where(c.Has).Select(c.In).ToList();
            // Shapes built from pieces may mix int32 and int64 constants.
            var dtype = xs.Select(x => x.DType).Aggregate(DTypes.Promote);
            xs = xs.Select(x => x.DType == dtype ? x : Ops.Cast(x, dtype)).ToList();
            return Ops.Concatenate(xs, c.Axis(c.Attributes.Int("axis", 0), xs[0].Rank));
        });
        AddMany("Split", Split);
        Add("Unsqueeze", c =>
        {
            var x = c.In(0);
            var axes = c.IntsFromInputOrAttribute(1, 13, "axes") ?? throw c.Fail("axes are required.");
            int rank = x.Rank + axes.Length;
            var inserted = axes.Select(a => c.Axis(a, rank)).ToHashSet();
            if (inserted.Count != axes.Length) throw c.Fail($"axes [{string.Join(", ", axes)}] repeat an axis.");
            var shape = new int[rank];
            for (int d = 0, k = 0; d < rank; d++) shape[d] = inserted.Contains(d) ? 1 : x.Shape[k++];
            return Ops.Reshape(x, shape);
        });
        Add("Squeeze", c =>
        {
            var x = c.In(0);
            var axes = c.IntsFromInputOrAttribute(1, 13, "axes");
            var removed = axes is null || axes.Length == 0
                ? Enumerable.Range(0, x.Rank).Where(d => x.Shape[d] == 1).ToHashSet()
                : axes.Select(a => c.Axis(a, x.Rank)).ToHashSet();
            foreach (var d in removed)
                if (x.Shape[d] != 1) throw c.Fail($"cannot squeeze axis {d} of shape {x.Shape}: its size is not 1.");
            return Ops.Reshape(x, Enumerable.Range(0, x.Rank).Where(d => !removed.Contains(d)).Select(d => x.Shape[d]).ToArray());
        });
        Add("Expand", c =>
        {
            var x = c.In(0);
            var target = c.Ints(1);
            int rank = Math.Max(x.Rank, target.Length);
            var shape = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                int xd = d - (rank - x.Rank) >= 0 ? x.Shape[d - (rank - x.Rank)] : 1;
                long td = d - (rank - target.Length) >= 0 ? target[d - (rank - target.Length)] : 1;
                if (xd != 1 && td != 1 && xd != td) throw c.Fail($"cannot expand shape {x.Shape} to [{string.Join(", ", target)}].");
                shape[d] = (int)(xd == 1 ? td : xd);
            }
            return Ops.BroadcastTo(x, shape);
        });
        Add("Pad", Pad);
        Add("Slice", Slice);
    }

    // A 0 copies the input's size there (unless allowzero), -1 takes what is left.
    private static Tensor Reshape(OnnxCall c)
    {
        var x = c.In(0);
        var target = c.Ints(1);
        bool allowZero = c.Attributes.Int("allowzero", 0) != 0;
        var shape = new int[target.Length];
        int infer = -1;
        long known = 1;
        for (int d = 0; d < target.Length; d++)
        {
            long t = target[d];
            if (t == 0 && !allowZero)
            {
                if (d >= x.Rank) throw c.Fail($"shape [{string.Join(", ", target)}] copies axis {d}, which input {x.Shape} lacks.");
                t = x.Shape[d];
            }
            if (t == -1)
            {
                if (infer >= 0) throw c.Fail($"shape [{string.Join(", ", target)}] has more than one -1.");
                infer = d;
                continue;
            }
            if (t < 0) throw c.Fail($"shape [{string.Join(", ", target)}] has a negative size.");
            shape[d] = (int)t;
            known *= t;
        }
        if (infer >= 0)
        {
            if (known == 0 || x.Size % known != 0) throw c.Fail($"cannot reshape {x.Shape} to [{string.Join(", ", target)}].");
            shape[infer] = (int)(x.Size / known);
        }
        return Ops.Reshape(x, shape);
    }

    private static Tensor[] Split(OnnxCall c)
    {
        var x = c.In(0);
        int axis = c.Axis(c.Attributes.Int("axis", 0), x.Rank);
        int n = x.Shape[axis];
        var sizes = c.IntsFromInputOrAttribute(1, 13, "split");
        if (sizes is null || sizes.Length == 0)
        {
            int parts = (int)c.Attributes.Int("num_outputs", c.OutputCount);
            int each = (n + parts - 1) / parts;
            sizes = Enumerable.Range(0, parts).Select(i => (long)Math.Max(Math.Min(each, n - i * each), 0)).ToArray();
        }
        if (sizes.Sum() != n || sizes.Any(s => s < 0)) throw c.Fail($"split sizes [{string.Join(", ", sizes)}] do not add up to {n}, the size of axis {axis} of {x.Shape}.");
        var outputs = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            outputs[i] = Ops.SliceAxis(x, axis, start, (int)sizes[i]);
            start += (int)sizes[i];
        }
        return outputs;
    }

    // Constant padding only; pads are [begin per axis..., end per axis...] (for the listed axes from opset 18).
    private static Tensor Pad(OnnxCall c)
    {
        var x = c.In(0);
        string mode = c.Attributes.String("mode", "constant");
        if (mode != "constant") throw c.Fail($"mode '{mode}' is not supported; only 'constant' is.");
        long[] pads;
        double value;
        int[] axes;
        if (c.Opset < 11)
        {
            pads = c.Attributes.Ints("pads") ?? throw c.Fail("attribute pads is required.");
            value = c.Attributes.Float("value", 0.0);
            axes = Enumerable.Range(0, x.Rank).ToArray();
        }
        else
        {
            pads = c.Ints(1);
            value = c.Has(2) ? c.Value(2).Host.AsDouble()[0] : 0.0;
            axes = c.Has(3) ? c.Ints(3).Select(a => c.Axis(a, x.Rank)).ToArray() : Enumerable.Range(0, x.Rank).ToArray();
        }
        if (pads.Length != 2 * axes.Length) throw c.Fail($"pads has {pads.Length} values; {2 * axes.Length} are needed for {axes.Length} axes.");
        if (pads.Any(p => p < 0)) throw c.Fail($"negative pads [{string.Join(", ", pads)}] are not supported.");
        var spec = new (int, int)[x.Rank];
        for (int i = 0; i < axes.Length; i++) spec[axes[i]] = ((int)pads[i], (int)pads[i + axes.Length]);
        return Ops.Pad(x, spec, value);
    }

    // Starts and ends clamp to the axis as ONNX says; steps may be negative.
    private static Tensor Slice(OnnxCall c)
    {
        var x = c.In(0);
        long[] starts, ends;
        long[]? axes, steps;
        if (c.Opset < 10)
        {
            starts = c.Attributes.Ints("starts") ?? throw c.Fail("attribute starts is required.");
            ends = c.Attributes.Ints("ends") ?? throw c.Fail("attribute ends is required.");
            axes = c.Attributes.Ints("axes");
            steps = null;
        }
        else
        {
            starts = c.Ints(1);
            ends = c.Ints(2);
            axes = c.Has(3) ? c.Ints(3) : null;
            steps = c.Has(4) ? c.Ints(4) : null;
        }
        axes ??= Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        steps ??= Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw c.Fail($"starts, ends, axes and steps have {starts.Length}, {ends.Length}, {axes.Length} and {steps.Length} values; they must match.");
        var index = Enumerable.Repeat(TensorIndex.All, x.Rank).ToArray();
        for (int i = 0; i < starts.Length; i++)
        {
            int axis = c.Axis(axes[i], x.Rank);
            long n = x.Shape[axis], step = steps[i];
            if (step == 0) throw c.Fail("a step of 0 is not allowed.");
            long s = starts[i] < 0 ? starts[i] + n : starts[i];
            long e = ends[i] < 0 ? ends[i] + n : ends[i];
            if (step > 0)
            {
                s = Math.Clamp(s, 0, n);
                e = Math.Clamp(e, 0, n);
                index[axis] = TensorIndex.Slice((int)s, (int)Math.Max(e, s), (int)step);
            }
            else
            {
                s = Math.Clamp(s, -1, n - 1);
                e = Math.Clamp(e, -1, n - 1);
                index[axis] = s < 0 ? TensorIndex.Slice(0, 0) : TensorIndex.Slice((int)s, e < 0 ? null : (int)Math.Min(e, s), (int)Math.Max(step, int.MinValue + 1));
            }
        }
        return Ops.Slice(x, index);
    }
}
