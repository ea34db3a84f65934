using KerasSharp.Onnx;

namespace KerasSharp.ModelZoo;

public static partial class Bert
{
    /// <summary>
    /// A <see cref="BertModel"/> of <paramref name="config"/> with the weights of a Hugging Face BERT exported to ONNX by
    /// PyTorch (<c>torch.onnx.export</c>, optimum, sentence-transformers' ONNX files). Initializers keep their Hugging Face
    /// names except the Linear weights, which the export stores as [in, out] under numeric names; each is found through
    /// the MatMul that reads it and the bias Add after it. The ONNX file carries no config, so give the one it was
    /// exported from (all-MiniLM-L6-v2: 6 layers, 384 wide, 12 heads, intermediate 1536).
    /// </summary>
    /// <param name="path">The ONNX file.</param>
    /// <param name="config">The architecture of the exported model.</param>
    /// <exception cref="OnnxFormatException">The file is damaged.</exception>
    /// <exception cref="ArgumentException">The weights do not fit <paramref name="config"/>; the message lists the keys.</exception>
    public static BertModel FromOnnx(string path, BertConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var state = OnnxBertWeights.Read(path);
        try
        {
            var model = new BertModel(config);
            var table = BertWeights.EncoderTable(config);
            if (BertWeights.HasBertPrefix(state.Keys)) table = BertWeights.Prefixed(table, "bert.");
            BertWeights.Load(model, state, table, ignored: IsHead);
            return model;
        }
        catch (ArgumentException e) { throw new ArgumentException($"'{path}': {e.Message}", e); }
        finally { foreach (var t in state.Values) t.Dispose(); }
    }
}
