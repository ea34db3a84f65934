using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// How often TensorBoard writes training scalars: <c>"epoch"</c> (at epoch ends), <c>"batch"</c> (after every batch) or every
/// N batches. An int or the strings convert implicitly.
/// </summary>
public readonly struct UpdateFrequency : IEquatable<UpdateFrequency>
{
    private UpdateFrequency(int batches) => Batches = batches;

    /// <summary>At epoch ends only.</summary>
    public static UpdateFrequency Epoch => default;

    /// <summary>The number of batches between batch-level writes, or 0 for "epoch".</summary>
    public int Batches { get; }

    /// <summary>Whether only epoch ends are written.</summary>
    public bool IsEpoch => Batches == 0;

    /// <summary>Every N batches.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public static implicit operator UpdateFrequency(int batches) => batches > 0 ? new UpdateFrequency(batches)
        : throw new ArgumentOutOfRangeException(nameof(batches), batches, $"updateFreq must be \"epoch\", \"batch\" or a positive number of batches, got {batches}.");

    /// <summary>"epoch" or "batch".</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    public static implicit operator UpdateFrequency(string text) => text switch
    {
        "epoch" => Epoch,
        "batch" => new UpdateFrequency(1),
        _ => throw new ArgumentException($"updateFreq must be \"epoch\", \"batch\" or a positive number of batches, got \"{text}\".", nameof(text)),
    };

    /// <inheritdoc/>
    public bool Equals(UpdateFrequency other) => Batches == other.Batches;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UpdateFrequency other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Batches;

    /// <summary>Equality.</summary>
    public static bool operator ==(UpdateFrequency a, UpdateFrequency b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(UpdateFrequency a, UpdateFrequency b) => !a.Equals(b);

    /// <summary>"epoch" or the number of batches.</summary>
    public override string ToString() => IsEpoch ? "epoch" : Batches.ToString(CultureInfo.InvariantCulture);
}
