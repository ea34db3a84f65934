namespace KerasSharp;

public static partial class Ops
{
    /// <summary>NumPy-style basic indexing: integers drop an axis, slices keep it (with steps, negative too), NewAxis inserts one.</summary>
    public static Tensor Slice(Tensor x, params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        int consumed = indices.Count(i => i.Type is TensorIndex.Kind.Single or TensorIndex.Kind.Slice);
        int ellipses = indices.Count(i => i.Type == TensorIndex.Kind.Ellipsis);
        if (ellipses > 1) throw new ArgumentException("slice: an index can hold only one Ellipsis.");
        if (consumed > x.Rank)
            throw new ArgumentException($"slice: {consumed} indices given for a tensor of rank {x.Rank} (shape {x.Shape}).");

        var starts = new int[x.Rank];
        var steps = new int[x.Rank];
        var counts = new int[x.Rank];
        var finalDims = new List<int>();
        int axis = 0;
        bool trivial = true;
        void Whole()
        {
            starts[axis] = 0; steps[axis] = 1; counts[axis] = x.Shape[axis];
            finalDims.Add(x.Shape[axis]);
            axis++;
        }
        foreach (var index in indices)
        {
            switch (index.Type)
            {
                case TensorIndex.Kind.Ellipsis:
                    for (int k = 0; k < x.Rank - consumed; k++) Whole();
                    break;
                case TensorIndex.Kind.NewAxis:
                    finalDims.Add(1);
                    break;
                case TensorIndex.Kind.Single:
                {
                    int n = x.Shape[axis];
                    int i = index.FromEnd ? n - index.Value : index.Value < 0 ? n + index.Value : index.Value;
                    if (i < 0 || i >= n)
                        throw new IndexOutOfRangeException($"slice: index {(index.FromEnd ? "^" + index.Value : index.Value.ToString())} is out of range for axis {axis} with size {n} (shape {x.Shape}).");
                    starts[axis] = i; steps[axis] = 1; counts[axis] = 1;
                    trivial = false;
                    axis++;
                    break;
                }
                default:
                {
                    int n = x.Shape[axis];
                    var (start, count) = ResolveSlice(index.Start, index.Stop, index.Step, n);
                    starts[axis] = start; steps[axis] = index.Step; counts[axis] = count;
                    trivial &= start == 0 && index.Step == 1 && count == n;
                    finalDims.Add(count);
                    axis++;
                    break;
                }
            }
        }
        while (axis < x.Rank) Whole();

        Tensor sliced;
        if (trivial) sliced = x;
        else
        {
            sliced = x.Backend.Slice(x, starts, steps, new Shape(counts));
            if (GradientTape.IsRecording) RecordSlice(sliced, x, starts, steps);
        }
        var final = finalDims.ToArray();
        return sliced.Shape.Dims.SequenceEqual(final) && !ReferenceEquals(sliced, x) ? sliced : Reshape(sliced, final);
    }

    /// <summary>Python's slice.indices: the first position and the number of elements.</summary>
    private static (int Start, int Count) ResolveSlice(int? start, int? stop, int step, int n)
    {
        int lo = step > 0 ? 0 : -1, hi = step > 0 ? n : n - 1;
        int s = start is int a ? (a < 0 ? Math.Max(a + n, lo) : Math.Min(a, hi)) : (step > 0 ? lo : hi);
        int e = stop is int b ? (b < 0 ? Math.Max(b + n, lo) : Math.Min(b, hi)) : (step > 0 ? hi : lo);
        int count = step > 0 ? (e > s ? (e - s + step - 1) / step : 0) : (s > e ? (s - e + (-step) - 1) / (-step) : 0);
        return (count == 0 ? 0 : s, count);
    }

    private static void RecordSlice(Tensor r, Tensor x, int[] starts, int[] steps) => Record(r, [x], g =>
    {
        // Undo the slice axis by axis: unit steps by zero padding, other steps by scattering into zeros.
        var current = g;
        for (int d = 0; d < x.Rank; d++)
        {
            int n = x.Shape[d], count = r.Shape[d];
            if (count == n && steps[d] == 1) continue;
            if (steps[d] == 1)
            {
                var pads = new (int, int)[x.Rank];
                pads[d] = (starts[d], n - starts[d] - count);
                current = Pad(current, pads);
            }
            else
            {
                var idx = new long[count];
                for (int i = 0; i < count; i++) idx[i] = starts[d] + (long)i * steps[d];
                var dims = current.Shape.ToArray();
                dims[d] = n;
                var indices = current.Backend.FromHost(idx, new Shape(count), DType.Int64, current.Device);
                current = ScatterAdd(Zeros(dims, current.DType, current), indices, current, d);
            }
        }
        return [current];
    });

    private static Tensor Zeros(int[] dims, DType dtype, Tensor like) => like.Backend.Full(new Shape(dims), dtype, 0, like.Device);

    private static void RequireIndices(string op, Tensor indices)
    {
        if (indices.DType is not (DType.Int32 or DType.Int64))
            throw new ArgumentException($"{op}: indices must be int32 or int64, got {indices.DType.Name()} with shape {indices.Shape}.");
    }

