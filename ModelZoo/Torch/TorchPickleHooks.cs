using System.Numerics;

namespace KerasSharp.ModelZoo;

/// <summary>
/// The hooks of a torch state dict's pickle: the allowed globals (<see cref="TorchGlobal"/>), storages through
/// persistent ids <c>('storage', storage_type, key, location, numel[, view_metadata])</c>, the tensor-rebuild calls
/// and OrderedDict. Nothing here runs code from the file; anything else is refused with a <see cref="PickleException"/>.
/// </summary>
internal sealed class TorchPickleHooks(bool storageKeysAreEntryNames) : IPickleHooks
{
    private readonly Dictionary<string, TorchStorage> _storages = new(StringComparer.Ordinal);

    /// <summary>The storages the pickle named, by key.</summary>
    public IReadOnlyDictionary<string, TorchStorage> Storages => _storages;

    /// <inheritdoc/>
    public object FindGlobal(string module, string name) => TorchGlobal.Find(module, name);

    /// <inheritdoc/>
    public object PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: >= 1 } tuple || tuple[0] is not string typename)
            throw new PickleException("a persistent id is not a ('storage', ...) tuple.");
        if (typename == "module")
            throw new PickleException("the pickle holds a whole module (torch.save(model)), not a state dict; save model.state_dict() instead.");
        if (typename != "storage" || tuple.Length is not (5 or 6))
            throw new PickleException($"a persistent id of kind '{typename}' with {tuple.Length} parts is not a storage.");
        if (tuple[1] is not TorchGlobal { Kind: TorchGlobalKind.Storage } type || tuple[2] is not string key || tuple[3] is not string)
            throw new PickleException("a storage's persistent id is not ('storage', storage type, key, location, numel).");
        long numel = Integer(tuple[4], "a storage's element count");
        if (numel < 0 || numel > long.MaxValue / 8) throw new PickleException($"storage '{key}' declares {numel} elements.");
        // In a zip the key names an entry under data/: nothing that could climb out of that folder.
        if (storageKeysAreEntryNames && (key.Length == 0 || key.Length > 256 || key.Contains('/') || key.Contains('\\') || key is "." or ".."))
            throw new PickleException($"storage key '{key}' is not a plain entry name.");
        if (_storages.TryGetValue(key, out var root))
        {
            if (root.Element != type.Element || root.Numel != numel)
                throw new PickleException($"storage '{key}' is named twice with different types or sizes.");
        }
        else
        {
            root = new TorchStorage(key, type.Element, numel);
            _storages.Add(key, root);
        }
        if (tuple.Length == 5 || tuple[5] is null) return new TorchStorageView(root, 0, numel);
        // Old legacy files could save a slice of a storage: (view_key, offset, view_size).
        if (tuple[5] is not object?[] { Length: 3 } view || view[0] is not string)
            throw new PickleException($"storage '{key}' has view metadata that is not (key, offset, size).");
        long offset = Integer(view[1], "a storage view's offset"), size = Integer(view[2], "a storage view's size");
        if (offset < 0 || size < 0 || offset > numel || size > numel - offset)
            throw new PickleException($"a view [{offset}, {offset} + {size}) of storage '{key}' lies outside its {numel} elements.");
        return new TorchStorageView(root, offset, size);
    }

    /// <inheritdoc/>
    public object Reduce(object? callable, object?[] args)
    {
        if (callable is not TorchGlobal global) throw new PickleException("the pickle calls something that is not an allowed function.");
        switch (global.Kind)
        {
            case TorchGlobalKind.OrderedDict:
                return NewOrderedDict(args);
            case TorchGlobalKind.RebuildTensor when args.Length == 4:
            case TorchGlobalKind.RebuildTensorV2 when args.Length is 6 or 7:
                if (args[0] is not TorchStorageView storage) throw new PickleException($"{global.FullName} is called without a storage.");
                return new TorchTensorView(storage, Integer(args[1], "a tensor's storage offset"), Integers(args[2], "a tensor's size"), Integers(args[3], "a tensor's stride"));
            case TorchGlobalKind.RebuildParameter when args.Length == 3:
            case TorchGlobalKind.RebuildParameterWithState when args.Length == 4:
                // A Parameter is its data for our purposes.
                return args[0] as TorchTensorView ?? throw new PickleException($"{global.FullName} is called without a tensor.");
            case TorchGlobalKind.Size when args.Length == 1 && args[0] is object?[] dims:
                return dims;
            case TorchGlobalKind.Storage:
                throw new PickleException($"the pickle calls '{global.FullName}' directly; storages may only come through persistent ids.");
            default:
                throw new PickleException($"the pickle calls '{global.FullName}' with {args.Length} arguments, which torch never writes.");
        }
    }

    /// <inheritdoc/>
    public object NewObject(object? cls, object?[] args)
    {
        if (cls is TorchGlobal { Kind: TorchGlobalKind.OrderedDict }) return NewOrderedDict(args);
        throw new PickleException(cls is TorchGlobal g ? $"the pickle makes an object of '{g.FullName}', which is not a class." : "the pickle makes an object of something that is not a class.");
    }

    /// <inheritdoc/>
    public void Build(object? target, object? state)
    {
        // A state dict carries its _metadata (per-module versions) as instance attributes of the OrderedDict.
        if (target is PickleDict dict && state is PickleDict)
        {
            dict.State = state;
            return;
        }
        throw new PickleException("the pickle sets the state of something other than a dict (BUILD).");
    }

    private static PickleDict NewOrderedDict(object?[] args)
    {
        var dict = new PickleDict(ordered: true);
        if (args.Length == 0) return dict;
        // OrderedDict([(key, value), ...]): the only argument form the pickle of a plain OrderedDict may take.
        if (args.Length != 1 || args[0] is not List<object?> pairs) throw new PickleException("OrderedDict is called with arguments other than a list of pairs.");
        foreach (var pair in pairs)
        {
            var kv = pair as object?[] ?? (pair as List<object?>)?.ToArray();
            if (kv is not { Length: 2 }) throw new PickleException("OrderedDict is called with an item that is not a (key, value) pair.");
            dict.Set(kv[0], kv[1]);
        }
        return dict;
    }

    private static long Integer(object? value, string what) => value switch
    {
        long v => v,
        BigInteger => throw new PickleException($"{what} is too large."),
        _ => throw new PickleException($"{what} is not an integer."),
    };

    private static long[] Integers(object? value, string what)
    {
        if (value is not object?[] items) throw new PickleException($"{what} is not a tuple.");
        if (items.Length > TorchLimits.MaxRank) throw new PickleException($"{what} has {items.Length} axes, over the limit of {TorchLimits.MaxRank}.");
        var result = new long[items.Length];
        for (int i = 0; i < items.Length; i++) result[i] = Integer(items[i], what);
        return result;
    }
}
