using KerasSharp.Callbacks;

namespace KerasSharp.Models;

public partial class Model
{
    private readonly RunningMean _lossTracker = new();
    // The model's own generator of shuffle orders, saved with it, so training resumed from a file shuffles as the
    // uninterrupted run would have.
    private readonly Layers.LayerSeed _shuffleSeeds = new(null);
    private RunningMean[] _outputLossTrackers = [];
    // The per-output loss terms of the last ComputeLoss (multi-output models), which UpdateMetrics adds to their trackers.
    private Tensor?[] _lastOutputLosses = [];

    /// <summary>Set by a callback (EarlyStopping) to end <c>Fit</c> after the current batch or epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Trains on one input and one target array (see the multi-input overload for every parameter).</summary>
    public History Fit(Tensor x, Tensor y, int batchSize = 32, int epochs = 1, Verbosity verbose = default,
                       IReadOnlyList<ICallback>? callbacks = null, double validationSplit = 0,
                       (Tensor X, Tensor Y)? validationData = null, bool shuffle = true,
                       IReadOnlyDictionary<int, double>? classWeight = null, Tensor? sampleWeight = null,
                       int initialEpoch = 0, int? stepsPerEpoch = null, int validationFreq = 1) =>
        Fit([x], [y], batchSize, epochs, verbose, callbacks, validationSplit,
            validationData is { } v ? ([v.X], [v.Y]) : null, shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch, validationFreq);

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over the data in batches, Keras-style: optional validation
    /// (<paramref name="validationSplit"/> takes the last fraction before shuffling, or <paramref name="validationData"/>),
    /// per-class or per-sample weights, callbacks, and a progress bar (verbose 1 or "auto", the default) or one line per
    /// epoch (verbose 2).
    /// Every intermediate tensor of a step is freed when the step ends.
    /// </summary>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, int epochs = 1, Verbosity verbose = default,
                       IReadOnlyList<ICallback>? callbacks = null, double validationSplit = 0,
                       (IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)? validationData = null, bool shuffle = true,
                       IReadOnlyDictionary<int, double>? classWeight = null, Tensor? sampleWeight = null,
                       int initialEpoch = 0, int? stepsPerEpoch = null, int validationFreq = 1)
    {
        RequireCompiled("Fit");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Fit: batchSize must be positive, got {batchSize}.");
        if (epochs < 0 || initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"Fit: epochs ({epochs}) and initialEpoch ({initialEpoch}) must be >= 0.");
        if (validationSplit is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(validationSplit), $"Fit: validationSplit must be in [0, 1), got {validationSplit}.");
        if (stepsPerEpoch is <= 0) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), $"Fit: stepsPerEpoch must be positive, got {stepsPerEpoch}.");
        if (validationFreq <= 0) throw new ArgumentOutOfRangeException(nameof(validationFreq), $"Fit: validationFreq must be positive, got {validationFreq}.");
        CheckTargets(y);

        var data = new TrainingData(Name, x, y, sampleWeight);
        TrainingData? validation = null;
        if (validationData is { } vd)
        {
            CheckTargets(vd.Y, "validation target arrays");
            validation = new TrainingData(Name, vd.X, vd.Y, null);
        }
        // The split copies and the class-derived sample weights belong to this call: freed when it returns.
        var owned = new List<Tensor>();
        try
        {
            if (validation is null && validationSplit > 0)
            {
                (data, validation) = data.Split(Name, validationSplit);
                owned.AddRange([.. data.X, .. data.Y, .. validation.X, .. validation.Y]);
                if (data.SampleWeight is not null) owned.Add(data.SampleWeight);
                if (validation.SampleWeight is not null) owned.Add(validation.SampleWeight);
            }
            if (classWeight is not null)
            {
                data = new TrainingData(Name, data.X, data.Y, ClassWeights.SampleWeights(Name, data.Y[0], classWeight, data.SampleWeight));
                owned.Add(data.SampleWeight!);
            }
            int steps = stepsPerEpoch ?? (data.Count + batchSize - 1) / batchSize;
            var train = new ArrayEpochs(data, batchSize, steps, shuffle ? _shuffleSeeds.Next : null);
            var val = validation is null ? null : new ArrayEpochs(validation, batchSize, (validation.Count + batchSize - 1) / batchSize, null);
            return FitData(train, val, epochs, verbose, callbacks, initialEpoch, validationFreq);
        }
        finally
        {
            foreach (var t in owned) t.Dispose();
        }
    }

    private History FitData(EpochSource data, EpochSource? validation, int epochs, Verbosity verbose,
                            IReadOnlyList<ICallback>? callbacks, int initialEpoch, int validationFreq)
    {
        int? steps = data.Steps;
        var history = new History();
        var all = WithProgbar(callbacks, verbose, history);
        var hooks = new CallbackList(all);
        hooks.Setup(this, StepParams(steps, verbose.Level, epochs));

        StopTraining = false;
        _resumeAt = null;
        var empty = new Dictionary<string, double>();
        hooks.Each(c => c.OnTrainBegin(empty));
        // A callback (BackupAndRestore) may have asked, in OnTrainBegin, to continue an interrupted run.
        var resume = _resumeAt;
        _resumeAt = null;
        int firstEpoch = resume?.Epoch ?? initialEpoch;
        (_inFit, _fitEpoch, _fitStep, _fitSeed) = (true, firstEpoch, 0, null);
        try
        {
            for (int epoch = firstEpoch; epoch < epochs && !StopTraining; epoch++)
            {
                ResetMetrics();
                hooks.Each(c => c.OnEpochBegin(epoch, empty));
                IReadOnlyDictionary<string, double> logs = empty;
                // Resumed inside this epoch: its saved order (array data), and the batches already trained are skipped;
                // at an epoch's start the next seed is drawn as usual.
                bool resumedHere = resume is { } r && r.Epoch == epoch;
                if (resumedHere && resume!.ShuffleSeed is long saved) data.ResumeSeed = saved;
                int firstStep = resumedHere ? resume!.Step : 0;
                using var batches = data.NextEpoch();
                _fitSeed = data.EpochSeed;
                for (int k = 0; k < firstStep; k++)
                {
                    using var scope = new TensorScope();
                    if (!batches.MoveNext()) break;
                    batches.Current.Dispose();
                }
                for (int step = firstStep; steps is null || step < steps; step++)
                {
                    int s = step;
                    (_fitEpoch, _fitStep) = (epoch, step);
                    using (new TensorScope())
                    {
                        // The batch is made inside the step's scope: whatever the source makes on this thread goes with it.
                        if (!batches.MoveNext()) break;
                        using var batch = batches.Current;
                        (logs as StepLogs)?.Expire();
                        hooks.Each(c => c.OnTrainBatchBegin(s, empty));
                        logs = TrainStep(batch.X, batch.Y, batch.SampleWeight);
                    }
                    _fitStep = step + 1;
                    hooks.Each(c => c.OnTrainBatchEnd(s, logs));
                    if (StopTraining) break;
                }
                if (data.RanOut) RanOutOfData(epochs - initialEpoch, steps);
                var epochLogs = new Dictionary<string, double>(logs);
                if (validation is not null && (epoch + 1 - initialEpoch) % validationFreq == 0)
                    foreach (var (name, value) in EvaluateData(validation, hooks))
                        epochLogs["val_" + name] = value;
                // The epoch is over: what comes next is the start of the following one, shuffled by the next seed.
                (_fitEpoch, _fitStep, _fitSeed) = (epoch + 1, 0, null);
                hooks.Each(c => c.OnEpochEnd(epoch, epochLogs));
            }
        }
        finally
        {
            _inFit = false;
        }
        hooks.Each(c => c.OnTrainEnd(empty));
        return history;
    }

    private FitPosition? _resumeAt;
    // Where Fit stands, kept as plain fields (no allocation per step); FitPosition builds the record when asked.
    private bool _inFit;
    private int _fitEpoch, _fitStep;
    private long? _fitSeed;

    /// <summary>
    /// Where the running <c>Fit</c> stands (epoch, batches of it done, the epoch's shuffle seed), for checkpointing
    /// callbacks; null outside <c>Fit</c>. After <c>OnEpochEnd</c> of epoch e it reads (e + 1, 0, null).
    /// </summary>
    public FitPosition? FitPosition => _inFit ? new FitPosition(_fitEpoch, _fitStep, _fitSeed) : null;

    /// <summary>
    /// Makes the running <c>Fit</c> continue from <paramref name="position"/> instead of its first epoch; call it from a
    /// callback's <c>OnTrainBegin</c> after restoring the weights and optimizer state (as <c>BackupAndRestore</c> does).
    /// A position inside an epoch reuses the saved shuffle seed and skips the batches already trained; the epoch's running
    /// metrics then cover only the batches after the resume.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The epoch or step is negative.</exception>
    public void ResumeFitAt(FitPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Epoch < 0 || position.Step < 0)
            throw new ArgumentOutOfRangeException(nameof(position), $"Model '{Name}': cannot resume Fit at epoch {position.Epoch}, step {position.Step}.");
        _resumeAt = position;
    }

    /// <summary>Loss and metrics over one input and target array.</summary>
    public Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32, Verbosity verbose = default,
                                               Tensor? sampleWeight = null, IReadOnlyList<ICallback>? callbacks = null) =>
        Evaluate([x], [y], batchSize, verbose, sampleWeight, callbacks);

    /// <summary>
    /// Loss and metrics over the data, by name ("loss", "accuracy", ...). With verbose 1 or "auto" (the default) a progress
    /// bar is drawn (its final line alone when the output is not a terminal); 2 prints the final line; 0 is silent.
    /// </summary>
    public Dictionary<string, double> Evaluate(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, Verbosity verbose = default,
                                               Tensor? sampleWeight = null, IReadOnlyList<ICallback>? callbacks = null)
    {
        RequireCompiled("Evaluate");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Evaluate: batchSize must be positive, got {batchSize}.");
        CheckTargets(y);
        var data = new TrainingData(Name, x, y, sampleWeight);
        return EvaluateSource(new ArrayEpochs(data, batchSize, (data.Count + batchSize - 1) / batchSize, null), verbose, callbacks);
    }

    private Dictionary<string, double> EvaluateSource(EpochSource data, Verbosity verbose, IReadOnlyList<ICallback>? callbacks)
    {
        var hooks = new CallbackList(WithProgbar(callbacks, verbose));
        hooks.Setup(this, StepParams(data.Steps, verbose.Level));
        return EvaluateData(data, hooks);
    }

    private Dictionary<string, double> EvaluateData(EpochSource data, CallbackList hooks)
    {
        ResetMetrics();
        var empty = new Dictionary<string, double>();
        hooks.Each(c => c.OnTestBegin(empty));
        int? steps = data.Steps;
        using var batches = data.NextEpoch();
        IReadOnlyDictionary<string, double> logs = empty;
        for (int step = 0; steps is null || step < steps; step++)
        {
            int s = step;
            using (new TensorScope())
            {
                if (!batches.MoveNext()) break;
                using var batch = batches.Current;
                (logs as StepLogs)?.Expire();
                if (batch.Y.Count == 0) throw new ArgumentException($"Model '{Name}': Evaluate needs targets, but a batch of the data has none.");
                hooks.Each(c => c.OnTestBatchBegin(s, empty));
                logs = TestStep(batch.X, batch.Y, batch.SampleWeight);
            }
            hooks.Each(c => c.OnTestBatchEnd(s, logs));
        }
        var final = new Dictionary<string, double>(logs);
        hooks.Each(c => c.OnTestEnd(final));
        return final;
    }

    /// <summary>Predictions for one input array, in batches (the first output of a multi-output model: use PredictAll).</summary>
    public Tensor Predict(Tensor x, int batchSize = 32, Verbosity verbose = default, IReadOnlyList<ICallback>? callbacks = null) =>
        PredictAll([x], batchSize, verbose, callbacks)[0];

    /// <summary>
    /// Predictions of every output for the given inputs, computed in batches; verbose as <see cref="Evaluate(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, int, Verbosity, Tensor?, IReadOnlyList{ICallback}?)"/>
    /// (pass 0 inside a library or a loop).
    /// </summary>
    public Tensor[] PredictAll(IReadOnlyList<Tensor> x, int batchSize = 32, Verbosity verbose = default, IReadOnlyList<ICallback>? callbacks = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Predict: batchSize must be positive, got {batchSize}.");
        var data = new TrainingData(Name, x, null, null);
        return PredictSource(new ArrayEpochs(data, batchSize, (data.Count + batchSize - 1) / batchSize, null), verbose, callbacks);
    }

    private Tensor[] PredictSource(EpochSource data, Verbosity verbose, IReadOnlyList<ICallback>? callbacks)
    {
        int? steps = data.Steps;
        var hooks = new CallbackList(WithProgbar(callbacks, verbose));
        hooks.Setup(this, StepParams(steps, verbose.Level));
        var empty = new Dictionary<string, double>();
        hooks.Each(c => c.OnPredictBegin(empty));
        var parts = new List<Tensor[]>();
        using var batches = data.NextEpoch();
        for (int step = 0; steps is null || step < steps; step++)
        {
            int s = step;
            using (var scope = new TensorScope())
            {
                if (!batches.MoveNext()) break;
                var batch = batches.Current;
                hooks.Each(c => c.OnPredictBatchBegin(s, empty));
                // A model may return its input as an output (a linear activation): that tensor is kept, not freed.
                var predicted = PredictStep(batch.X).Select(scope.Keep).ToArray();
                batch.DisposeExcept(predicted);
                parts.Add(predicted);
            }
            hooks.Each(c => c.OnPredictBatchEnd(s, empty));
        }
        hooks.Each(c => c.OnPredictEnd(empty));
        if (parts.Count == 0) throw new ArgumentException($"Model '{Name}': Predict got no samples.");
        int outputs = parts[0].Length;
        var result = new Tensor[outputs];
        for (int o = 0; o < outputs; o++)
        {
            result[o] = parts.Count == 1 ? parts[0][o] : Ops.Concatenate(parts.Select(p => p[o]).ToArray(), 0);
            if (parts.Count > 1) foreach (var p in parts) p[o].Dispose();
        }
        return result;
    }

    // Keras's order: the user's callbacks, then History, then the progress bar, so that the bar shows what callbacks
    // add to the logs (ReduceLROnPlateau's learning_rate).
    private static List<ICallback> WithProgbar(IReadOnlyList<ICallback>? callbacks, Verbosity verbose, History? history = null)
    {
        var all = new List<ICallback>(callbacks ?? []);
        if (history is not null) all.Add(history);
        if (verbose.Level > 0 && !all.OfType<ProgbarLogger>().Any()) all.Add(new ProgbarLogger(verbose.Level));
        return all;
    }

    /// <summary>One gradient step on one batch; returns the loss and metrics of that batch alone.</summary>
    public Dictionary<string, double> TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) => TrainOnBatch([x], [y], sampleWeight);

    /// <summary>One gradient step on one batch of several inputs/targets.</summary>
    public Dictionary<string, double> TrainOnBatch(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight = null)
    {
        RequireCompiled("TrainOnBatch");
        CheckTargets(y);
        _ = new TrainingData(Name, x, y, sampleWeight);
        ResetMetrics();
        using (new TensorScope()) return new Dictionary<string, double>(TrainStep(x, y, sampleWeight));
    }

    /// <summary>Loss and metrics on one batch, without training.</summary>
    public Dictionary<string, double> TestOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) => TestOnBatch([x], [y], sampleWeight);

    /// <summary>Loss and metrics on one batch of several inputs/targets, without training.</summary>
    public Dictionary<string, double> TestOnBatch(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight = null)
    {
        RequireCompiled("TestOnBatch");
        CheckTargets(y);
        _ = new TrainingData(Name, x, y, sampleWeight);
        ResetMetrics();
        using (new TensorScope()) return new Dictionary<string, double>(TestStep(x, y, sampleWeight));
    }

    /// <summary>The model's output for one batch, in inference mode; the step's intermediate tensors are freed before it returns.</summary>
    public Tensor PredictOnBatch(Tensor x)
    {
        using var scope = new TensorScope();
        return scope.Keep(Forward([x], training: false)[0]);
    }

    // ---- the steps (override TrainStep for a custom training step) ----

    /// <summary>
    /// One training step: forward pass under a <see cref="GradientTape"/>, loss, gradients, optimizer update,
    /// weight constraints, then the running loss and metrics. Override for a custom step; <see cref="ComputeLoss"/>
    /// and <see cref="UpdateMetrics"/> are there to reuse. The logs it returns are read from the device only when
    /// something looks at them.
    /// </summary>
    public virtual IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight)
    {
        Tensor[] predictions;
        Tensor loss;
        Tensor?[] gradients;
        IReadOnlyList<Variable> weights;
        using (var tape = new GradientTape())
        {
            predictions = Forward(x, training: true);
            loss = ComputeLoss(y, predictions, sampleWeight);
            weights = TrainableWeights;
            gradients = tape.Gradient(loss, weights);
        }
        Optimizer!.ApplyGradients(gradients, weights);
        ApplyConstraints();
        return UpdateMetrics(y, predictions, sampleWeight, loss);
    }

    /// <summary>One evaluation step: forward pass in inference mode, loss and metrics.</summary>
    public virtual IReadOnlyDictionary<string, double> TestStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight)
    {
        var predictions = Forward(x, training: false);
        var loss = ComputeLoss(y, predictions, sampleWeight);
        return UpdateMetrics(y, predictions, sampleWeight, loss);
    }

    /// <summary>One prediction step: the outputs in inference mode.</summary>
    public virtual Tensor[] PredictStep(IReadOnlyList<Tensor> x) => Forward(x, training: false);

    /// <summary>The weighted sum of the per-output losses plus the layers' regularization losses.</summary>
    public Tensor ComputeLoss(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> predictions, Tensor? sampleWeight)
    {
        RequireCompiled("computing a loss");
        if (y.Count != predictions.Count)
            throw new ArgumentException($"Model '{Name}' has {predictions.Count} outputs but {y.Count} targets were given.");
        // Per-output losses are tracked only for multi-output models.
        _lastOutputLosses = predictions.Count > 1 ? new Tensor?[predictions.Count] : [];
        Tensor? total = null;
        for (int o = 0; o < predictions.Count; o++)
        {
            // An output left out of a loss dictionary adds nothing (Keras), and logs no loss of its own.
            if (_losses![o] is not { } loss) continue;
            var term = loss.Call(y[o], predictions[o], sampleWeight);
            if (_lastOutputLosses.Length > 0) _lastOutputLosses[o] = term;
            if (_lossWeights![o] != 1) term *= _lossWeights[o];
            total = total is null ? term : total + term;
        }
        if (total is null) throw new InvalidOperationException($"Model '{Name}': no output has a loss.");
        foreach (var extra in Losses) total += Ops.Cast(extra, total.DType);
        return total;
    }

    /// <summary>
    /// Updates the loss trackers and metrics with a batch and returns their running values, which are read from the device
    /// when first looked at (and must be copied to be kept past the next step).
    /// </summary>
    public IReadOnlyDictionary<string, double> UpdateMetrics(IReadOnlyList<Tensor> y, IReadOnlyList<Tensor> predictions, Tensor? sampleWeight, Tensor loss)
    {
        int batch = predictions[0].Shape[0];
        _lossTracker.Add(loss, batch);
        if (_outputLossTrackers.Length != predictions.Count)
            _outputLossTrackers = Enumerable.Range(0, predictions.Count).Select(_ => new RunningMean()).ToArray();
        for (int o = 0; o < predictions.Count && o < _lastOutputLosses.Length; o++)
        {
            if (_lastOutputLosses[o] is { } term) _outputLossTrackers[o].Add(term, batch);
            else _outputLossTrackers[o].Add(double.NaN, batch);
        }
        _lastOutputLosses = [];
        foreach (var (_, o, metric) in NamedMetrics())
        {
            try { metric.UpdateState(y[o], predictions[o], sampleWeight); }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Model '{Name}', output '{OutputNames[o]}' (output {o}), metric '{metric.Name}': {e.Message}", e);
            }
        }
        return new StepLogs(CurrentLogs);
    }

    private Dictionary<string, double> CurrentLogs()
    {
        var logs = new Dictionary<string, double> { ["loss"] = _lossTracker.Result };
        if (_outputLossTrackers.Length > 1)
            for (int o = 0; o < _outputLossTrackers.Length; o++)
                if (_losses![o] is not null) logs[$"{OutputNames[o]}_loss"] = _outputLossTrackers[o].Result;
        foreach (var (name, _, metric) in NamedMetrics()) logs[name] = metric.Result();
        return logs;
    }

    /// <summary>Clears the loss trackers and every metric (at the start of each epoch and evaluation).</summary>
    public void ResetMetrics()
    {
        _lossTracker.Reset();
        foreach (var t in _outputLossTrackers) t.Reset();
        foreach (var (_, _, metric) in NamedMetrics()) metric.ResetState();
    }

    private void ApplyConstraints()
    {
        foreach (var layer in AllLayers())
            foreach (var (weight, constraint) in layer.Constraints)
                weight.Assign(constraint.Call(Ops.StopGradient(weight)));
    }

    private IEnumerable<Layers.Layer> AllLayers()
    {
        var seen = new HashSet<Layers.Layer>();
        var stack = new Stack<Layers.Layer>([this]);
        while (stack.Count > 0)
        {
            var l = stack.Pop();
            if (!seen.Add(l)) continue;
            yield return l;
            foreach (var sub in l.Layers) stack.Push(sub);
        }
    }

    private void CheckTargets(IReadOnlyList<Tensor> y, string what = "target arrays")
    {
        int outputs = Math.Max(1, Outputs.Count);
        if (y.Count != outputs)
            throw new ArgumentException($"Model '{Name}' has {outputs} outputs ({string.Join(", ", OutputNames)}) but {y.Count} {what} were given.");
    }
}
