using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Recovers Hugging Face names for the initializers of a PyTorch BERT export. Most keep their names; the Linear
/// weights are stored transposed ([in, out]) under numeric names (<c>onnx::MatMul_1234</c>): the MatMul that reads
/// one feeds an Add whose other input is the Linear's bias, which kept its name, so the weight is that bias's name
/// with <c>.weight</c>, transposed back to PyTorch's [out, in].
/// </summary>
internal static class OnnxBertWeights
{
    /// <summary>The file's initializers under Hugging Face names and layouts.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var proto = OnnxModelFile.Read(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var graph = proto.Graph;
        var hosts = new Dictionary<string, OnnxHostTensor>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer) hosts[t.Name] = OnnxTensorReader.Read(t, path, folder);

        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node);
            }

        var renamed = new Dictionary<string, (string Name, bool Transpose)>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.OpType == "MatMul" && node.Input.Count == 2 && hosts.TryGetValue(node.Input[1], out var w) && w.Shape.Length == 2)
            {
                var add = consumers.GetValueOrDefault(node.Output[0])?.FirstOrDefault(n => n.OpType == "Add");
                string? bias = add?.Input.FirstOrDefault(i => i != node.Output[0] && hosts.ContainsKey(i) && i.EndsWith(".bias", StringComparison.Ordinal));
                if (bias is not null) renamed[node.Input[1]] = (bias[..^".bias".Length] + ".weight", true);
            }
            else if (node.OpType == "Gemm" && node.Input.Count == 3 && hosts.ContainsKey(node.Input[1]) && node.Input[2].EndsWith(".bias", StringComparison.Ordinal))
            {
                bool transB = node.Attribute.Any(a => a.Name == "transB" && a.I != 0);
                string name = node.Input[2][..^".bias".Length] + ".weight";
                if (node.Input[1] != name || !transB) renamed[node.Input[1]] = (name, !transB);
            }
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, host) in hosts)
        {
            if (renamed.TryGetValue(name, out var r))
            {
                using var stored = host.ToTensor();
                result[r.Name] = r.Transpose ? Ops.Transpose(stored, [1, 0]) : Ops.StopGradient(stored);
            }
            else if (!result.ContainsKey(name) && !IsNumeric(name)) result[name] = host.ToTensor();
        }
        return result;
    }

    // Exporter-made names (onnx::MatMul_1234, 1234): constants of the graph, not parameters.
    private static bool IsNumeric(string name) => name.StartsWith("onnx::", StringComparison.Ordinal) || name.All(char.IsDigit);
}
