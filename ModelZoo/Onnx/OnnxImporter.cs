using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Onnx.Proto;

namespace KerasSharp.Onnx;

/// <summary>
/// Turns a parsed ONNX graph into a functional model. Values are constants (folded at import: integer initializers,
/// Constant nodes, scalars, shapes of tensors whose shape is known, and whatever is computed only from those), weights
/// (float initializers with more than one element) or runtime tensors. Each node with a runtime or weight input
/// becomes an <see cref="OnnxNode"/> layer. Output shapes are found by running each layer at import on two probe
/// inputs that differ in every free size (2 and 3): sizes that differ are free (None).
/// </summary>
internal sealed class OnnxImporter(ModelProto model, string file, string? folder, OnnxImportOptions options)
{
    public const int MinOpset = 8;
    public const int MaxOpset = 21;

    private sealed class Val
    {
        public OnnxHostTensor? Const;
        public string? Weight;                 // an unshared float initializer, owned by the layer that reads it
        public KerasTensor? Sym;
        public Tensor? A, B;                   // the probes
        public required int?[] Shape;
        public required DType DType;
    }

    private readonly GraphProto _graph = model.Graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<Tensor> _probes = [];
    private Dictionary<string, OnnxHostTensor> _initializers = [];
    private Dictionary<string, int> _uses = [];

    public Model Import()
    {
        int opset = Opset();
        CheckOperators();
        _initializers = ReadInitializers();
        _uses = CountUses();
        bool anyFixedBatch = GraphInputs().Any(i => Dims(i).Length > 0 && Dims(i)[0] is not null);
        try
        {
            return Build(opset, options.DynamicBatch);
        }
        catch (Exception e) when (options.DynamicBatch && anyFixedBatch && e is OnnxFormatException or ArgumentException)
        {
            // The graph depends on the batch size the file fixes (a Reshape to [1, -1]): keep it.
            return Build(opset, dynamicBatch: false);
        }
    }

    private int Opset()
    {
        var entry = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (entry is null) throw new OnnxFormatException(file, null, "the model imports no opset of the default ONNX domain.");
        if (entry.Version < MinOpset || entry.Version > MaxOpset)
            throw new OnnxFormatException(file, null, $"opset {entry.Version} is not supported; the importer reads opsets {MinOpset} to {MaxOpset} (convert the model with onnx.version_converter).");
        return (int)entry.Version;
    }

