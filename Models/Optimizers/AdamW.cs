namespace KerasSharp.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Keras' <c>AdamW</c>): before each Adam update,
/// <c>w -= w * weightDecay * lr</c>. Identical to <see cref="Adam"/> with a weight decay, whose default here is 0.004.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.001) or a schedule.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability.</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public AdamW(LearningRate? learningRate = null, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
                 bool amsgrad = false, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "adamw")
        : base(learningRate, beta1, beta2, epsilon, amsgrad, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        // AdamW always decays: 0 is written as 0 (the base class holds it as "no decay").
        c["weight_decay"] = WeightDecay ?? 0.0;
        return c;
    }
}
