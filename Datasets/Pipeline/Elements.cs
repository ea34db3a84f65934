namespace KerasSharp.Datasets;

/// <summary>
/// Ownership rules of the pipeline. An element is an array of tensors that belongs to whoever holds it: no
/// <see cref="TensorScope"/> frees it, on any thread, and the holder disposes it. User code (a Map function, a
/// generator) runs inside a scope of its own; its results are taken over as new handles on the same storage, so
/// whatever else it made is freed and tensors that existed before are left to their owner.
/// </summary>
internal static class Elements
{
    /// <summary>Runs <paramref name="make"/> in its own scope and returns owned handles on its results.</summary>
    public static Tensor[] Own(Func<Tensor[]> make)
    {
        using var scope = new TensorScope();
        var made = make() ?? throw new InvalidOperationException("the function returned null.");
        return Adopt(made);
    }

    /// <summary>New owned handles on <paramref name="tensors"/>' storage (cheap: no copy).</summary>
    public static Tensor[] Adopt(Tensor[] tensors)
    {
        var owned = new Tensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i] ?? throw new InvalidOperationException($"component {i} is null.");
            owned[i] = TensorScope.Detach(Tensor.ShareStorage(t, t.Shape));
        }
        return owned;
    }

    /// <summary>Frees an element (null-safe).</summary>
    public static void Free(Tensor[]? element)
    {
        if (element is null) return;
        foreach (var t in element) t?.Dispose();
    }

    /// <summary>Frees every element of a buffer and clears it.</summary>
    public static void FreeAll(ICollection<Tensor[]> buffer)
    {
        foreach (var e in buffer) Free(e);
        buffer.Clear();
    }

    /// <summary>"[2,3], [] int64" style description of an element's shapes.</summary>
    public static string Describe(Tensor[] element) =>
        string.Join(", ", element.Select(t => $"{t.Shape} {t.DType.Name()}"));
}
