using static KerasSharp.Tests.GradientCheck;

namespace KerasSharp.Tests;

/// <summary>Float64 finite-difference checks of reshaping, joining, slicing, gathering and scattering.</summary>
[TestClass]
public sealed class GradientCheckLayoutTests
{
    private static readonly GradCases Cases = new()
    {
        { "Reshape [2,3]->[3,2]", x => Ops.Reshape(Ops.Square(x[0]), 3, 2), Any([2, 3]) },
        { "Reshape [2,3,2]->[-1,4]", x => Ops.Reshape(x[0], -1, 4), Any([2, 3, 2]) },
        { "Ravel", x => Ops.Ravel(x[0]), Any([2, 3]) },

        { "Transpose default of [2,3,2]", x => Ops.Transpose(x[0]), Any([2, 3, 2]) },
        { "Transpose perm [1,2,0]", x => Ops.Transpose(x[0], [1, 2, 0]), Any([2, 3, 2], 2) },
        { "Transpose perm [-1,0,1]", x => Ops.Transpose(x[0], [-1, 0, 1]), Any([2, 3, 2], 3) },
        { "Transpose identity perm", x => Ops.Transpose(x[0], [0, 1]), Any([2, 3], 4) },
        { "Transpose then multiply (non-contiguous input)", x => Ops.Multiply(Ops.Transpose(x[0]), x[1]), Any([3, 2], 5), Any([2, 3], 6) },
        { "SwapAxes 0,2", x => Ops.SwapAxes(x[0], 0, 2), Any([2, 3, 2]) },
        { "SwapAxes -1,-2", x => Ops.SwapAxes(x[0], -1, -2), Any([2, 3, 2], 2) },

        { "BroadcastTo [3]->[2,3]", x => Ops.BroadcastTo(x[0], [2, 3]), Any([3]) },
        { "BroadcastTo [2,1]->[2,2,3]", x => Ops.BroadcastTo(x[0], [2, 2, 3]), Any([2, 1], 2) },
        { "BroadcastTo [1,3]->[2,3]", x => Ops.BroadcastTo(x[0], [2, 3]), Any([1, 3], 3) },
        { "BroadcastTo same shape", x => Ops.BroadcastTo(x[0], [2, 3]), Any([2, 3], 4) },
        { "ExpandDims 0", x => Ops.ExpandDims(x[0], 0), Any([2, 3]) },
        { "ExpandDims -1", x => Ops.ExpandDims(x[0], -1), Any([2, 3], 2) },
        { "Squeeze all of [1,3,1]", x => Ops.Squeeze(x[0]), Any([1, 3, 1]) },
        { "Squeeze axis -1", x => Ops.Squeeze(x[0], -1), Any([1, 3, 1], 2) },

        { "Concatenate axis 0", x => Ops.Concatenate([x[0], x[1]], 0), Any([1, 3], 1), Any([2, 3], 2) },
        { "Concatenate axis 1 of three", x => Ops.Concatenate([x[0], x[1], x[2]], 1), Any([2, 1], 3), Any([2, 3], 4), Any([2, 2], 5) },
        { "Concatenate axis -1 of [2,2,1],[2,2,2]", x => Ops.Concatenate([x[0], x[1]], -1), Any([2, 2, 1], 6), Any([2, 2, 2], 7) },
        { "Concatenate the same tensor twice", x => Ops.Concatenate([x[0], Ops.Square(x[0]), x[0]], 0), Any([2], 8) },
        { "Stack axis 0", x => Ops.Stack([x[0], x[1]], 0), Any([2, 3], 1), Any([2, 3], 2) },
        { "Stack axis 1", x => Ops.Stack([x[0], x[1], x[2]], 1), Any([2, 2], 3), Any([2, 2], 4), Any([2, 2], 5) },
        { "Stack axis -1", x => Ops.Stack([x[0], x[1]], -1), Any([2, 3], 6), Any([2, 3], 7) },
        { "Split 3 sections axis 1", x => Weighted(Ops.Split(x[0], 3, 1)), Any([2, 6]) },
        { "Split at [1,3] axis 0", x => Weighted(Ops.Split(x[0], [1, 3], 0)), Any([4, 2], 2) },
        { "Split one part unused", x => Ops.Split(x[0], 2, 0)[1], Any([4, 2], 3) },
        { "Tile [2,3] reps [2,1]", x => Ops.Tile(x[0], [2, 1]), Any([2, 3]) },
        { "Tile [3] reps [2,2]", x => Ops.Tile(x[0], [2, 2]), Any([3], 2) },
        { "Tile [2,1] reps [1,3]", x => Ops.Tile(x[0], [1, 3]), Any([2, 1], 3) },
        { "Pad [2,3] ((1,0),(2,1)) value 0.5", x => Ops.Pad(x[0], [(1, 0), (2, 1)], 0.5), Any([2, 3]) },
        { "Pad [4] ((0,2))", x => Ops.Pad(x[0], [(0, 2)]), Any([4], 2) },

        { "Slice integer index x[1]", x => Ops.Slice(x[0], 1), Any([3, 4]) },
        { "Slice negative integer x[-1, :]", x => Ops.Slice(x[0], -1, TensorIndex.All), Any([3, 4], 2) },
        { "Slice x[:, 1:3]", x => Ops.Slice(x[0], TensorIndex.All, TensorIndex.Slice(1, 3)), Any([3, 4], 3) },
        { "Slice step x[::2]", x => Ops.Slice(x[0], TensorIndex.Slice(null, null, 2)), Any([5, 2], 4) },
        { "Slice step x[:, 1::2]", x => Ops.Slice(x[0], TensorIndex.All, TensorIndex.Slice(1, null, 2)), Any([2, 5], 5) },
        { "Slice negative step x[::-1]", x => Ops.Slice(x[0], TensorIndex.Slice(null, null, -1)), Any([4, 2], 6) },
        { "Slice negative step x[3:0:-2, ::-1]", x => Ops.Slice(x[0], TensorIndex.Slice(3, 0, -2), TensorIndex.Slice(null, null, -1)), Any([5, 3], 7) },
        { "Slice x[-1, ::-2]", x => Ops.Slice(x[0], -1, TensorIndex.Slice(null, null, -2)), Any([2, 5], 8) },
        { "Slice x[..., 1]", x => Ops.Slice(x[0], TensorIndex.Ellipsis, 1), Any([2, 2, 3], 9) },
        { "Slice x[NewAxis, 1:, 0]", x => Ops.Slice(x[0], TensorIndex.NewAxis, TensorIndex.Slice(1), 0), Any([3, 2], 10) },
        { "Indexer x[1..^1, ^1]", x => x[0][1..^1, ^1], Any([4, 3], 11) },
        { "Slice of a slice x[1:][::-1, 0]", x => Ops.Slice(Ops.Slice(x[0], TensorIndex.Slice(1)), TensorIndex.Slice(null, null, -1), 0), Any([4, 2], 12) },

        { "Take axis 0 repeated indices", x => Ops.Take(x[0], Idx([0, 2, 0, 0], 4), 0), Any([3, 2]) },
        { "Take axis 1 with 2-D int32 indices", x => Ops.Take(x[0], Tensor.FromArray(new[] { 2, 0, 2, 1 }, 2, 2), 1), Any([2, 3], 2) },
        { "Take negative index", x => Ops.Take(x[0], Idx([-1, 0, -1], 3), 0), Any([3, 2], 3) },
        { "Gather (alias of Take)", x => Ops.Gather(x[0], Idx([1, 1], 2), 0), Any([3], 4) },
        { "ScatterAdd axis 0 (target and updates)", x => Ops.ScatterAdd(x[0], Idx([0, 2, 0], 3), x[1], 0), Any([4, 2], 1), Any([3, 2], 2) },
        { "ScatterAdd axis 1 with 2-D indices", x => Ops.ScatterAdd(x[0], Idx([2, 2, 0, 1], 2, 2), x[1], 1), Any([2, 3], 3), Any([2, 2, 2], 4) },
        { "ScatterAdd updates used twice", x => Ops.ScatterAdd(Ops.Square(x[0]), Idx([1, 1], 2), Ops.Multiply(x[1], x[1]), 0), Any([3], 5), Any([2], 6) },
        { "TakeAlongAxis axis 1 repeated", x => Ops.TakeAlongAxis(x[0], Idx([3, 0, 3, 1, 1, 2], 2, 3), 1), Any([2, 4]) },
        { "TakeAlongAxis axis 0", x => Ops.TakeAlongAxis(x[0], Idx([2, 0, 0, 0], 2, 2), 0), Any([3, 2], 2) },
        { "TakeAlongAxis negative indices", x => Ops.TakeAlongAxis(x[0], Idx([-1, 0, -2, -1], 2, 2), -1), Any([2, 3], 3) },
        { "TakeAlongAxis middle axis of [2,3,2]", x => Ops.TakeAlongAxis(x[0], Idx([0, 2, 1, 1, 2, 2, 0, 0], 2, 2, 2), 1), Any([2, 3, 2], 4) },
    };

    private static Tensor Idx(long[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Joins the parts of a split, each scaled differently (and one squared), so each part's gradient is distinct.</summary>
    private static Tensor Weighted(Tensor[] parts) =>
        Ops.Concatenate(parts.Select((p, i) => Ops.Ravel(i == 1 ? Ops.Square(p) : Ops.MultiplyScalar(p, i + 1))).ToArray(), 0);

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);
}
