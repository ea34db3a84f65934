using static KerasSharp.Tests.GradientCheck;

namespace KerasSharp.Tests;

/// <summary>Float64 finite-difference checks of reductions, scans, top-k and softmax.</summary>
[TestClass]
public sealed class GradientCheckReductionTests
{
    private static readonly GradCases Cases = new()
    {
        { "Sum all", x => Ops.Sum(x[0]), Any([2, 3]) },
        { "Sum axis 0", x => Ops.Sum(x[0], 0), Any([2, 3]) },
        { "Sum axis -1 keepDims", x => Ops.Sum(x[0], -1, keepDims: true), Any([2, 3]) },
        { "Sum axes [0,2] of [2,3,2]", x => Ops.Sum(x[0], [0, 2]), Any([2, 3, 2]) },
        { "Sum axes [0,2] of [2,3,2] keepDims", x => Ops.Sum(x[0], [0, 2], keepDims: true), Any([2, 3, 2]) },
        { "Sum all keepDims", x => Ops.Sum(x[0], null, keepDims: true), Any([2, 3]) },

        { "Mean all", x => Ops.Mean(x[0]), Any([2, 3]) },
        { "Mean axis 1", x => Ops.Mean(x[0], 1), Any([2, 3]) },
        { "Mean axis 0 keepDims", x => Ops.Mean(x[0], 0, keepDims: true), Any([2, 3]) },
        { "Mean axes [1,2] of [2,3,2]", x => Ops.Mean(x[0], [1, 2]), Any([2, 3, 2]) },

        { "Max all", x => Ops.Max(x[0]), Distinct([2, 3]) },
        { "Max axis 1", x => Ops.Max(x[0], 1), Distinct([2, 3], 2) },
        { "Max axis 0 keepDims", x => Ops.Max(x[0], 0, keepDims: true), Distinct([2, 3], 3) },
        { "Max axes [0,2] of [2,3,2]", x => Ops.Max(x[0], [0, 2]), Distinct([2, 3, 2], 4) },
        // Two tied maxima share the gradient; the one-sided central difference there is 1/2 as well.
        { "Max axis 1 with a two-way tie", x => Ops.Max(x[0], 1), Values([1.0, 3.0, 3.0, -2.0, 0.5, -1.0], 2, 3) },
        { "Min all", x => Ops.Min(x[0]), Distinct([2, 3], 5) },
        { "Min axis -1", x => Ops.Min(x[0], -1), Distinct([2, 3], 6) },
        { "Min axes [1,2] of [2,3,2] keepDims", x => Ops.Min(x[0], [1, 2], keepDims: true), Distinct([2, 3, 2], 7) },
        { "Min axis 0 with a two-way tie", x => Ops.Min(x[0], 0), Values([1.0, -3.0, 2.0, 1.0, 0.5, -1.0], 2, 3) },

        { "Prod all", x => Ops.Prod(x[0]), NonZero([2, 3]) },
        { "Prod axis 1", x => Ops.Prod(x[0], 1), NonZero([2, 3], 2) },
        { "Prod axis 0 keepDims", x => Ops.Prod(x[0], 0, keepDims: true), NonZero([2, 3], 3) },
        { "Prod all with one zero", x => Ops.Prod(x[0]), Values([1.5, -0.7, 0.0, 1.3, 0.9, -1.1], 2, 3) },
        { "Prod all with two zeros", x => Ops.Prod(x[0]), Values([1.5, 0.0, 1.2, 1.3, 0.0, -1.1], 2, 3) },
        // Row 0 has no zero, row 1 one zero, row 2 two zeros.
        { "Prod axis 1 with zero, one and two zeros per row", x => Ops.Prod(x[0], 1),
            Values([1.5, -0.7, 1.2, 0.8, 0.0, -1.1, 0.0, 1.4, 0.0], 3, 3) },

        { "Prod axes [0,2] of [2,2,2] with a zero", x => Ops.Prod(x[0], [0, 2]), Values([1.2, 0.0, -0.8, 1.5, 0.9, 1.1, -1.3, 0.7], 2, 2, 2) },
        { "Sum over a size-1 axis", x => Ops.Sum(x[0], 1), Any([2, 1, 3], 8) },
        { "Softmax over a size-1 axis", x => Ops.Softmax(x[0], 1), Any([2, 1], 9) },

        { "Var all", x => Ops.Var(x[0]), Any([2, 3]) },
        { "Var axis 1", x => Ops.Var(x[0], 1), Any([2, 3], 2) },
        { "Var axis 0 keepDims ddof 1", x => Ops.Var(x[0], 0, keepDims: true, ddof: 1), Any([3, 2], 3) },
        { "Var axes [0,2] of [2,3,2]", x => Ops.Var(x[0], [0, 2]), Any([2, 3, 2], 4) },
        { "Std all", x => Ops.Std(x[0]), Any([2, 3]) },
        { "Std axis 1 ddof 1", x => Ops.Std(x[0], 1, ddof: 1), Any([2, 3], 5) },
        { "Std axis -1 keepDims", x => Ops.Std(x[0], -1, keepDims: true), Any([2, 4], 6) },

        { "LogSumExp all", x => Ops.LogSumExp(x[0]), Any([2, 3]) },
        { "LogSumExp axis 1", x => Ops.LogSumExp(x[0], 1), Any([2, 3], 2) },
        { "LogSumExp axis 0 keepDims", x => Ops.LogSumExp(x[0], 0, keepDims: true), Any([2, 3], 3) },
        { "LogSumExp axes [0,2] of [2,3,2]", x => Ops.LogSumExp(x[0], [0, 2]), Any([2, 3, 2], 4) },
        // exp(1000) overflows: the shift by the maximum must keep value and gradient finite. The loss is ~1000, so the
        // central difference carries ~1e-7 of rounding: a looser atol.
        { "LogSumExp large values", (1e-5, 1e-6), x => Ops.LogSumExp(x[0], 1), Values([1000.0, 1001.0, 999.5, -3.0, -2.0, -4.5], 2, 3) },

        { "CumSum axis 0", x => Ops.CumSum(x[0], 0), Any([3, 2]) },
        { "CumSum axis 1", x => Ops.CumSum(x[0], 1), Any([2, 4], 2) },
        { "CumSum axis 0 reverse", x => Ops.CumSum(x[0], 0, reverse: true), Any([3, 2], 3) },
        { "CumSum axis -1 reverse of [2,2,3]", x => Ops.CumSum(x[0], -1, reverse: true), Any([2, 2, 3], 4) },

        { "TopK k=2 values", x => Ops.TopK(x[0], 2).Values, Distinct([2, 4]) },
        { "TopK k=4 (all) values", x => Ops.TopK(x[0], 4).Values, Distinct([2, 4], 2) },
        { "TopK k=2 smallest values", x => Ops.TopK(x[0], 2, largest: false).Values, Distinct([2, 4], 3) },
        { "TopK k=2 of [2,2,3]", x => Ops.TopK(x[0], 2).Values, Distinct([2, 2, 3], 4) },
        { "TopK k=3 of [5]", x => Ops.TopK(x[0], 3).Values, Distinct([5], 5) },

        { "Softmax axis -1", x => Ops.Softmax(x[0]), Any([2, 3]) },
        { "Softmax axis 0", x => Ops.Softmax(x[0], 0), Any([2, 3], 2) },
        { "Softmax axis 1 of [2,3,2]", x => Ops.Softmax(x[0], 1), Any([2, 3, 2], 3) },
        { "LogSoftmax axis -1", x => Ops.LogSoftmax(x[0]), Any([2, 3]) },
        { "LogSoftmax axis 0", x => Ops.LogSoftmax(x[0], 0), Any([2, 3], 2) },
        { "LogSoftmax axis 1 of [2,3,2]", x => Ops.LogSoftmax(x[0], 1), Any([2, 3, 2], 3) },
        { "Softmax large values", (1e-5, 1e-6), x => Ops.Softmax(x[0]), Values([1000.0, 1001.0, 999.0, -5.0, 0.0, 5.0], 2, 3) },
        { "LogSoftmax large values", (1e-5, 1e-6), x => Ops.LogSoftmax(x[0]), Values([1000.0, 1001.0, 999.0, -5.0, 0.0, 5.0], 2, 3) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);
}
