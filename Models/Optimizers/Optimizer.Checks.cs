namespace KerasSharp.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>Checks that <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>] (or [min, max) when <paramref name="maxExclusive"/>).</summary>
    private protected static double InRange(string optimizer, string argument, double value, double min, double max, bool maxExclusive = false)
    {
        bool ok = value >= min && (maxExclusive ? value < max : value <= max);
        if (!ok)
            throw new ArgumentOutOfRangeException(argument, value,
                $"{optimizer}: {argument} must be in [{min}, {max}{(maxExclusive ? ")" : "]")}; received {value}.");
        return value;
    }

    /// <summary>Checks that <paramref name="value"/> is finite and not negative.</summary>
    private protected static double NotNegative(string optimizer, string argument, double value)
    {
        if (!(double.IsFinite(value) && value >= 0))
            throw new ArgumentOutOfRangeException(argument, value, $"{optimizer}: {argument} must be a finite number that is not negative; received {value}.");
        return value;
    }
}
