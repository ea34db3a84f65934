namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// Cosine decay with optional linear warm-up (Keras 3's <c>CosineDecay</c>). Without a warm-up target the rate
/// goes from <see cref="InitialLearningRate"/> to <c>InitialLearningRate * Alpha</c> over
/// <see cref="DecaySteps"/> steps. With one, it first rises linearly from <see cref="InitialLearningRate"/> to
/// <see cref="WarmupTarget"/> over <see cref="WarmupSteps"/> steps, then decays from the target to
/// <c>WarmupTarget * Alpha</c> over <see cref="DecaySteps"/> steps. It stays at the final value afterwards.
/// </summary>
public sealed class CosineDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The learning rate at step 0.</param>
    /// <param name="decaySteps">Length of the cosine decay in steps; positive.</param>
    /// <param name="alpha">The final rate as a fraction of the rate the decay starts from, in [0, 1].</param>
    /// <param name="warmupTarget">The rate reached at the end of the warm-up; null for no warm-up.</param>
    /// <param name="warmupSteps">Length of the warm-up in steps; not negative.</param>
    /// <param name="name">The schedule's name (Keras's default is CosineDecay).</param>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0, double? warmupTarget = null, long warmupSteps = 0, string name = "CosineDecay")
        : base(name)
    {
        RequireFinite(nameof(CosineDecay), nameof(initialLearningRate), initialLearningRate);
        RequirePositive(nameof(CosineDecay), nameof(decaySteps), decaySteps);
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"CosineDecay: alpha must be in [0, 1]; received {alpha}.");
        if (warmupTarget is { } target) RequireFinite(nameof(CosineDecay), nameof(warmupTarget), target);
        if (warmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"CosineDecay: warmupSteps must not be negative; received {warmupSteps}.");
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        Alpha = alpha;
        WarmupTarget = warmupTarget;
        WarmupSteps = warmupSteps;
    }

    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Length of the cosine decay in steps.</summary>
    public long DecaySteps { get; }
    /// <summary>The final rate as a fraction of the rate the decay starts from.</summary>
    public double Alpha { get; }
    /// <summary>The rate reached at the end of the warm-up, or null for none.</summary>
    public double? WarmupTarget { get; }
    /// <summary>Length of the warm-up in steps.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        RequireStep(nameof(CosineDecay), step);
        if (WarmupTarget is not { } target)
            return Decay(Math.Min(step, DecaySteps), InitialLearningRate);
        double s = Math.Min(step, DecaySteps + WarmupSteps);
        if (s < WarmupSteps)
            return (target - InitialLearningRate) * (s / WarmupSteps) + InitialLearningRate;
        return Decay(s - WarmupSteps, target);
    }

    private double Decay(double step, double from)
    {
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * step / DecaySteps));
        return from * ((1 - Alpha) * cosine + Alpha);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["decay_steps"] = DecaySteps, ["alpha"] = Alpha, ["name"] = Name,
        ["warmup_target"] = WarmupTarget, ["warmup_steps"] = WarmupSteps,
    };
}
