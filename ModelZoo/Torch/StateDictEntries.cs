using System.Numerics;

namespace KerasSharp.ModelZoo;

/// <summary>Turns the value a state dict's pickle holds into its checked (name, tensor view) entries, in order.</summary>
internal static class StateDictEntries
{
    /// <summary>
    /// The entries of <paramref name="root"/>, which must be a dict of string keys and tensors; every view is checked
    /// against its storage. Errors name <paramref name="path"/> and the key (or <paramref name="pickleEntry"/>).
    /// </summary>
    public static List<(string Name, TorchTensorView View)> From(object? root, string path, string? pickleEntry)
    {
        if (root is not PickleDict dict)
            throw new ModelFileException(path, pickleEntry, $"the pickle holds {Describe(root)}, not a state dict (a dict of tensors).");
        var entries = new List<(string, TorchTensorView)>(dict.Items.Count);
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name) throw new ModelFileException(path, pickleEntry, $"the state dict has a key that is {Describe(key)}, not a string.");
            if (value is not TorchTensorView view)
                throw new ModelFileException(path, name, $"the value is {Describe(value)}, not a tensor; only state dicts (name -> tensor) are read.");
            if (view.Check() is { } problem) throw new ModelFileException(path, name, problem);
            entries.Add((name, view));
        }
        return entries;
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        bool => "a bool",
        long or BigInteger => "an integer",
        double => "a float",
        string => "a string",
        byte[] => "bytes",
        object?[] => "a tuple",
        List<object?> => "a list",
        PickleDict => "a dict",
        TorchTensorView => "a tensor",
        TorchStorageView => "a storage",
        TorchGlobal g => $"'{g.FullName}'",
        _ => value.GetType().Name,
    };
}
