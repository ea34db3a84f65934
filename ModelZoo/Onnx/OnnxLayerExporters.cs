using KerasSharp.Layers;
using KerasSharp.ModelZoo;

namespace KerasSharp.Onnx;

/// <summary>Which exporter writes each kind of layer; a layer with no ONNX form fails naming itself and its class.</summary>
internal static class OnnxLayerExporters
{
    public static OnnxExportValue[] Convert(OnnxExportCall c) => c.Layer switch
    {
        Dense d => [OnnxDenseExporter.Dense(c, d)],
        EinsumDense e => [OnnxDenseExporter.EinsumDense(c, e)],
        Embedding e => [OnnxDenseExporter.Embedding(c, e)],
        BaseConv conv => [OnnxConvExporter.Convert(c, conv)],
        BasePooling p => [OnnxPoolingExporter.Pool(c, p)],
        GlobalAveragePooling1D p when c.Input.Mask is not null => [OnnxMaskExporter.MaskedAverage(c, p)],
        BaseGlobalPooling p => [OnnxPoolingExporter.GlobalPool(c, p)],
        AdaptiveAveragePooling2D p => [OnnxPoolingExporter.AdaptiveAverage(c, p)],
        BatchNormalization bn => [OnnxNormalizationExporter.BatchNorm(c, bn)],
        LayerNormalization ln => [OnnxNormalizationExporter.LayerNorm(c, ln, c.Input)],
        Activation or ELU or LeakyReLU or PReLU or ReLU or Softmax => [OnnxActivationExporter.Layer(c)],
        Merge m => [OnnxMergeExporter.Convert(c, m)],
        Flatten or Reshape or Permute or RepeatVector or ZeroPadding2D or Cropping2D or UpSampling2D => [OnnxReshapeExporter.Convert(c)],
        // Inference: these pass their input through.
        Dropout or GaussianNoise or SpatialDropout2D => [c.Input],
        MultiHeadAttention mha => OnnxAttentionExporter.Convert(c, mha),
        BertEmbeddings e => [OnnxBertExporter.Embeddings(c, e)],
        BertEncoderLayer e => [OnnxBertExporter.EncoderLayer(c, e)],
        BertPooler p => [OnnxBertExporter.Pooler(c, p)],
        BertLMHead h => [OnnxBertExporter.LMHead(c, h)],
        Lambda => throw c.Unsupported("a Lambda runs C# code, which has no ONNX form; write the computation with built-in layers"),
        Masking m => [OnnxMaskExporter.Masking(c, m)],
        RNN r => OnnxRecurrentExporter.Convert(c, r),
        Bidirectional b => OnnxRecurrentExporter.Bidirectional(c, b),
        _ => throw c.Unsupported("this layer has no ONNX exporter (the README's ONNX section lists the layers that export)"),
    };
}
