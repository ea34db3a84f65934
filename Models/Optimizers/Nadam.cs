namespace KerasSharp.Optimizers;

/// <summary>
/// Nadam, Adam with Nesterov momentum (Keras' <c>Nadam</c>, Dozat's momentum schedule). At step t = iterations + 1,
/// with <c>u_t = beta1 (1 - 0.5 * 0.96^t)</c> and the running product <c>P_t = u_1 ... u_t</c>:
/// <c>m += (g - m)(1 - beta1)</c>, <c>v += (g² - v)(1 - beta2)</c>,
/// <c>m̂ = u_{t+1} m / (1 - P_t u_{t+1}) + (1 - u_t) g / (1 - P_t)</c>, <c>v̂ = v / (1 - beta2^t)</c>,
/// <c>w -= lr * m̂ / (sqrt(v̂) + epsilon)</c>.
/// </summary>
public sealed class Nadam : Optimizer
{
    private readonly HostScalar _uProduct;

    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.001) or a schedule.</param>
    /// <param name="beta1">Decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public Nadam(LearningRate? learningRate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, double? weightDecay = null,
                 double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "nadam")
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Beta1 = InRange(name, nameof(beta1), beta1, 0, 1, maxExclusive: true);
        Beta2 = InRange(name, nameof(beta2), beta2, 0, 1, maxExclusive: true);
        Epsilon = NotNegative(name, nameof(epsilon), epsilon);
        _uProduct = AddScalarState("u_product", 1.0);
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }
    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }
    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    private double U(double step) => Beta1 * (1 - 0.5 * Math.Pow(0.96, step));

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        AddSlot(variable, "momentum");
        AddSlot(variable, "velocity");
    }

    /// <inheritdoc/>
    protected override void BeforeUpdateSteps() => _uProduct.Value = _uProduct.Value * U(Iterations + 1);

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        double t = Iterations + 1;
        double uT = U(t), uNext = U(t + 1);
        double product = _uProduct.Value, productNext = product * uNext;
        double beta2Power = Math.Pow(Beta2, t);
        using var s = new Scratch();
        var m = GetSlot(variable, "momentum");
        var v = GetSlot(variable, "velocity");
        var (mNew, vNew) = s.Moments(gradient, s.Value(m), s.Value(v), Beta1, Beta2);
        m.Assign(mNew);
        v.Assign(vNew);
        var mHat = s.Add(s.Mul(mNew, uNext / (1 - productNext)), s.Mul(gradient, (1 - uT) / (1 - product)));
        var vHat = s.Div(vNew, 1 - beta2Power);
        var step = s.Div(s.Mul(mHat, learningRate), s.Add(s.Sqrt(vHat), Epsilon));
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