    // Every unsupported operator in the file, with its nodes, in one error.
    private void CheckOperators()
    {
        var bad = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < _graph.Node.Count; i++)
        {
            var node = _graph.Node[i];
            string type = node.Domain is "" or "ai.onnx" ? node.OpType : $"{node.Domain}.{node.OpType}";
            if (node.Domain is "" or "ai.onnx" && OnnxOperators.IsSupported(node.OpType)) continue;
            if (!bad.TryGetValue(type, out var nodes)) bad[type] = nodes = [];
            nodes.Add(NodeLabel(node, i));
        }
        if (bad.Count == 0) return;
        var parts = bad.Select(kv => $"{kv.Key} ({(kv.Value.Count == 1 ? "node" : "nodes")} {string.Join(", ", kv.Value.Select(n => $"'{n}'"))})");
        throw new OnnxFormatException(file, null,
            $"{bad.Count} unsupported operator type(s): {string.Join("; ", parts)}. OnnxModel.SupportedOperators lists those the importer converts.");
    }

    private static string NodeLabel(NodeProto node, int index) => node.Name.Length > 0 ? node.Name : $"#{index} {node.OpType}";

    private Dictionary<string, OnnxHostTensor> ReadInitializers()
    {
        var result = new Dictionary<string, OnnxHostTensor>(StringComparer.Ordinal);
        foreach (var t in _graph.Initializer)
        {
            if (t.Name.Length == 0) throw new OnnxFormatException(file, null, "an initializer has no name.");
            if (!result.TryAdd(t.Name, OnnxTensorReader.Read(t, file, folder)))
                throw new OnnxFormatException(file, $"tensor '{t.Name}'", "two initializers have this name.");
        }
        if (_graph.SparseInitializer.Count > 0)
            throw new OnnxFormatException(file, null, "sparse initializers are not supported.");
        return result;
    }

    private Dictionary<string, int> CountUses()
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in _graph.Node)
            foreach (var name in node.Input.Distinct())
                if (name.Length > 0) uses[name] = uses.GetValueOrDefault(name) + 1;
        return uses;
    }

    private IEnumerable<ValueInfoProto> GraphInputs() => _graph.Input.Where(i => !_initializers.ContainsKey(i.Name));

    private int?[] Dims(ValueInfoProto info)
    {
        var type = info.Type?.TensorType ?? throw new OnnxFormatException(file, $"input '{info.Name}'", "only tensor inputs are supported.");
        if (type.Shape is null) throw new OnnxFormatException(file, $"input '{info.Name}'", "the input has no shape; the importer needs at least its rank.");
        return type.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? (int?)checked((int)d.DimValue) : null).ToArray();
    }

    private Model Build(int opset, bool dynamicBatch)
    {
        _names.Clear();
        DisposeProbes();
        var values = new Dictionary<string, Val>(StringComparer.Ordinal);
        var inputs = new List<Input>();
        try
        {
            foreach (var info in GraphInputs())
            {
                var dims = Dims(info);
                if (dims.Length == 0) throw new OnnxFormatException(file, $"input '{info.Name}'", "scalar inputs are not supported: a model input needs a batch axis.");
                if (dynamicBatch) dims[0] = null;
                var dtype = OnnxOperators.DTypeOf(info.Type.TensorType.ElemType, p => new OnnxFormatException(file, $"input '{info.Name}'", p));
                var input = new Input(dims[1..], name: UniqueName(info.Name, "input"), dtype: dtype, batchSize: dims[0]);
                inputs.Add(input);
                values[info.Name] = new Val
                {
                    Sym = input, Shape = dims, DType = dtype,
                    A = Probe(dims, dtype, 2), B = Probe(dims, dtype, 3),
                };
            }
            if (inputs.Count == 0) throw new OnnxFormatException(file, null, "the graph has no inputs.");
            foreach (var (name, host) in _initializers)
            {
                bool weight = host.DType.IsFloating() && host.Size > 1;
                values[name] = weight
                    ? new Val { Weight = name, Shape = host.Shape.Select(d => (int?)d).ToArray(), DType = host.DType }
                    : new Val { Const = host, Shape = host.Shape.Select(d => (int?)d).ToArray(), DType = host.DType };
            }
            var nodes = OnnxGeluFusion.Apply(_graph, ScalarConstant);
            for (int i = 0; i < nodes.Count; i++) Convert(nodes[i], i, opset, values, inputs[0]);

            var outputs = new List<KerasTensor>();
            foreach (var o in _graph.Output)
            {
                if (!values.TryGetValue(o.Name, out var v)) throw new OnnxFormatException(file, $"output '{o.Name}'", "no node produces it.");
                if (v.Sym is null) throw new OnnxFormatException(file, $"output '{o.Name}'", "the output is a constant (it does not depend on any input); constant outputs are not supported.");
                outputs.Add(v.Sym);
            }
            string modelName = options.Name ?? (_graph.Name.Length > 0 ? OnnxWeightSpec.SafeName(_graph.Name) : "onnx_model");
            return new Model(inputs.Cast<KerasTensor>().ToList(), outputs, modelName);
        }
        finally
        {
            DisposeProbes();
        }
    }

    // The value of a one-element constant (an initializer or a Constant node's output), or null.
    private double? ScalarConstant(string name)
    {
        if (_initializers.TryGetValue(name, out var t)) return t.Size == 1 && t.DType.IsFloating() ? t.AsDouble()[0] : null;
        var node = _graph.Node.FirstOrDefault(n => n.OpType == "Constant" && n.Output.Count == 1 && n.Output[0] == name);
        if (node is null) return null;
        var a = node.Attribute.FirstOrDefault(x => x.Name is "value" or "value_float");
        if (a is null) return null;
        if (a.Name == "value_float") return a.F;
        if (a.T is null) return null;
        var value = OnnxTensorReader.Read(a.T, file, null);
        return value.Size == 1 && value.DType.IsFloating() ? value.AsDouble()[0] : null;
    }

    private Tensor Probe(int?[] dims, DType dtype, int free)
    {
        var shape = dims.Select(d => d ?? free).ToArray();
        var t = dtype.IsFloating() ? Ops.Ones(shape, dtype) : Ops.Zeros(shape, dtype);
        _probes.Add(t);
        return t;
    }

    private void DisposeProbes()
    {
        foreach (var t in _probes.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>())
            if (t is not Variable) t.Dispose();
        _probes.Clear();
    }

    private string UniqueName(string onnxName, string fallback)
    {
        string baseName = OnnxWeightSpec.SafeName(onnxName.Length > 0 ? onnxName : fallback);
        if (baseName == "weight" && onnxName.Length == 0) baseName = fallback;
        string name = baseName;
        for (int k = 1; !_names.Add(name); k++) name = $"{baseName}_{k}";
        return name;
    }

    private void Convert(NodeProto node, int index, int opset, Dictionary<string, Val> values, Input firstInput)
    {
        string label = NodeLabel(node, index);
        var attributes = OnnxAttributes.FromProto(node, file);
        var ins = new Val?[node.Input.Count];
        for (int i = 0; i < ins.Length; i++)
        {
            string name = node.Input[i];
            if (name.Length == 0) continue;
            if (!values.TryGetValue(name, out var v))
                throw new OnnxFormatException(file, $"node '{label}' ({node.OpType})", $"input '{name}' is produced by no earlier node, graph input or initializer (the nodes must be in topological order).");
            ins[i] = v;
        }
        int outputCount = node.Output.Count;
        while (outputCount > 1 && node.Output[outputCount - 1].Length == 0) outputCount--;
        if (outputCount == 0) return;

        // Shape of a tensor whose shape is fully known: a constant.
        bool shapeKnown = node.OpType == "Shape" && ins.Length == 1 && ins[0] is { } x0 && x0.Shape.All(d => d is not null);
        if (shapeKnown || ins.All(v => v is null || v.Const is not null))
        {
            Fold(node, label, opset, attributes, ins, outputCount, values);
            return;
        }

        // A runtime node: its layer reads runtime values as layer inputs, weights it owns, and constants from its config.
        var layerInputs = new List<Val>();
        var slots = new List<OnnxNode.Slot>();
        var specs = new List<OnnxWeightSpec>();
        var assign = new List<(string Name, OnnxHostTensor Value)>();
        var weightNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ins.Length; i++)
        {
            var v = ins[i];
            if (v is null) { slots.Add(new OnnxNode.Slot(OnnxNode.SlotKind.None)); continue; }
            if (v.Weight is not null && _uses.GetValueOrDefault(v.Weight) > 1) Share(v, firstInput);
            if (v.Sym is not null)
            {
                int k = layerInputs.IndexOf(v);
                if (k < 0) { k = layerInputs.Count; layerInputs.Add(v); }
                slots.Add(new OnnxNode.Slot(OnnxNode.SlotKind.Input, Index: k));
            }
            else if (v.Weight is not null || v.Const!.Size > OnnxLimits.MaxConfigConstant)
            {
                string source = v.Weight ?? node.Input[i];
                string wname = OnnxWeightSpec.SafeName(source);
                for (int k = 1; !weightNames.Add(wname); k++) wname = $"{OnnxWeightSpec.SafeName(source)}_{k}";
                var host = v.Weight is not null ? _initializers[v.Weight] : v.Const!;
                bool trainable = v.Weight is not null && !OnnxOperators.IsNonTrainableInput(node.OpType, i);
                specs.Add(new OnnxWeightSpec(wname, host.Shape, host.DType, trainable));
                assign.Add((wname, host));
                slots.Add(new OnnxNode.Slot(OnnxNode.SlotKind.Weight, Weight: wname));
            }
            else slots.Add(new OnnxNode.Slot(OnnxNode.SlotKind.Constant, Constant: v.Const));
        }
        bool dummy = layerInputs.Count == 0;
        var symInputs = dummy ? [firstInput] : layerInputs.Select(v => v.Sym!).ToArray();
        var probeA = dummy ? [values.Values.First(v => v.Sym == firstInput).A!] : layerInputs.Select(v => v.A!).ToArray();
        var probeB = dummy ? [values.Values.First(v => v.Sym == firstInput).B!] : layerInputs.Select(v => v.B!).ToArray();

        var layer = new OnnxNode(node.OpType, opset, label, attributes, slots, symInputs.Length, specs,
                                 Enumerable.Repeat(Array.Empty<int?>(), outputCount).ToArray(), Enumerable.Repeat(DType.Float32, outputCount).ToArray(),
                                 UniqueName(node.Name, node.OpType.ToLowerInvariant()));
        foreach (var (name, host) in assign)
        {
            using var value = host.ToTensor();
            layer.WeightNamed(name).Assign(value);
        }
        Tensor[] outA, outB;
        try
        {
            outA = layer.Run(probeA);
            outB = layer.Run(probeB);
        }
        catch (OnnxFormatException e)
        {
            throw new OnnxFormatException(file, $"node '{label}' ({node.OpType})", e.Problem, e);
        }
        _probes.AddRange(outA);
        _probes.AddRange(outB);
        var shapes = new int?[outputCount][];
        for (int o = 0; o < outputCount; o++)
        {
            if (outA[o].Rank != outB[o].Rank)
                throw new OnnxFormatException(file, $"node '{label}' ({node.OpType})", $"output {o} changes rank with the input sizes ({outA[o].Shape} and {outB[o].Shape}); the importer needs a fixed rank.");
            shapes[o] = Enumerable.Range(0, outA[o].Rank).Select(d => outA[o].Shape[d] == outB[o].Shape[d] ? (int?)outA[o].Shape[d] : null).ToArray();
        }
        layer.SetOutputs(shapes, outA.Select(t => t.DType).ToArray());
        var syms = layer.ApplyAll(symInputs);
        for (int o = 0; o < outputCount; o++)
        {
            if (node.Output[o].Length == 0) continue;
            values[node.Output[o]] = new Val { Sym = syms[o], A = outA[o], B = outB[o], Shape = shapes[o], DType = outA[o].DType };
        }
    }

    // A float initializer read by several nodes becomes one OnnxInitializer layer whose output they all take.
    private void Share(Val v, Input firstInput)
    {
        var host = _initializers[v.Weight!];
        var layer = new OnnxInitializer(OnnxWeightSpec.SafeName(v.Weight!), host.Shape, host.DType, weightTrainable: true, UniqueName(v.Weight!, "initializer"));
        using (var value = host.ToTensor()) layer.Value.Assign(value);
        v.Sym = layer.Apply(firstInput);
        v.A = v.B = layer.Value;
        v.Weight = null;
    }

    private void Fold(NodeProto node, string label, int opset, Dictionary<string, object?> attributes, Val?[] ins, int outputCount, Dictionary<string, Val> values)
    {
        OnnxHostTensor[] results;
        if (node.OpType == "Shape" && ins[0]!.Const is null)
        {
            // The shape is known even though the values are not.
            var shape = ins[0]!.Shape.Select(d => d!.Value).ToArray();
            var call = new OnnxCall(file, label, "Shape", opset, new OnnxAttributes(attributes, label, "Shape"),
                                    [new OnnxValue(new OnnxHostTensor(DType.Float32, shape, new float[shape.Aggregate(1, (a, b) => a * b)]))], 1);
            using var scope = new TensorScope();
            results = [OnnxHostTensor.FromTensor(OnnxOperators.Run(call)[0])];
        }
        else
        {
            var call = new OnnxCall(file, label, node.OpType, opset, new OnnxAttributes(attributes, label, node.OpType),
                                    ins.Select(v => v is null ? null : new OnnxValue(v.Const!)).ToArray(), outputCount);
            using var scope = new TensorScope();
            results = OnnxOperators.Run(call).Take(outputCount).Select(OnnxHostTensor.FromTensor).ToArray();
        }
        for (int o = 0; o < results.Length; o++)
            if (node.Output[o].Length > 0)
                values[node.Output[o]] = new Val { Const = results[o], Shape = results[o].Shape.Select(d => (int?)d).ToArray(), DType = results[o].DType };
    }
}
