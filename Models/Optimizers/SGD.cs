namespace KerasSharp.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum and Nesterov momentum (Keras' <c>SGD</c>):
/// <c>w -= lr * g</c> without momentum; with it, <c>m = momentum * m - lr * g</c> then <c>w += m</c>, or with
/// Nesterov <c>w += momentum * m - lr * g</c>.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.01) or a schedule.</param>
    /// <param name="momentum">Momentum in [0, 1]; 0 for plain gradient descent.</param>
    /// <param name="nesterov">Use Nesterov momentum.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public SGD(LearningRate? learningRate = null, double momentum = 0.0, bool nesterov = false, double? weightDecay = null,
               double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "SGD")
        : base(learningRate ?? 0.01, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        Momentum = InRange(name, nameof(momentum), momentum, 0, 1);
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable)
    {
        if (Momentum != 0) AddSlot(variable, "momentum");
    }

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        if (Momentum == 0)
        {
            // One fused pass and one fresh buffer (the composed form takes two of each).
            using var updated = Ops.SgdStep(variable, gradient, learningRate);
            variable.Assign(updated);
            return;
        }
        using var s = new Scratch();
        var w = s.Value(variable);
        var step = s.Mul(gradient, learningRate);
        var m = GetSlot(variable, "momentum");
        var mNew = s.Sub(s.Mul(s.Value(m), Momentum), step);
        m.Assign(mNew);
        var delta = Nesterov ? s.Sub(s.Mul(mNew, Momentum), step) : mNew;
        variable.Assign(s.Add(w, delta));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["momentum"] = Momentum;
        c["nesterov"] = Nesterov;
        return c;
    }
}
