namespace KerasSharp.ModelZoo;

/// <summary>
/// Everything in a pickle that could reach code: the unpickler asks these hooks, which accept only what a state
/// dict needs and throw <see cref="PickleException"/> for the rest.
/// </summary>
internal interface IPickleHooks
{
    /// <summary>GLOBAL/STACK_GLOBAL: a marker for an allowed <paramref name="module"/>.<paramref name="name"/>.</summary>
    object FindGlobal(string module, string name);

    /// <summary>BINPERSID/PERSID: what a persistent id stands for.</summary>
    object PersistentLoad(object? pid);

    /// <summary>REDUCE: the result of calling <paramref name="callable"/> with <paramref name="args"/>.</summary>
    object Reduce(object? callable, object?[] args);

    /// <summary>NEWOBJ: a new instance of <paramref name="cls"/>.</summary>
    object NewObject(object? cls, object?[] args);

    /// <summary>BUILD: sets <paramref name="state"/> on <paramref name="target"/>.</summary>
    void Build(object? target, object? state);
}
