namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// <c>initialLearningRate * decayRate ^ (step / decaySteps)</c>, with the exponent rounded down when
/// <see cref="Staircase"/> is set (Keras' <c>ExponentialDecay</c>).
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The learning rate at step 0.</param>
    /// <param name="decaySteps">Steps over which the rate is multiplied by <paramref name="decayRate"/> once; positive.</param>
    /// <param name="decayRate">The factor per <paramref name="decaySteps"/>; positive.</param>
    /// <param name="staircase">Decay in discrete jumps every <paramref name="decaySteps"/> steps.</param>
    /// <param name="name">The schedule's name (Keras's default is ExponentialDecay).</param>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false, string name = "ExponentialDecay")
        : base(name)
    {
        RequireFinite(nameof(ExponentialDecay), nameof(initialLearningRate), initialLearningRate);
        RequirePositive(nameof(ExponentialDecay), nameof(decaySteps), decaySteps);
        RequireFinite(nameof(ExponentialDecay), nameof(decayRate), decayRate);
        if (decayRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, $"ExponentialDecay: decayRate must be positive; received {decayRate}.");
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        DecayRate = decayRate;
        Staircase = staircase;
    }

    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Steps per multiplication by <see cref="DecayRate"/>.</summary>
    public long DecaySteps { get; }
    /// <summary>The decay factor.</summary>
    public double DecayRate { get; }
    /// <summary>Whether the exponent is rounded down to an integer.</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        RequireStep(nameof(ExponentialDecay), step);
        double p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate * Math.Pow(DecayRate, p);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["decay_rate"] = DecayRate, ["staircase"] = Staircase,
        ["name"] = Name,
    };
}
