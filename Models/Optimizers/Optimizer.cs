namespace KerasSharp.Optimizers;

/// <summary>
/// Base class of the optimizers, following Keras 3. <see cref="ApplyGradients(IReadOnlyList{Tensor}, IReadOnlyList{Variable})"/>
/// clips the gradients (<see cref="Clipvalue"/>, <see cref="Clipnorm"/> or <see cref="GlobalClipnorm"/>), applies
/// decoupled weight decay (<c>w -= w * weightDecay * learningRate</c>), runs each optimizer's update rule and then
/// counts one more <see cref="Iterations"/>. Per-variable state ("slots", such as <c>{name}/momentum</c>) is created
/// the first time a variable is seen. Updates are never recorded on a <see cref="GradientTape"/>.
/// A custom optimizer overrides <see cref="CreateSlots"/> and <see cref="UpdateStep"/>.
/// </summary>
[KerasModule("keras.optimizers")]
public abstract partial class Optimizer : IKerasConfigurable
{
    private readonly Dictionary<Variable, Dictionary<string, Variable>> _slots = new(ReferenceEqualityComparer.Instance);
    private readonly List<Variable> _state = [];
    private readonly List<Variable> _slotOrder = [];
    private readonly List<Variable> _scalarState = [];
    private readonly HostScalar _iterations;
    private readonly HashSet<Variable> _excludedVariables = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _excludedNames = [];
    private LearningRate _learningRate;

