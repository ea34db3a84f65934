using System.Globalization;
using System.Text;

namespace KerasSharp.Layers;

/// <summary>
/// Hashes strings or integers into <see cref="NumBins"/> bins (Keras's Hashing): FarmHash Fingerprint64 of the UTF-8
/// bytes (integers hash as their decimal text), or SipHash-2-4 keyed by <see cref="Salt"/> when one is given, modulo the
/// bins; with a <see cref="MaskValue"/>, that value maps to 0 and the others to 1 + hash mod (bins - 1). So the bins
/// match Keras's for the same arguments. Output "int" (int64 bins), or "one_hot", "multi_hot", "count" (float32).
/// </summary>
/// <example><code>
/// new Hashing(numBins: 3).Apply(Tensor.FromStrings(["A", "B", "C", "D", "E"], 5, 1));   // [[1], [0], [1], [1], [2]]
/// </code></example>
public sealed class Hashing : Layer
{
    private readonly ulong[]? _key;

    /// <summary>Creates the layer.</summary>
    /// <param name="numBins">Bins, the mask's bin included.</param>
    /// <param name="maskValue">A string or integer that maps to bin 0, or null.</param>
    /// <param name="salt">One number (used for both key halves) or two: makes the hash SipHash keyed by them.</param>
    /// <param name="outputMode">"int", "one_hot", "multi_hot" or "count".</param>
    /// <param name="sparse">Must be false (sparse outputs are not supported).</param>
    /// <param name="name">The layer's name.</param>
    public Hashing(int numBins, object? maskValue = null, long[]? salt = null, string outputMode = "int", bool sparse = false, string? name = null) : base(name)
    {
        if (numBins < 1 || (maskValue is not null && numBins < 2))
            throw new ArgumentException($"Hashing: numBins must be at least {(maskValue is null ? 1 : 2)}{(maskValue is null ? "" : " with a maskValue")}, got {numBins}.");
        if (outputMode is not ("int" or "one_hot" or "multi_hot" or "count"))
            throw new ArgumentException($"Hashing: outputMode must be \"int\", \"one_hot\", \"multi_hot\" or \"count\", got \"{outputMode}\".");
        if (sparse) throw new ArgumentException("Hashing: sparse outputs are not supported; use sparse: false.");
        if (salt is not null && salt.Length is not (1 or 2)) throw new ArgumentException($"Hashing: salt must be one or two integers, got {salt.Length}.");
        MaskValue = maskValue switch
        {
            null or string => maskValue,
            int or long or short or byte => Convert.ToInt64(maskValue, CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"Hashing: maskValue must be a string or an integer, got {maskValue.GetType().Name}."),
        };
        NumBins = numBins;
        Salt = salt?.ToArray();
        OutputMode = outputMode;
        if (salt is not null) _key = salt.Length == 1 ? [(ulong)salt[0], (ulong)salt[0]] : [(ulong)salt[0], (ulong)salt[1]];
    }

    /// <summary>Bins, the mask's included.</summary>
    public int NumBins { get; }

    /// <summary>The string or integer (long) that maps to bin 0, or null.</summary>
    public object? MaskValue { get; }

    /// <summary>The salt, or null for FarmHash.</summary>
    public long[]? Salt { get; }

    /// <summary>"int", "one_hot", "multi_hot" or "count".</summary>
    public string OutputMode { get; }

    /// <summary>The 64-bit hash of one string (before the modulo).</summary>
    internal ulong Hash(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        return _key is null ? FarmHash.Fingerprint64(bytes) : SipHash.Hash(_key[0], _key[1], bytes);
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        string[] text = inputs.DType == DType.String ? inputs.ToStrings()
            : inputs.DType.IsInteger() ? [.. inputs.ToArray<long>().Select(v => v.ToString(CultureInfo.InvariantCulture))]
            : throw new ArgumentException($"Layer '{Name}': Hashing takes string or integer tensors, received {inputs.DType.Name()}.");
        string? mask = MaskValue switch { null => null, string s => s, long l => l.ToString(CultureInfo.InvariantCulture), _ => null };
        ulong bins = (ulong)(mask is null ? NumBins : NumBins - 1);
        var result = new long[text.Length];
        for (int i = 0; i < text.Length; i++)
            result[i] = mask is not null && text[i] == mask ? 0 : (long)(Hash(text[i]) % bins) + (mask is null ? 0 : 1);
        var shape = inputs.Shape.ToArray();
        if (OutputMode == "int") return Backend.Current.FromHost(result, new Shape(shape), DType.Int64, Device.Default);
        if (OutputMode == "one_hot" && shape.Length > 1 && shape[^1] != 1)
            throw new ArgumentException($"Layer '{Name}': outputMode \"one_hot\" takes one value per sample (shape (batch,) or (batch, 1)), received shape {ShapeText.Format(inputs.Shape)}.");
        int rows = shape.Length == 0 ? 1 : shape[0], per = rows == 0 ? 0 : result.Length / rows;
        var encoded = new float[rows * NumBins];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < per; k++)
            {
                int at = r * NumBins + (int)result[r * per + k];
                encoded[at] = OutputMode == "count" ? encoded[at] + 1 : 1;
            }
        return Backend.Current.FromHost(encoded, new Shape(shape.Length == 0 ? [NumBins] : [rows, NumBins]), DType.Float32, Device.Default);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        if (OutputMode == "int") return inputShape;
        if (OutputMode == "one_hot" && inputShape.Length > 1 && inputShape[^1] == 1) return [.. inputShape[..^1], NumBins];
        return inputShape.Length <= 1 ? [.. inputShape, NumBins] : [inputShape[0], NumBins];
    }

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) => OutputMode == "int" ? DType.Int64 : DType.Float32;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["num_bins"] = NumBins;
        c["mask_value"] = MaskValue;
        c["salt"] = Salt;
        c["output_mode"] = OutputMode;
        c["sparse"] = false;
        return c;
    }
}
