namespace KerasSharp;

public static partial class Ops
{
    /// <summary>The same elements in a new shape; one dimension may be -1 (inferred).</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(shape);
        var dims = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"reshape: only one dimension can be -1, got [{string.Join(",", shape)}].");
                infer = i;
            }
            else if (dims[i] < 0) throw new ArgumentException($"reshape: invalid dimension {dims[i]} in [{string.Join(",", shape)}].");
            else known *= dims[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || x.Size % known != 0)
                throw new ArgumentException($"reshape: cannot reshape {x.Shape} ({x.Size} elements) into [{string.Join(",", shape)}].");
            dims[infer] = (int)(x.Size / known);
        }
        else if (known != x.Size)
            throw new ArgumentException($"reshape: cannot reshape {x.Shape} ({x.Size} elements) into [{string.Join(",", shape)}] ({known} elements).");
        var target = new Shape(dims);
        var r = x.Backend.Reshape(x, target);
        if (GradientTape.IsRecording) RecordReshape(r, x);
        return r;
    }

    private static void RecordReshape(Tensor r, Tensor x) => Record(r, [x], g => [Reshape(g, x.Shape.ToArray())]);

    /// <summary>Reverses the axes (no permutation), or permutes them: output axis i is input axis perm[i].</summary>
    public static Tensor Transpose(Tensor x, int[]? perm = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int rank = x.Rank;
        var p = perm is null ? Enumerable.Range(0, rank).Reverse().ToArray() : (int[])perm.Clone();
        if (p.Length != rank)
            throw new ArgumentException($"transpose: permutation [{string.Join(",", p)}] has {p.Length} axes but the tensor has rank {rank} (shape {x.Shape}).");
        var seen = new bool[rank];
        for (int i = 0; i < rank; i++)
        {
            p[i] = NormalizeAxis("transpose", p[i], rank, x.Shape);
            if (seen[p[i]]) throw new ArgumentException($"transpose: [{string.Join(",", perm!)}] is not a permutation (axis {p[i]} repeats).");
            seen[p[i]] = true;
        }
        bool identity = true;
        for (int i = 0; i < rank; i++) identity &= p[i] == i;
        if (identity) return Reshape(x, x.Shape.ToArray());
        var dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = x.Shape[p[i]];
        var r = x.Backend.Permute(x, p, new Shape(dims));
        if (GradientTape.IsRecording) RecordTranspose(r, x, p);
        return r;
    }

    private static void RecordTranspose(Tensor r, Tensor x, int[] perm) => Record(r, [x], g =>
    {
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return [Transpose(g, inverse)];
    });

    /// <summary>Swaps two axes.</summary>
    public static Tensor SwapAxes(Tensor x, int axis1, int axis2)
    {
        ArgumentNullException.ThrowIfNull(x);
        var p = Enumerable.Range(0, x.Rank).ToArray();
        int a = NormalizeAxis("swapaxes", axis1, x.Rank, x.Shape), b = NormalizeAxis("swapaxes", axis2, x.Rank, x.Shape);
        (p[a], p[b]) = (p[b], p[a]);
        return Transpose(x, p);
    }

    /// <summary>Broadcasts to <paramref name="shape"/> (NumPy rules; leading dimensions may be added).</summary>
    public static Tensor BroadcastTo(Tensor x, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        var target = ShapeArg("broadcast_to", shape);
        if (x.Shape == target) return Reshape(x, shape);
        var b = x.Rank > target.Rank ? null : BroadcastShapes("broadcast_to", x.Shape, target);
        if (b is null || b != target)
            throw new ArgumentException($"broadcast_to: cannot broadcast shape {x.Shape} to {target}.");
        var r = x.Backend.BroadcastTo(x, target);
        if (GradientTape.IsRecording) RecordBroadcast(r, x);
        return r;
    }

    private static void RecordBroadcast(Tensor r, Tensor x) => Record(r, [x], g => [SumTo(g, x.Shape)]);

    /// <summary>Inserts a size-1 axis at <paramref name="axis"/> (negative counts from the end of the result).</summary>
    public static Tensor ExpandDims(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = NormalizeAxis("expand_dims", axis, x.Rank + 1, x.Shape);
        var dims = x.Shape.ToList();
        dims.Insert(a, 1);
        return Reshape(x, dims.ToArray());
    }

    /// <summary>Removes size-1 axes: all of them, or those in <paramref name="axes"/> (which must have size 1).</summary>
    public static Tensor Squeeze(Tensor x, params int[]? axes)
    {
        ArgumentNullException.ThrowIfNull(x);
        var drop = new bool[x.Rank];
        if (axes is null || axes.Length == 0)
            for (int i = 0; i < x.Rank; i++) drop[i] = x.Shape[i] == 1;
        else
            foreach (var axis in axes)
            {
                int a = NormalizeAxis("squeeze", axis, x.Rank, x.Shape);
                if (x.Shape[a] != 1) throw new ArgumentException($"squeeze: axis {axis} of shape {x.Shape} has size {x.Shape[a]}, not 1.");
                drop[a] = true;
            }
        var dims = new List<int>();
        for (int i = 0; i < x.Rank; i++) if (!drop[i]) dims.Add(x.Shape[i]);
        return Reshape(x, dims.ToArray());
    }

    /// <summary>Flattens to one dimension.</summary>
    public static Tensor Ravel(Tensor x) => Reshape(x, -1);

    /// <summary>Joins tensors along an existing axis; the other dimensions must match.</summary>
    public static Tensor Concatenate(IReadOnlyList<Tensor> xs, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0) throw new ArgumentException("concatenate: needs at least one tensor.");
        var backend = BackendOf("concatenate", xs);
        var first = xs[0];
        if (first.Rank == 0) throw new ArgumentException("concatenate: cannot join scalars; use Stack.");
        int a = NormalizeAxis("concatenate", axis, first.Rank, first.Shape);
        var dtype = xs[0].DType;
        for (int i = 1; i < xs.Count; i++) dtype = DTypes.Promote(dtype, xs[i].DType);
        int total = 0;
        var parts = new Tensor[xs.Count];
        for (int i = 0; i < xs.Count; i++)
        {
            var t = xs[i];
            bool ok = t.Rank == first.Rank;
            for (int d = 0; ok && d < t.Rank; d++) ok = d == a || t.Shape[d] == first.Shape[d];
            if (!ok)
                throw new ArgumentException($"concatenate: tensor {i} has shape {t.Shape}, which does not match {first.Shape} outside axis {a}.");
            total += t.Shape[a];
            parts[i] = t.DType == dtype ? t : Cast(t, dtype);
        }
        var dims = first.Shape.ToArray();
        dims[a] = total;
        var r = backend.Concat(parts, a, new Shape(dims));
        if (GradientTape.IsRecording) RecordConcat(r, parts, a);
        return r;
    }

    private static void RecordConcat(Tensor r, Tensor[] parts, int axis) => Record(r, parts, g =>
    {
        var grads = new Tensor?[parts.Length];
        int offset = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            int n = parts[i].Shape[axis];
            grads[i] = SliceAxis(g, axis, offset, n);
            offset += n;
        }
        return grads;
    });

    /// <summary>Stacks same-shaped tensors along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> xs, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Count == 0) throw new ArgumentException("stack: needs at least one tensor.");
        for (int i = 1; i < xs.Count; i++)
            if (xs[i].Shape != xs[0].Shape) throw new ArgumentException($"stack: tensor {i} has shape {xs[i].Shape}, tensor 0 has {xs[0].Shape}.");
        int a = NormalizeAxis("stack", axis, xs[0].Rank + 1, xs[0].Shape);
        return Concatenate(xs.Select(x => ExpandDims(x, a)).ToArray(), a);
    }

    /// <summary>Splits into <paramref name="sections"/> equal parts along <paramref name="axis"/>.</summary>
    public static Tensor[] Split(Tensor x, int sections, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = NormalizeAxis("split", axis, x.Rank, x.Shape);
        if (sections <= 0 || x.Shape[a] % sections != 0)
            throw new ArgumentException($"split: axis {a} of shape {x.Shape} (size {x.Shape[a]}) cannot be split into {sections} equal parts.");
        int size = x.Shape[a] / sections;
        var result = new Tensor[sections];
        for (int i = 0; i < sections; i++) result[i] = SliceAxis(x, a, i * size, size);
        return result;
    }

    /// <summary>Splits along <paramref name="axis"/> before each of the sorted <paramref name="indices"/>.</summary>
    public static Tensor[] Split(Tensor x, int[] indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int a = NormalizeAxis("split", axis, x.Rank, x.Shape);
        var result = new Tensor[indices.Length + 1];
        int start = 0;
        for (int i = 0; i <= indices.Length; i++)
        {
            int stop = i < indices.Length ? Math.Clamp(indices[i], 0, x.Shape[a]) : x.Shape[a];
            if (stop < start) throw new ArgumentException($"split: indices [{string.Join(",", indices)}] must be sorted.");
            result[i] = SliceAxis(x, a, start, stop - start);
            start = stop;
        }
        return result;
    }

    /// <summary><paramref name="length"/> entries from <paramref name="start"/> along one axis.</summary>
    public static Tensor SliceAxis(Tensor x, int axis, int start, int length)
    {
        var index = new TensorIndex[x.Rank];
        for (int d = 0; d < x.Rank; d++) index[d] = d == axis ? TensorIndex.Slice(start, start + length) : TensorIndex.All;
        return Slice(x, index);
    }

    /// <summary>Constant padding: <paramref name="pads"/> gives (before, after) for each axis.</summary>
    public static Tensor Pad(Tensor x, (int Before, int After)[] pads, double value = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(pads);
        if (pads.Length != x.Rank)
            throw new ArgumentException($"pad: {pads.Length} (before, after) pairs given for a tensor of rank {x.Rank} (shape {x.Shape}).");
        var flat = new int[2 * x.Rank];
        var dims = new int[x.Rank];
        for (int d = 0; d < x.Rank; d++)
        {
            if (pads[d].Before < 0 || pads[d].After < 0)
                throw new ArgumentException($"pad: padding ({pads[d].Before}, {pads[d].After}) for axis {d} is negative.");
            flat[2 * d] = pads[d].Before;
            flat[2 * d + 1] = pads[d].After;
            dims[d] = x.Shape[d] + pads[d].Before + pads[d].After;
        }
        var r = x.Backend.Pad(x, flat, value, new Shape(dims));
        if (GradientTape.IsRecording) RecordPad(r, x, pads);
        return r;
    }

    private static void RecordPad(Tensor r, Tensor x, (int Before, int After)[] pads) => Record(r, [x], g =>
    {
        var index = new TensorIndex[x.Rank];
        for (int d = 0; d < x.Rank; d++) index[d] = TensorIndex.Slice(pads[d].Before, pads[d].Before + x.Shape[d]);
        return [Slice(g, index)];
    });

    /// <summary>Repeats the tensor <paramref name="reps"/>[d] times along each axis (NumPy's tile).</summary>
    public static Tensor Tile(Tensor x, int[] reps)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(reps);
        if (reps.Length < x.Rank) reps = [.. Enumerable.Repeat(1, x.Rank - reps.Length), .. reps];
        var xs = x.Rank < reps.Length ? Reshape(x, [.. Enumerable.Repeat(1, reps.Length - x.Rank), .. x.Shape]) : x;
        // Interleave a size-1 axis before each axis, broadcast it to the repeat count, then merge the pairs.
        var expanded = new int[2 * reps.Length];
        var broadcast = new int[2 * reps.Length];
        var merged = new int[reps.Length];
        for (int d = 0; d < reps.Length; d++)
        {
            if (reps[d] < 0) throw new ArgumentException($"tile: repeat count {reps[d]} is negative.");
            expanded[2 * d] = 1; expanded[2 * d + 1] = xs.Shape[d];
            broadcast[2 * d] = reps[d]; broadcast[2 * d + 1] = xs.Shape[d];
            merged[d] = reps[d] * xs.Shape[d];
        }
        return Reshape(BroadcastTo(Reshape(xs, expanded), broadcast), merged);
    }
}
