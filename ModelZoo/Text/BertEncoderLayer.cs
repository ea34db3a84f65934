using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>
/// One BERT encoder layer, post-LN as published: multi-head self-attention (query, key and value projections, scaled
/// dot-product attention over the positions the mask keeps, the output projection), dropout, residual and
/// LayerNormalization; then the feed-forward block (intermediate projection, activation, output projection), dropout,
/// residual and LayerNormalization. Inputs: hidden states [batch, length, hidden] and the attention mask [batch, length]
/// (1 for tokens, 0 for padding).
/// </summary>
public sealed class BertEncoderLayer : Layer
{
    private readonly Dense _query, _key, _value, _attentionOutput, _intermediate, _output;
    private readonly LayerNormalization _attentionNorm, _outputNorm;
    private readonly Dropout _attentionDropout, _attentionOutputDropout, _outputDropout;

    /// <summary>Creates the layer (weights initialised as BERT's: normal with standard deviation 0.02, zero biases).</summary>
    public BertEncoderLayer(int hiddenSize, int numAttentionHeads, int intermediateSize, string hiddenAct = "gelu", double layerNormEps = 1e-12,
                            double hiddenDropout = 0.1, double attentionDropout = 0.1, string? name = null) : base(name)
    {
        if (hiddenSize % numAttentionHeads != 0)
            throw new ArgumentException($"BertEncoderLayer: num_attention_heads ({numAttentionHeads}) must divide hidden_size ({hiddenSize}).");
        _ = ActivationOf(hiddenAct);
        HiddenSize = hiddenSize;
        NumAttentionHeads = numAttentionHeads;
        IntermediateSize = intermediateSize;
        HiddenAct = hiddenAct;
        LayerNormEps = layerNormEps;
        HiddenDropout = hiddenDropout;
        AttentionDropout = attentionDropout;
        var init = new TruncatedNormal(stddev: 0.02);
        Dense Projection(string n, int units) => new(units, kernelInitializer: init, name: $"{Name}.{n}");
        _query = Projection("query", hiddenSize);
        _key = Projection("key", hiddenSize);
        _value = Projection("value", hiddenSize);
        _attentionOutput = Projection("attention_output", hiddenSize);
        _intermediate = Projection("intermediate", intermediateSize);
        _output = Projection("output", hiddenSize);
        _attentionNorm = new LayerNormalization(epsilon: layerNormEps, name: $"{Name}.attention_norm");
        _outputNorm = new LayerNormalization(epsilon: layerNormEps, name: $"{Name}.output_norm");
        _attentionDropout = new Dropout(attentionDropout, name: $"{Name}.attention_dropout");
        _attentionOutputDropout = new Dropout(hiddenDropout, name: $"{Name}.attention_output_dropout");
        _outputDropout = new Dropout(hiddenDropout, name: $"{Name}.output_dropout");
    }

    /// <summary>Width of the hidden states.</summary>
    public int HiddenSize { get; }
    /// <summary>Attention heads.</summary>
    public int NumAttentionHeads { get; }
    /// <summary>Width of the feed-forward block.</summary>
    public int IntermediateSize { get; }
    /// <summary>The feed-forward activation ("gelu", "gelu_new", "gelu_pytorch_tanh", "relu").</summary>
    public string HiddenAct { get; }
    /// <summary>LayerNormalization's epsilon.</summary>
    public double LayerNormEps { get; }
    /// <summary>Dropout on the two blocks' outputs.</summary>
    public double HiddenDropout { get; }
    /// <summary>Dropout on the attention weights.</summary>
    public double AttentionDropout { get; }

    /// <inheritdoc/>
    public override Tensor Call(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (inputs.Count != 2) throw new ArgumentException($"Layer '{Name}' takes hidden states and an attention mask, received {inputs.Count} inputs.");
        var h = inputs[0];
        int batch = h.Shape[0], length = h.Shape[1], heads = NumAttentionHeads, depth = HiddenSize / heads;
        Tensor Heads(Tensor x) => Ops.Transpose(Ops.Reshape(x, batch, length, heads, depth), [0, 2, 1, 3]);
        var q = Heads(_query.Apply(h, training));
        var k = Heads(_key.Apply(h, training));
        var v = Heads(_value.Apply(h, training));
        // Padding positions get the most negative float added to their scores, as Hugging Face's BERT does.
        var keep = Ops.Cast(Ops.Reshape(inputs[1], batch, 1, 1, length), h.DType);
        var scores = Ops.Add(Ops.MultiplyScalar(Ops.MatMul(q, Ops.Transpose(k, [0, 1, 3, 2])), 1 / Math.Sqrt(depth)),
                             Ops.MultiplyScalar(Ops.AddScalar(Ops.Negative(keep), 1), float.MinValue));
        var weights = _attentionDropout.Apply(Ops.Softmax(scores, -1), training);
        var context = Ops.Reshape(Ops.Transpose(Ops.MatMul(weights, v), [0, 2, 1, 3]), batch, length, HiddenSize);
        var attended = _attentionNorm.Apply(Ops.Add(_attentionOutputDropout.Apply(_attentionOutput.Apply(context, training), training), h), training);
        var inner = ActivationOf(HiddenAct)(_intermediate.Apply(attended, training));
        return _outputNorm.Apply(Ops.Add(_outputDropout.Apply(_output.Apply(inner, training), training), attended), training);
    }

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(IReadOnlyList<int?[]> inputShapes) => inputShapes[0];

    /// <summary>BERT's activation by its config name.</summary>
    internal static Func<Tensor, Tensor> ActivationOf(string name) => name switch
    {
        "gelu" => x => Ops.Gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" => x => Ops.Gelu(x, approximate: true),
        "relu" => Ops.Relu,
        _ => throw new ArgumentException($"BertEncoderLayer: hidden_act '{name}' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)."),
    };

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["hidden_size"] = HiddenSize;
        c["num_attention_heads"] = NumAttentionHeads;
        c["intermediate_size"] = IntermediateSize;
        c["hidden_act"] = HiddenAct;
        c["layer_norm_eps"] = LayerNormEps;
        c["hidden_dropout"] = HiddenDropout;
        c["attention_dropout"] = AttentionDropout;
        return c;
    }
}