    /// <summary>Sets the options every optimizer shares.</summary>
    /// <param name="learningRate">A constant rate or a schedule.</param>
    /// <param name="weightDecay">Decoupled weight decay factor; null or 0 for none.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue].</param>
    /// <param name="globalClipnorm">Clip all gradients together so that their joint L2 norm is at most this.</param>
    /// <param name="name">The optimizer's name.</param>
    protected Optimizer(LearningRate learningRate, double? weightDecay, double? clipnorm, double? clipvalue, double? globalClipnorm, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        if (weightDecay is { } wd && (!double.IsFinite(wd) || wd < 0))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), wd, $"{name}: weightDecay must be a finite number that is not negative; received {wd}.");
        CheckClip(name, nameof(clipnorm), clipnorm);
        CheckClip(name, nameof(clipvalue), clipvalue);
        CheckClip(name, nameof(globalClipnorm), globalClipnorm);
        int clips = (clipnorm is null ? 0 : 1) + (clipvalue is null ? 0 : 1) + (globalClipnorm is null ? 0 : 1);
        if (clips > 1)
            throw new ArgumentException(
                $"{name}: only one of clipnorm, clipvalue and globalClipnorm can be set; received clipnorm={Show(clipnorm)}, clipvalue={Show(clipvalue)}, globalClipnorm={Show(globalClipnorm)}.");
        _learningRate = learningRate;
        WeightDecay = weightDecay is 0 ? null : weightDecay;
        Clipnorm = clipnorm;
        Clipvalue = clipvalue;
        GlobalClipnorm = globalClipnorm;
        _iterations = new HostScalar("iteration", 0, DType.Int64);
        _state.Add(_iterations.Variable);
    }

    private static string Show(double? v) => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null";

    private static void CheckClip(string name, string argument, double? value)
    {
        if (value is { } v && !(v > 0 && !double.IsNaN(v)))
            throw new ArgumentOutOfRangeException(argument, v, $"{name}: {argument} must be positive; received {v}.");
    }

    /// <summary>The optimizer's name.</summary>
    public string Name { get; }

    /// <summary>The number of <c>ApplyGradients</c> calls so far (restored with <see cref="Variables"/>).</summary>
    public long Iterations => (long)_iterations.Value;

    /// <summary>The learning rate: a constant or a schedule. Settable, e.g. by a callback that reduces it.</summary>
    public LearningRate LearningRate
    {
        get => _learningRate;
        set => _learningRate = value;
    }

    /// <summary>The learning rate the next update uses: the schedule evaluated at <see cref="Iterations"/>.</summary>
    public double CurrentLearningRate => _learningRate.At(Iterations);

    /// <summary>The decoupled weight decay factor, or null for none.</summary>
    public double? WeightDecay { get; }

    /// <summary>Each gradient is clipped to this L2 norm, or null.</summary>
    public double? Clipnorm { get; }

    /// <summary>Each gradient element is clipped to [-Clipvalue, Clipvalue], or null.</summary>
    public double? Clipvalue { get; }

    /// <summary>All gradients are scaled together so that their joint L2 norm is at most this, or null.</summary>
    public double? GlobalClipnorm { get; }

    /// <summary>All the optimizer's state, for saving: the iteration count, then optimizer-wide state, then each slot in creation order.</summary>
    public IReadOnlyList<Variable> Variables => _state;

    /// <summary>
    /// Moves the optimizer's state (iteration count, slots) to <paramref name="device"/>; slots made later follow their
    /// variable. <c>Model.To(device)</c> calls this for its optimizer.
    /// </summary>
    public void To(Device device)
    {
        foreach (var v in _state) v.MoveTo(device);
    }

    /// <summary>Creates the slots of every variable now instead of on first update (needed before restoring saved state).</summary>
    public void Build(IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var v in variables)
        {
            ArgumentNullException.ThrowIfNull(v, nameof(variables));
            EnsureSlots(v);
        }
    }

    /// <summary>
    /// Exempts variables from weight decay: the given objects, and every variable whose name contains one of
    /// <paramref name="names"/> (Keras' <c>exclude_from_weight_decay</c>; typical: biases and normalisation weights).
    /// </summary>
    public void ExcludeFromWeightDecay(IEnumerable<Variable>? variables = null, IEnumerable<string>? names = null)
    {
        if (variables is not null) foreach (var v in variables) _excludedVariables.Add(v);
        if (names is not null) _excludedNames.AddRange(names.Where(n => !string.IsNullOrEmpty(n)));
    }

    /// <summary>Applies one update from (gradient, variable) pairs; see <see cref="ApplyGradients(IReadOnlyList{Tensor}, IReadOnlyList{Variable})"/>.</summary>
    public void ApplyGradients(IEnumerable<(Tensor? Gradient, Variable Variable)> gradientsAndVariables)
    {
        ArgumentNullException.ThrowIfNull(gradientsAndVariables);
        var pairs = gradientsAndVariables.ToList();
        ApplyGradients(pairs.Select(p => p.Gradient).ToList(), pairs.Select(p => p.Variable).ToList());
    }

    /// <summary>
    /// Updates <paramref name="variables"/> from their <paramref name="gradients"/> (same order). Null gradients are
    /// skipped. Clips, applies weight decay, runs the update rule, then increments <see cref="Iterations"/> once.
    /// The caller keeps ownership of the gradients.
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length, a gradient's shape differs from its variable's, every gradient is null, or no variables were given.</exception>
    public void ApplyGradients(IReadOnlyList<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(variables);
        if (gradients.Count != variables.Count)
            throw new ArgumentException($"{Name}.ApplyGradients: received {gradients.Count} gradients for {variables.Count} variables; they must pair up one to one.");
        if (variables.Count == 0)
            throw new ArgumentException(
                $"{Name}.ApplyGradients: no variables were given, so nothing would train. If they come from a model's TrainableWeights, " +
                "the model has none yet: layers create their weights on their first call, so read TrainableWeights after the forward pass " +
                "(or build the model first), and check that the layers are held in fields or tracked.");

        // Every tensor made during the update, Core's own temporaries included, is freed on return.
        using var scope = new TensorScope();
        var vars = new List<Variable>(variables.Count);
        var grads = new List<Tensor>(variables.Count);
        using var scratch = new Scratch();
        for (int i = 0; i < variables.Count; i++)
        {
            var v = variables[i] ?? throw new ArgumentNullException(nameof(variables), $"{Name}.ApplyGradients: variables[{i}] is null.");
            var g = gradients[i];
            if (g is null) continue;
            if (g.Shape != v.Shape)
                throw new ArgumentException(
                    $"{Name}.ApplyGradients: the gradient for variable '{v.Name}' has shape {g.Shape} but the variable has shape {v.Shape}.");
            if (!v.DType.IsFloating())
                throw new ArgumentException($"{Name}.ApplyGradients: variable '{v.Name}' has dtype {v.DType.Name()}; only floating-point variables can be optimized.");
            var constant = scratch.Own(Ops.StopGradient(g));
            grads.Add(constant.DType == v.DType ? constant : scratch.Own(Ops.Cast(constant, v.DType)));
            vars.Add(v);
        }
        if (vars.Count == 0)
            throw new ArgumentException(
                $"{Name}.ApplyGradients: no gradients provided for any variable ({string.Join(", ", variables.Select(v => $"'{v.Name}'"))}).");

        foreach (var v in vars) EnsureSlots(v);
        ClipGradients(grads, scratch);

        double lr = CurrentLearningRate;
        if (WeightDecay is { } wd)
            foreach (var v in vars)
                if (UsesWeightDecay(v)) DecayWeights(v, wd * lr);

        BeforeUpdateSteps();
        for (int i = 0; i < vars.Count; i++) UpdateStep(grads[i], vars[i], lr);
        _iterations.Value = Iterations + 1;
    }

    private bool UsesWeightDecay(Variable v)
    {
        if (_excludedVariables.Contains(v)) return false;
        foreach (var n in _excludedNames)
            if (v.Name.Contains(n, StringComparison.Ordinal)) return false;
        return true;
    }

    private static void DecayWeights(Variable v, double factor)
    {
        using var s = new Scratch();
        var w = s.Value(v);
        v.Assign(s.Sub(w, s.Mul(w, factor)));
    }

    /// <summary>Creates the slots of <paramref name="variable"/> with <see cref="AddSlot"/>; called once per variable.</summary>
    protected abstract void CreateSlots(Variable variable);

    /// <summary>
    /// Applies the update rule to one variable. <paramref name="gradient"/> is already clipped, has the variable's
    /// dtype, and is a constant to the tape; the base class frees it afterwards. Read variables through
    /// <see cref="Ops.StopGradient"/> and write them with <see cref="Variable.Assign"/> so that an open tape records nothing.
    /// </summary>
    /// <param name="gradient">The gradient.</param>
    /// <param name="variable">The variable to update.</param>
    /// <param name="learningRate">The learning rate of this step.</param>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, double learningRate);

    /// <summary>Runs once per <c>ApplyGradients</c>, after clipping and weight decay and before the per-variable updates.</summary>
    protected virtual void BeforeUpdateSteps() { }

    /// <summary>Adds an optimizer-wide scalar state (kept with <see cref="Variables"/>).</summary>
    private protected HostScalar AddScalarState(string name, double value)
    {
        var s = new HostScalar(name, value, DType.Float64);
        _state.Add(s.Variable);
        _scalarState.Add(s.Variable);
        return s;
    }

    /// <summary>Creates a non-trainable slot named <c>{variable.Name}/{slotName}</c> shaped like the variable, filled with <paramref name="initialValue"/>.</summary>
    protected Variable AddSlot(Variable variable, string slotName, double initialValue = 0)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentException.ThrowIfNullOrWhiteSpace(slotName);
        var slots = _slots[variable];
        if (slots.ContainsKey(slotName))
            throw new InvalidOperationException($"{Name}: variable '{variable.Name}' already has a slot '{slotName}'.");
        using var init = Ops.FullLike(variable, initialValue);
        var slot = new Variable(init, $"{variable.Name}/{slotName}", trainable: false);
        slots.Add(slotName, slot);
        _state.Add(slot);
        _slotOrder.Add(slot);
        return slot;
    }

    /// <summary>The slot <paramref name="slotName"/> of <paramref name="variable"/>.</summary>
    /// <exception cref="KeyNotFoundException">The variable has no such slot.</exception>
    protected Variable GetSlot(Variable variable, string slotName)
    {
        if (_slots.TryGetValue(variable, out var slots) && slots.TryGetValue(slotName, out var slot)) return slot;
        throw new KeyNotFoundException($"{Name}: variable '{variable.Name}' has no slot '{slotName}'.");
    }

    private void EnsureSlots(Variable variable)
    {
        if (_slots.ContainsKey(variable)) return;
        _slots.Add(variable, []);
        CreateSlots(variable);
    }

    /// <summary>The constructor arguments by Keras name (subclasses add theirs to these shared ones).</summary>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["learning_rate"] = _learningRate.Schedule is { } schedule ? schedule : _learningRate.Constant,
        ["weight_decay"] = WeightDecay,
        ["clipnorm"] = Clipnorm,
        ["global_clipnorm"] = GlobalClipnorm,
        ["clipvalue"] = Clipvalue,
    };

    /// <summary>The optimizer's type and name.</summary>
    public override string ToString() => $"{GetType().Name} '{Name}' (learning rate {_learningRate}, {Iterations} iterations)";
}
