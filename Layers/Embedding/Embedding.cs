namespace KerasSharp.Layers;

/// <summary>
/// Maps integer indices in [0, inputDim) to rows of a trainable [inputDim, outputDim] table: an input of shape
/// (batch, ...) gives (batch, ..., outputDim).
/// </summary>
public sealed class Embedding : Layer
{
    private readonly Initializer _embeddingsInitializer;

    /// <summary>Creates the layer; the table starts uniform in [-0.05, 0.05] as Keras's "uniform".</summary>
    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null,
                     Regularizer? embeddingsRegularizer = null, Constraint? embeddingsConstraint = null,
                     bool maskZero = false, string? name = null) : base(name)
    {
        if (inputDim <= 0) throw new ArgumentException($"Embedding: inputDim must be positive, got {inputDim}.");
        if (outputDim <= 0) throw new ArgumentException($"Embedding: outputDim must be positive, got {outputDim}.");
        InputDim = inputDim;
        OutputDim = outputDim;
        _embeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
        EmbeddingsRegularizer = embeddingsRegularizer;
        EmbeddingsConstraint = embeddingsConstraint;
        MaskZero = maskZero;
    }

    /// <summary>The vocabulary size.</summary>
    public int InputDim { get; }
    /// <summary>The vector size.</summary>
    public int OutputDim { get; }
    /// <summary>The table's regularizer.</summary>
    public Regularizer? EmbeddingsRegularizer { get; }
    /// <summary>The table's constraint.</summary>
    public Constraint? EmbeddingsConstraint { get; }
    /// <summary>Whether index 0 is padding: the output then carries a mask, false at index 0 (see <see cref="KerasMask"/>).</summary>
    public bool MaskZero { get; }

    /// <summary>The table, [inputDim, outputDim]; null until built.</summary>
    public Variable? Embeddings { get; private set; }

    /// <summary>False: any index shape looks up the same table.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        Embeddings = AddWeight("embeddings", [InputDim, OutputDim], _embeddingsInitializer,
                               regularizer: EmbeddingsRegularizer, constraint: EmbeddingsConstraint);
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        // Keras casts the indices to int32; floats holding whole numbers are accepted the same way.
        var indices = inputs.DType is DType.Int32 or DType.Int64 ? inputs : Ops.Cast(inputs, DType.Int32);
        return Ops.Take(Embeddings!, indices, 0);
    }

    /// <summary>With <see cref="MaskZero"/> the output carries a mask (Keras: <c>supports_masking = mask_zero</c>).</summary>
    public override bool SupportsMasking => MaskZero;

    /// <summary>With <see cref="MaskZero"/>, true where the index is not 0 (else null), as Keras's compute_mask; the indices' own mask is replaced.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? previousMask) => MaskZero ? Ops.NotEqual(inputs, Ops.ZerosLike(inputs)) : null;

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape, OutputDim];

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) => Embeddings?.DType ?? DType.Float32;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["input_dim"] = InputDim;
        c["output_dim"] = OutputDim;
        c["embeddings_initializer"] = ConfigOf.Describe(_embeddingsInitializer);
        c["embeddings_regularizer"] = ConfigOf.Describe(EmbeddingsRegularizer);
        c["embeddings_constraint"] = ConfigOf.Describe(EmbeddingsConstraint);
        c["mask_zero"] = MaskZero;
        return c;
    }
}
