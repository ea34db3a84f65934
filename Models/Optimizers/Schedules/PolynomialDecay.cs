namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// Polynomial decay from <see cref="InitialLearningRate"/> to <see cref="EndLearningRate"/> over
/// <see cref="DecaySteps"/> steps (Keras' <c>PolynomialDecay</c>):
/// <c>(initial - end) * (1 - step / decaySteps) ^ power + end</c>, with the step capped at
/// <c>decaySteps</c>; with <see cref="Cycle"/>, <c>decaySteps</c> is instead stretched to the first multiple
/// of itself at or after the step, so the rate jumps back up and decays again.
/// </summary>
public sealed class PolynomialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The learning rate at step 0.</param>
    /// <param name="decaySteps">Length of the decay in steps; positive.</param>
    /// <param name="endLearningRate">The learning rate reached after <paramref name="decaySteps"/> steps.</param>
    /// <param name="power">The polynomial's power; positive.</param>
    /// <param name="cycle">Restart the decay after each <paramref name="decaySteps"/> multiple.</param>
    /// <param name="name">The schedule's name (Keras's default is PolynomialDecay).</param>
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 1e-4, double power = 1, bool cycle = false, string name = "PolynomialDecay")
        : base(name)
    {
        RequireFinite(nameof(PolynomialDecay), nameof(initialLearningRate), initialLearningRate);
        RequirePositive(nameof(PolynomialDecay), nameof(decaySteps), decaySteps);
        RequireFinite(nameof(PolynomialDecay), nameof(endLearningRate), endLearningRate);
        RequireFinite(nameof(PolynomialDecay), nameof(power), power);
        if (power <= 0)
            throw new ArgumentOutOfRangeException(nameof(power), power, $"PolynomialDecay: power must be positive; received {power}.");
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        EndLearningRate = endLearningRate;
        Power = power;
        Cycle = cycle;
    }

    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Length of the decay in steps.</summary>
    public long DecaySteps { get; }
    /// <summary>The learning rate at the end of the decay.</summary>
    public double EndLearningRate { get; }
    /// <summary>The polynomial's power.</summary>
    public double Power { get; }
    /// <summary>Whether the decay restarts after each multiple of <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        RequireStep(nameof(PolynomialDecay), step);
        double s = step;
        double decaySteps = DecaySteps;
        if (Cycle)
            decaySteps *= step == 0 ? 1 : Math.Ceiling(s / DecaySteps);
        else
            s = Math.Min(s, decaySteps);
        double p = s / decaySteps;
        return (InitialLearningRate - EndLearningRate) * Math.Pow(1 - p, Power) + EndLearningRate;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["end_learning_rate"] = EndLearningRate,
        ["power"] = Power, ["cycle"] = Cycle, ["name"] = Name,
    };
}
