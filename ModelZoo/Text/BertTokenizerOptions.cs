namespace KerasSharp.ModelZoo;

/// <summary>
/// How a <see cref="BertTokenizer"/> treats text: the settings of Hugging Face's <c>tokenizer_config.json</c>, with its
/// defaults. <see cref="BertTokenizer.FromFolder"/> fills them from the files; <see cref="BertTokenizer.FromVocab(string, BertTokenizerOptions)"/>
/// takes them as given.
/// </summary>
public sealed record BertTokenizerOptions
{
    /// <summary>Lower-case the text (<c>do_lower_case</c>), as the "uncased" checkpoints need. Default true.</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>
    /// Remove accents (<c>strip_accents</c>): NFD, then drop the non-spacing marks, so "é" becomes "e". Null, the default,
    /// follows <see cref="LowerCase"/>, as the original BERT did.
    /// </summary>
    public bool? StripAccents { get; init; }

    /// <summary>Make every CJK ideograph a word of its own (<c>tokenize_chinese_chars</c>). Default true.</summary>
    public bool TokenizeChineseChars { get; init; } = true;

    /// <summary>
    /// The longest sequence the model takes (<c>model_max_length</c>), used when <c>Encode</c> gets no maximum length.
    /// Default 512, BERT's position count; null when the configuration sets no limit.
    /// </summary>
    public int? ModelMaxLength { get; init; } = 512;

    /// <summary>
    /// Let <c>Decode</c> remove the spaces that joining tokens puts before ". , ! ?" and inside English contractions
    /// (<c>clean_up_tokenization_spaces</c>). Default true, as Hugging Face's BertTokenizer.
    /// </summary>
    public bool CleanUpTokenizationSpaces { get; init; } = true;

    /// <summary>The token for what the vocabulary cannot spell (<c>unk_token</c>). Default "[UNK]".</summary>
    public string UnkToken { get; init; } = "[UNK]";

    /// <summary>The token that ends each sequence (<c>sep_token</c>). Default "[SEP]".</summary>
    public string SepToken { get; init; } = "[SEP]";

    /// <summary>The token that pads a batch to one length (<c>pad_token</c>). Default "[PAD]".</summary>
    public string PadToken { get; init; } = "[PAD]";

    /// <summary>The token that starts every input, whose vector the pooler reads (<c>cls_token</c>). Default "[CLS]".</summary>
    public string ClsToken { get; init; } = "[CLS]";

    /// <summary>The token masked language modelling predicts (<c>mask_token</c>). Default "[MASK]"; the vocabulary may lack it.</summary>
    public string MaskToken { get; init; } = "[MASK]";

    /// <summary>Whether accents are removed: <see cref="StripAccents"/>, or <see cref="LowerCase"/> when that is null.</summary>
    public bool StripsAccents => StripAccents ?? LowerCase;
}
