namespace KerasSharp.Layers;

/// <summary>
/// Wraps a function of Ops as a layer: <c>new Lambda(x => Ops.Square(x))</c>. Without <c>outputShape</c>
/// the symbolic shape comes from running the function once on a small zero tensor.
/// </summary>
public sealed class Lambda : Layer
{
    private readonly Func<Tensor, Tensor> _function;
    private readonly Func<int?[], int?[]>? _outputShape;

    /// <summary>Creates the layer; <paramref name="outputShape"/> maps the full input shape (batch first) to the output's.</summary>
    public Lambda(Func<Tensor, Tensor> function, Func<int?[], int?[]>? outputShape = null, string? name = null) : base(name)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        _outputShape = outputShape;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) => _function(inputs);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) =>
        _outputShape is null ? base.ComputeOutputShape(inputShape) : _outputShape(inputShape);

    /// <summary>
    /// The config holds a <see cref="NotSerializable"/> for the function: a Lambda wraps C# code, which a file cannot hold
    /// (and loading never runs code from a file), so saving a model with a Lambda fails and says what to write instead.
    /// </summary>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["function"] = new NotSerializable(
            $"a Lambda layer holds C# code ({DelegateNames.Describe(_function)}), which a file cannot hold. Write the computation as a Layer " +
            "subclass that overrides Call (and GetConfig for its arguments), mark it [KerasSerializable(\"my_package\")], and use it instead of the Lambda.");
        return c;
    }
}
