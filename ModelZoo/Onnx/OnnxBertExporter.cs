using KerasSharp.Layers;
using KerasSharp.ModelZoo;
using static KerasSharp.Onnx.OnnxExportGraph;

namespace KerasSharp.Onnx;

/// <summary>The text zoo's BERT layers (embeddings, encoder layer, pooler) as ONNX ops, for any sequence length.</summary>
internal static class OnnxBertExporter
{
    private static T Sub<T>(Layer owner, string suffix) where T : Layer =>
        owner.Layers.OfType<T>().Single(l => l.Name == $"{owner.Name}.{suffix}");

    public static OnnxExportValue Embeddings(OnnxExportCall c, BertEmbeddings e)
    {
        var g = c.Graph;
        var s = c.Scope;
        var ids = g.Keras(c.Inputs[0]);
        var words = OnnxDenseExporter.Gather(g, Sub<Embedding>(e, "word_embeddings"), ids, c.Inputs[0].DType, s);
        var length = g.Op("Gather", s, [g.Op("Shape", s, [ids]), g.LongScalar(1)], Int("axis", 0));
        var positionIds = g.Op("Range", s, [g.LongScalar(0), length, g.LongScalar(1)]);
        var positions = OnnxDenseExporter.Gather(g, Sub<Embedding>(e, "position_embeddings"), positionIds, DType.Int64, s);
        var types = OnnxDenseExporter.Gather(g, Sub<Embedding>(e, "token_type_embeddings"), g.Keras(c.Inputs[1]), c.Inputs[1].DType, s);
        var sum = g.Op("Add", s, [g.Op("Add", s, [words, positions]), types]);
        return c.Out(OnnxNormalizationExporter.LayerNorm(g, Sub<LayerNormalization>(e, "layer_norm"), sum, c.OutputShape, s));
    }

    public static OnnxExportValue EncoderLayer(OnnxExportCall c, BertEncoderLayer e)
    {
        var g = c.Graph;
        var s = c.Scope;
        var h = g.Keras(c.Inputs[0]);
        var shape = c.Inputs[0].Shape;
        int heads = e.NumAttentionHeads, depth = e.HiddenSize / heads;
        string Dense(string name, string x) => OnnxDenseExporter.Linear(g, Sub<Dense>(e, name), x, 3, $"{s}/{name}");
        string Heads(string name) => g.Reshape(s, Dense(name, h), 0, 0, heads, depth);
        var q = g.Op("Transpose", s, [Heads("query")], Ints("perm", [0, 2, 1, 3]));
        var kT = g.Op("Transpose", s, [Heads("key")], Ints("perm", [0, 2, 3, 1]));
        var v = g.Op("Transpose", s, [Heads("value")], Ints("perm", [0, 2, 1, 3]));
        // [batch, length] -> [batch, 1, 1, length]: padding keys are left out of every query's softmax
        var keep = g.Op("Unsqueeze", s, [g.Op("Cast", s, [g.Keras(c.Inputs[1])], Int("to", OnnxTensorWriter.ElementType(DType.Bool))), g.Longs(1, 2)]);
        var (attention, _) = OnnxAttentionExporter.Attend(g, s, q, kT, v, keep, 1 / Math.Sqrt(depth));
        var context = g.Reshape(s, g.Op("Transpose", s, [attention], Ints("perm", [0, 2, 1, 3])), 0, 0, e.HiddenSize);
        var attended = OnnxNormalizationExporter.LayerNorm(g, Sub<LayerNormalization>(e, "attention_norm"),
                                                           g.Op("Add", s, [Dense("attention_output", context), h]), shape, $"{s}/attention_norm");
        var inner = HiddenActivation(c, e.HiddenAct, Dense("intermediate", attended));
        var output = g.Op("Add", s, [Dense("output", inner), attended]);
        return c.Out(OnnxNormalizationExporter.LayerNorm(g, Sub<LayerNormalization>(e, "output_norm"), output, shape, $"{s}/output_norm"));
    }

    // BERT's hidden_act names
    private static string HiddenActivation(OnnxExportCall c, string hiddenAct, string x) => hiddenAct switch
    {
        "gelu" => OnnxActivationExporter.Gelu(c, x, approximate: false),
        "gelu_new" or "gelu_pytorch_tanh" => OnnxActivationExporter.Gelu(c, x, approximate: true),
        "relu" => c.Graph.Op("Relu", c.Scope, [x]),
        _ => throw c.Unsupported($"hidden_act '{hiddenAct}' has no ONNX form here"),
    };

    /// <summary>The masked-LM head: transform, activation, LayerNormalization, then logits over the tied word embeddings plus a bias.</summary>
    public static OnnxExportValue LMHead(OnnxExportCall c, BertLMHead head)
    {
        var g = c.Graph;
        var s = c.Scope;
        var transform = Sub<Dense>(head, "transform");
        var t = HiddenActivation(c, head.HiddenAct, OnnxDenseExporter.Linear(g, transform, g.Keras(c.Input), 3, $"{s}/transform"));
        t = OnnxNormalizationExporter.LayerNorm(g, Sub<LayerNormalization>(head, "layer_norm"), t, c.Input.Shape, $"{s}/layer_norm");
        // the decoder is the word-embedding table itself (stored once), transposed in the graph
        var words = head.Layers.OfType<Embedding>().Single();
        var decoder = g.Op("Transpose", s, [g.Weight(words.Embeddings!, words)], Ints("perm", [1, 0]));
        var inner = head.Layers.SelectMany(l => l.Weights).ToHashSet();
        var bias = head.Weights.Single(w => !inner.Contains(w));
        return c.Out(g.Op("Add", s, [g.Op("MatMul", s, [t, decoder]), g.Weight(bias, head)]));
    }

    public static OnnxExportValue Pooler(OnnxExportCall c, BertPooler p)
    {
        var g = c.Graph;
        var s = c.Scope;
        var first = g.Op("Gather", s, [g.Keras(c.Input), g.LongScalar(0)], Int("axis", 1)); // the [CLS] token's state
        var dense = Sub<Dense>(p, "dense");
        var y = OnnxDenseExporter.Linear(g, dense, first, 2, $"{s}/dense");
        return c.Out(OnnxActivationExporter.Apply(c, dense.ActivationName, y));
    }
}
