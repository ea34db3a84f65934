using KerasSharp.Layers;
using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>
/// The layer half of a save and load on the current backend: a layer built on its sample inputs is written to JSON,
/// rebuilt from that JSON, given the first layer's weights, and both are run on the same inputs. The torch tests
/// compile this file too (linked).
/// </summary>
internal static class LayerRoundTrip
{
    /// <summary>The JSON text of the layer's Keras form.</summary>
    public static string Json(IKerasConfigurable obj) => ConfigJson.Write(KerasObjects.Serialize(obj));

    /// <summary>A new layer read back from <paramref name="json"/>.</summary>
    public static Layer Read(string json) => KerasObjects.Deserialize<Layer>(ConfigJson.Read(json)!);

    /// <summary>
    /// Builds the sample, rebuilds it from its JSON, copies the weights (through host arrays, as a weights file would) and
    /// asserts the two give bit-identical outputs in inference and then in training mode, and identical extra losses.
    /// </summary>
    public static void AssertSameOutputs(LayerSamples.Sample sample)
    {
        var inputs = LayerSamples.Inputs(sample);
        var original = sample.Make();
        Run(original, inputs, training: false);

        string json = Json(original);
        var rebuilt = Read(json);
        Assert.AreEqual(original.GetType(), rebuilt.GetType(), sample.Id);
        Assert.IsTrue(rebuilt.Built, $"{sample.Id}: the build config built the layer");
        Assert.AreEqual(json, Json(rebuilt), $"{sample.Id}: the rebuilt layer's config");
        CopyWeights(original, rebuilt, sample.Id);

        foreach (bool training in new[] { false, true })
        {
            var expected = Run(original, inputs, training);
            var actual = Run(rebuilt, inputs, training);
            string what = $"{sample.Id} ({(training ? "training" : "inference")}, {Backend.Current.Name})";
            Assert.AreEqual(expected.DType, actual.DType, $"{what}: dtype");
            CollectionAssert.AreEqual(expected.Shape, actual.Shape, $"{what}: shape");
            CollectionAssert.AreEqual(expected.Values, actual.Values, $"{what}: outputs");
            CollectionAssert.AreEqual(original.Losses.Select(Scalar).ToArray(), rebuilt.Losses.Select(Scalar).ToArray(), $"{what}: losses");
        }
        // Training mode updates state (moving statistics): it must have moved the same way.
        CollectionAssert.AreEqual(original.Weights.SelectMany(Host).ToArray(), rebuilt.Weights.SelectMany(Host).ToArray(), $"{sample.Id}: weights after training");
        foreach (var t in inputs) t.Dispose();
    }

    /// <summary>Assigns <paramref name="from"/>'s weights to <paramref name="to"/>'s, by position, checking names and shapes.</summary>
    public static void CopyWeights(Layer from, Layer to, string what)
    {
        Assert.HasCount(from.Weights.Count, to.Weights, $"{what}: weight count");
        for (int i = 0; i < from.Weights.Count; i++)
        {
            var (source, target) = (from.Weights[i], to.Weights[i]);
            Assert.AreEqual(source.Name, target.Name, $"{what}: weight {i} name");
            CollectionAssert.AreEqual(source.Shape.ToArray(), target.Shape.ToArray(), $"{what}: weight {source.Name} shape");
            Assert.AreEqual(source.DType, target.DType, $"{what}: weight {source.Name} dtype");
            Assert.AreEqual(source.Trainable, target.Trainable, $"{what}: weight {source.Name} trainable");
            // Flat copies in the weight's own dtype, reshaped (a rank-0 weight such as Normalization's count stays rank 0).
            using var flat = source.DType switch
            {
                DType.Float64 => Tensor.FromArray(source.ToArray<double>()),
                DType.Int64 => Tensor.FromArray(source.ToArray<long>()),
                DType.Int32 => Tensor.FromArray(source.ToArray<int>()),
                _ => Tensor.FromArray(source.ToArray<float>()),
            };
            using var copy = Ops.Reshape(flat, source.Shape.ToArray());
            target.Assign(copy);
        }
    }

    // The output's dtype, shape and values; the output is freed unless it is an input (identity layers return it).
    private static (DType DType, int[] Shape, double[] Values) Run(Layer layer, Tensor[] inputs, bool training)
    {
        // The first output (a recurrent cell also returns its states).
        var y = layer.ApplyAll(inputs, training)[0];
        var result = (y.DType, y.Shape.ToArray(), Host(y));
        if (!inputs.Any(x => ReferenceEquals(x, y))) y.Dispose();
        return result;
    }

    private static double[] Host(Tensor t)
    {
        if (t.DType == DType.Float64) return t.ToArray<double>();
        using var wide = Ops.Cast(t, DType.Float64);
        return wide.ToArray<double>();
    }

    private static double Scalar(Tensor t) => Host(t).Sum();
}
