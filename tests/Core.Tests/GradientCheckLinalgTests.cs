using static KerasSharp.Tests.GradientCheck;

namespace KerasSharp.Tests;

/// <summary>Float64 finite-difference checks of matmul, linear, convolution and pooling.</summary>
[TestClass]
public sealed class GradientCheckLinalgTests
{
    private static readonly GradCases Cases = new()
    {
        { "MatMul [2,3]@[3,4]", x => Ops.MatMul(x[0], x[1]), Any([2, 3], 1), Any([3, 4], 2) },
        { "MatMul [3]@[3,2]", x => Ops.MatMul(x[0], x[1]), Any([3], 3), Any([3, 2], 4) },
        { "MatMul [2,3]@[3]", x => Ops.MatMul(x[0], x[1]), Any([2, 3], 5), Any([3], 6) },
        { "MatMul [3]@[3]", x => Ops.MatMul(x[0], x[1]), Any([3], 7), Any([3], 8) },
        { "MatMul [2,2,3]@[2,3,2]", x => Ops.MatMul(x[0], x[1]), Any([2, 2, 3], 9), Any([2, 3, 2], 10) },
        { "MatMul [2,1,2,3]@[3,3,2] (batch broadcast)", x => Ops.MatMul(x[0], x[1]), Any([2, 1, 2, 3], 11), Any([3, 3, 2], 12) },
        { "MatMul [2,2,3]@[3,2]", x => Ops.MatMul(x[0], x[1]), Any([2, 2, 3], 13), Any([3, 2], 14) },
        { "MatMul [2,3]@[2,3,2]", x => Ops.MatMul(x[0], x[1]), Any([2, 3], 15), Any([2, 3, 2], 16) },
        { "MatMul [3]@[2,3,2]", x => Ops.MatMul(x[0], x[1]), Any([3], 17), Any([2, 3, 2], 18) },
        { "MatMul [2,2,3]@[3]", x => Ops.MatMul(x[0], x[1]), Any([2, 2, 3], 19), Any([3], 20) },
        { "MatMul x@x^T", x => Ops.MatMul(x[0], Ops.Transpose(x[0])), Any([2, 3], 21) },
        { "Linear with bias", x => Ops.Linear(x[0], x[1], x[2]), Any([2, 3], 1), Any([3, 4], 2), Any([4], 3) },
        { "Linear without bias", x => Ops.Linear(x[0], x[1]), Any([2, 3], 4), Any([3, 2], 5) },
        { "Linear 3-D input", x => Ops.Linear(x[0], x[1], x[2]), Any([2, 2, 3], 6), Any([3, 2], 7), Any([2], 8) },

        { "Conv2d valid", x => Ops.Conv2d(x[0], x[1]), Any([1, 2, 5, 5], 1), Any([3, 2, 3, 3], 2) },
        { "Conv2d bias", x => Ops.Conv2d(x[0], x[1], x[2]), Any([1, 2, 4, 4], 3), Any([3, 2, 3, 3], 4), Any([3], 5) },
        { "Conv2d stride 2", x => Ops.Conv2d(x[0], x[1], strides: [2]), Any([1, 2, 5, 5], 6), Any([2, 2, 3, 3], 7) },
        { "Conv2d same", x => Ops.Conv2d(x[0], x[1], padding: "same"), Any([1, 2, 5, 5], 8), Any([2, 2, 3, 3], 9) },
        { "Conv2d same 2x2 kernel (pad after only)", x => Ops.Conv2d(x[0], x[1], padding: "same"), Any([1, 2, 4, 4], 10), Any([2, 2, 2, 2], 11) },
        { "Conv2d same stride 2 on 6x6", x => Ops.Conv2d(x[0], x[1], strides: [2, 2], padding: "same"), Any([1, 2, 6, 6], 12), Any([2, 2, 3, 3], 13) },
        { "Conv2d dilation 2", x => Ops.Conv2d(x[0], x[1], dilation: [2]), Any([1, 2, 6, 6], 14), Any([2, 2, 3, 3], 15) },
        { "Conv2d same dilation 2", x => Ops.Conv2d(x[0], x[1], padding: "same", dilation: [2, 2]), Any([1, 1, 5, 5], 16), Any([2, 1, 3, 3], 17) },
        { "Conv2d groups 2", x => Ops.Conv2d(x[0], x[1], groups: 2), Any([1, 4, 4, 4], 18), Any([4, 2, 3, 3], 19) },
        { "Conv2d depthwise (groups = channels, multiplier 2) with bias", x => Ops.Conv2d(x[0], x[1], x[2], groups: 2),
            Any([1, 2, 4, 4], 20), Any([4, 1, 3, 3], 21), Any([4], 22) },
        { "Conv2d explicit padding (1,0,2,1)", x => Ops.Conv2d(x[0], x[1], padding: "explicit", explicitPadding: [1, 0, 2, 1]),
            Any([1, 2, 4, 4], 23), Any([2, 2, 3, 3], 24) },
        { "Conv2d rectangular kernel, strides [1,2]", x => Ops.Conv2d(x[0], x[1], strides: [1, 2]), Any([1, 2, 4, 5], 25), Any([2, 2, 2, 3], 26) },
        { "Conv2d batch 2 with bias", x => Ops.Conv2d(x[0], x[1], x[2]), Any([2, 2, 4, 4], 27), Any([2, 2, 2, 2], 28), Any([2], 29) },

        { "Conv2dChannelsLast same", x => Ops.Conv2dChannelsLast(x[0], x[1], padding: "same"), Any([1, 5, 4, 2], 30), Any([3, 3, 2, 3], 31) },
        { "Conv2dChannelsLast scale, shift, ReLU", x => Ops.Conv2dChannelsLast(x[0], x[1], x[2], x[3], relu: true, strides: [2, 1]),
            Any([2, 5, 5, 2], 32), Any([2, 2, 2, 3], 33), Any([3], 34), Any([3], 35) },
        { "Conv2dChannelsLast scale, residual, ReLU", x => Ops.Conv2dChannelsLast(x[0], x[1], x[2], relu: true, padding: "same", residual: x[3]),
            Any([1, 4, 3, 2], 39), Any([3, 3, 2, 2], 40), Any([2], 41), Any([1, 4, 3, 2], 42) },
        // the channels-last gradient kernels: flipped convolution (stride 1) and fold (strides, wide padding)
        { "Conv2dChannelsLast stride 2 same with bias", x => Ops.Conv2dChannelsLast(x[0], x[1], shift: x[2], strides: [2, 2], padding: "same"),
            Any([2, 5, 6, 3], 43), Any([3, 3, 3, 2], 44), Any([2], 45) },
        { "Conv2dChannelsLast 1x1 stride 2", x => Ops.Conv2dChannelsLast(x[0], x[1], strides: [2, 2]), Any([1, 5, 5, 3], 46), Any([1, 1, 3, 4], 47) },
        { "Conv2dChannelsLast dilation, asymmetric padding, residual, ReLU",
            x => Ops.Conv2dChannelsLast(x[0], x[1], relu: true, dilation: [2, 1], padding: "explicit", explicitPadding: [2, 1, 0, 1], residual: x[2]),
            Any([1, 5, 4, 2], 48), Any([2, 2, 2, 3], 49), Any([1, 6, 4, 3], 50) },
        { "Conv2dChannelsLast padding wider than the kernel", x => Ops.Conv2dChannelsLast(x[0], x[1], padding: "explicit", explicitPadding: [3, 2, 2, 3]),
            Any([1, 2, 3, 2], 51), Any([2, 2, 2, 2], 52) },
        { "Conv2dChannelsLast explicit padding, groups 2", x => Ops.Conv2dChannelsLast(x[0], x[1], shift: x[2], groups: 2, padding: "explicit", explicitPadding: [1, 0, 2, 1]),
            Any([1, 4, 4, 4], 36), Any([3, 3, 2, 4], 37), Any([4], 38) },

        { "Conv1d valid", x => Ops.Conv1d(x[0], x[1]), Any([1, 2, 7], 1), Any([3, 2, 3], 2) },
        { "Conv1d bias", x => Ops.Conv1d(x[0], x[1], x[2]), Any([2, 2, 6], 3), Any([3, 2, 3], 4), Any([3], 5) },
        { "Conv1d stride 2", x => Ops.Conv1d(x[0], x[1], stride: 2), Any([1, 2, 8], 6), Any([2, 2, 3], 7) },
        { "Conv1d same", x => Ops.Conv1d(x[0], x[1], padding: "same"), Any([1, 2, 6], 8), Any([2, 2, 4], 9) },
        { "Conv1d causal", x => Ops.Conv1d(x[0], x[1], padding: "causal"), Any([1, 2, 6], 10), Any([2, 2, 3], 11) },
        { "Conv1d causal dilation 2", x => Ops.Conv1d(x[0], x[1], padding: "causal", dilation: 2), Any([1, 2, 6], 12), Any([2, 2, 2], 13) },
        { "Conv1d dilation 2", x => Ops.Conv1d(x[0], x[1], dilation: 2), Any([1, 2, 7], 14), Any([2, 2, 3], 15) },
        { "Conv1d groups 2", x => Ops.Conv1d(x[0], x[1], groups: 2), Any([1, 4, 6], 16), Any([4, 2, 3], 17) },

        { "MaxPool2d 2x2", x => Ops.MaxPool2d(x[0], [2]), Distinct([1, 2, 4, 4], 1) },
        { "MaxPool2d 3x3 stride 1 (overlapping)", x => Ops.MaxPool2d(x[0], [3], [1]), Distinct([1, 1, 5, 5], 2) },
        { "MaxPool2d 2x2 same on 5x5", x => Ops.MaxPool2d(x[0], [2], padding: "same"), Distinct([1, 2, 5, 5], 3) },
        { "MaxPool2d 3x3 stride 2 same on 5x5", x => Ops.MaxPool2d(x[0], [3], [2], "same"), Distinct([1, 1, 5, 5], 4) },
        { "MaxPool2d 2x3 strides [1,2]", x => Ops.MaxPool2d(x[0], [2, 3], [1, 2]), Distinct([2, 1, 3, 5], 5) },
        { "MaxPool2d negative inputs with same padding", x => Ops.MaxPool2d(Ops.AddScalar(x[0], -10), [2], padding: "same"), Distinct([1, 1, 3, 3], 6) },
        { "MaxPool2dChannelsLast 3x3 stride 2 same", x => Ops.MaxPool2dChannelsLast(x[0], [3], [2], "same"), Distinct([2, 5, 5, 3], 7) },
        { "AvgPool2d 2x2", x => Ops.AvgPool2d(x[0], [2]), Any([1, 2, 4, 4], 1) },
        { "AvgPool2dChannelsLast 3x3 stride 1 same", x => Ops.AvgPool2dChannelsLast(x[0], [3], [1], "same"), Any([1, 4, 4, 2], 7) },
        { "AvgPool2d 3x3 stride 1 (overlapping)", x => Ops.AvgPool2d(x[0], [3], [1]), Any([1, 1, 5, 5], 2) },
        { "AvgPool2d 2x2 same on 5x5", x => Ops.AvgPool2d(x[0], [2], padding: "same"), Any([1, 2, 5, 5], 3) },
        { "AvgPool2d 3x3 stride 1 same", x => Ops.AvgPool2d(x[0], [3], [1], "same"), Any([1, 1, 4, 4], 4) },
        { "AvgPool2d 3x3 stride 2 same on 6x6", x => Ops.AvgPool2d(x[0], [3], [2], "same"), Any([1, 1, 6, 6], 5) },
        { "AvgPool2d 2x3 strides [1,2]", x => Ops.AvgPool2d(x[0], [2, 3], [1, 2]), Any([2, 1, 3, 5], 6) },
    };

    public static IEnumerable<object[]> CaseNames => Cases.Names;

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void Gradient(string name) => Cases.Run(name);
}