    /// <summary>
    /// Takes entries along <paramref name="axis"/> at integer <paramref name="indices"/> (NumPy's take):
    /// the result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:]. Negative indices count from the end.
    /// </summary>
    public static Tensor Take(Tensor x, Tensor indices, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        // A string tensor takes integer indices from any backend (they are read on the host).
        var backend = x.DType == DType.String && indices.DType != DType.String ? x.Backend : BackendOf("take", x, indices);
        RequireIndices("take", indices);
        int a = NormalizeAxis("take", axis, x.Rank, x.Shape);
        var dims = new List<int>();
        for (int d = 0; d < a; d++) dims.Add(x.Shape[d]);
        dims.AddRange(indices.Shape);
        for (int d = a + 1; d < x.Rank; d++) dims.Add(x.Shape[d]);
        var r = backend.Gather(x, indices, a, new Shape(dims.ToArray()));
        if (GradientTape.IsRecording) RecordTake(r, x, indices, a);
        return r;
    }

    private static void RecordTake(Tensor r, Tensor x, Tensor indices, int axis) =>
        Record(r, [x, indices], g => [ScatterAdd(ZerosLike(x), indices, g, axis), null]);

    /// <summary>Alias of <see cref="Take"/> (Keras and TensorFlow call it gather).</summary>
    public static Tensor Gather(Tensor x, Tensor indices, int axis = 0) => Take(x, indices, axis);

    /// <summary>
    /// A copy of <paramref name="target"/> with <paramref name="updates"/> added at <paramref name="indices"/> along
    /// <paramref name="axis"/>; repeated indices accumulate. updates has shape target.shape[:axis] + indices.shape + target.shape[axis+1:].
    /// </summary>
    public static Tensor ScatterAdd(Tensor target, Tensor indices, Tensor updates, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(updates);
        var backend = BackendOf("scatter_add", target, updates);
        BackendOf("scatter_add", target, indices);
        RequireIndices("scatter_add", indices);
        int a = NormalizeAxis("scatter_add", axis, target.Rank, target.Shape);
        var dims = new List<int>();
        for (int d = 0; d < a; d++) dims.Add(target.Shape[d]);
        dims.AddRange(indices.Shape);
        for (int d = a + 1; d < target.Rank; d++) dims.Add(target.Shape[d]);
        var expected = new Shape(dims.ToArray());
        if (updates.Shape != expected)
            throw new ArgumentException($"scatter_add: updates have shape {updates.Shape}, expected {expected} for target {target.Shape}, indices {indices.Shape} and axis {a}.");
        var u = updates.DType == target.DType ? updates : Cast(updates, target.DType);
        var r = backend.ScatterAdd(target, indices, u, a);
        if (GradientTape.IsRecording) RecordScatterAdd(r, target, indices, u, a);
        return r;
    }

    private static void RecordScatterAdd(Tensor r, Tensor target, Tensor indices, Tensor updates, int axis) =>
        Record(r, [target, indices, updates], g => [g, null, Take(g, indices, axis)]);

    /// <summary>
    /// Picks along <paramref name="axis"/> with indices of the same rank as x (NumPy's take_along_axis):
    /// result[..., j, ...] = x[..., indices[..., j, ...], ...]. Other dimensions of indices must match x.
    /// </summary>
    public static Tensor TakeAlongAxis(Tensor x, Tensor indices, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        RequireIndices("take_along_axis", indices);
        int a = NormalizeAxis("take_along_axis", axis, x.Rank, x.Shape);
        if (indices.Rank != x.Rank)
            throw new ArgumentException($"take_along_axis: indices have shape {indices.Shape}, which needs the rank of x {x.Shape}.");
        for (int d = 0; d < x.Rank; d++)
            if (d != a && indices.Shape[d] != x.Shape[d])
                throw new ArgumentException($"take_along_axis: indices shape {indices.Shape} does not match x shape {x.Shape} outside axis {a}.");
        // Move the axis last, flatten, and offset each row's indices into the flat tensor.
        var moved = a == x.Rank - 1 ? x : SwapAxes(x, a, -1);
        var movedIdx = a == x.Rank - 1 ? indices : SwapAxes(indices, a, -1);
        int n = moved.Shape[-1], k = movedIdx.Shape[-1];
        int rows = n == 0 ? movedIdx.Size / Math.Max(k, 1) : moved.Size / n;
        var idx64 = Cast(movedIdx, DType.Int64);
        var wrapped = Where(Less(idx64, ZerosLike(idx64)), AddScalarInt(idx64, n), idx64);
        var rowOffsets = Reshape(Arange(0, (double)rows * n, Math.Max(n, 1), DType.Int64, x), rows, 1);
        var flatIdx = Add(Reshape(wrapped, rows, k), rowOffsets);
        var picked = Take(Ravel(moved), flatIdx, 0);
        var shaped = Reshape(picked, movedIdx.Shape.ToArray());
        return a == x.Rank - 1 ? shaped : SwapAxes(shaped, a, -1);
    }

    private static Tensor AddScalarInt(Tensor x, long c) => Add(x, ScalarLike(x, c, true));

    private static Tensor Arange(double start, double stop, double step, DType dtype, Tensor like)
    {
        int n = Math.Max(0, (int)Math.Ceiling((stop - start) / step));
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return like.Backend.FromHost(HostArrays.Convert(values, dtype), new Shape(n), dtype, like.Device);
    }

    /// <summary>One-hot encoding: a new last axis of size <paramref name="numClasses"/>; out-of-range indices give all zeros.</summary>
    public static Tensor OneHot(Tensor indices, int numClasses, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (numClasses <= 0) throw new ArgumentException($"one_hot: numClasses must be positive, got {numClasses}.");
        if (indices.DType.IsFloating())
            throw new ArgumentException($"one_hot: indices must be integers, got {indices.DType.Name()}.");
        var classes = Arange(0, numClasses, 1, DType.Int64, indices);
        return Cast(Equal(ExpandDims(Cast(indices, DType.Int64), -1), classes), dtype);
    }
}
