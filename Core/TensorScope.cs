namespace KerasSharp;

/// <summary>
/// Frees every tensor created on this thread while the scope is open, when it is disposed — except the
/// ones passed to <see cref="Keep{T}"/>, which move to the enclosing scope. <c>Fit</c>, <c>Evaluate</c> and
/// <c>Predict</c> open one per step so memory stays flat; custom loops can do the same:
/// <code>
/// using (var scope = new TensorScope()) { var loss = Step(batch); total += loss.Item&lt;float&gt;(); }
/// </code>
/// Variables are never owned by a scope (assigning keeps the value alive through the variable).
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly List<Tensor> _owned = [];
    private bool _disposed;

    /// <summary>Opens a scope nested in the current one.</summary>
    public TensorScope()
    {
        _parent = _current;
        _current = this;
    }

    /// <summary>Called for each new tensor: the innermost open scope owns it.</summary>
    internal static TensorScope? Adopt(Tensor t)
    {
        var scope = _current;
        scope?._owned.Add(t);
        return scope;
    }

    /// <summary>Keeps <paramref name="tensor"/> alive past this scope (it moves to the enclosing scope, if any).</summary>
    public T Keep<T>(T tensor) where T : Tensor
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (ReferenceEquals(tensor.Scope, this))
        {
            tensor.Scope = _parent;
            _parent?._owned.Add(tensor);
        }
        return tensor;
    }

    /// <summary>
    /// Takes <paramref name="tensor"/> out of whichever scope owns it, so no scope frees it: its owner disposes it
    /// by hand. Input pipelines use this for elements that outlive the step that made them (a shuffle buffer, a
    /// prefetch queue), whichever thread the step runs on.
    /// </summary>
    public static T Detach<T>(T tensor) where T : Tensor
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Scope = null;
        return tensor;
    }

    /// <summary>Number of tensors this scope will free.</summary>
    public int Count => _owned.Count(t => ReferenceEquals(t.Scope, this) && !t.IsDisposed);

    /// <summary>Frees the tensors created in the scope and not kept.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("TensorScope: scopes must be disposed in the reverse order of creation, on the thread that created them.");
        _current = _parent;
        foreach (var t in _owned)
            if (ReferenceEquals(t.Scope, this)) t.Dispose();
        _owned.Clear();
    }
}
