using static KerasSharp.Tests.GradientCheck;
using static KerasSharp.Tests.SecondOrder;

namespace KerasSharp.Tests;

/// <summary>
/// Second derivatives through nested tapes: the first derivative (an inner tape's gradient) is itself checked by
/// finite differences, which exercises every backward rule as a differentiable function.
/// </summary>
[TestClass]
public sealed class GradientCheckSecondOrderTests
{
    private static readonly GradCases Cases = new()
    {
        { "d/da Multiply [2,3]*[3]", GradOf(x => Ops.Multiply(Ops.Square(x[0]), x[1]), 0), Any([2, 3], 1), Any([3], 2) },
        { "d/db Multiply [2,3]*[3]", GradOf(x => Ops.Multiply(Ops.Square(x[0]), x[1]), 1), Any([2, 3], 1), Any([3], 2) },
        { "d/da Divide", GradOf(x => Ops.Divide(x[0], x[1]), 0), Any([2, 3], 3), NonZero([2, 3], 4) },
        { "d/db Divide", GradOf(x => Ops.Divide(x[0], x[1]), 1), Any([2, 3], 3), NonZero([2, 3], 4) },
        { "d/da Power", GradOf(x => Ops.Power(x[0], x[1]), 0), Positive([2, 3], 5), Any([3], 6) },
        { "d/db Power", GradOf(x => Ops.Power(x[0], x[1]), 1), Positive([2, 3], 5), Any([3], 6) },
        { "d/dx Maximum", GradOf(x => Ops.Multiply(Ops.Maximum(x[0], x[1]), x[0]), 0), DistinctInputs(7, [2, 3], [3]) },
        { "d/dx Square", GradOf(x => Ops.Square(x[0])), Any([2, 3]) },
        { "d/dx Abs*x", GradOf(x => Ops.Multiply(Ops.Abs(x[0]), x[0])), NonZero([2, 3]) },
        { "d/dx Sqrt", GradOf(x => Ops.Sqrt(x[0])), Positive([2, 3]) },
        { "d/dx Rsqrt", GradOf(x => Ops.Rsqrt(x[0])), Positive([2, 3]) },
        { "d/dx Reciprocal", GradOf(x => Ops.Reciprocal(x[0])), NonZero([2, 3]) },
        { "d/dx Exp", GradOf(x => Ops.Exp(x[0])), Any([2, 3]) },
        { "d/dx Log", GradOf(x => Ops.Log(x[0])), Positive([2, 3]) },
        { "d/dx Log1p", GradOf(x => Ops.Log1p(x[0])), Positive([2, 3]) },
        { "d/dx Expm1", GradOf(x => Ops.Expm1(x[0])), Any([2, 3]) },
        { "d/dx Sin", GradOf(x => Ops.Sin(x[0])), Any([2, 3]) },
        { "d/dx Cos", GradOf(x => Ops.Cos(x[0])), Any([2, 3]) },
        { "d/dx Tanh", GradOf(x => Ops.Tanh(x[0])), Any([2, 3]) },
        { "d/dx Sigmoid", GradOf(x => Ops.Sigmoid(x[0])), Any([2, 3]) },
        { "d/dx Erf", GradOf(x => Ops.Erf(x[0])), Any([2, 3]) },
        { "d/dx Gelu exact", GradOf(x => Ops.Gelu(x[0])), Any([2, 3]) },
        { "d/dx Gelu approximate", GradOf(x => Ops.Gelu(x[0], approximate: true)), Any([2, 3]) },
        { "d/dx Silu", GradOf(x => Ops.Silu(x[0])), Any([2, 3]) },
        { "d/dx Elu", GradOf(x => Ops.Elu(x[0])), NonZero([2, 3]) },
        { "d/dx Softplus", GradOf(x => Ops.Softplus(x[0])), NonZero([2, 3]) },
        { "d/dx Softsign", GradOf(x => Ops.Softsign(x[0])), NonZero([2, 3]) },
        { "d/dx Clip*x", GradOf(x => Ops.Multiply(Ops.Clip(x[0], -1, 1), x[0])), Values([-2.0, -0.5, 0.3, 1.7], 4) },
        { "d/dx Where", GradOf(x => Ops.Where(Tensor.FromArray(new[] { true, false, true }), Ops.Exp(x[0]), Ops.Square(x[0]))), Any([3]) },

        { "d/dx Sum(x^3) axis 1", GradOf(x => Ops.Sum(Ops.Multiply(Ops.Square(x[0]), x[0]), 1)), Any([2, 3]) },
        { "d/dx Mean(exp) axis 0", GradOf(x => Ops.Mean(Ops.Exp(x[0]), 0)), Any([2, 3]) },
        { "d/dx Max*x", GradOf(x => Ops.Multiply(Ops.Max(x[0], 1, keepDims: true), x[0])), Distinct([2, 3]) },
        { "d/dx Prod", GradOf(x => Ops.Prod(x[0], 1)), NonZero([2, 3]) },
        { "d/dx Var", GradOf(x => Ops.Var(x[0], 1)), Any([2, 3]) },
        { "d/dx Std", GradOf(x => Ops.Std(x[0], 1)), Any([2, 3]) },
        { "d/dx LogSumExp", GradOf(x => Ops.LogSumExp(x[0], 1)), Any([2, 3]) },
        { "d/dx CumSum(x^2)", GradOf(x => Ops.CumSum(Ops.Square(x[0]), 1)), Any([2, 3]) },
        { "d/dx TopK(x^3)", GradOf(x => Ops.TopK(Ops.Multiply(Ops.Square(x[0]), x[0]), 2).Values), Distinct([2, 4]) },
        { "d/dx Softmax", GradOf(x => Ops.Softmax(x[0])), Any([2, 3]) },
        { "d/dx LogSoftmax", GradOf(x => Ops.LogSoftmax(x[0], 0)), Any([2, 3]) },

        { "d/da MatMul(a,b)^2", GradOf(x => Ops.Square(Ops.MatMul(x[0], x[1])), 0), Any([2, 3], 1), Any([3, 2], 2) },
        { "d/db MatMul(a,b)^2 batched", GradOf(x => Ops.Square(Ops.MatMul(x[0], x[1])), 1), Any([2, 2, 3], 3), Any([3, 2], 4) },
        { "d/dw Linear tanh", GradOf(x => Ops.Tanh(Ops.Linear(x[0], x[1], x[2])), 1), Any([2, 3], 5), Any([3, 2], 6), Any([2], 7) },
        { "d/dx Slice step x^2", GradOf(x => Ops.Square(Ops.Slice(x[0], TensorIndex.Slice(null, null, -2)))), Any([5]) },
        { "d/dx Take x^2", GradOf(x => Ops.Square(Ops.Take(x[0], Tensor.FromArray(new long[] { 0, 2, 0 }), 0))), Any([3]) },
        { "d/dx TakeAlongAxis x^2", GradOf(x => Ops.Square(Ops.TakeAlongAxis(x[0], Tensor.FromArray(new long[] { 1, 1, 0, 2 }, 2, 2), 1))), Any([2, 3]) },
        { "d/du ScatterAdd u^2", GradOf(x => Ops.Square(Ops.ScatterAdd(x[0], Tensor.FromArray(new long[] { 1, 1 }), Ops.Square(x[1]), 0)), 1), Any([3], 1), Any([2], 2) },
        { "d/dx Concatenate/Pad/Transpose x^2", GradOf(x => Ops.Square(Ops.Transpose(Ops.Pad(Ops.Concatenate([x[0], x[0]], 1), [(1, 0), (0, 1)])))), Any([2, 2]) },
        { "d/dx Tile/BroadcastTo x^2", GradOf(x => Ops.Square(Ops.Tile(Ops.BroadcastTo(x[0], [2, 2]), [1, 2]))), Any([2]) },
    };

