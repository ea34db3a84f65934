using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Benchmarks;

/// <summary>
/// A ResNet-50 (v1.5: stride in the bottleneck's 3x3) built from KerasSharp layers for the save benchmark: the same
/// 25.6 million parameters in the same 320 tensors (convolution kernels, batch-norm statistics, the 1000-class head)
/// that a real checkpoint holds. A small input keeps building it quick; the weights do not depend on it. The cold
/// benchmark builds it at ImageNet's 224x224.
/// </summary>
internal static class ResNet50Weights
{
    public static Model Build(int side = 32)
    {
        var input = new Input([side, side, 3]);
        var x = ConvBn(input, 64, 7, 2);
        x = new ReLU().Apply(x);
        x = new MaxPooling2D(3, strides: 2, padding: "same").Apply(x);
        foreach (var (width, blocks, stride) in new[] { (64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2) })
            for (int b = 0; b < blocks; b++)
            {
                int s = b == 0 ? stride : 1;
                var y = new ReLU().Apply(ConvBn(x, width, 1, 1));
                y = new ReLU().Apply(ConvBn(y, width, 3, s));
                y = ConvBn(y, width * 4, 1, 1);
                var shortcut = b == 0 ? ConvBn(x, width * 4, 1, s) : x;
                x = new ReLU().Apply(new Add().Apply(y, shortcut));
            }
        x = new GlobalAveragePooling2D().Apply(x);
        return new Model(inputs: input, outputs: new Dense(1000).Apply(x), name: "resnet50");
    }

    private static KerasTensor ConvBn(KerasTensor x, int filters, int kernel, int stride) =>
        new BatchNormalization().Apply(new Conv2D(filters, kernel, strides: stride, padding: "same", useBias: false).Apply(x));
}
