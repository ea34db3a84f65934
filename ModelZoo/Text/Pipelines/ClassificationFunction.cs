namespace KerasSharp.ModelZoo;

/// <summary>What <see cref="TextClassificationPipeline"/> applies to the head's logits (Hugging Face's <c>function_to_apply</c>).</summary>
public enum ClassificationFunction
{
    /// <summary>A probability distribution over the labels: one label is true.</summary>
    Softmax,
    /// <summary>An independent probability per label: any number of labels may be true (multi-label, or one output unit).</summary>
    Sigmoid,
    /// <summary>The raw logits (regression heads).</summary>
    None,
}
