namespace KerasSharp.Backends.Native;

/// <summary>
/// Calls an action after every gen 2 collection: an unreachable object whose finalizer runs the action and
/// re-registers itself (finalizers of unrooted objects run after the collection that found them).
/// </summary>
internal sealed class Gen2Callback
{
    private readonly Action _action;
    private int _seen;

    private Gen2Callback(Action action)
    {
        _action = action;
        _seen = GC.CollectionCount(2);
    }

    /// <summary>Starts calling <paramref name="action"/> after each full collection, for the life of the process.</summary>
    public static void Start(Action action) => _ = new Gen2Callback(action);

    ~Gen2Callback()
    {
        if (Environment.HasShutdownStarted) return;
        int gen2 = GC.CollectionCount(2);
        if (gen2 != _seen) // younger collections also finalize this object while it is young
        {
            _seen = gen2;
            try { _action(); }
            catch { /* trimming is best effort; never crash the finalizer thread */ }
        }
        GC.ReRegisterForFinalize(this);
    }
}
