namespace KerasSharp.Layers;

/// <summary>
/// A fully connected layer, <c>activation(inputs @ kernel + bias)</c>, applied to the last axis of an input of
/// any rank >= 2: <c>new Dense(10).Apply(new Input([28, 28]))</c> has shape (None, 28, 10).
/// </summary>
public sealed class Dense : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly Func<Tensor, Tensor> _activation;
    private readonly string? _activationName;
    private readonly Initializer _kernelInitializer;
    private readonly Initializer _biasInitializer;

    /// <summary>Creates the layer with an activation given by Keras name (null: linear) or by a name given to <see cref="Activations.Register"/>.</summary>
    public Dense(int units, string? activation = null, bool useBias = true,
                 Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                 Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                 Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : this(units, Activations.Get(activation), activation ?? "linear", useBias, kernelInitializer, biasInitializer,
               kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name)
    { }

    /// <summary>Creates the layer with a custom activation function; the layer can be saved only if the function is built in or
    /// registered with <see cref="Activations.Register"/>.</summary>
    public Dense(int units, Func<Tensor, Tensor> activation, bool useBias = true,
                 Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                 Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Regularizer? activityRegularizer = null,
                 Constraint? kernelConstraint = null, Constraint? biasConstraint = null, string? name = null)
        : this(units, activation ?? throw new ArgumentNullException(nameof(activation)), null, useBias,
               kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name)
    { }

    private Dense(int units, Func<Tensor, Tensor> activation, string? activationName, bool useBias,
                  Initializer? kernelInitializer, Initializer? biasInitializer,
                  Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Regularizer? activityRegularizer,
                  Constraint? kernelConstraint, Constraint? biasConstraint, string? name)
        : base(name)
    {
        if (units <= 0) throw new ArgumentException($"Dense: units must be positive, got {units}.");
        Units = units;
        _activation = activation;
        _activationName = activationName;
        UseBias = useBias;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
        _biasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        ActivityRegularizer = activityRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
        InputSpec = new InputSpec { MinRank = 2 };
    }

    /// <summary>The number of outputs.</summary>
    public int Units { get; }
    /// <summary>The activation's name (a method name for an unregistered custom function).</summary>
    public string ActivationName => _activationName ?? Activations.NameOf(_activation) ?? _activation.Method.Name;
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
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

    /// <summary>The weight matrix, [input features, units]; null until built.</summary>
    public Variable? Kernel { get; private set; }
    /// <summary>The bias, [units]; null until built or without bias.</summary>
    public Variable? Bias { get; private set; }

    /// <summary>False: the input spec pins the sizes the weights depend on.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        if (inputShape[^1] is not int inputDim)
            throw new ArgumentException($"Layer '{Name}': the last axis of the input must be known, received shape {ShapeText.Format(inputShape)}.");
        Kernel = AddWeight("kernel", [inputDim, Units], _kernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        if (UseBias) Bias = AddWeight("bias", [Units], _biasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
        InputSpec = new InputSpec { MinRank = 2, Axes = new Dictionary<int, int> { [-1] = inputDim } };
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType == Kernel!.DType ? inputs : Ops.Cast(inputs, Kernel.DType);
        Tensor y;
        if (x.Rank == 2) y = Ops.Linear(x, Kernel, Bias);
        else
        {
            // One 2-D product over all leading axes is faster than a broadcast batched matmul.
            var lead = x.Shape.Dims[..^1].ToArray();
            var flat = Ops.Linear(Ops.Reshape(x, -1, x.Shape[-1]), Kernel, Bias);
            y = Ops.Reshape(flat, [.. lead, Units]);
        }
        var output = _activation(y);
        if (ActivityRegularizer is not null) AddLoss(ActivityRegularizer.Call(output));
        return output;
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [.. inputShape[..^1], Units];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["units"] = Units;
        c["activation"] = Activations.Describe(_activationName, _activation);
        c["use_bias"] = UseBias;
        c["kernel_initializer"] = ConfigOf.Describe(_kernelInitializer);
        c["bias_initializer"] = ConfigOf.Describe(_biasInitializer);
        c["kernel_regularizer"] = ConfigOf.Describe(KernelRegularizer);
        c["bias_regularizer"] = ConfigOf.Describe(BiasRegularizer);
        c["kernel_constraint"] = ConfigOf.Describe(KernelConstraint);
        c["bias_constraint"] = ConfigOf.Describe(BiasConstraint);
        // Keras's base layer writes the activity penalty only when there is one.
        if (ActivityRegularizer is not null) c["activity_regularizer"] = ConfigOf.Describe(ActivityRegularizer);
        return c;
    }
}
