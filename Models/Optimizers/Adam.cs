using KerasSharp.Backends;

namespace KerasSharp.Optimizers;

/// <summary>
/// Adam (Keras' <c>Adam</c>), with optional AMSGrad. At step t = iterations + 1:
/// <c>m += (g - m)(1 - beta1)</c>, <c>v += (g² - v)(1 - beta2)</c>,
/// <c>w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)</c>; AMSGrad uses the running
/// maximum of v instead of v.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.001) or a schedule.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability.</param>
    /// <param name="amsgrad">Use the AMSGrad variant.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public Adam(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false,
                double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "adam")
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = InRange(name, nameof(beta1), beta1, 0, 1, maxExclusive: true);
        Beta2 = InRange(name, nameof(beta2), beta2, 0, 1, maxExclusive: true);
        Epsilon = NotNegative(name, nameof(epsilon), epsilon);
        Amsgrad = amsgrad;
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }
    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }
    /// <summary>Whether AMSGrad is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        AddSlot(variable, "momentum");
        AddSlot(variable, "velocity");
        if (Amsgrad) AddSlot(variable, "velocity_hat");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        double t = Iterations + 1;
        double stepSize = learningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        var m = GetSlot(variable, "momentum");
        var v = GetSlot(variable, "velocity");
        using var s = new Scratch();
        if (!Amsgrad)
        {
            // The backend's fused kernel where it has one: one pass instead of a dozen ops per variable.
            var (wNew, mNew, vNew) = Ops.AdamStep(s.Value(variable), gradient, s.Value(m), s.Value(v),
                                                  new AdamCoefficients(stepSize, Beta1, Beta2, Epsilon));
            s.Own(wNew);
            s.Own(mNew);
            s.Own(vNew);
            m.Assign(mNew);
            v.Assign(vNew);
            variable.Assign(wNew);
            return;
        }
        var (mNext, vNext) = s.Moments(gradient, s.Value(m), s.Value(v), Beta1, Beta2);
        m.Assign(mNext);
        v.Assign(vNext);
        var vHat = GetSlot(variable, "velocity_hat");
        var vMax = s.Maximum(s.Value(vHat), vNext);
        vHat.Assign(vMax);
        var w = s.Value(variable);
        variable.Assign(s.Sub(w, s.Div(s.Mul(mNext, stepSize), s.Add(s.Sqrt(vMax), Epsilon))));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["beta_1"] = Beta1;
        c["beta_2"] = Beta2;
        c["epsilon"] = Epsilon;
        c["amsgrad"] = Amsgrad;
        return c;
    }
}
