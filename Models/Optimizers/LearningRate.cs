using KerasSharp.Optimizers.Schedules;

namespace KerasSharp.Optimizers;

/// <summary>
/// An optimizer's learning rate: a constant or a <see cref="LearningRateSchedule"/>. Both convert implicitly,
/// so <c>new Adam(learningRate: 1e-3)</c> and <c>new Adam(learningRate: new ExponentialDecay(1e-3, 1000, 0.9))</c>
/// both work.
/// </summary>
public readonly struct LearningRate : IEquatable<LearningRate>
{
    private readonly double _constant;

    /// <summary>A constant learning rate; it must be finite and not negative.</summary>
    public LearningRate(double constant)
    {
        if (!double.IsFinite(constant) || constant < 0)
            throw new ArgumentOutOfRangeException(nameof(constant), constant, $"The learning rate must be a finite number that is not negative; received {constant}.");
        _constant = constant;
        Schedule = null;
    }

    /// <summary>A learning rate that follows <paramref name="schedule"/>.</summary>
    public LearningRate(LearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _constant = 0;
        Schedule = schedule;
    }

    /// <summary>The schedule, or null for a constant rate.</summary>
    public LearningRateSchedule? Schedule { get; }

    /// <summary>The constant rate, or null when the rate follows a schedule.</summary>
    public double? Constant => Schedule is null ? _constant : null;

    /// <summary>The rate at optimizer step <paramref name="step"/>.</summary>
    public double At(long step) => Schedule?.Call(step) ?? _constant;

    /// <summary>A constant learning rate.</summary>
    public static implicit operator LearningRate(double constant) => new(constant);

    /// <summary>A scheduled learning rate.</summary>
    public static implicit operator LearningRate(LearningRateSchedule schedule) => new(schedule);

    /// <inheritdoc/>
    public bool Equals(LearningRate other) => ReferenceEquals(Schedule, other.Schedule) && _constant.Equals(other._constant);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LearningRate other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Schedule, _constant);

    /// <summary>Equality.</summary>
    public static bool operator ==(LearningRate a, LearningRate b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(LearningRate a, LearningRate b) => !a.Equals(b);

    /// <summary>The constant, or the schedule's type name.</summary>
    public override string ToString() => Schedule?.GetType().Name ?? _constant.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
