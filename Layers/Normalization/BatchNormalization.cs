namespace KerasSharp.Layers;

/// <summary>
/// Normalizes over the batch (every axis but <see cref="Axis"/>, the features): in training with the batch's
/// mean and (biased) variance, which also move the moving statistics by
/// <c>moving = moving * momentum + batch * (1 - momentum)</c>; in inference with the moving statistics.
/// A layer with <see cref="Layer.Trainable"/> false runs in inference mode even in training, as in Keras.
/// </summary>
public sealed class BatchNormalization : Layer
{
    /// <summary>True: the input's mask passes to the output unchanged (the layer works per time step).</summary>
    public override bool SupportsMasking => true;

    private readonly Initializer _betaInitializer, _gammaInitializer, _movingMeanInitializer, _movingVarianceInitializer;
    private int _axis;
    private int[] _paramShape = [];

    /// <summary>Creates the layer.</summary>
    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                              Initializer? movingMeanInitializer = null, Initializer? movingVarianceInitializer = null,
                              Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                              Constraint? betaConstraint = null, Constraint? gammaConstraint = null, string? name = null)
        : base(name)
    {
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentException($"BatchNormalization: momentum must be in [0, 1], got {momentum}.");
        if (!(epsilon > 0)) throw new ArgumentException($"BatchNormalization: epsilon must be positive, got {epsilon}.");
        Axis = axis;
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        _betaInitializer = betaInitializer ?? new Zeros();
        _gammaInitializer = gammaInitializer ?? new Ones();
        _movingMeanInitializer = movingMeanInitializer ?? new Zeros();
        _movingVarianceInitializer = movingVarianceInitializer ?? new Ones();
        BetaRegularizer = betaRegularizer;
        GammaRegularizer = gammaRegularizer;
        BetaConstraint = betaConstraint;
        GammaConstraint = gammaConstraint;
    }

    /// <summary>The feature axis (-1: last).</summary>
    public int Axis { get; }
    /// <summary>How much of the moving statistics each training call keeps.</summary>
    public double Momentum { get; }
    /// <summary>Added to the variance for stability.</summary>
    public double Epsilon { get; }
    /// <summary>Whether beta is added.</summary>
    public bool Center { get; }
    /// <summary>Whether gamma multiplies.</summary>
    public bool Scale { get; }
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
    /// <summary>The moving mean (non-trainable); null until built.</summary>
    public Variable? MovingMean { get; private set; }
    /// <summary>The moving variance (non-trainable); null until built.</summary>
    public Variable? MovingVariance { get; private set; }

    /// <summary>False: the input spec pins the sizes the weights depend on.</summary>
    protected override bool InputShapeFixedAfterBuild => false;

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        _axis = AxisMath.Normalize(Name, Axis, inputShape);
        int features = inputShape[_axis] ?? throw new ArgumentException(
            $"Layer '{Name}': the feature axis {Axis} must have a known size, received shape {ShapeText.Format(inputShape)}.");
        _paramShape = AxisMath.BroadcastShape(inputShape.Length, [_axis], [features]);
        if (Scale) Gamma = AddWeight("gamma", [features], _gammaInitializer, regularizer: GammaRegularizer, constraint: GammaConstraint);
        if (Center) Beta = AddWeight("beta", [features], _betaInitializer, regularizer: BetaRegularizer, constraint: BetaConstraint);
        MovingMean = AddWeight("moving_mean", [features], _movingMeanInitializer, trainable: false);
        MovingVariance = AddWeight("moving_variance", [features], _movingVarianceInitializer, trainable: false);
        InputSpec = new InputSpec { Rank = inputShape.Length, Axes = new Dictionary<int, int> { [_axis] = features } };
        Built = true;
    }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training)
    {
        var x = inputs.DType == DType ? inputs : Ops.Cast(inputs, DType);
        if (training && Trainable)
        {
            // the batch's statistics: one fused op (two passes forward, two backward where the backend has the kernels)
            var (output, batchMean, batchVariance) = Ops.BatchNorm(x, Gamma, Beta, _axis, Epsilon);
            UpdateMoving(MovingMean!, batchMean);
            UpdateMoving(MovingVariance!, batchVariance);
            return output;
        }
        var mean = Ops.Reshape(MovingMean!, _paramShape);
        var variance = Ops.Reshape(MovingVariance!, _paramShape);
        var centered = Ops.Subtract(x, mean);
        var inv = Ops.Rsqrt(Ops.AddScalar(variance, Epsilon));
        if (Gamma is not null) inv = Ops.Multiply(inv, Ops.Reshape(Gamma, _paramShape));
        var y = Ops.Multiply(centered, inv);
        return Beta is null ? y : Ops.Add(y, Ops.Reshape(Beta, _paramShape));
    }

    /// <summary>Whether a call in this mode normalizes with the moving statistics (inference, or a frozen layer).</summary>
    internal bool UsesMovingStatistics(bool training) => !(training && Trainable);

    /// <summary>
    /// The per-feature scale and shift an inference call applies, <c>y = x * scale + shift</c> (what an inference plan
    /// folds into the preceding convolution): <c>scale = gamma / sqrt(moving_variance + epsilon)</c>,
    /// <c>shift = beta - moving_mean * scale</c>, each [features].
    /// </summary>
    internal (Tensor Scale, Tensor Shift) InferenceScaleShift()
    {
        var scale = Ops.Rsqrt(Ops.AddScalar(MovingVariance!, Epsilon));
        if (Gamma is not null) scale = Ops.Multiply(scale, Gamma);
        var shift = Ops.Negative(Ops.Multiply(MovingMean!, scale));
        if (Beta is not null) shift = Ops.Add(shift, Beta);
        return (scale, shift);
    }

    // The moving statistics are state, not part of the differentiated computation.
    private void UpdateMoving(Variable moving, Tensor batchStat)
    {
        using var stat = Ops.StopGradient(batchStat);
        using var flat = Ops.Reshape(stat, moving.Shape.ToArray());
        using var kept = Ops.MultiplyScalar(moving, Momentum);
        using var added = Ops.MultiplyScalar(flat, 1 - Momentum);
        using var updated = Ops.Add(kept, added);
        using var cast = Ops.Cast(updated, moving.DType);
        moving.Assign(cast);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["axis"] = Axis;
        c["momentum"] = Momentum;
        c["epsilon"] = Epsilon;
        c["center"] = Center;
        c["scale"] = Scale;
        c["beta_initializer"] = ConfigOf.Describe(_betaInitializer);
        c["gamma_initializer"] = ConfigOf.Describe(_gammaInitializer);
        c["moving_mean_initializer"] = ConfigOf.Describe(_movingMeanInitializer);
        c["moving_variance_initializer"] = ConfigOf.Describe(_movingVarianceInitializer);
        c["beta_regularizer"] = ConfigOf.Describe(BetaRegularizer);
        c["gamma_regularizer"] = ConfigOf.Describe(GammaRegularizer);
        c["beta_constraint"] = ConfigOf.Describe(BetaConstraint);
        c["gamma_constraint"] = ConfigOf.Describe(GammaConstraint);
        return c;
    }
}
