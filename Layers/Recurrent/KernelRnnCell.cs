using KerasSharp.Backends;

namespace KerasSharp.Layers;

/// <summary>
/// The base of <see cref="SimpleRNNCell"/>, <see cref="LSTMCell"/> and <see cref="GRUCell"/>: a kernel
/// (features, gates · units), a recurrent kernel (units, gates · units) and a bias, Keras's initializers, regularizers
/// and constraints for each, and dropout on the inputs and on the recurrent state (one mask per sequence).
/// </summary>
public abstract class KernelRnnCell : RnnCell
{
    private readonly Func<Tensor, Tensor> _activation;
    private readonly Func<Tensor, Tensor> _recurrentActivation;
    private readonly LayerSeed _seeds;
    private Tensor? _dropoutMask, _recurrentDropoutMask;

    /// <summary>Checks and stores the arguments shared by the built-in cells.</summary>
    private protected KernelRnnCell(string cellName, int gates, int units, string? activation, string? recurrentActivation, bool useBias,
                                    Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer,
                                    Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
                                    Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
                                    double dropout, double recurrentDropout, long? seed, string? name, bool trainable)
        : base(name, trainable)
    {
        if (units <= 0) throw new ArgumentException($"{cellName}: units must be positive, got {units}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentException($"{cellName}: dropout must be in [0, 1), got {dropout}.");
        if (!(recurrentDropout >= 0 && recurrentDropout < 1))
            throw new ArgumentException($"{cellName}: recurrentDropout must be in [0, 1), got {recurrentDropout}.");
        Gates = gates;
        Units = units;
        ActivationName = activation ?? "linear";
        RecurrentActivationName = recurrentActivation ?? "linear";
        _activation = Activations.Get(activation);
        _recurrentActivation = Activations.Get(recurrentActivation);
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
        KernelConstraint = kernelConstraint;
        RecurrentConstraint = recurrentConstraint;
        BiasConstraint = biasConstraint;
        Dropout = dropout;
        RecurrentDropout = recurrentDropout;
        Seed = seed;
        _seeds = new LayerSeed(seed);
    }

    /// <summary>The number of gate blocks in the kernels (1, 4 or 3).</summary>
    internal int Gates { get; }
    /// <summary>The size of the state and output.</summary>
    public int Units { get; }
    /// <summary>The activation's name ("tanh").</summary>
    public string ActivationName { get; }
    /// <summary>The gates' activation's name ("sigmoid"); "linear" for SimpleRNNCell, which has none.</summary>
    public string RecurrentActivationName { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>The kernel's initializer.</summary>
    public Initializer KernelInitializer { get; }
    /// <summary>The recurrent kernel's initializer.</summary>
    public Initializer RecurrentInitializer { get; }
    /// <summary>The bias's initializer.</summary>
    public Initializer BiasInitializer { get; }
    /// <summary>The kernel's regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>The recurrent kernel's regularizer.</summary>
    public Regularizer? RecurrentRegularizer { get; }
    /// <summary>The bias's regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>The kernel's constraint.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The recurrent kernel's constraint.</summary>
    public Constraint? RecurrentConstraint { get; }
    /// <summary>The bias's constraint.</summary>
    public Constraint? BiasConstraint { get; }
    /// <summary>The fraction of the inputs dropped in training (one mask per sequence).</summary>
    public double Dropout { get; }
    /// <summary>The fraction of the recurrent state dropped before the recurrent product in training.</summary>
    public double RecurrentDropout { get; }
    /// <summary>The dropout's seed; null draws from the global generator.</summary>
    public long? Seed { get; }

    /// <summary>The kernel, (features, gates · units); null until built.</summary>
    public Variable? Kernel { get; private set; }
    /// <summary>The recurrent kernel, (units, gates · units); null until built.</summary>
    public Variable? RecurrentKernel { get; private set; }
    /// <summary>The bias: (gates · units), or (2, 3 · units) for a GRU with resetAfter; null until built or without bias.</summary>
    public Variable? Bias { get; private set; }

    /// <summary>The cell's activation function.</summary>
    private protected Tensor Act(Tensor x) => _activation(x);
    /// <summary>The gates' activation function.</summary>
    private protected Tensor RecurrentAct(Tensor x) => _recurrentActivation(x);

    /// <summary>The activations the fused kernels know, or null for others.</summary>
    private protected RecurrentActivation? FusedActivation => ActivationKind(ActivationName);
    /// <summary>The gate activation the fused kernels know, or null for others.</summary>
    private protected RecurrentActivation? FusedRecurrentActivation => ActivationKind(RecurrentActivationName);

    private static RecurrentActivation? ActivationKind(string name) => name switch
    {
        "tanh" => RecurrentActivation.Tanh,
        "sigmoid" => RecurrentActivation.Sigmoid,
        "relu" => RecurrentActivation.Relu,
        "linear" => RecurrentActivation.Linear,
        _ => null,
    };

    /// <summary>The bias's shape.</summary>
    private protected virtual int[] BiasShape => [Gates * Units];

    /// <summary>The bias's initial value; LSTMCell overrides it for unitForgetBias.</summary>
    private protected virtual Initializer BiasInitialValue => BiasInitializer;

    /// <summary>The input's feature count from one step's shape (batch first): its last axis, or null when unknown.</summary>
    private protected virtual int? InputFeatures(int?[] stepShape) => stepShape[^1];

    /// <summary>The kernel's shape for <paramref name="features"/> input features: (features, gates · units).</summary>
    private protected virtual int[] KernelShape(int features) => [features, Gates * Units];

    /// <summary>The recurrent kernel's shape: (units, gates · units).</summary>
    private protected virtual int[] RecurrentKernelShape => [Units, Gates * Units];

    /// <inheritdoc/>
    public override void Build(int?[] inputShape)
    {
        if (InputFeatures(inputShape) is not int features)
            throw new ArgumentException($"Layer '{Name}': the {(StepRank == 1 ? "last" : "channel")} axis of the input must be known, received shape {ShapeText.Format(inputShape)}.");
        Kernel = AddWeight("kernel", KernelShape(features), KernelInitializer, regularizer: KernelRegularizer, constraint: KernelConstraint);
        RecurrentKernel = AddWeight("recurrent_kernel", RecurrentKernelShape, RecurrentInitializer,
                                    regularizer: RecurrentRegularizer, constraint: RecurrentConstraint);
        if (UseBias) Bias = AddWeight("bias", BiasShape, BiasInitialValue, regularizer: BiasRegularizer, constraint: BiasConstraint);
        Built = true;
    }

    /// <summary>The part of the bias added to the input projection (all of it, except a GRU's with resetAfter).</summary>
    private protected virtual Tensor? InputBias => Bias;

    /// <inheritdoc/>
    public override void ResetDropoutMasks() => (_dropoutMask, _recurrentDropoutMask) = (null, null);

    /// <summary>The input dropout mask of this sequence, one step's shape (batch, features...), drawn at its first use; null when none applies.</summary>
    private protected Tensor? DropoutMask(Tensor like, int[] stepShape, bool training)
    {
        if (!training || Dropout == 0) return null;
        return _dropoutMask ??= Ops.RandomBernoulli(stepShape, 1 - Dropout, like.DType, _seeds.Next(), scale: 1 / (1 - Dropout), like: like);
    }

    /// <summary>The recurrent dropout mask of this sequence, the shape of h; null when none applies.</summary>
    private protected Tensor? RecurrentDropoutMask(Tensor h, bool training)
    {
        if (!training || RecurrentDropout == 0) return null;
        return _recurrentDropoutMask ??= Ops.RandomBernoulli(h.Shape.ToArray(), 1 - RecurrentDropout, h.DType, _seeds.Next(),
                                                             scale: 1 / (1 - RecurrentDropout), like: h);
    }

    /// <summary>The inputs (batch, time, features...) in the kernel's dtype, with this sequence's input dropout applied in training.</summary>
    private protected Tensor DropInputs(Tensor inputs, bool training)
    {
        var x = inputs.DType == Kernel!.DType ? inputs : Ops.Cast(inputs, Kernel.DType);
        int[] step = [inputs.Shape[0], .. inputs.Shape.Dims[2..]];
        return DropoutMask(x, step, training) is { } mask ? Ops.Multiply(x, Ops.Reshape(mask, [step[0], 1, .. step[1..]])) : x;
    }

    /// <summary>One step's input projection, (batch, features...) to the gates' pre-activations: x · kernel + input bias.</summary>
    private protected virtual Tensor Project(Tensor x) => Ops.Linear(x, Kernel!, InputBias);

    /// <summary>The input projection over every step at once: (batch, time, features...) to (batch, time, gate pre-activations...).</summary>
    internal override Tensor PrepareSequence(Tensor inputs, bool training)
    {
        int batch = inputs.Shape[0], time = inputs.Shape[1];
        var x = DropInputs(inputs, training);
        var flat = Project(Ops.Reshape(x, [batch * time, .. x.Shape.Dims[2..]]));
        return Ops.Reshape(flat, [batch, time, .. flat.Shape.Dims[1..]]);
    }

    /// <summary>The recurrent bias of a GRU with resetAfter; null for the others.</summary>
    private protected virtual Tensor? RecurrentBias => null;

    /// <summary>Whether <see cref="Ops.Recurrence"/> computes this cell: activations it knows, and no recurrent dropout in training.</summary>
    private protected virtual bool Fusable(bool training) =>
        FusedActivation is not null && FusedRecurrentActivation is not null && (!training || RecurrentDropout == 0);

    /// <summary>The cell's kind for <see cref="Ops.Recurrence"/>.</summary>
    private protected abstract RecurrentCellKind Kind { get; }

    internal override (Tensor Outputs, Tensor[] States)? RunFused(Tensor inputs, IReadOnlyList<Tensor> states, Tensor? mask, bool goBackwards, bool training)
    {
        if (!Fusable(training)) return null;
        var options = new RecurrenceOptions(Kind, FusedActivation!.Value, FusedRecurrentActivation!.Value, goBackwards);
        return Ops.Recurrence(DropInputs(inputs, training), Kernel!, InputBias, RecurrentKernel!, RecurrentBias, states, mask, options);
    }

    /// <summary>One step from the raw input: its projection, then <see cref="RnnCell.StepPrepared"/>.</summary>
    public override (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(states);
        if (input.Rank != 1 + StepRank)
            throw new ArgumentException($"Layer '{Name}': a step's input must be {SequenceAxes.Replace("time, ", "")}, received shape {ShapeText.Format(input.Shape)}.");
        CheckStates(states, input.Shape);
        var x = input.DType == Kernel!.DType ? input : Ops.Cast(input, Kernel.DType);
        if (DropoutMask(x, x.Shape.ToArray(), training) is { } mask) x = Ops.Multiply(x, mask);
        return StepPrepared(Project(x), states, training);
    }

    /// <summary>Checks the number and shapes of the states for one step's input.</summary>
    internal void CheckStates(IReadOnlyList<Tensor> states, Shape stepInput)
    {
        var shapes = StateShapes([stepInput[0], .. stepInput.Dims[1..].ToArray().Select(d => (int?)d)]);
        if (states.Count != shapes.Length)
            throw new ArgumentException($"Layer '{Name}' has {shapes.Length} state(s), received {states.Count}.");
        for (int i = 0; i < shapes.Length; i++)
        {
            int?[] expected = [stepInput[0], .. shapes[i]];
            if (!states[i].Shape.ToArray().Select(d => (int?)d).SequenceEqual(expected))
                throw new ArgumentException($"Layer '{Name}': state {i} has shape {ShapeText.Format(states[i].Shape)}, expected {ShapeText.Format(expected)}.");
        }
    }

    /// <summary>The recurrent transform of h (h · recurrent kernel), with the recurrent dropout applied to h first.</summary>
    private protected Tensor RecurrentProduct(Tensor h, Tensor kernel, bool training) =>
        RecurrentTransform(RecurrentDropoutMask(h, training) is { } m ? Ops.Multiply(h, m) : h, kernel);

    /// <summary>h · kernel; ConvLSTM2D's cell convolves instead.</summary>
    private protected virtual Tensor RecurrentTransform(Tensor h, Tensor kernel) => Ops.MatMul(h, kernel);

    /// <summary>The config keys shared by the cells (Keras's names).</summary>
    private protected Dictionary<string, object?> SharedConfig(bool withRecurrentActivation)
    {
        var c = base.GetConfig();
        c["units"] = Units;
        c["activation"] = ActivationName;
        if (withRecurrentActivation) c["recurrent_activation"] = RecurrentActivationName;
        c["use_bias"] = UseBias;
        c["kernel_initializer"] = ConfigOf.Describe(KernelInitializer);
        c["recurrent_initializer"] = ConfigOf.Describe(RecurrentInitializer);
        c["bias_initializer"] = ConfigOf.Describe(BiasInitializer);
        c["kernel_regularizer"] = ConfigOf.Describe(KernelRegularizer);
        c["recurrent_regularizer"] = ConfigOf.Describe(RecurrentRegularizer);
        c["bias_regularizer"] = ConfigOf.Describe(BiasRegularizer);
        c["kernel_constraint"] = ConfigOf.Describe(KernelConstraint);
        c["recurrent_constraint"] = ConfigOf.Describe(RecurrentConstraint);
        c["bias_constraint"] = ConfigOf.Describe(BiasConstraint);
        c["dropout"] = Dropout;
        c["recurrent_dropout"] = RecurrentDropout;
        c["seed"] = Seed;
        return c;
    }
}
