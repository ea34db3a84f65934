namespace KerasSharp.ModelZoo;

/// <summary>
/// The model inputs <see cref="BertTokenizer.Encode(IReadOnlyList{string}, IReadOnlyList{string}?, int?, string, bool)"/>
/// makes: three int64 tensors of shape [batch, length]. Disposing it disposes the three tensors.
/// </summary>
public sealed class BertEncoding : IDisposable
{
    /// <summary>Wraps the three tensors; they must have the same shape.</summary>
    /// <param name="inputIds">Token ids, padded with the pad token's id.</param>
    /// <param name="attentionMask">1 for a real token, 0 for padding.</param>
    /// <param name="tokenTypeIds">0 for the first text (with [CLS] and its [SEP]), 1 for the second of a pair; 0 for padding.</param>
    public BertEncoding(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        ArgumentNullException.ThrowIfNull(tokenTypeIds);
        if (attentionMask.Shape != inputIds.Shape || tokenTypeIds.Shape != inputIds.Shape)
            throw new ArgumentException(
                $"BertEncoding: input_ids {inputIds.Shape}, attention_mask {attentionMask.Shape} and token_type_ids {tokenTypeIds.Shape} must have one shape.");
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
    }

    /// <summary>Token ids (Hugging Face's <c>input_ids</c>), [batch, length], int64.</summary>
    public Tensor InputIds { get; }

    /// <summary>1 where there is a token and 0 where there is padding (<c>attention_mask</c>), [batch, length], int64.</summary>
    public Tensor AttentionMask { get; }

    /// <summary>Segment of each token, 0 or 1 (<c>token_type_ids</c>), [batch, length], int64.</summary>
    public Tensor TokenTypeIds { get; }

    /// <summary>Disposes the three tensors.</summary>
    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TokenTypeIds.Dispose();
    }
}
