using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Names the initializers of a ResNet of basic blocks exported to ONNX under arbitrary names (CNTK's
/// <c>Parameter91</c>, <c>Constant98</c>) with torchvision's keys, from the graph's structure: the stem is the
/// convolution that reads the graph input; each residual Add is a block (in node order), whose branch of two
/// Conv-BatchNormalization pairs with a Relu between them is <c>conv1/bn1</c>, <c>conv2/bn2</c>, and whose other
/// input, when it is a Conv-BatchNormalization pair, is the <c>downsample</c>.
/// </summary>
internal static class OnnxResNetNames
{
    /// <summary>ONNX initializer name → torchvision key, for a basic-block ResNet with <paramref name="layers"/> blocks per stage.</summary>
    public static Dictionary<string, string> Map(GraphProto graph, int[] layers, string file)
    {
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var output in node.Output) producer[output] = node;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        OnnxFormatException Fail(string problem) => new(file, null, $"not a ResNet of basic blocks [{string.Join(", ", layers)}]: {problem}");

        NodeProto? From(string value, string opType) => producer.TryGetValue(value, out var n) && n.OpType == opType ? n : null;

        void Pair(NodeProto conv, NodeProto bn, string prefixConv, string prefixBn)
        {
            map[conv.Input[1]] = $"{prefixConv}.weight";
            if (conv.Input.Count > 2 && conv.Input[2].Length > 0) map[conv.Input[2]] = $"{prefixConv}.bias";
            string[] names = ["weight", "bias", "running_mean", "running_var"];
            for (int i = 0; i < 4; i++) map[bn.Input[1 + i]] = $"{prefixBn}.{names[i]}";
        }

        var stem = graph.Node.FirstOrDefault(n => n.OpType == "Conv" && !initializers.Contains(n.Input[0]) && !producer.ContainsKey(n.Input[0]))
                   ?? throw Fail("no convolution reads the graph input.");
        var stemBn = graph.Node.FirstOrDefault(n => n.OpType == "BatchNormalization" && n.Input[0] == stem.Output[0]) ?? throw Fail("the first convolution has no BatchNormalization.");
        Pair(stem, stemBn, "conv1", "bn1");

        var adds = graph.Node.Where(n => n.OpType is "Add" or "Sum").ToList();
        if (adds.Count != layers.Sum()) throw Fail($"the graph has {adds.Count} residual additions, the architecture {layers.Sum()} blocks.");
        int k = 0;
        for (int stage = 0; stage < layers.Length; stage++)
            for (int b = 0; b < layers[stage]; b++, k++)
            {
                string prefix = $"layer{stage + 1}.{b}";
                var add = adds[k];
                bool main = false, shortcut = false;
                foreach (var input in add.Input)
                {
                    var bn = From(input, "BatchNormalization");
                    var conv = bn is null ? null : From(bn.Input[0], "Conv");
                    if (conv is null) continue;                                     // identity shortcut
                    var relu = From(conv.Input[0], "Relu");
                    var bn1 = relu is null ? null : From(relu.Input[0], "BatchNormalization");
                    var conv1 = bn1 is null ? null : From(bn1.Input[0], "Conv");
                    if (conv1 is not null && !main)
                    {
                        Pair(conv1, bn1!, $"{prefix}.conv1", $"{prefix}.bn1");
                        Pair(conv, bn!, $"{prefix}.conv2", $"{prefix}.bn2");
                        main = true;
                    }
                    else if (!shortcut)
                    {
                        Pair(conv, bn!, $"{prefix}.downsample.0", $"{prefix}.downsample.1");
                        shortcut = true;
                    }
                }
                if (!main) throw Fail($"addition '{add.Name}' (block {prefix}) has no Conv-BatchNormalization-Relu-Conv-BatchNormalization branch.");
            }
        return map;
    }
}
