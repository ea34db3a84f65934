namespace KerasSharp.Optimizers;

/// <summary>
/// Adagrad (Keras' <c>Adagrad</c>): <c>acc += g²</c>, <c>w -= lr * g / sqrt(acc + epsilon)</c>, with the accumulator
/// starting at <see cref="InitialAccumulatorValue"/>.
/// </summary>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates the optimizer; defaults are Keras'.</summary>
    /// <param name="learningRate">A constant (default 0.001) or a schedule.</param>
    /// <param name="initialAccumulatorValue">Starting value of the accumulators; not negative.</param>
    /// <param name="epsilon">Added under the square root for numerical stability.</param>
    /// <param name="weightDecay">Decoupled weight decay factor.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together to this joint L2 norm.</param>
    /// <param name="name">The optimizer's name.</param>
    public Adagrad(LearningRate? learningRate = null, double initialAccumulatorValue = 0.1, double epsilon = 1e-7, double? weightDecay = null,
                   double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null, string name = "adagrad")
        : base(learningRate ?? 0.001, weightDecay, clipnorm, clipvalue, globalClipnorm, name)
    {
        InitialAccumulatorValue = NotNegative(name, nameof(initialAccumulatorValue), initialAccumulatorValue);
        Epsilon = NotNegative(name, nameof(epsilon), epsilon);
    }

    /// <summary>Starting value of the accumulators.</summary>
    public double InitialAccumulatorValue { get; }
    /// <summary>Added under the square root for numerical stability.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void CreateSlots(Variable variable) => AddSlot(variable, "accumulator", InitialAccumulatorValue);

    /// <inheritdoc/>
    protected override void UpdateStep(Tensor gradient, Variable variable, double learningRate)
    {
        using var s = new Scratch();
        var acc = GetSlot(variable, "accumulator");
        var accNew = s.Add(s.Value(acc), s.Square(gradient));
        acc.Assign(accNew);
        var step = s.Div(s.Mul(gradient, learningRate), s.Sqrt(s.Add(accNew, Epsilon)));
        variable.Assign(s.Sub(s.Value(variable), step));
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["initial_accumulator_value"] = InitialAccumulatorValue;
        c["epsilon"] = Epsilon;
        return c;
    }
}
