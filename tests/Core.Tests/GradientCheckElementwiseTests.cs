using static KerasSharp.Tests.GradientCheck;

namespace KerasSharp.Tests;

/// <summary>Float64 finite-difference checks of the backward rules of the elementwise ops and activations.</summary>
[TestClass]
public sealed class GradientCheckElementwiseTests
{
    private static readonly GradCases Cases = new()
    {
        // ---- binary arithmetic with broadcasting ----
        { "Add [2,3]+[3]", x => Ops.Add(x[0], x[1]), Any([2, 3], 1), Any([3], 2) },
        { "Add [2,3]+[2,1]", x => Ops.Add(x[0], x[1]), Any([2, 3], 3), Any([2, 1], 4) },
        { "Add [2,1]+[1,3]", x => Ops.Add(x[0], x[1]), Any([2, 1], 5), Any([1, 3], 6) },
        { "Add []+[2,3]", x => Ops.Add(x[0], x[1]), Any([], 7), Any([2, 3], 8) },
        { "Add [2,3]+[2,3]", x => Ops.Add(x[0], x[1]), Any([2, 3], 9), Any([2, 3], 10) },
        { "Multiply [1]*[2,3]", x => Ops.Multiply(x[0], x[1]), Any([1], 11), Any([2, 3], 12) },
        { "Subtract [2,3]-[3]", x => Ops.Subtract(x[0], x[1]), Any([2, 3], 1), Any([3], 2) },
        { "Subtract [2,1]-[2,3]", x => Ops.Subtract(x[0], x[1]), Any([2, 1], 3), Any([2, 3], 4) },
        { "Multiply [2,3]*[3]", x => Ops.Multiply(x[0], x[1]), Any([2, 3], 1), Any([3], 2) },
        { "Multiply [2,3]*[2,1]", x => Ops.Multiply(x[0], x[1]), Any([2, 3], 3), Any([2, 1], 4) },
        { "Multiply [2,1,3]*[2,1]", x => Ops.Multiply(x[0], x[1]), Any([2, 1, 3], 5), Any([2, 1], 6) },
        { "Multiply x*x", x => Ops.Multiply(x[0], x[0]), Any([2, 3], 9) },
        { "Divide [2,3]/[3]", x => Ops.Divide(x[0], x[1]), Any([2, 3], 1), NonZero([3], 2) },
        { "Divide [2,1]/[2,3]", x => Ops.Divide(x[0], x[1]), Any([2, 1], 3), NonZero([2, 3], 4) },
        { "Power [2,3]^[3]", x => Ops.Power(x[0], x[1]), Positive([2, 3], 1), Any([3], 2) },
        { "Power [2,1]^[2,3]", x => Ops.Power(x[0], x[1]), Positive([2, 1], 3), Any([2, 3], 4) },
        { "Power [2,3]^[]", x => Ops.Power(x[0], x[1]), Positive([2, 3], 5), Any([], 6) },
        { "Maximum [2,3],[3]", x => Ops.Maximum(x[0], x[1]), DistinctInputs(1, [2, 3], [3]) },
        { "Maximum [2,1],[1,3]", x => Ops.Maximum(x[0], x[1]), DistinctInputs(2, [2, 1], [1, 3]) },
        // A tie splits the gradient equally; the central difference at a tie is also 1/2 on each side.
        { "Maximum ties", x => Ops.Maximum(x[0], x[1]), Values([0.5, -1.0, 2.0, 0.25], 4), Values([0.5, -1.5, 2.0, 1.0], 4) },
        { "Minimum [2,3],[3]", x => Ops.Minimum(x[0], x[1]), DistinctInputs(3, [2, 3], [3]) },
        { "Minimum [2,3],[2,1]", x => Ops.Minimum(x[0], x[1]), DistinctInputs(4, [2, 3], [2, 1]) },
        { "Minimum ties", x => Ops.Minimum(x[0], x[1]), Values([0.5, -1.0, 2.0, 0.25], 4), Values([0.5, -1.5, 2.0, 1.0], 4) },
        // x / y stays away from integers, where the remainder jumps.
        { "Mod [2,3]%[3]", x => Ops.Mod(x[0], x[1]), Values([5.3, -2.7, 3.1, -4.4, 7.9, 1.2], 2, 3), Values([2.0, -1.5, 2.5], 3) },
        { "Mod [3]%[]", x => Ops.Mod(x[0], x[1]), Values([5.3, -2.7, 0.4], 3), Values([1.7]) },
        { "Operators (a+b)*a/(b*b+1)-a*2", x => (x[0] + x[1]) * x[0] / (x[1] * x[1] + 1.0) - x[0] * 2.0 - (-x[1]), Any([2, 3], 1), Any([3], 2) },

        // ---- unary ----
        { "Negative", x => Ops.Negative(x[0]), Any([2, 3]) },
        { "Abs", x => Ops.Abs(x[0]), NonZero([2, 3]) },
        { "Abs at zero (gradient 0)", x => Ops.Abs(x[0]), Values([0.0, 1.5, -0.5], 3) },
        { "Sign (gradient 0)", x => Ops.Sign(x[0]), NonZero([2, 3]) },
        { "Floor (gradient 0)", x => Ops.Floor(x[0]), Values([0.3, -1.4, 2.6, -0.2], 4) },
        { "Ceil (gradient 0)", x => Ops.Ceil(x[0]), Values([0.3, -1.4, 2.6, -0.2], 4) },
        { "Round (gradient 0)", x => Ops.Round(x[0]), Values([0.3, -1.4, 2.6, -0.2], 4) },
        { "Square", x => Ops.Square(x[0]), Any([2, 3]) },
        { "Sqrt", x => Ops.Sqrt(x[0]), Positive([2, 3]) },
        { "Rsqrt", x => Ops.Rsqrt(x[0]), Positive([2, 3]) },
        { "Reciprocal", x => Ops.Reciprocal(x[0]), NonZero([2, 3]) },
        { "Exp", x => Ops.Exp(x[0]), Any([2, 3]) },
        { "Log", x => Ops.Log(x[0]), Positive([2, 3]) },
        { "Log1p", x => Ops.Log1p(x[0]), Values([-0.5, -0.1, 0.0, 1e-3, 0.7, 2.0], 2, 3) },
        { "Expm1", x => Ops.Expm1(x[0]), Values([-2.0, -0.1, 0.0, 1e-3, 0.7, 2.0], 2, 3) },
        { "Sin", x => Ops.Sin(x[0]), Any([2, 3]) },
        { "Cos", x => Ops.Cos(x[0]), Any([2, 3]) },
        { "Tanh", x => Ops.Tanh(x[0]), Any([2, 3]) },
        { "Sigmoid", x => Ops.Sigmoid(x[0]), Values([-6.0, -1.3, 0.0, 0.4, 2.2, 7.0], 2, 3) },
        { "Relu", x => Ops.Relu(x[0]), NonZero([2, 3]) },
        { "Erf", x => Ops.Erf(x[0]), Values([-3.5, -1.2, -0.3, 0.0, 0.8, 2.9], 2, 3) },

        // ---- activations (composites) ----
        { "Gelu exact", x => Ops.Gelu(x[0]), Values([-3.0, -1.2, -0.3, 0.0, 0.8, 2.5], 2, 3) },
        { "Gelu approximate", x => Ops.Gelu(x[0], approximate: true), Values([-3.0, -1.2, -0.3, 0.0, 0.8, 2.5], 2, 3) },
        { "Silu", x => Ops.Silu(x[0]), Any([2, 3]) },
        { "Elu", x => Ops.Elu(x[0]), NonZero([2, 3], 3) },
        { "Elu alpha 0.5", x => Ops.Elu(x[0], 0.5), NonZero([2, 3], 4) },
        { "Selu", x => Ops.Selu(x[0]), NonZero([2, 3], 5) },
        { "LeakyRelu", x => Ops.LeakyRelu(x[0]), NonZero([2, 3], 6) },
        { "LeakyRelu slope 0.01", x => Ops.LeakyRelu(x[0], 0.01), NonZero([2, 3], 7) },
        { "Softplus", x => Ops.Softplus(x[0]), Values([-8.0, -1.3, -0.2, 0.4, 2.2, 9.0], 2, 3) },
        { "Softsign", x => Ops.Softsign(x[0]), NonZero([2, 3], 8) },
        { "HardSigmoid", x => Ops.HardSigmoid(x[0]), Values([-4.0, -2.5, -1.0, 0.5, 2.9, 3.5], 2, 3) },
        { "Relu6", x => Ops.Relu6(x[0]), Values([-1.0, 0.5, 3.0, 5.5, 6.5, 8.0], 2, 3) },
        { "Clip [-1,1.5]", x => Ops.Clip(x[0], -1, 1.5), Values([-2.0, -0.5, 0.3, 1.2, 1.8, 3.0], 2, 3) },

        // ---- where and cast ----
        { "Where cond[2,3] a[2,3] b[3]", x => Ops.Where(Cond([true, false, true, false, false, true], 2, 3), x[0], x[1]), Any([2, 3], 1), Any([3], 2) },
        { "Where cond[2,1] a[1,3] b[2,3]", x => Ops.Where(Cond([false, true], 2, 1), x[0], x[1]), Any([1, 3], 3), Any([2, 3], 4) },
        { "Where both branches the same tensor", x => Ops.Where(Cond([true, false, true], 3), Ops.Square(x[0]), Ops.Negative(x[0])), Any([3], 5) },
        { "Cast float64->float64 (identity)", x => Ops.Cast(Ops.Square(x[0]), DType.Float64), Any([2, 3]) },
    };

    private static Tensor Cond(bool[] values, params int[] shape) => Tensor.FromArray(values, shape);

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);
}
