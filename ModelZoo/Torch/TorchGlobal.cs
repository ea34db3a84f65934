using KerasSharp.Saving;
namespace KerasSharp.ModelZoo;

/// <summary>What an allowed global stands for.</summary>
internal enum TorchGlobalKind
{
    OrderedDict, RebuildTensor, RebuildTensorV2, RebuildParameter, RebuildParameterWithState, Size, Storage,
}

/// <summary>A marker for one of the few globals a state dict's pickle may name; it never refers to code.</summary>
internal sealed record TorchGlobal(string FullName, TorchGlobalKind Kind, StoredElement Element = default)
{
    private static readonly Dictionary<string, TorchGlobalKind> Functions = new(StringComparer.Ordinal)
    {
        ["collections.OrderedDict"] = TorchGlobalKind.OrderedDict,
        ["torch._utils._rebuild_tensor"] = TorchGlobalKind.RebuildTensor,
        ["torch._utils._rebuild_tensor_v2"] = TorchGlobalKind.RebuildTensorV2,
        ["torch._utils._rebuild_parameter"] = TorchGlobalKind.RebuildParameter,
        ["torch._utils._rebuild_parameter_with_state"] = TorchGlobalKind.RebuildParameterWithState,
        ["torch.Size"] = TorchGlobalKind.Size,
    };

    // Globals of real torch files that we recognise but do not read: the refusal says what they are.
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["torch._utils._rebuild_qtensor"] = "quantized tensors",
        ["torch._utils._rebuild_sparse_tensor"] = "sparse tensors",
        ["torch._utils._rebuild_sparse_csr_tensor"] = "sparse tensors",
        ["torch._utils._rebuild_meta_tensor_no_storage"] = "tensors on the meta device, which hold no data",
        ["torch._utils._rebuild_device_tensor_from_numpy"] = "tensors saved through NumPy",
        ["torch._utils._rebuild_wrapper_subclass"] = "tensor subclasses",
        ["torch._utils._rebuild_nested_tensor"] = "nested tensors",
        ["torch._utils._rebuild_tensor_v3"] = "tensors of dtypes without a storage class",
        ["torch._tensor._rebuild_from_type_v2"] = "tensor subclasses or tensors with Python attributes",
        ["torch.UntypedStorage"] = "untyped storages",
    };

    /// <summary>The marker for <paramref name="module"/>.<paramref name="name"/>; throws <see cref="PickleException"/> for any other global.</summary>
    public static TorchGlobal Find(string module, string name)
    {
        var full = module + "." + name;
        if (Functions.TryGetValue(full, out var kind)) return new TorchGlobal(full, kind);
        // Legacy files saved from a GPU name torch.cuda.FloatStorage and so on: the bytes are the same.
        if (module is "torch" or "torch.cuda")
        {
            if (TorchElements.FromStorageClass(name) is { } element) return new TorchGlobal(full, TorchGlobalKind.Storage, element);
            if (name.EndsWith("Storage", StringComparison.Ordinal))
                throw new PickleException($"the pickle asks for global '{full}', a storage type this reader does not support (complex and quantized storages are not read).");
        }
        if (Unsupported.TryGetValue(full, out var what))
            throw new PickleException($"the pickle asks for global '{full}' ({what}), which this reader does not support.");
        throw new PickleException($"the pickle asks for global '{full}', which a state dict never holds; refusing to load.");
    }
}
