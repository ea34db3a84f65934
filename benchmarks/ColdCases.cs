namespace KerasSharp.Benchmarks;

/// <summary>The <c>cold</c> cases: the hot ops of inference at the <c>ops</c> sizes, then two models' Predict as a whole.</summary>
internal static class ColdCases
{
    public static readonly ColdCase[] All =
    [
        Op("op=add n=1048576", [1 << 20], x => Ops.Add(x, x)),
        Op("op=relu n=1048576", [1 << 20], Ops.Relu),
        Op("op=exp n=1048576", [1 << 20], Ops.Exp),
        Op("op=sum-all n=1048576", [1 << 20], x => Ops.Sum(x)),
        Op("op=sum-last-axis shape=1024x1024", [1024, 1024], x => Ops.Sum(x, axis: -1)),
        Op("op=mean-nhwc-stats shape=16x32x32x64", [16, 32, 32, 64], x => Ops.Mean(x, [0, 1, 2])),
        Op("op=softmax-last-axis shape=1024x1024", [1024, 1024], x => Ops.Softmax(x, axis: -1)),
        Op("op=matmul shape=256x256x256", [256, 256], x => Ops.MatMul(x, x)),
        new("op=conv2d 3x3 64->64 56x56 batch=1", () =>
        {
            var x = Input([1, 64, 56, 56]);
            var w = Input([64, 64, 3, 3]);
            return () => Ops.Conv2d(x, w, padding: "same");
        }),
        new("predict fashion-cnn 28x28 batch=64", () =>
        {
            var model = FashionCnnModel.Build();   // samples/FashionCnn's model (its dropout is the identity in Predict)
            var x = Input([64, 28, 28, 1]);
            return () => model.Predict(x, batchSize: 64, verbose: 0);
        }),
        new("predict resnet50 224x224 batch=1", () =>
        {
            var model = ResNet50Weights.Build(224);
            var x = Input([1, 224, 224, 3]);
            return () => model.Predict(x, batchSize: 1, verbose: 0);
        }),
    ];

    private static ColdCase Op(string label, int[] shape, Func<Tensor, Tensor> op) => new(label, () =>
    {
        var x = Input(shape);
        return () => op(x);
    });

    // Made from host values, not by a random op, so that nothing of the timed kernels runs before the first call.
    private static Tensor Input(int[] shape)
    {
        var rng = new Random(1);
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(rng.NextDouble() * 2 - 1);
        return Tensor.FromArray(values, shape);
    }
}
