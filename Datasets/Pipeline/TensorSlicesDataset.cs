namespace KerasSharp.Datasets;

/// <summary>Rows of in-memory tensors, one element per index of their first axis.</summary>
internal sealed class TensorSlicesDataset : Dataset
{
    private readonly Tensor[] _components;

    public TensorSlicesDataset(Tensor[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length == 0) throw new ArgumentException("Dataset.FromTensorSlices: give at least one tensor.");
        for (int i = 0; i < components.Length; i++)
        {
            var t = components[i] ?? throw new ArgumentNullException(nameof(components), $"Dataset.FromTensorSlices: component {i} is null.");
            if (t.Rank == 0) throw new ArgumentException($"Dataset.FromTensorSlices: component {i} is a scalar; slices need a first axis.");
            if (t.Shape[0] != components[0].Shape[0])
                throw new ArgumentException($"Dataset.FromTensorSlices: component {i} has shape {t.Shape}, but component 0 has {components[0].Shape[0]} rows ({components[0].Shape}); the first axes must be equal.");
        }
        // The tensors stay the caller's: the dataset holds no handles of its own, so making datasets leaves no tensors behind.
        _components = components;
        Rows = components[0].Shape[0];
    }

    public int Rows { get; }

    public override long Cardinality => Rows;
    public override int ComponentCount => _components.Length;
    internal override bool? IsBatched => false;

    internal override IndexedSource Indexed => new(OpenRows, Gather);

    private IEnumerator<long> OpenRows()
    {
        for (long i = 0; i < Rows; i++) yield return i;
    }

    private Tensor[] Gather(long[] rows) => Elements.Own(() => _components.Select(t =>
    {
        var idx = t.Backend.FromHost(rows, new Shape(rows.Length), DType.Int64, t.Device);
        return Ops.Take(t, idx);
    }).ToArray());

    internal Tensor[] Row(long i) => Elements.Own(() => _components.Select(t =>
        Ops.Reshape(Ops.SliceAxis(t, 0, (int)i, 1), t.Shape.Dims[1..].ToArray())).ToArray());

    internal override IEnumerator<Tensor[]> Open()
    {
        for (long i = 0; i < Rows; i++) yield return Row(i);
    }
}

/// <summary>One element: the given tensors whole.</summary>
internal sealed class TensorsDataset : Dataset
{
    private readonly Tensor[] _components;

    public TensorsDataset(Tensor[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Length == 0) throw new ArgumentException("Dataset.FromTensors: give at least one tensor.");
        for (int i = 0; i < components.Length; i++)
            if (components[i] is null) throw new ArgumentNullException(nameof(components), $"Dataset.FromTensors: component {i} is null.");
        _components = components;
    }

    public override long Cardinality => 1;
    public override int ComponentCount => _components.Length;
    internal override bool? IsBatched => null;

    internal override IEnumerator<Tensor[]> Open()
    {
        yield return Elements.Adopt(_components);
    }
}

/// <summary>Elements from a user's generator, enumerated once per pass.</summary>
internal sealed class GeneratorDataset(Func<IEnumerable<Tensor[]>> generator, long cardinality) : Dataset
{
    private readonly Func<IEnumerable<Tensor[]>> _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    public override long Cardinality => cardinality;
    public override int ComponentCount => -1;
    internal override bool? IsBatched => null;

    internal override IEnumerator<Tensor[]> Open()
    {
        IEnumerator<Tensor[]> source;
        using (var scope = new TensorScope()) source = _generator().GetEnumerator();
        try
        {
            for (long index = 0; ; index++)
            {
                Tensor[] element;
                try
                {
                    bool more = false;
                    element = Elements.Own(() => (more = source.MoveNext()) ? source.Current ?? throw new InvalidOperationException("the generator gave a null element.") : []);
                    if (!more) yield break;
                }
                catch (Exception e) when (e is not DatasetException)
                {
                    throw new DatasetException("FromEnumerable", index, $"the generator failed: {e.Message}", e);
                }
                yield return element;
            }
        }
        finally { source.Dispose(); }
    }
}
