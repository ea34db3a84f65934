namespace KerasSharp.Layers;

/// <summary>
/// A dense layer whose product is an einsum, <c>activation(einsum(equation, inputs, kernel) + bias)</c>: the kernel's
/// shape follows from the equation, the input and <c>outputShape</c>. The first input letter is the batch axis.
/// <code>
/// // per-head projection: (batch, seq, 64) -> (batch, seq, 8 heads, 16)
/// var q = new EinsumDense("abc,cde->abde", outputShape: [null, 8, 16], biasAxes: "de");
/// </code>
/// </summary>
public sealed class EinsumDense : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly Func<Tensor, Tensor> _activation;
    private readonly string? _activationName;
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _biasInitializer;

    /// <summary>Creates the layer; <paramref name="outputShape"/> is the output's shape without the batch axis and the
    /// '...' axes (null where the input gives the size).</summary>
    /// <param name="equation">'ab,bc->ac', '...ab,bc->...ac' or 'ab...,bc->ac...': input, kernel, output.</param>
    /// <param name="outputShape">The output's sizes after the batch axis, one per output letter but the batch's.</param>
    /// <param name="activation">A Keras activation name (null: linear).</param>
    /// <param name="biasAxes">The output letters the bias varies along (null: no bias).</param>
    /// <param name="kernelInitializer">Default glorot_uniform.</param>
    /// <param name="biasInitializer">Default zeros.</param>
    /// <param name="kernelRegularizer">Penalty on the kernel.</param>
    /// <param name="biasRegularizer">Penalty on the bias.</param>
    /// <param name="activityRegularizer">Penalty on the output.</param>
    /// <param name="kernelConstraint">Applied to the kernel after each update.</param>
    /// <param name="biasConstraint">Applied to the bias after each update.</param>
    /// <param name="name">The layer's name.</param>
    public EinsumDense(string equation, int?[] outputShape, string? activation = null, string? biasAxes = null,
                       Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                       Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                       Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(outputShape);
        var (input, _, output, elided) = EinsumDenseShapes.Split(equation); // fails early on a malformed equation
        foreach (var d in outputShape)
            if (d is <= 0) throw new ArgumentException($"EinsumDense: outputShape {ShapeText.Format(outputShape)} has a non-positive size.");
        if (biasAxes is not null)
            foreach (char c in biasAxes)
                if (!output.Contains(c)) throw new ArgumentException($"EinsumDense: bias axis '{c}' is not in the output '{output}' of '{equation}'.");
        Equation = equation;
        OutputShape = [.. outputShape];
        _activation = Activations.Get(activation);
        _activationName = activation ?? "linear";
        BiasAxes = string.IsNullOrEmpty(biasAxes) ? null : biasAxes;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _biasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
        InputSpec = elided == "" ? new InputSpec { Rank = input.Length } : new InputSpec { MinRank = input.Length };
    }

    /// <summary>Creates the layer with a single output size (Keras accepts an int for <c>output_shape</c>).</summary>
    public EinsumDense(string equation, int outputShape, string? activation = null, string? biasAxes = null,
                       Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                       Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                       Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : this(equation, [outputShape], activation, biasAxes, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer,
               activityRegularizer, kernelConstraint, biasConstraint, name)
    { }

    /// <summary>The einsum equation: input, kernel, output.</summary>
    public string Equation { get; }
    /// <summary>The output's shape without the batch axis and the '...' axes, as given.</summary>
    public IReadOnlyList<int?> OutputShape { get; }
    /// <summary>The output letters the bias varies along; null without bias.</summary>
    public string? BiasAxes { get; }
    /// <summary>The activation's name.</summary>
    public string ActivationName => _activationName ?? "linear";
    /// <summary>The kernel's regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>The bias's regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>The penalty on the layer's output, added to <see cref="Layer.Losses"/> at each call.</summary>
    public Regularizer? ActivityRegularizer { get; }
    /// <summary>The kernel's constraint.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The bias's constraint.</summary>
    public Constraint? BiasConstraint { get; }

    /// <summary>The kernel, shaped by the equation's weight letters; null until built.</summary>
    public Variable? Kernel { get; private set; }
    /// <summary>The bias (output axes from the first bias axis on, 1 where it does not vary); null until built or without bias.</summary>
    public Variable? Bias { get; private set; }

    /// <summary>False: only the axes the kernel spans must keep their size (attention takes queries of any length).</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        var shapes = EinsumDenseShapes.Analyze(Equation, BiasAxes, inputShape, [.. OutputShape]);
        Kernel = AddWeight("kernel", shapes.Kernel, _kernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (shapes.Bias is not null) Bias = AddWeight("bias", shapes.Bias, _biasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType == Kernel!.DType ? inputs : Ops.Cast(inputs, Kernel.DType);
        var y = Ops.Einsum(Equation, x, Kernel);
        if (Bias is not null) y = Ops.Add(y, Bias);
        var output = _activation(y);
        if (ActivityRegularizer is not null) AddLoss(ActivityRegularizer.Call(output));
        return output;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape)
    {
        var shapes = EinsumDenseShapes.Analyze(Equation, BiasAxes, inputShape, [.. OutputShape]);
        if (Kernel is not null && !Kernel.Shape.ToArray().SequenceEqual(shapes.Kernel))
            throw new ArgumentException($"Layer '{Name}': input shape {ShapeText.Format(inputShape)} needs a kernel of shape {ShapeText.Format(shapes.Kernel.Select(d => (int?)d).ToArray())} " +
                                        $"but the layer was built with {Kernel.Shape}.");
        return shapes.Output;
    }

    /// <inheritdoc/>
    protected override DType ComputeOutputDType(IReadOnlyList<DType> inputDTypes) => Kernel?.DType ?? DType;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["output_shape"] = OutputShape.ToArray();
        c["equation"] = Equation;
        c["activation"] = Activations.Describe(_activationName, _activation);
        c["bias_axes"] = BiasAxes;
        c["kernel_initializer"] = ConfigOf.Describe(_kernelInitializer);
        c["bias_initializer"] = ConfigOf.Describe(_biasInitializer);
        c["kernel_regularizer"] = ConfigOf.Describe(KernelRegularizer);
        c["bias_regularizer"] = ConfigOf.Describe(BiasRegularizer);
        c["kernel_constraint"] = ConfigOf.Describe(KernelConstraint);
        c["bias_constraint"] = ConfigOf.Describe(BiasConstraint);
        if (ActivityRegularizer is not null) c["activity_regularizer"] = ConfigOf.Describe(ActivityRegularizer);
        return c;
    }
}
