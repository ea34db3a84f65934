using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Builds the ONNX ModelProto of a functional or Sequential model (nested models inlined): graph inputs from the
/// model's Inputs with a dynamic batch axis, one group of nodes per layer call, weights as initializers named by their
/// state-dict paths, graph outputs named after the output layers.
/// </summary>
internal static class OnnxExporter
{
    /// <summary>The IR version each opset shipped with (ONNX's versioning table).</summary>
    private static long IrVersion(int opset) => opset switch { <= 18 => 8, <= 20 => 9, _ => 10 };

    public static ModelProto Build(Model model, int opset)
    {
        if (model.Graph is null)
            throw new NotSupportedException(
                $"ONNX export: model '{model.Name}' ({model.GetType().Name}) has no graph of layer calls to export: a subclassed model's Call is C# code. " +
                "Build it as a functional model or a Sequential with an Input first (or call it once on data so a Sequential builds its graph).");
        var paths = new Dictionary<Variable, string>(ReferenceEqualityComparer.Instance);
        foreach (var (key, weight) in WeightTree.Of(model).StateEntries())
        {
            // the exported graph's constants and attributes are float32, as ONNX Runtime's kernels mostly are
            if (weight.DType != DType.Float32 && weight.DType.IsFloating())
                throw new NotSupportedException($"ONNX export: model '{model.Name}': weight '{key}' is {weight.DType.Name()}; export writes float32 models (build the model with float32 layers).");
            paths.TryAdd(weight, key);
        }
        foreach (var input in model.Inputs)
            if (input.DType == DType.Float64)
                throw new NotSupportedException($"ONNX export: model '{model.Name}': input '{input.Name}' is float64; export writes float32 models (use a float32 Input).");
        var g = new OnnxExportGraph(opset, paths);
        var values = new Dictionary<KerasTensor, OnnxExportValue>(ReferenceEqualityComparer.Instance);
        foreach (var input in model.Inputs)
        {
            var name = g.Unique(input.Name);
            g.Graph.Input.Add(ValueInfo(name, input.Shape, input.DType));
            values[input] = new OnnxExportValue(input.Shape, input.DType, name);
        }
        Run(g, model, values);

        var outputNames = model.OutputNames;
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = model.Outputs.Select(o => g.Keras(values[o])).ToList(); // may add a last transpose
        var producers = g.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n, StringComparer.Ordinal);
        for (int i = 0; i < model.Outputs.Count; i++)
        {
            var output = model.Outputs[i];
            var source = sources[i];
            var name = g.Unique(outputNames[i]);
            if (renamed.TryGetValue(source, out var earlier)) source = earlier; // an earlier output took this value's name
            else if (producers.TryGetValue(source, out var producer))
            {
                Rename(g.Graph, producer, source, name);
                renamed[source] = name;
                source = name;
            }
            if (source != name)
                g.Graph.Node.Add(new NodeProto { OpType = "Identity", Name = g.Unique($"{name}/Identity"), Input = { source }, Output = { name } });
            g.Graph.Output.Add(ValueInfo(name, output.Shape, output.DType));
        }

        g.Graph.Name = model.Name;
        var proto = new ModelProto
        {
            IrVersion = IrVersion(opset),
            ProducerName = "KerasSharp",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = g.Graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return proto;
    }

    /// <summary>Exports the calls of a model's graph, reading and adding to <paramref name="values"/> (a nested model recurses).</summary>
    private static void Run(OnnxExportGraph g, Model model, Dictionary<KerasTensor, OnnxExportValue> values)
    {
        foreach (var call in model.Graph!.Calls())
        {
            var inputs = call.Inputs.Select(i => values[i]).ToArray();
            OnnxExportValue[] outputs;
            if (call.Layer is Model nested)
            {
                if (nested.Graph is null)
                    throw OnnxExportErrors.Unsupported(nested, "a subclassed model's Call is C# code, which has no ONNX form; build it as a functional model");
                for (int i = 0; i < inputs.Length; i++) values[nested.Inputs[i]] = inputs[i];
                Run(g, nested, values);
                outputs = [.. nested.Outputs.Select(o => values[o])];
            }
            else
            {
                var c = new OnnxExportCall(g, call.Layer, inputs, call.Outputs, call.Options);
                outputs = OnnxLayerExporters.Convert(c);
                outputs = OnnxMaskExporter.Attach(c, outputs);
            }
            for (int i = 0; i < call.Outputs.Count; i++) values[call.Outputs[i]] = outputs[i];
        }
    }

    // The node's output takes the graph output's name, and so does every node that reads it.
    private static void Rename(GraphProto graph, NodeProto producer, string from, string to)
    {
        for (int i = 0; i < producer.Output.Count; i++) if (producer.Output[i] == from) producer.Output[i] = to;
        foreach (var node in graph.Node)
            for (int i = 0; i < node.Input.Count; i++) if (node.Input[i] == from) node.Input[i] = to;
    }

    /// <summary>A graph input or output: element type and shape, the batch axis named "batch", other unknown sizes left open.</summary>
    private static ValueInfoProto ValueInfo(string name, int?[] shape, DType dtype)
    {
        var dims = new TensorShapeProto();
        for (int i = 0; i < shape.Length; i++)
        {
            var d = new TensorShapeProto.Types.Dimension();
            if (shape[i] is int n) d.DimValue = n;
            else if (i == 0) d.DimParam = "batch";
            dims.Dim.Add(d);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxTensorWriter.ElementType(dtype), Shape = dims } },
        };
    }
}
