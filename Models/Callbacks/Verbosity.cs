using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// The <c>verbose</c> argument of <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>: 0 (silent), 1 (a progress bar, redrawn in
/// place on a terminal), 2 (one line per epoch) or "auto" (Keras's default: 1). An int or the string "auto" converts
/// implicitly, so <c>verbose: 0</c> and <c>verbose: "auto"</c> both work; <c>default</c> is "auto".
/// </summary>
public readonly struct Verbosity : IEquatable<Verbosity>
{
    // 0 is "auto" (so that default(Verbosity) is Keras's default); n + 1 is the level n.
    private readonly int _code;

    private Verbosity(int code) => _code = code;

    /// <summary>Keras's "auto": a progress bar (level 1).</summary>
    public static Verbosity Auto => default;

    /// <summary>Whether this is "auto".</summary>
    public bool IsAuto => _code == 0;

    /// <summary>The level: 0, 1 or 2, with "auto" read as 1.</summary>
    public int Level => _code == 0 ? 1 : _code - 1;

    /// <summary>A level 0, 1 or 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not 0, 1 or 2.</exception>
    public static Verbosity FromLevel(int level) =>
        level is >= 0 and <= 2 ? new Verbosity(level + 1)
        : throw new ArgumentOutOfRangeException(nameof(level), level, $"verbose must be 0, 1, 2 or \"auto\", got {level}.");

    /// <summary>"auto", "0", "1" or "2".</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static Verbosity Parse(string text) => text switch
    {
        "auto" => Auto,
        "0" or "1" or "2" => FromLevel(int.Parse(text, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"verbose must be 0, 1, 2 or \"auto\", got \"{text}\".", nameof(text)),
    };

    /// <summary>A level 0, 1 or 2.</summary>
    public static implicit operator Verbosity(int level) => FromLevel(level);

    /// <summary>"auto" (or a level written as text).</summary>
    public static implicit operator Verbosity(string text) => Parse(text);

    /// <inheritdoc/>
    public bool Equals(Verbosity other) => _code == other._code;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Verbosity other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _code;

    /// <summary>Equality.</summary>
    public static bool operator ==(Verbosity a, Verbosity b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Verbosity a, Verbosity b) => !a.Equals(b);

    /// <summary>"auto" or the level.</summary>
    public override string ToString() => IsAuto ? "auto" : Level.ToString(CultureInfo.InvariantCulture);
}
