namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>The current values of all weights, in <see cref="Layers.Layer.Weights"/> order (later assignments do not change them).</summary>
    public Tensor[] GetWeights() => Weights.Select(w => w.Snapshot()).ToArray();

    /// <summary>Assigns all weights from <paramref name="values"/> (as returned by <see cref="GetWeights"/>); shapes must match.</summary>
    public void SetWeights(IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var weights = Weights;
        if (values.Count != weights.Count)
            throw new ArgumentException($"Model '{Name}' has {weights.Count} weights but {values.Count} values were given.");
        for (int i = 0; i < weights.Count; i++)
            if (values[i].Shape != weights[i].Shape)
                throw new ArgumentException($"Model '{Name}': weight '{weights[i].Name}' has shape {weights[i].Shape}, the value given has {values[i].Shape}.");
        for (int i = 0; i < weights.Count; i++)
            weights[i].Assign(values[i].DType == weights[i].DType ? values[i] : Ops.Cast(values[i], weights[i].DType));
    }
}
