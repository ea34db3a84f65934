using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.ModelZoo;

/// <summary>One row of a torchvision mapping table: a torchvision state-dict key, the model's key and the layout change.</summary>
/// <param name="TorchKey">torchvision's key (<c>layer1.0.conv1.weight</c>).</param>
/// <param name="Key">The model's <see cref="Model.StateDict"/> key (<c>layer1.0.conv1/kernel</c>).</param>
/// <param name="TorchShape">The shape the torchvision tensor has.</param>
/// <param name="Convert">Turns the torchvision tensor into the model's layout.</param>
/// <param name="ConvertBack">Turns the model's tensor into torchvision's layout.</param>
public sealed record TorchVisionEntry(string TorchKey, string Key, Shape TorchShape, Func<Tensor, Tensor> Convert, Func<Tensor, Tensor> ConvertBack);

/// <summary>
/// torchvision state dicts onto the zoo's models. The mapping table is explicit: one row per torchvision key, made
/// from the model's torchvision-named layers (a convolution <c>x</c> takes <c>x.weight</c> from OIHW to the kernel's
/// HWIO layout, and <c>x.bias</c>; a batch norm takes <c>x.weight</c>, <c>x.bias</c>, <c>x.running_mean</c> and
/// <c>x.running_var</c>; a dense layer takes <c>x.weight</c> transposed from [out, in] to [in, out], and AlexNet's
/// first classifier layer also reorders its inputs from (C, H, W) to (H, W, C) in a channels-last model).
/// <c>num_batches_tracked</c> entries are ignored.
/// </summary>
public static class TorchVisionWeights
{
    /// <summary>The mapping table for <paramref name="model"/> (a zoo model with torchvision's layer names).</summary>
    public static IReadOnlyList<TorchVisionEntry> Table(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rows = new List<TorchVisionEntry>();
        foreach (var layer in model.Layers)
        {
            string n = layer.Name;
            switch (layer)
            {
                case Conv2D conv:
                    var k = conv.Kernel!.Shape;   // [kh, kw, in, out]
                    rows.Add(new($"{n}.weight", $"{n}/kernel", new Shape(k[3], k[2], k[0], k[1]),
                                 t => Ops.Transpose(t, [2, 3, 1, 0]), t => Ops.Transpose(t, [3, 2, 0, 1])));
                    if (conv.Bias is not null) rows.Add(new($"{n}.bias", $"{n}/bias", conv.Bias.Shape, Same, Same));
                    break;
                case BatchNormalization bn:
                    var c = bn.Gamma!.Shape;
                    rows.Add(new($"{n}.weight", $"{n}/gamma", c, Same, Same));
                    rows.Add(new($"{n}.bias", $"{n}/beta", c, Same, Same));
                    rows.Add(new($"{n}.running_mean", $"{n}/moving_mean", c, Same, Same));
                    rows.Add(new($"{n}.running_var", $"{n}/moving_variance", c, Same, Same));
                    break;
                case Dense dense:
                    var w = dense.Kernel!.Shape;   // [in, out]
                    var (toModel, toTorch) = FlattenedInputs(model, dense) ?? (t => Ops.Transpose(t, [1, 0]), t => Ops.Transpose(t, [1, 0]));
                    rows.Add(new($"{n}.weight", $"{n}/kernel", new Shape(w[1], w[0]), toModel, toTorch));
                    if (dense.Bias is not null) rows.Add(new($"{n}.bias", $"{n}/bias", dense.Bias.Shape, Same, Same));
                    break;
                default:
                    if (layer.Weights.Count > 0)
                        throw new ArgumentException($"TorchVisionWeights: layer '{n}' ({layer.GetType().Name}) has weights but no torchvision counterpart.");
                    break;
            }
        }
        return rows;
    }

