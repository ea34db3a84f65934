namespace KerasSharp;

/// <summary>Computes the gradients of an op's inputs from the gradient of its output.</summary>
/// <param name="gradOutput">Gradient of the target with respect to the op's output.</param>
/// <returns>One gradient per input, in input order; null where an input gets none.</returns>
public delegate Tensor?[] BackwardFunction(Tensor gradOutput);

/// <summary>What <c>GradientTape.Gradient</c> returns for a source the target does not depend on.</summary>
public enum UnconnectedGradients
{
    /// <summary>A tensor of zeros shaped like the source (convenient for optimizers).</summary>
    Zero,
    /// <summary>Null, as TensorFlow's default.</summary>
    None,
}

/// <summary>
/// Records differentiable ops while open and computes reverse-mode gradients, as TensorFlow's tape:
/// <code>
/// using var tape = new GradientTape();
/// var loss = Ops.Mean(Ops.Square(Ops.MatMul(x, w) - y));
/// var grads = tape.Gradient(loss, [w]);
/// </code>
/// Trainable <see cref="Variable"/>s are watched automatically; other tensors through <see cref="Watch(Tensor)"/>.
/// Tapes nest: while an outer tape is open, the gradient computation of an inner one is recorded on it,
/// which gives higher-order derivatives. When no tape is open nothing is recorded.
/// </summary>
public sealed class GradientTape : IDisposable
{
    [ThreadStatic] private static List<GradientTape>? _open;
    [ThreadStatic] private static int _recordingCount;
    [ThreadStatic] private static int _pauseDepth;
    [ThreadStatic] private static bool[]? _needed;

    private readonly List<TapeNode> _nodes = [];
    private readonly HashSet<long> _tracked = [];
    private readonly bool _watchVariables;
    private bool _recording;
    private bool _used;
    private bool _disposed;

    /// <summary>Opens a tape on the current thread.</summary>
    /// <param name="persistent">Allow several <c>Gradient</c> calls (otherwise one).</param>
    /// <param name="watchAccessedVariables">Watch trainable variables automatically.</param>
    public GradientTape(bool persistent = false, bool watchAccessedVariables = true)
    {
        Persistent = persistent;
        _watchVariables = watchAccessedVariables;
        (_open ??= []).Add(this);
        SetRecording(true);
    }

    /// <summary>Whether several gradient calls are allowed.</summary>
    public bool Persistent { get; }

    /// <summary>
    /// Inside a backward function: whether the tape differentiating now wants the gradient of input
    /// <paramref name="input"/>. A function may skip (return null for) the others: the first layer's input
    /// gradient, a dropout mask's, a label's, which the tape would throw away after paying for them.
    /// </summary>
    internal static bool NeedsGradient(int input) => _needed is not { } needed || needed[input];

    /// <summary>
    /// True while a tape is open on this thread (recording or paused): tensors made now may be needed for a
    /// gradient later, so code that frees intermediates early (inference) must keep them.
    /// </summary>
    public static bool AnyOpen => _open is { Count: > 0 };

    /// <summary>True when at least one open tape on this thread is recording: the ops' fast check.</summary>
    internal static bool IsRecording => _recordingCount > 0 && _pauseDepth == 0;

    /// <summary>
    /// True when no recording tape on this thread is persistent: each recorded backward then runs at most once, so an op
    /// may hand the tape a backward that frees what it kept (a backend's training form) after its one call.
    /// </summary>
    internal static bool RecordsForOneGradient
    {
        get
        {
            foreach (var tape in _open!) if (tape._recording && tape.Persistent) return false;
            return true;
        }
    }

    /// <summary>
    /// Whether an open tape on this thread records the ops run now. Graph executors check it before freeing
    /// intermediate results early: a recording tape may still need them for the backward pass.
    /// </summary>
    public static bool IsRecordingOnThisThread => IsRecording;

    /// <summary>
    /// Stops every tape on this thread from recording until disposed: for composite ops whose own backward
    /// rule replaces the rules of the ops they are built from.
    /// </summary>
    internal static IDisposable PauseAll()
    {
        _pauseDepth++;
        return PauseScope.Instance;
    }

