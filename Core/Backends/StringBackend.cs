namespace KerasSharp.Backends;

/// <summary>
/// Where string tensors live (<see cref="DType.String"/>): host memory only, one .NET <c>string</c> per element.
/// </summary>
/// <remarks>
/// <para><b>Design.</b> Text enters a model or a pipeline as a tensor of dtype <see cref="DType.String"/> so that the
/// ordinary plumbing carries it unchanged: <c>Input(dtype: "string")</c>, <c>Dataset</c> elements (slicing, batching,
/// shuffling, <c>Map</c>), and <c>Fit</c>/<c>Predict</c>, which split inputs into batches. Such a tensor's storage is a
/// Core-side <c>string[]</c> (row-major) owned by this pseudo-backend, which implements only the layout primitives:
/// reshape, permute, broadcast, strided slice, concatenate and gather (<c>Ops.Reshape</c>, <c>Squeeze</c>,
/// <c>ExpandDims</c>, <c>Transpose</c>, <c>Slice</c>, <c>Take</c>, <c>Concatenate</c>, <c>Stack</c>). Every numeric
/// primitive refuses a string tensor with a <see cref="NotSupportedException"/> naming the op; a numeric op given a
/// string tensor and a number tensor fails naming the op too. The text layers (StringLookup, Hashing,
/// TextVectorization) read the strings on the host with <see cref="Tensor.ToStrings"/> and return numbers on the
/// current backend. A string tensor never moves: <see cref="Tensor.To(IBackend, Device)"/> returns it as it is.</para>
/// <para>Numbers that code asks this backend to create (<c>x.Backend.FromHost(...)</c> with a numeric dtype, as layers
/// do to make outputs "like" their input) are made on <see cref="Backend.Current"/>.</para>
/// </remarks>
public sealed class StringBackend : IBackend
{
    /// <summary>The one instance.</summary>
    public static StringBackend Instance { get; } = new();

    private StringBackend() { }

    /// <inheritdoc/>
    public string Name => "string";

    /// <inheritdoc/>
    public bool SupportsDevice(Device device, out string reason)
    {
        reason = device.Type == DeviceType.Cpu ? "" : "string tensors live in host memory only.";
        return device.Type == DeviceType.Cpu;
    }

    /// <summary>A string tensor over <paramref name="data"/> (kept, not copied).</summary>
    internal Tensor Wrap(string[] data, Shape shape) => Tensor.FromStorage(new StringStorage(data), shape, DType.String);

    internal static string[] Data(Tensor x) => x.Storage is StringStorage s ? s.Data
        : throw new InvalidOperationException($"A {x.DType.Name()} tensor on the {x.Backend.Name} backend is not a string tensor.");

    private static NotSupportedException Refuse(string op) =>
        new($"{op}: string tensors hold text, and {op} works on numbers. Only reshape, transpose, slice, take, concatenate and stack " +
            "accept string tensors; turn text into numbers with StringLookup, Hashing or TextVectorization first.");

    /// <inheritdoc/>
    public Tensor FromHost(Array data, Shape shape, DType dtype, Device device)
    {
        if (dtype != DType.String) return Backend.Current.FromHost(data, shape, dtype, device.Type == DeviceType.Cpu ? Device.Default : device);
        if (data is not string[] strings) throw new ArgumentException($"string tensor: expected a string[], got {data.GetType().Name}.");
        if (strings.Length != shape.Size) throw new ArgumentException($"string tensor: {strings.Length} strings do not fill shape {shape} ({shape.Size} elements).");
        for (int i = 0; i < strings.Length; i++)
            if (strings[i] is null) throw new ArgumentException($"string tensor: element {i} is null; use \"\" for an empty string.");
        return Wrap(strings, shape);
    }

    /// <inheritdoc/>
    public void CopyToHost(Tensor x, Array destination)
    {
        if (destination is not string[] d) throw Refuse("copy to " + destination.GetType().GetElementType()!.Name);
        Array.Copy(Data(x), d, d.Length);
    }

