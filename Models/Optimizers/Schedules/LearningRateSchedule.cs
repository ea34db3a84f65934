namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// A learning rate that depends on the optimizer step, as Keras' <c>LearningRateSchedule</c>.
/// Pass one wherever an optimizer takes <c>learningRate</c>; the optimizer evaluates it at its
/// <see cref="Optimizer.Iterations"/> before each update.
/// </summary>
[KerasModule("keras.optimizers.schedules")]
public abstract class LearningRateSchedule : IKerasConfigurable
{
    /// <summary>Creates the schedule; <paramref name="name"/> defaults to the class name.</summary>
    protected LearningRateSchedule(string? name = null) => Name = string.IsNullOrWhiteSpace(name) ? GetType().Name : name;

    /// <summary>The schedule's name (Keras's <c>name</c> argument).</summary>
    public string Name { get; }

    /// <summary>The constructor arguments by Keras name.</summary>
    public abstract Dictionary<string, object?> GetConfig();

    /// <summary>The learning rate at optimizer step <paramref name="step"/> (0 for the first update).</summary>
    public abstract double Call(long step);

    /// <summary>Checks that a schedule argument is a finite number.</summary>
    private protected static void RequireFinite(string schedule, string argument, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{schedule}: {argument} must be a finite number; received {value}.", argument);
    }

    /// <summary>Checks that a step count is positive.</summary>
    private protected static void RequirePositive(string schedule, string argument, long value)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(argument, value, $"{schedule}: {argument} must be a positive number of steps; received {value}.");
    }

    /// <summary>Checks that a step passed to <see cref="Call"/> is not negative.</summary>
    private protected static void RequireStep(string schedule, long step)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, $"{schedule}: the step must not be negative; received {step}.");
    }
}
