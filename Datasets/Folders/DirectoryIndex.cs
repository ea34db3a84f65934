namespace KerasSharp.Datasets;

/// <summary>
/// Keras's index_directory: class subfolders (sorted, or the given class names, which must be exactly the subfolders),
/// their files with the wanted extensions found recursively in sorted order, and, with shuffling, the one permutation
/// NumPy's <c>RandomState(seed).shuffle</c> gives (so the same seed picks the same files as Keras); then the
/// validation split: the last <c>int(validationSplit * n)</c> files.
/// </summary>
internal static class DirectoryIndex
{
    public static (string[] Paths, int[] Labels, string[] ClassNames) Index(string what, string directory, string[] extensions,
        IReadOnlyList<string>? classNames, bool shuffle, int? seed, double? validationSplit, string? subset, bool followLinks)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{what}: the folder {directory} does not exist.");
        if (validationSplit is double v && !(v > 0 && v < 1))
            throw new ArgumentOutOfRangeException(nameof(validationSplit), $"{what}: validationSplit must be in (0, 1), got {v}.");
        if (validationSplit is not null && subset is not ("training" or "validation"))
            throw new ArgumentException($"{what}: with validationSplit, subset must be \"training\" or \"validation\", got {(subset is null ? "null" : $"\"{subset}\"")}.");
        if (validationSplit is null && subset is not null)
            throw new ArgumentException($"{what}: subset \"{subset}\" needs a validationSplit.");
        if (validationSplit is not null && shuffle && seed is null)
            throw new ArgumentException($"{what}: with validationSplit and shuffle, give a seed so that the training and validation subsets do not overlap.");
        var subdirs = Directory.GetDirectories(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        string[] names;
        if (classNames is not null)
        {
            if (!classNames.Order(StringComparer.Ordinal).SequenceEqual(subdirs!))
                throw new ArgumentException($"{what}: classNames ({string.Join(", ", classNames)}) must be the subfolders of {directory} ({string.Join(", ", subdirs)}).");
            names = classNames.ToArray();
        }
        else names = subdirs!;
        if (names.Length == 0) throw new ArgumentException($"{what}: {directory} has no class subfolders (one folder per class holding its files).");
        var paths = new List<string>();
        var labels = new List<int>();
        for (int c = 0; c < names.Length; c++)
        {
            foreach (var file in Walk(Path.Combine(directory, names[c]), extensions, followLinks))
            {
                paths.Add(file);
                labels.Add(c);
            }
        }
        if (paths.Count == 0) throw new ArgumentException($"{what}: no files with the extensions {string.Join(", ", extensions)} under {directory}.");
        var p = paths.ToArray();
        var l = labels.ToArray();
        if (shuffle)
        {
            var order = new NumpyRandomState((uint)(seed ?? (int)(RandomGenerator.Global.NextSeed() % 1_000_000))).Permutation(p.Length);
            p = order.Select(i => p[i]).ToArray();
            l = order.Select(i => l[i]).ToArray();
        }
        if (validationSplit is double split)
        {
            int val = (int)(split * p.Length);
            if (subset == "training") { p = p[..(p.Length - val)]; l = l[..(l.Length - val)]; }
            else { p = p[(p.Length - val)..]; l = l[(l.Length - val)..]; }
            Console.Error.WriteLine($"Using {p.Length} files for {subset}.");
        }
        return (p, l, names);
    }

    private static IEnumerable<string> Walk(string folder, string[] extensions, bool followLinks)
    {
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            if (extensions.Contains(Path.GetExtension(file).ToLowerInvariant())) yield return file;
        foreach (var sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (!followLinks && new DirectoryInfo(sub).LinkTarget is not null) continue;
            foreach (var f in Walk(sub, extensions, followLinks)) yield return f;
        }
    }
}
