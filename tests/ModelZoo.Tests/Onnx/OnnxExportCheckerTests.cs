using KerasSharp.Models;
using KerasSharp.Models.Tests.Saving.Formats;
using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo.Tests.Onnx;

/// <summary>
/// The reference implementation's checker (Debian's python3-onnx 1.12, which knows opsets up to 17) accepts every
/// exported file: <c>onnx.checker.check_model(full_check=True)</c> checks the schema, each node against its operator's
/// definition, and runs strict shape inference over the graph.
/// </summary>
[TestClass]
public sealed class OnnxExportCheckerTests
{
    private const string Script = """
        import os, sys, onnx
        folder = sys.argv[1]
        for name in sorted(os.listdir(folder)):
            model = onnx.load(os.path.join(folder, name))
            onnx.checker.check_model(model, full_check=True)
            print(name)
        """;

    [TestMethod]
    public void TheOnnxCheckerAcceptsEveryExportedFile()
    {
        var folder = Directory.CreateTempSubdirectory("ks-onnx-checker-").FullName;
        try
        {
            var files = new List<string>();
            void Export(string id, Model model)
            {
                model.ExportOnnx(Path.Combine(folder, $"{id}.onnx"), opset: 17);
                files.Add($"{id}.onnx");
            }
            foreach (var c in OnnxExportCases.All) Export(c.Id, c.Make());
            Export("resnet18", Applications.ResNet18(weights: null, inputShape: [32, 32, 3], classes: 10));
            Export("bert", new BertModel(new BertConfig { VocabSize = 40, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 4, IntermediateSize = 24, MaxPositionEmbeddings = 12 }));
            var checkedFiles = Python.RunWith("import onnx", "python3-onnx", Script, folder).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            CollectionAssert.AreEqual(files.Order(StringComparer.Ordinal).ToArray(), checkedFiles);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
