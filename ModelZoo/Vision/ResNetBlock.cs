namespace KerasSharp.ModelZoo;

/// <summary>The residual block a ResNet repeats (torchvision's <c>BasicBlock</c> and <c>Bottleneck</c>).</summary>
public enum ResNetBlock
{
    /// <summary>Two 3x3 convolutions (ResNet-18 and -34); the block's output has its width of channels.</summary>
    Basic,
    /// <summary>1x1, 3x3 (with the stride, "v1.5"), 1x1 convolutions (ResNet-50 and deeper); the output has 4x the width.</summary>
    Bottleneck,
}