    private sealed class PauseScope : IDisposable
    {
        public static readonly PauseScope Instance = new();
        public void Dispose() => _pauseDepth--;
    }

    /// <summary>Marks <paramref name="tensor"/> as a source whose gradient may be asked for.</summary>
    public void Watch(Tensor tensor)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tensor);
        _tracked.Add(tensor.Id);
    }

    /// <summary>Watches each tensor.</summary>
    public void Watch(IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors) Watch(t);
    }

    /// <summary>Pauses recording until the returned object is disposed.</summary>
    public IDisposable StopRecording()
    {
        ThrowIfDisposed();
        bool was = _recording;
        SetRecording(false);
        return new Resume(this, was);
    }

    private sealed class Resume(GradientTape tape, bool was) : IDisposable
    {
        public void Dispose() { if (!tape._disposed) tape.SetRecording(was); }
    }

    private void SetRecording(bool on)
    {
        if (on == _recording) return;
        _recording = on;
        _recordingCount += on ? 1 : -1;
    }

    /// <summary>
    /// Whether a recording tape on this thread tracks <paramref name="t"/> (watched, a trainable variable it watches, or
    /// made by a recorded op): only then can a gradient with respect to it be asked for. Fused ops use it to keep
    /// nothing for the gradients no tape can want.
    /// </summary>
    internal static bool IsTracked(Tensor t)
    {
        if (!IsRecording) return false;
        foreach (var tape in _open!)
            if (tape._recording && tape.Tracks(t)) return true;
        return false;
    }

    private bool Tracks(Tensor t) =>
        _tracked.Contains(t.Id) || (_watchVariables && t is Variable { Trainable: true });

    /// <summary>Called by every differentiable op when <see cref="IsRecording"/>: adds a node to each recording tape that tracks an input.</summary>
    internal static void Record(Tensor output, Tensor[] inputs, BackwardFunction backward)
    {
        if (!output.DType.IsFloating()) return;
        foreach (var tape in _open!)
        {
            if (!tape._recording) continue;
            bool any = false;
            foreach (var input in inputs)
                if (tape.Tracks(input)) { any = true; break; }
            if (!any) continue;
            tape._nodes.Add(new TapeNode(output.Id, inputs, backward, VersionsOfVariables(inputs)));
            tape._tracked.Add(output.Id);
        }
    }

    /// <summary>The assignment counts of the inputs when any is a variable (else null: plain tensors never change).</summary>
    private static int[]? VersionsOfVariables(Tensor[] inputs)
    {
        int[]? versions = null;
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is Variable)
            {
                versions ??= new int[inputs.Length];
                versions[i] = inputs[i].Version;
            }
        return versions;
    }

    /// <summary>Refuses to differentiate through a variable that was assigned after the op read it (as PyTorch does).</summary>
    private static void CheckUnchanged(TapeNode node)
    {
        if (node.Versions is null) return;
        for (int i = 0; i < node.Inputs.Length; i++)
            if (node.Inputs[i] is Variable v && v.Version != node.Versions[i])
                throw new InvalidOperationException(
                    $"GradientTape.Gradient: variable '{v.Name}' was assigned after the recorded computation read it, so its gradient " +
                    "would be taken at the wrong value; compute gradients before updating variables.");
    }

    /// <summary>The gradient of <paramref name="target"/> with respect to one source.</summary>
    public Tensor Gradient(Tensor target, Tensor source) => Gradient(target, [source])[0]!;

    /// <summary>
    /// Gradients of <paramref name="target"/> with respect to each source (summed over the target's elements,
    /// or weighted by <paramref name="outputGradient"/>). A source the target does not depend on gets zeros
    /// (or null with <see cref="UnconnectedGradients.None"/>).
    /// </summary>
    public Tensor?[] Gradient(Tensor target, IReadOnlyList<Tensor> sources, Tensor? outputGradient = null,
                              UnconnectedGradients unconnected = UnconnectedGradients.Zero)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sources);
        if (_used && !Persistent)
            throw new InvalidOperationException("GradientTape.Gradient can be called only once on a non-persistent tape; create it with persistent: true to call it again.");
        if (!target.DType.IsFloating())
            throw new ArgumentException($"GradientTape.Gradient: the target has dtype {target.DType.Name()}; gradients need a floating-point target.");
        if (outputGradient is not null && outputGradient.Shape != target.Shape)
            throw new ArgumentException($"GradientTape.Gradient: outputGradient has shape {outputGradient.Shape} but the target has shape {target.Shape}.");
        _used = true;

        bool was = _recording;
        SetRecording(false); // the gradient computation is recorded on outer tapes only
        try
        {
            long firstId = Tensor.LastId + 1;
            var grads = new Dictionary<long, Tensor>
            {
                [target.Id] = outputGradient ?? Ops.OnesLike(target),
            };
            // With no outer tape recording, nothing will read a consumed gradient again: free it (and each rule's
            // temporaries) as the pass goes, so the pool reuses the memory instead of the step's peak holding it all.
            var freer = IsRecording ? null : new GradientFreer(firstId, outputGradient, sources);
            freer?.Hold(grads[target.Id]);
            for (int n = _nodes.Count - 1; n >= 0; n--)
            {
                var node = _nodes[n];
                if (!grads.TryGetValue(node.OutputId, out var g)) continue;
                CheckUnchanged(node);
                var inputGrads = RunBackward(node, g, freer is not null);
                if (freer is not null) foreach (var gi in inputGrads) if (gi is not null) freer.Hold(gi);
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    var gi = inputGrads[i];
                    if (gi is null) continue;
                    var input = node.Inputs[i];
                    if (!Tracks(input)) continue;
                    if (grads.TryGetValue(input.Id, out var acc))
                    {
                        var sum = Ops.Add(acc, gi);
                        grads[input.Id] = sum;
                        freer?.Hold(sum);
                        freer?.Drop(acc);
                    }
                    else
                    {
                        grads[input.Id] = gi;
                        freer?.Hold(gi);
                    }
                }
                if (freer is null) continue;
                foreach (var gi in inputGrads) if (gi is not null) freer.Drop(gi);
                if (!freer.IsSource(node.OutputId))
                {
                    grads.Remove(node.OutputId);
                    freer.Drop(g);
                }
            }
            var result = new Tensor?[sources.Count];
            for (int s = 0; s < sources.Count; s++)
            {
                if (grads.TryGetValue(sources[s].Id, out var g)) result[s] = g.DType == sources[s].DType ? g : Ops.Cast(g, sources[s].DType);
                else if (unconnected == UnconnectedGradients.Zero) result[s] = Ops.ZerosLike(sources[s]);
            }
            return result;
        }
        finally
        {
            if (!_disposed) SetRecording(was);
            if (!Persistent) _nodes.Clear();
        }
    }

    private Tensor?[] RunBackward(TapeNode node, Tensor gradOutput, bool scoped)
    {
        if (!scoped) return RunBackward(node, gradOutput);
        // The rule's temporaries die with this scope; the gradients it returns move to the caller's.
        using var scope = new TensorScope();
        var result = RunBackward(node, gradOutput);
        foreach (var r in result) if (r is not null) scope.Keep(r);
        return result;
    }

    private Tensor?[] RunBackward(TapeNode node, Tensor gradOutput)
    {
        // null means "all needed": most nodes track every input, and they allocate nothing here
        bool[]? needed = null;
        for (int i = 0; i < node.Inputs.Length; i++)
            if (!Tracks(node.Inputs[i]))
            {
                needed = Array.ConvertAll(node.Inputs, Tracks);
                break;
            }
        var outer = _needed;
        _needed = needed;
        try
        {
            return node.Backward(gradOutput);
        }
        finally
        {
            _needed = outer;
        }
    }

    /// <summary>Closes the tape: it stops recording and frees what it holds.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        SetRecording(false);
        _disposed = true;
        _open?.Remove(this);
        _nodes.Clear();
        _tracked.Clear();
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    private sealed record TapeNode(long OutputId, Tensor[] Inputs, BackwardFunction Backward, int[]? Versions);
}
