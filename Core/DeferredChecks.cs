namespace KerasSharp;

/// <summary>
/// Checks of values that live on the device (a label outside the classes), verified at the next read back to the host on
/// the same thread instead of when the op runs, so the step that raised them does not wait for the device: the error
/// surfaces a little later, as a GPU reports a failed kernel at the next synchronisation. At most <see cref="Limit"/>
/// checks wait; one more verifies them at once.
/// </summary>
internal static class DeferredChecks
{
    private const int Limit = 64;

    [ThreadStatic] private static List<(Tensor Value, long Ok, Func<long, Exception> Error)>? t_pending;

    /// <summary>
    /// Verifies later that the one-element int64 <paramref name="value"/> equals <paramref name="ok"/>, else throws
    /// <paramref name="error"/>(value). Takes ownership of <paramref name="value"/>.
    /// </summary>
    public static void Add(Tensor value, long ok, Func<long, Exception> error)
    {
        (t_pending ??= []).Add((TensorScope.Detach(value), ok, error));
        if (t_pending.Count > Limit) ThrowPending();
    }

    /// <summary>Verifies every waiting check (reading each value) and throws the first failure.</summary>
    public static void ThrowPending()
    {
        if (t_pending is not { Count: > 0 } pending) return;
        t_pending = null;
        Exception? first = null;
        foreach (var (value, ok, error) in pending)
        {
            using (value)
            {
                long v = value.ToArray<long>()[0];
                if (v != ok) first ??= error(v);
            }
        }
        if (first is not null) throw first;
    }
}
