namespace KerasSharp.Onnx;

/// <summary>One input of an operator call: a tensor (a layer input or a weight) or host values (a folded constant).</summary>
internal sealed class OnnxValue
{
    private Tensor? _tensor;
    private OnnxHostTensor? _host;

    /// <summary>A value held as a tensor.</summary>
    public OnnxValue(Tensor tensor) => _tensor = tensor;

    private readonly Tensor? _like;

    /// <summary>A value held on the host; as a tensor it goes to the backend and device of <paramref name="like"/>.</summary>
    public OnnxValue(OnnxHostTensor host, Tensor? like = null) => (_host, _like, IsHost) = (host, like, true);

    /// <summary>True when the values are on the host (a constant): reading them costs nothing.</summary>
    public bool IsHost { get; }

    /// <summary>The element type.</summary>
    public DType DType => _tensor?.DType ?? _host!.DType;

    /// <summary>The shape.</summary>
    public int[] Shape => _tensor?.Shape.ToArray() ?? _host!.Shape;

    /// <summary>The value as a tensor (a constant is copied to the current backend on each call; constants are small).</summary>
    public Tensor Tensor => _tensor ??= _host!.ToTensor(_like);

    /// <summary>The values on the host (a tensor is read back: shapes and axes only).</summary>
    public OnnxHostTensor Host => _host ??= OnnxHostTensor.FromTensor(_tensor!);
}