    /// <summary>Convolution and pooling: their backward rules call backend kernels directly.</summary>
    private static readonly GradCases ConvCases = new()
    {
        { "d/dx Conv2d(x,k)^2", GradOf(x => Ops.Square(Ops.Conv2d(x[0], x[1])), 0), Any([1, 1, 3, 3], 1), Any([1, 1, 2, 2], 2) },
        { "d/dk Conv2d(x,k)^2", GradOf(x => Ops.Square(Ops.Conv2d(x[0], x[1])), 1), Any([1, 1, 3, 3], 1), Any([1, 1, 2, 2], 2) },
        { "d/dx MaxPool2d(x)^2", GradOf(x => Ops.Square(Ops.MaxPool2d(x[0], [2]))), Distinct([1, 1, 4, 4]) },
        { "d/dx AvgPool2d(x)^2", GradOf(x => Ops.Square(Ops.AvgPool2d(x[0], [2]))), Any([1, 1, 4, 4]) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    public static IEnumerable<object[]> ConvCaseNames => ConvCases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void SecondDerivative(string name) => Cases.Run(name);

    [TestMethod]
    [DynamicData(nameof(ConvCaseNames))]
    public void SecondDerivativeThroughConvolutionAndPooling(string name) => ConvCases.Run(name);
}
