namespace KerasSharp.ModelZoo;

/// <summary>
/// The largest tokenizer files the zoo reads. A vocabulary or configuration over these is refused before it is read,
/// so a huge or hostile file cannot make the process allocate what the file merely holds.
/// </summary>
public static class TokenizerLimits
{
    /// <summary>Largest <c>vocab.txt</c>: 64 MiB. BERT-base's is 226 KiB (30,522 tokens), multilingual BERT's 850 KiB.</summary>
    public const long MaxVocabularyBytes = 64L << 20;

    /// <summary>Most tokens in a vocabulary: 1,000,000, eight times the largest published WordPiece vocabularies.</summary>
    public const int MaxVocabularyTokens = 1_000_000;

    /// <summary>Largest <c>tokenizer_config.json</c> or <c>special_tokens_map.json</c>: 1 MiB (BERT's are under 2 KiB).</summary>
    public const long MaxConfigBytes = 1L << 20;
}
