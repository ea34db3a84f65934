namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// BertModel from a Hugging Face folder (safetensors or pytorch_model.bin) gives the reference BERT's hidden states and
/// pooled output, padding included, to 1e-4 on both backends; each hidden activation the reference supports.
/// </summary>
[TestClass]
public sealed class BertParityTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("gelu", "model.safetensors", "native")]
    [DataRow("gelu", "pytorch_model.bin", "native")]
    [DataRow("gelu", "model.safetensors", "torch")]
    [DataRow("gelu_new", "pytorch_model.bin", "torch")]
    [DataRow("gelu_new", "model.safetensors", "native")]
    [DataRow("relu", "model.safetensors", "native")]
    public void MatchesTheReference(string hiddenAct, string weightsFile, string backend)
    {
        var f = BertFixtures.Get(hiddenAct);
        Backend.Set(backend);
        var bert = Bert.FromPretrained(BertFixtures.FolderWith(f, weightsFile));
        var (hidden, pooled) = bert.Encode(Tensor.FromArray(f.Ids, f.Batch, f.Length), Tensor.FromArray(f.Mask, f.Batch, f.Length),
                                           Tensor.FromArray(f.Types, f.Batch, f.Length));
        AssertClose(f.Hidden, hidden.ToArray<float>(), $"{hiddenAct} {weightsFile} {backend}: hidden states");
        AssertClose(f.Pooled, pooled.ToArray<float>(), $"{hiddenAct} {weightsFile} {backend}: pooled output");
    }

    internal static void AssertClose(float[] expected, float[] actual, string what) => AssertCloseWithin(expected, actual, 1e-4, what);

    internal static void AssertCloseWithin(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], actual[i], tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}: element {i}");
    }
}