    /// <inheritdoc/>
    public Tensor Full(Shape shape, DType dtype, double value, Device device) =>
        dtype == DType.String ? throw Refuse("full") : Backend.Current.Full(shape, dtype, value, Device.Default);

    /// <inheritdoc/>
    public Tensor RandomUniform(Shape shape, DType dtype, double low, double high, ulong seed, Device device) => throw Refuse("random_uniform");
    /// <inheritdoc/>
    public Tensor RandomNormal(Shape shape, DType dtype, double mean, double std, ulong seed, Device device) => throw Refuse("random_normal");
    /// <inheritdoc/>
    public Tensor RandomBernoulli(Shape shape, DType dtype, double p, double value, ulong seed, Device device) => throw Refuse("random_bernoulli");
    /// <inheritdoc/>
    public Tensor Unary(UnaryOp op, Tensor x) => throw Refuse(OpName(op));
    /// <inheritdoc/>
    public Tensor Binary(BinaryOp op, Tensor a, Tensor b, Shape outShape) => throw Refuse(OpName(op));
    /// <inheritdoc/>
    public Tensor Compare(CompareOp op, Tensor a, Tensor b, Shape outShape) => throw Refuse(OpName(op));
    /// <inheritdoc/>
    public Tensor Where(Tensor cond, Tensor a, Tensor b, Shape outShape) => throw Refuse("where");
    /// <inheritdoc/>
    public Tensor Cast(Tensor x, DType dtype) => dtype == DType.String ? Wrap(Data(x), x.Shape) : throw Refuse("cast");
    /// <inheritdoc/>
    public Tensor Reduce(ReduceOp op, Tensor x, int[] axes, bool keepDims, Shape outShape) => throw Refuse(OpName(op));
    /// <inheritdoc/>
    public Tensor ArgReduce(ArgReduceOp op, Tensor x, int axis, bool keepDims, Shape outShape) => throw Refuse(OpName(op));
    /// <inheritdoc/>
    public Tensor CumSum(Tensor x, int axis, bool reverse) => throw Refuse("cumsum");
    /// <inheritdoc/>
    public (Tensor Values, Tensor Indices) TopK(Tensor x, int k, bool largest) => throw Refuse("top_k");
    /// <inheritdoc/>
    public Tensor Softmax(Tensor x, int axis) => throw Refuse("softmax");
    /// <inheritdoc/>
    public Tensor LogSoftmax(Tensor x, int axis) => throw Refuse("log_softmax");
    /// <inheritdoc/>
    public Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB, Shape outShape) => throw Refuse("matmul");
    /// <inheritdoc/>
    public Tensor Pad(Tensor x, int[] pads, double value, Shape outShape) => throw Refuse("pad");
    /// <inheritdoc/>
    public Tensor ScatterAdd(Tensor target, Tensor indices, Tensor updates, int axis) => throw Refuse("scatter_add");
    /// <inheritdoc/>
    public Tensor Conv2d(Tensor x, Tensor w, Conv2dGeometry g, Shape outShape) => throw Refuse("conv2d");
    /// <inheritdoc/>
    public Tensor Conv2dBackwardInput(Tensor gradOut, Tensor w, Shape inputShape, Conv2dGeometry g) => throw Refuse("conv2d");
    /// <inheritdoc/>
    public Tensor Conv2dBackwardWeight(Tensor x, Tensor gradOut, Shape weightShape, Conv2dGeometry g) => throw Refuse("conv2d");
    /// <inheritdoc/>
    public Tensor Pool2d(PoolOp op, Tensor x, Conv2dGeometry g, Shape outShape) => throw Refuse("pool2d");
    /// <inheritdoc/>
    public Tensor Pool2dBackward(PoolOp op, Tensor x, Tensor gradOut, Conv2dGeometry g) => throw Refuse("pool2d");

    private static string OpName(Enum op) => System.Text.RegularExpressions.Regex.Replace(op.ToString(), "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();

    // ---- layout: the only primitives strings have ----

    /// <inheritdoc/>
    public Tensor Reshape(Tensor x, Shape shape) => Wrap(Data(x), shape);

    /// <inheritdoc/>
    public Tensor Permute(Tensor x, int[] perm, Shape outShape)
    {
        var src = Data(x);
        var inStrides = Strides(x.Shape);
        var result = new string[outShape.Size];
        var index = new int[outShape.Rank];
        for (int o = 0; o < result.Length; o++)
        {
            int offset = 0;
            for (int d = 0; d < index.Length; d++) offset += index[d] * inStrides[perm[d]];
            result[o] = src[offset];
            Next(index, outShape);
        }
        return Wrap(result, outShape);
    }

    /// <inheritdoc/>
    public Tensor BroadcastTo(Tensor x, Shape outShape)
    {
        var src = Data(x);
        int lead = outShape.Rank - x.Rank;
        var inStrides = Strides(x.Shape);
        var result = new string[outShape.Size];
        var index = new int[outShape.Rank];
        for (int o = 0; o < result.Length; o++)
        {
            int offset = 0;
            for (int d = 0; d < x.Rank; d++) if (x.Shape[d] != 1) offset += index[lead + d] * inStrides[d];
            result[o] = src[offset];
            Next(index, outShape);
        }
        return Wrap(result, outShape);
    }

    /// <inheritdoc/>
    public Tensor Slice(Tensor x, int[] starts, int[] steps, Shape outShape)
    {
        var src = Data(x);
        var inStrides = Strides(x.Shape);
        var result = new string[outShape.Size];
        var index = new int[outShape.Rank];
        for (int o = 0; o < result.Length; o++)
        {
            int offset = 0;
            for (int d = 0; d < index.Length; d++) offset += (starts[d] + index[d] * steps[d]) * inStrides[d];
            result[o] = src[offset];
            Next(index, outShape);
        }
        return Wrap(result, outShape);
    }

    /// <inheritdoc/>
    public Tensor Concat(IReadOnlyList<Tensor> xs, int axis, Shape outShape)
    {
        int outer = 1;
        for (int d = 0; d < axis; d++) outer *= outShape[d];
        var result = new string[outShape.Size];
        int pos = 0;
        for (int o = 0; o < outer; o++)
            foreach (var x in xs)
            {
                var src = Data(x);
                int chunk = x.Size / Math.Max(1, outer);
                if (x.Size == 0) continue;
                Array.Copy(src, o * chunk, result, pos, chunk);
                pos += chunk;
            }
        return Wrap(result, outShape);
    }

    /// <inheritdoc/>
    public Tensor Gather(Tensor x, Tensor indices, int axis, Shape outShape)
    {
        var src = Data(x);
        var idx = indices.ToArray<long>();
        int outer = 1, inner = 1, n = x.Shape[axis];
        for (int d = 0; d < axis; d++) outer *= x.Shape[d];
        for (int d = axis + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var result = new string[outShape.Size];
        int pos = 0;
        for (int o = 0; o < outer; o++)
            foreach (var raw in idx)
            {
                long i = raw < 0 ? raw + n : raw;
                if (i < 0 || i >= n) throw new IndexOutOfRangeException($"take: index {raw} is out of range for axis {axis} of size {n}.");
                Array.Copy(src, (o * n + (int)i) * inner, result, pos, inner);
                pos += inner;
            }
        return Wrap(result, outShape);
    }

    private static int[] Strides(Shape s)
    {
        var r = new int[s.Rank];
        int acc = 1;
        for (int d = s.Rank - 1; d >= 0; d--) { r[d] = acc; acc *= s[d]; }
        return r;
    }

    private static void Next(int[] index, Shape shape)
    {
        for (int d = index.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return;
            index[d] = 0;
        }
    }
}

/// <summary>The elements of a string tensor: an immutable host <c>string[]</c>, row-major (shared by views, never written).</summary>
internal sealed class StringStorage(string[] data) : TensorStorage
{
    public string[] Data { get; private set; } = data;

    public override IBackend Backend => StringBackend.Instance;

    public override Device Device => Device.Cpu;

    protected override void Free() => Data = [];
}
