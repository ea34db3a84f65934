namespace KerasSharp.Optimizers;

/// <summary>
/// RMSprop (Keras' <c>RMSprop</c>): <c>v = rho * v + (1 - rho) * g²</c>, <c>w -= lr * g / sqrt(v + epsilon)</c>.
/// Centered: also <c>a = rho * a + (1 - rho) * g</c> and the denominator is <c>sqrt(v - a² + epsilon)</c>.
/// With momentum: <c>m = momentum * m + lr * g / sqrt(...)</c>, <c>w -= m</c>.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.001) or a schedule.</param>
    /// <param name="rho">Decay of the moving average of squared gradients, in [0, 1).</param>
    /// <param name="momentum">Momentum in [0, 1]; 0 for none.</param>
    /// <param name="epsilon">Added under the square root for numerical stability.</param>
    /// <param name="centered">Normalise by the estimated variance instead of the second moment.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public RMSprop(LearningRate? learningRate = null, double rho = 0.9, double momentum = 0.0, double epsilon = 1e-7, bool centered = false,
                   double? weightDecay = null, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "rmsprop")
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Rho = InRange(name, nameof(rho), rho, 0, 1, maxExclusive: true);
        Momentum = InRange(name, nameof(momentum), momentum, 0, 1);
        Epsilon = NotNegative(name, nameof(epsilon), epsilon);
        Centered = centered;
    }

    /// <summary>Decay of the moving averages.</summary>
    public double Rho { get; }
    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }
    /// <summary>Added under the square root for numerical stability.</summary>
    public double Epsilon { get; }
    /// <summary>Whether the centered variant is used.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        AddSlot(variable, "velocity");
        if (Momentum > 0) AddSlot(variable, "momentum");
        if (Centered) AddSlot(variable, "average_gradient");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        using var s = new Scratch();
        var v = GetSlot(variable, "velocity");
        var vNew = s.Add(s.Mul(s.Value(v), Rho), s.Mul(s.Square(gradient), 1 - Rho));
        v.Assign(vNew);
        Tensor denominator;
        if (Centered)
        {
            var a = GetSlot(variable, "average_gradient");
            var aNew = s.Add(s.Mul(s.Value(a), Rho), s.Mul(gradient, 1 - Rho));
            a.Assign(aNew);
            denominator = s.Add(s.Sub(vNew, s.Square(aNew)), Epsilon);
        }
        else
        {
            denominator = s.Add(vNew, Epsilon);
        }
        var increment = s.Div(s.Mul(gradient, learningRate), s.Sqrt(denominator));
        if (Momentum > 0)
        {
            var m = GetSlot(variable, "momentum");
            increment = s.Add(s.Mul(s.Value(m), Momentum), increment);
            m.Assign(increment);
        }
        variable.Assign(s.Sub(s.Value(variable), increment));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["rho"] = Rho;
        c["momentum"] = Momentum;
        c["epsilon"] = Epsilon;
        c["centered"] = Centered;
        return c;
    }
}
