using KerasSharp.Layers;

namespace KerasSharp.ModelZoo;

/// <summary>BERT's pooler: a tanh dense layer on the first token's ([CLS]) hidden state: [batch, length, hidden] → [batch, hidden].</summary>
public sealed class BertPooler : Layer
{
    private readonly Dense _dense;

    /// <summary>Creates the pooler.</summary>
    public BertPooler(int hiddenSize, string? name = null) : base(name)
    {
        HiddenSize = hiddenSize;
        _dense = new Dense(hiddenSize, activation: "tanh", kernelInitializer: new TruncatedNormal(stddev: 0.02), name: $"{Name}.dense");
    }

    /// <summary>Width of the hidden states.</summary>
    public int HiddenSize { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor inputs, bool training) =>
        _dense.Apply(Ops.Squeeze(Ops.SliceAxis(inputs, 1, 0, 1), 1), training);

    /// <inheritdoc/>
    public override int?[] ComputeOutputShape(int?[] inputShape) => [inputShape[0], HiddenSize];

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var c = base.GetConfig();
        c["hidden_size"] = HiddenSize;
        return c;
    }
}
