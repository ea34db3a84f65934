namespace KerasSharp.Layers;

/// <summary>
/// Normalizes each sample over <see cref="Axis"/> (the last axis by default) to zero mean and unit variance,
/// then scales by gamma and shifts by beta; the same in training and inference.
/// </summary>
public sealed class LayerNormalization : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly Initializer _betaInitializer, _gammaInitializer;
    private int[] _axes = [];
    private int[]? _paramShape;

    /// <summary>Normalizes over one axis.</summary>
    public LayerNormalization(int axis = -1, double epsilon = 1e-3, bool center = true, bool scale = true, bool rmsScaling = false,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                              Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                              Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
        : this([axis], epsilon, center, scale, rmsScaling, betaInitializer, gammaInitializer, betaRegularizer, gammaRegularizer,
               betaConstraint, gammaConstraint, name)
    { }

    /// <summary>Normalizes over several axes jointly. With <paramref name="rmsScaling"/> it divides by the root mean square
    /// and uses gamma only (RMSNorm).</summary>
    public LayerNormalization(int[] axis, double epsilon = 1e-3, bool center = true, bool scale = true, bool rmsScaling = false,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                              Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                              Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(axis);
        if (axis.Length == 0) throw new ArgumentException("LayerNormalization: axis must name at least one axis.");
        if (!(epsilon > 0)) throw new ArgumentException($"LayerNormalization: epsilon must be positive, got {epsilon}.");
        Axis = axis;
        Epsilon = epsilon;
        Center = center && !rmsScaling;
        Scale = scale || rmsScaling;
        RmsScaling = rmsScaling;
        _betaInitializer = betaInitializer ?? new Zeros();
        _gammaInitializer = gammaInitializer ?? new Ones();
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
        BetaConstraint = betaConstraint;
        GammaConstraint = gammaConstraint;
    }

    /// <summary>The normalized axes as given.</summary>
    public int[] Axis { get; }
    /// <summary>Added to the variance for stability.</summary>
    public double Epsilon { get; }
    /// <summary>Whether beta is added.</summary>
    public bool Center { get; }
    /// <summary>Whether gamma multiplies.</summary>
    public bool Scale { get; }
    /// <summary>RMSNorm instead of mean/variance.</summary>
    public bool RmsScaling { get; }
    /// <summary>Beta's regularizer.</summary>
    public Regularizer? BetaRegularizer { get; }
    /// <summary>Gamma's regularizer.</summary>
    public Regularizer? GammaRegularizer { get; }
    /// <summary>Beta's constraint.</summary>
    public Constraint? BetaConstraint { get; }
    /// <summary>Gamma's constraint.</summary>
    public Constraint? GammaConstraint { get; }
    /// <summary>The scale; null until built or without scale.</summary>
    public Variable? Gamma { get; private set; }
    /// <summary>The shift; null until built or without center.</summary>
    public Variable? Beta { get; private set; }

    /// <summary>False: the input spec pins the sizes the weights depend on.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        _axes = Axis.Select(a => AxisMath.Normalize(Name, a, inputShape)).Distinct().Order().ToArray();
        var sizes = new int[_axes.Length];
        for (int i = 0; i < _axes.Length; i++)
            sizes[i] = inputShape[_axes[i]] ?? throw new ArgumentException(
                $"Layer '{Name}': normalized axis {_axes[i]} must have a known size, received shape {ShapeText.Format(inputShape)}.");
        // Trailing axes broadcast as they are; other axes need the weights reshaped with ones elsewhere.
        bool trailing = _axes.SequenceEqual(Enumerable.Range(inputShape.Length - _axes.Length, _axes.Length));
        _paramShape = trailing ? null : AxisMath.BroadcastShape(inputShape.Length, _axes, sizes);
        InputSpec = new InputSpec { Rank = inputShape.Length, Axes = _axes.Zip(sizes).ToDictionary(p => p.First, p => p.Second) };
        if (Scale) Gamma = AddWeight("gamma", sizes, _gammaInitializer, regularizer: GammaRegularizer, constraint: GammaConstraint);
        if (Center) Beta = AddWeight("beta", sizes, _betaInitializer, regularizer: BetaRegularizer, constraint: BetaConstraint);
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType == DType ? inputs : Ops.Cast(inputs, DType);
        // The usual case, the last axis alone: one fused op (and one fused backward) where the backend has them.
        if (!RmsScaling && _axes.Length == 1 && _axes[0] == x.Rank - 1 && x.DType.IsFloating() && (Gamma is null || Gamma.DType == x.DType) && (Beta is null || Beta.DType == x.DType))
            return Ops.LayerNorm(x, Gamma, Beta, Epsilon);
        Tensor normalized;
        if (RmsScaling)
            normalized = Ops.Multiply(x, Ops.Rsqrt(Ops.AddScalar(Ops.Mean(Ops.Square(x), _axes, keepDims: true), Epsilon)));
        else
        {
            var centered = Ops.Subtract(x, Ops.Mean(x, _axes, keepDims: true));
            var variance = Ops.Mean(Ops.Square(centered), _axes, keepDims: true);
            normalized = Ops.Multiply(centered, Ops.Rsqrt(Ops.AddScalar(variance, Epsilon)));
        }
        if (Gamma is not null) normalized = Ops.Multiply(normalized, Broadcastable(Gamma));
        if (Beta is not null) normalized = Ops.Add(normalized, Broadcastable(Beta));
        return normalized;
    }

    private Tensor Broadcastable(Variable w) => _paramShape is null ? w : Ops.Reshape(w, _paramShape);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["axis"] = Axis.Length == 1 ? Axis[0] : Axis;
        c["epsilon"] = Epsilon;
        c["center"] = Center;
        c["scale"] = Scale;
        c["rms_scaling"] = RmsScaling;
        c["beta_initializer"] = ConfigOf.Describe(_betaInitializer);
        c["gamma_initializer"] = ConfigOf.Describe(_gammaInitializer);
        c["beta_regularizer"] = ConfigOf.Describe(BetaRegularizer);
        c["gamma_regularizer"] = ConfigOf.Describe(GammaRegularizer);
        c["beta_constraint"] = ConfigOf.Describe(BetaConstraint);
        c["gamma_constraint"] = ConfigOf.Describe(GammaConstraint);
        return c;
    }
}