    /// <summary>
    /// Converts a torchvision state dict to <paramref name="model"/>'s keys and layouts. Every key of the table must be
    /// there with torchvision's shape and the dictionary may hold nothing else (besides <c>num_batches_tracked</c>, and
    /// the classifier's keys when <paramref name="ignoreClassifier"/>: a model built without its top); else it fails,
    /// listing the torchvision keys, before anything is converted.
    /// </summary>
    /// <exception cref="ArgumentException">Keys are missing, unexpected or mis-shaped; the message lists them.</exception>
    public static OrderedDictionary<string, Tensor> Convert(Model model, IReadOnlyDictionary<string, Tensor> torchState, bool ignoreClassifier = false)
    {
        ArgumentNullException.ThrowIfNull(torchState);
        var table = Table(model);
        var expected = table.ToDictionary(r => r.TorchKey, StringComparer.Ordinal);
        var missing = table.Where(r => !torchState.ContainsKey(r.TorchKey)).Select(r => r.TorchKey).ToList();
        var unexpected = torchState.Keys.Where(k => !expected.ContainsKey(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal) &&
                                                    !(ignoreClassifier && IsClassifier(k))).ToList();
        var mismatched = table.Where(r => torchState.TryGetValue(r.TorchKey, out var t) && t.Shape != r.TorchShape)
                              .Select(r => $"{r.TorchKey} is {torchState[r.TorchKey].Shape}, the model needs {r.TorchShape}").ToList();
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"missing keys ({missing.Count}): {List(missing)}");
        if (unexpected.Count > 0) problems.Add($"unexpected keys ({unexpected.Count}): {List(unexpected)}");
        if (mismatched.Count > 0) problems.Add($"shape mismatches ({mismatched.Count}): {List(mismatched)}");
        if (problems.Count > 0)
            throw new ArgumentException($"Model '{model.Name}': the torchvision state dict does not fit (is it another architecture?); {string.Join("; ", problems)}.");

        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var row in table) result.Add(row.Key, row.Convert(torchState[row.TorchKey]));
        return result;
    }

    /// <summary>Converts <paramref name="torchState"/> (see <see cref="Convert"/>) and loads it into <paramref name="model"/>, all or nothing.</summary>
    public static void Load(Model model, IReadOnlyDictionary<string, Tensor> torchState, bool ignoreClassifier = false)
    {
        var converted = Convert(model, torchState, ignoreClassifier);
        try { model.LoadStateDict(converted, strict: true); }
        finally { foreach (var t in converted.Values) t.Dispose(); }
    }

    /// <summary>The model's weights as a torchvision state dict (its keys and layouts), e.g. to load into a PyTorch or TorchVision model.</summary>
    public static OrderedDictionary<string, Tensor> Export(Model model)
    {
        var weights = model.StateDict();
        try
        {
            var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var row in Table(model)) result.Add(row.TorchKey, row.ConvertBack(weights[row.Key]));
            return result;
        }
        finally { foreach (var t in weights.Values) t.Dispose(); }
    }

    /// <summary>True for torchvision keys stripped from a model built without its top (<c>fc.*</c>, <c>classifier.*</c>).</summary>
    public static bool IsClassifier(string torchKey) =>
        torchKey.StartsWith("fc.", StringComparison.Ordinal) || torchKey.StartsWith("classifier.", StringComparison.Ordinal);

    private static Tensor Same(Tensor t) => Ops.StopGradient(t);

    // AlexNet's first classifier layer reads a flattened 6x6x256 map: torchvision flattens (C, H, W), a channels-last
    // model (H, W, C), so the weight's input axis is reordered to match.
    private static (Func<Tensor, Tensor> ToModel, Func<Tensor, Tensor> ToTorch)? FlattenedInputs(Model model, Dense dense)
    {
        if (dense.Name != "classifier.1" || model.Layers.FirstOrDefault(l => l.Name == "flatten") is not Flatten flatten) return null;
        var shape = flatten.BuiltInputShapes?[0];
        if (shape is not { Length: 4 } || model.Layers.OfType<Conv2D>().FirstOrDefault()?.DataFormat != "channels_last") return null;
        int h = shape[1]!.Value, w = shape[2]!.Value, c = shape[3]!.Value;
        return (t =>
        {
            int units = t.Shape[0];   // [units, c*h*w] in (c, h, w) order -> [h*w*c, units]
            var hwc = Ops.Transpose(Ops.Reshape(t, units, c, h, w), [0, 2, 3, 1]);
            return Ops.Transpose(Ops.Reshape(hwc, units, h * w * c), [1, 0]);
        }, t =>
        {
            int units = t.Shape[1];   // [h*w*c, units] -> [units, c*h*w]
            var chw = Ops.Transpose(Ops.Reshape(t, h, w, c, units), [3, 2, 0, 1]);
            return Ops.Reshape(chw, units, c * h * w);
        });
    }

    private static string List(List<string> items) => string.Join(", ", items.Take(20)) + (items.Count > 20 ? $", ... ({items.Count - 20} more)" : "");
}
