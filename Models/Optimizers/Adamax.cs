namespace KerasSharp.Optimizers;

/// <summary>
/// Adamax, Adam with the infinity norm (Keras' <c>Adamax</c>). At step t = iterations + 1:
/// <c>m += (g - m)(1 - beta1)</c>, <c>u = max(beta2 * u, |g|)</c>, <c>w -= lr * m / ((1 - beta1^t)(u + epsilon))</c>.
/// </summary>
public sealed class Adamax : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.001) or a schedule.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the infinity norm, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public Adamax(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double? weightDecay = null,
                  double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "adamax")
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = InRange(name, nameof(beta1), beta1, 0, 1, maxExclusive: true);
        Beta2 = InRange(name, nameof(beta2), beta2, 0, 1, maxExclusive: true);
        Epsilon = NotNegative(name, nameof(epsilon), epsilon);
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the infinity norm.</summary>
    public double Beta2 { get; }
    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        AddSlot(variable, "m");
        AddSlot(variable, "u");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        double t = Iterations + 1;
        double correction = 1 - Math.Pow(Beta1, t);
        using var s = new Scratch();
        var m = GetSlot(variable, "m");
        var u = GetSlot(variable, "u");
        var m0 = s.Value(m);
        var mNew = s.Add(m0, s.Mul(s.Sub(gradient, m0), 1 - Beta1));
        var uNew = s.Maximum(s.Mul(s.Value(u), Beta2), s.Abs(gradient));
        m.Assign(mNew);
        u.Assign(uNew);
        var step = s.Div(s.Mul(mNew, learningRate), s.Mul(s.Add(uNew, Epsilon), correction));
        variable.Assign(s.Sub(s.Value(variable), step));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["beta_1"] = Beta1;
        c["beta_2"] = Beta2;
        c["epsilon"] = Epsilon;
        return c;
    }
}
