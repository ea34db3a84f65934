using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// How often a checkpointing callback saves: <c>"epoch"</c> (at the end of every epoch) or every N training batches.
/// An int or the string "epoch" converts implicitly: <c>saveFreq: "epoch"</c>, <c>saveFreq: 100</c>.
/// </summary>
public readonly struct SaveFrequency : IEquatable<SaveFrequency>
{
    private SaveFrequency(int batches) => Batches = batches;

    /// <summary>At the end of every epoch.</summary>
    public static SaveFrequency Epoch => default;

    /// <summary>Every <paramref name="batches"/> training batches (counted across epochs).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public static SaveFrequency EveryBatches(int batches) => batches > 0 ? new SaveFrequency(batches)
        : throw new ArgumentOutOfRangeException(nameof(batches), batches, $"saveFreq must be \"epoch\" or a positive number of batches, got {batches}.");

    /// <summary>The number of batches between saves, or 0 for "epoch".</summary>
    public int Batches { get; }

    /// <summary>Whether saves happen at epoch ends.</summary>
    public bool IsEpoch => Batches == 0;

    /// <summary>Every N batches.</summary>
    public static implicit operator SaveFrequency(int batches) => EveryBatches(batches);

    /// <summary>"epoch".</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static implicit operator SaveFrequency(string text) => text == "epoch" ? Epoch
        : throw new ArgumentException($"saveFreq must be \"epoch\" or a positive number of batches, got \"{text}\".", nameof(text));

    /// <inheritdoc/>
    public bool Equals(SaveFrequency other) => Batches == other.Batches;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SaveFrequency other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Batches;

    /// <summary>Equality.</summary>
    public static bool operator ==(SaveFrequency a, SaveFrequency b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(SaveFrequency a, SaveFrequency b) => !a.Equals(b);

    /// <summary>"epoch" or the number of batches.</summary>
    public override string ToString() => IsEpoch ? "epoch" : Batches.ToString(CultureInfo.InvariantCulture);
}
