namespace KerasSharp;

/// <summary>
/// An intermediate of <see cref="Ops.Einsum"/>: a tensor whose axes carry distinct labels. Every step is an op with its
/// own gradient (Transpose, Reshape, Slice, Sum, BroadcastTo, MatMul), so einsum needs no backward rule of its own.
/// </summary>
internal sealed class EinsumTerm(Tensor value, int[] labels)
{
    public Tensor Value { get; } = value;
    public int[] Labels { get; } = labels;

    private int SizeOf(int label) => Value.Shape[Array.IndexOf(Labels, label)];

    /// <summary>The operand with each repeated label reduced to its diagonal (the axes moved last, flattened, then strided).</summary>
    public static EinsumTerm Diagonals(Tensor x, int[] labels)
    {
        var term = new EinsumTerm(x, labels);
        while (term.Labels.GroupBy(l => l).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            int label = repeated.Key, r = repeated.Count();
            int n = term.SizeOf(label);
            var rest = Enumerable.Range(0, term.Labels.Length).Where(a => term.Labels[a] != label).ToArray();
            var same = Enumerable.Range(0, term.Labels.Length).Where(a => term.Labels[a] == label).ToArray();
            var moved = Permute(term.Value, [.. rest, .. same]);
            int[] lead = [.. rest.Select(a => term.Value.Shape[a])];
            int flat = 1;
            for (int i = 0; i < r; i++) flat *= n;
            Tensor diagonal;
            if (n <= 1) diagonal = Ops.Reshape(moved, [.. lead, n]);
            else
            {
                // In the flattened n^r axis, element (i, i, ..., i) sits at i * (1 + n + ... + n^(r-1)).
                int step = (flat - 1) / (n - 1);
                diagonal = Ops.Slice(Ops.Reshape(moved, [.. lead, flat]), TensorIndex.Ellipsis, TensorIndex.Slice(null, null, step));
            }
            term = new EinsumTerm(diagonal, [.. rest.Select(a => term.Labels[a]), label]);
        }
        return term;
    }

    /// <summary>The term with the axes whose labels <paramref name="drop"/> selects summed out.</summary>
    public EinsumTerm SumOut(Func<int, bool> drop)
    {
        var axes = Enumerable.Range(0, Labels.Length).Where(a => drop(Labels[a])).ToArray();
        if (axes.Length == 0) return this;
        return new EinsumTerm(Ops.Sum(Value, axes), [.. Labels.Where(l => !drop(l))]);
    }

    /// <summary>
    /// One batched matrix product: labels in both terms are batch axes when still needed (<paramref name="keep"/>) and
    /// summed over otherwise; the others are the rows (left) and columns (right). Groups follow the output's order, and
    /// the terms swap when that puts the result's axes nearer the output's order.
    /// </summary>
    public static EinsumTerm Contract(EinsumTerm left, EinsumTerm right, HashSet<int> keep, EinsumEquation eq)
    {
        int Position(int label)
        {
            int p = Array.IndexOf(eq.Output, label);
            return p < 0 ? int.MaxValue : p;
        }
        int[] Ordered(IEnumerable<int> labels) => [.. labels.OrderBy(Position)]; // stable: ties keep their order
        var inLeft = left.Labels.ToHashSet();
        var inRight = right.Labels.ToHashSet();
        var batch = Ordered(left.Labels.Where(l => inRight.Contains(l) && keep.Contains(l)));
        var summed = left.Labels.Where(l => inRight.Contains(l) && !keep.Contains(l)).ToArray();
        var rows = Ordered(left.Labels.Where(l => !inRight.Contains(l)));
        var cols = Ordered(right.Labels.Where(l => !inLeft.Contains(l)));
        if (rows.Length > 0 && cols.Length > 0 && Position(cols[0]) < Position(rows[0]))
        {
            (left, right) = (right, left);
            (rows, cols) = (cols, rows);
        }
        foreach (var l in batch.Concat(summed))
        {
            int a = left.SizeOf(l), b = right.SizeOf(l);
            if (a == b) continue;
            if (a == 1) left = left.Stretch(l, b);
            else right = right.Stretch(l, a);
        }

        int m = left.Product(rows), k = left.Product(summed), n = right.Product(cols), bt = left.Product(batch);
        var (a3, ta) = left.AsMatrix(batch, rows, summed, bt, m, k);
        var (b3, tb) = right.AsMatrix(batch, summed, cols, bt, k, n);
        var product = Ops.MatMulCore(a3, b3, ta, tb);
        int[] shape = [.. batch.Select(left.SizeOf), .. rows.Select(left.SizeOf), .. cols.Select(right.SizeOf)];
        return new EinsumTerm(Ops.Reshape(product, shape), [.. batch, .. rows, .. cols]);
    }

    /// <summary>The term permuted to the output's order and broadcast to its sizes.</summary>
    public Tensor Arrange(int[] output, Dictionary<int, int> sizes)
    {
        var x = Permute(Value, [.. output.Select(l => Array.IndexOf(Labels, l))]);
        int[] full = [.. output.Select(l => sizes[l])];
        return x.Shape == new Shape(full) ? x : Ops.BroadcastTo(x, full);
    }

    private int Product(int[] labels) => labels.Aggregate(1, (p, l) => p * SizeOf(l));

    /// <summary>A size-1 axis broadcast to <paramref name="size"/>.</summary>
    private EinsumTerm Stretch(int label, int size)
    {
        var dims = Value.Shape.ToArray();
        dims[Array.IndexOf(Labels, label)] = size;
        return new EinsumTerm(Ops.BroadcastTo(Value, dims), Labels);
    }

    /// <summary>
    /// [batch, first, second] as [bt, p, q] (or [p, q] without batch axes), or as [bt, q, p] with the transpose flag when
    /// the axes already lie in that order: a transposed product costs no copy.
    /// </summary>
    private (Tensor Matrix, bool Transposed) AsMatrix(int[] batch, int[] first, int[] second, int bt, int p, int q)
    {
        int[] straight = [.. batch.Concat(first).Concat(second).Select(l => Array.IndexOf(Labels, l))];
        int[] swapped = [.. batch.Concat(second).Concat(first).Select(l => Array.IndexOf(Labels, l))];
        bool transposed = IsIdentity(swapped);
        var x = Permute(Value, transposed ? swapped : straight);
        int[] shape = batch.Length == 0 ? (transposed ? [q, p] : [p, q]) : (transposed ? [bt, q, p] : [bt, p, q]);
        return (Ops.Reshape(x, shape), transposed);
    }

    private static Tensor Permute(Tensor x, int[] perm) => IsIdentity(perm) ? x : Ops.Transpose(x, perm);

    private static bool IsIdentity(int[] perm)
    {
        for (int i = 0; i < perm.Length; i++) if (perm[i] != i) return false;
        return true;
    }
}
