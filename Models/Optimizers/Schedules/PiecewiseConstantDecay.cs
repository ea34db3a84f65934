namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// A constant learning rate per interval of steps (Keras' <c>PiecewiseConstantDecay</c>):
/// <c>values[0]</c> while <c>step &lt;= boundaries[0]</c>, <c>values[i]</c> while
/// <c>boundaries[i-1] &lt; step &lt;= boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Strictly increasing step boundaries.</param>
    /// <param name="values">One more value than boundaries.</param>
    /// <param name="name">The schedule's name (Keras's default is PiecewiseConstant).</param>
    public PiecewiseConstantDecay(long[] boundaries, double[] values, string name = "PiecewiseConstant")
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != boundaries.Length + 1)
            throw new ArgumentException(
                $"PiecewiseConstantDecay: values must have one more element than boundaries; received {boundaries.Length} boundaries and {values.Length} values.",
                nameof(values));
        for (int i = 1; i < boundaries.Length; i++)
            if (boundaries[i] <= boundaries[i - 1])
                throw new ArgumentException(
                    $"PiecewiseConstantDecay: boundaries must be strictly increasing; boundaries[{i - 1}] = {boundaries[i - 1]} and boundaries[{i}] = {boundaries[i]}.",
                    nameof(boundaries));
        for (int i = 0; i < values.Length; i++)
            RequireFinite(nameof(PiecewiseConstantDecay), $"values[{i}]", values[i]);
        _boundaries = (long[])boundaries.Clone();
        _values = (double[])values.Clone();
    }

    /// <summary>The step boundaries.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;
    /// <summary>The learning rate of each interval.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc/>
    public override double Call(long step)
    {
        RequireStep(nameof(PiecewiseConstantDecay), step);
        for (int i = 0; i < _boundaries.Length; i++)
            if (step <= _boundaries[i]) return _values[i];
        return _values[^1];
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["boundaries"] = _boundaries, ["values"] = _values, ["name"] = Name };
}
