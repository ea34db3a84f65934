namespace KerasSharp.Layers;

/// <summary>
/// Leaky ReLU with a learned slope: <c>max(x, 0) + alpha * min(x, 0)</c>, one alpha per input element (batch
/// excluded), shared along <see cref="SharedAxes"/> (1-based as Keras, e.g. [1, 2] for one alpha per channel of an image).
/// </summary>
public sealed class PReLU : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly Initializer _alphaInitializer;

    /// <summary>Creates the layer.</summary>
    public PReLU(Initializer? alphaInitializer = null, Regularizer? alphaRegularizer = null, Constraint? alphaConstraint = null,
                 int[]? sharedAxes = null, string? name = null) : base(name)
    {
        _alphaInitializer = alphaInitializer ?? new Zeros();
        AlphaRegularizer = alphaRegularizer;
        AlphaConstraint = alphaConstraint;
        SharedAxes = sharedAxes;
    }

    /// <summary>Alpha's regularizer.</summary>
    public Regularizer? AlphaRegularizer { get; }
    /// <summary>Alpha's constraint.</summary>
    public Constraint? AlphaConstraint { get; }
    /// <summary>Axes (1-based, batch excluded) along which one alpha is shared; null for none.</summary>
    public int[]? SharedAxes { get; }
    /// <summary>The learned slopes, shaped like the input without the batch axis (1 on shared axes); null until built.</summary>
    public Variable? Alpha { get; private set; }

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        var shape = new int[inputShape.Length - 1];
        for (int i = 1; i < inputShape.Length; i++)
        {
            if (SharedAxes is not null && SharedAxes.Contains(i)) { shape[i - 1] = 1; continue; }
            shape[i - 1] = inputShape[i] ?? throw new ArgumentException(
                $"Layer '{Name}': axis {i} must have a known size or be shared, received shape {ShapeText.Format(inputShape)}.");
        }
        if (SharedAxes is not null && SharedAxes.Any(a => a < 1 || a >= inputShape.Length))
            throw new ArgumentException($"Layer '{Name}': sharedAxes [{string.Join(", ", SharedAxes)}] must name non-batch axes of input shape {ShapeText.Format(inputShape)}.");
        Alpha = AddWeight("alpha", shape, _alphaInitializer, regularizer: AlphaRegularizer, constraint: AlphaConstraint);
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType == Alpha!.DType ? inputs : Ops.Cast(inputs, Alpha.DType);
        // relu(x) - alpha * relu(-x) keeps both parts differentiable in x and alpha.
        return Ops.Subtract(Ops.Relu(x), Ops.Multiply(Alpha, Ops.Relu(Ops.Negative(x))));
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["alpha_initializer"] = ConfigOf.Describe(_alphaInitializer);
        c["alpha_regularizer"] = ConfigOf.Describe(AlphaRegularizer);
        c["alpha_constraint"] = ConfigOf.Describe(AlphaConstraint);
        c["shared_axes"] = SharedAxes;
        return c;
    }
}
