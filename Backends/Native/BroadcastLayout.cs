namespace KerasSharp.Backends.Native;

/// <summary>
/// Element strides of several operands broadcast to one output shape, with adjacent dimensions merged
/// where every operand allows it, so most loops end up with one long contiguous (or repeated) inner run.
/// </summary>
internal sealed class BroadcastLayout
{
    /// <summary>Collapsed output dimensions (at least one).</summary>
    public readonly int[] Dims;

    /// <summary>Strides[k][d]: element stride of operand k along collapsed dimension d (0 when broadcast).</summary>
    public readonly int[][] Strides;

    private BroadcastLayout(int[] dims, int[][] strides) { Dims = dims; Strides = strides; }

    /// <summary>Length of the innermost run.</summary>
    public int Inner => Dims[^1];

    /// <summary>Number of inner runs.</summary>
    public int Rows
    {
        get
        {
            int r = 1;
            for (int d = 0; d < Dims.Length - 1; d++) r *= Dims[d];
            return r;
        }
    }

    /// <summary>Broadcast strides of <paramref name="inputs"/> to <paramref name="outShape"/>, merged.</summary>
    public static BroadcastLayout Create(Shape outShape, params Shape[] inputs)
    {
        int rank = outShape.Rank, n = inputs.Length;
        var full = new int[n][];
        for (int k = 0; k < n; k++)
        {
            full[k] = new int[rank];
            var inDims = inputs[k].Dims;
            int off = rank - inDims.Length, acc = 1;
            for (int d = inDims.Length - 1; d >= 0; d--)
            {
                full[k][d + off] = inDims[d] == 1 ? 0 : acc;
                acc *= inDims[d];
            }
        }
        return Merge(outShape.Dims, full);
    }

    /// <summary>Merges adjacent dimensions of arbitrary per-operand strides (also used for permutes and slices).</summary>
    public static BroadcastLayout Merge(ReadOnlySpan<int> dims, int[][] strides)
    {
        int n = strides.Length;
        var outDims = new List<int>();
        var outStrides = new List<int>[n];
        for (int k = 0; k < n; k++) outStrides[k] = [];
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            int size = dims[d];
            if (size == 1) continue; // contributes nothing
            if (outDims.Count > 0)
            {
                int last = outDims.Count - 1;
                bool mergeable = true;
                for (int k = 0; k < n && mergeable; k++)
                    mergeable = strides[k][d] == outStrides[k][last] * outDims[last];
                if (mergeable)
                {
                    outDims[last] *= size;
                    continue;
                }
            }
            outDims.Add(size);
            for (int k = 0; k < n; k++) outStrides[k].Add(strides[k][d]);
        }
        if (outDims.Count == 0)
        {
            outDims.Add(dims.Length == 0 || !dims.Contains(0) ? 1 : 0);
            for (int k = 0; k < n; k++) outStrides[k].Add(0);
        }
        outDims.Reverse();
        var s = new int[n][];
        for (int k = 0; k < n; k++) { outStrides[k].Reverse(); s[k] = [.. outStrides[k]]; }
        return new BroadcastLayout([.. outDims], s);
    }

    /// <summary>Walks the inner runs in order, keeping every operand's offset at the run start.</summary>
    public sealed class Cursor
    {
        private readonly BroadcastLayout _l;
        private readonly int[] _idx;

        /// <summary>Offsets[k]: element offset of operand k at the current run.</summary>
        public readonly int[] Offsets;

        public Cursor(BroadcastLayout layout, int startRow)
        {
            _l = layout;
            int outer = layout.Dims.Length - 1, n = layout.Strides.Length;
            _idx = new int[Math.Max(outer, 1)];
            Offsets = new int[n];
            int rem = startRow;
            for (int d = outer - 1; d >= 0; d--)
            {
                _idx[d] = rem % layout.Dims[d];
                rem /= layout.Dims[d];
                for (int k = 0; k < n; k++) Offsets[k] += _idx[d] * layout.Strides[k][d];
            }
        }

        /// <summary>Moves to the next run (odometer step over the outer dimensions).</summary>
        public void Next()
        {
            var dims = _l.Dims;
            var st = _l.Strides;
            for (int d = dims.Length - 2; d >= 0; d--)
            {
                if (++_idx[d] < dims[d])
                {
                    for (int k = 0; k < Offsets.Length; k++) Offsets[k] += st[k][d];
                    return;
                }
                _idx[d] = 0;
                for (int k = 0; k < Offsets.Length; k++) Offsets[k] -= st[k][d] * (dims[d] - 1);
            }
        }
    }
}
