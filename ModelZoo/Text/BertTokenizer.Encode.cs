namespace KerasSharp.ModelZoo;

public sealed partial class BertTokenizer
{
    /// <summary>The padding choices of <see cref="Encode(IReadOnlyList{string}, IReadOnlyList{string}?, int?, string, bool)"/>, Hugging Face's names.</summary>
    public static readonly IReadOnlyList<string> PaddingModes = ["longest", "max_length", "do_not_pad"];

    /// <summary>
    /// The model inputs for one text, or one pair of texts: <c>[CLS] A [SEP]</c> or <c>[CLS] A [SEP] B [SEP]</c>, shape [1, length].
    /// See <see cref="Encode(IReadOnlyList{string}, IReadOnlyList{string}?, int?, string, bool)"/>.
    /// </summary>
    public BertEncoding Encode(string text, string? textPair = null, int? maxLength = null, string padding = "longest", bool truncation = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode([text], textPair is null ? null : [textPair], maxLength, padding, truncation);
    }

    /// <summary>
    /// The model inputs for a batch of texts, or of pairs (<paramref name="texts"/>[i] with <paramref name="textPairs"/>[i]):
    /// input_ids, attention_mask and token_type_ids as int64 tensors of shape [batch, length], as Hugging Face's
    /// tokenizer returns them with <c>return_tensors</c>.
    /// </summary>
    /// <param name="texts">The texts; each becomes <c>[CLS] text [SEP]</c>.</param>
    /// <param name="textPairs">Second texts, one per text, or null: each pair becomes <c>[CLS] A [SEP] B [SEP]</c>, token
    /// type 0 up to the first [SEP] and 1 after it.</param>
    /// <param name="maxLength">Longest sequence, special tokens included; null takes <see cref="ModelMaxLength"/>.</param>
    /// <param name="padding">"longest" pads to the longest sequence in the batch, "max_length" to
    /// <paramref name="maxLength"/>, "do_not_pad" not at all (the sequences must then have one length).</param>
    /// <param name="truncation">Cut sequences to <paramref name="maxLength"/>: a text from its end; a pair "longest_first",
    /// taking tokens off the longer text until the two are level and then off both in turn.</param>
    /// <exception cref="ArgumentException">The batch is empty or the pairs do not match the texts; an unknown padding;
    /// sequences that do not fit the padding without truncation.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> leaves no room for the special tokens.</exception>
    public BertEncoding Encode(IReadOnlyList<string> texts, IReadOnlyList<string>? textPairs = null, int? maxLength = null,
                               string padding = "longest", bool truncation = true)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(padding);
        if (texts.Count == 0) throw new ArgumentException("BertTokenizer.Encode: the batch is empty; give at least one text.", nameof(texts));
        if (textPairs is not null && textPairs.Count != texts.Count)
            throw new ArgumentException($"BertTokenizer.Encode: {texts.Count} texts but {textPairs.Count} text pairs; give one second text per text.", nameof(textPairs));
        if (!PaddingModes.Contains(padding))
            throw new ArgumentException($"BertTokenizer.Encode: unknown padding '{padding}'; use {string.Join(", ", PaddingModes.Select(p => $"\"{p}\""))}.", nameof(padding));
        int specials = textPairs is null ? 2 : 3;
        int? limit = maxLength ?? ModelMaxLength;
        if (maxLength is not null && maxLength < specials)
            throw new ArgumentOutOfRangeException(nameof(maxLength),
                $"BertTokenizer.Encode: maxLength {maxLength} leaves no room for the {specials} special tokens of each {(specials == 2 ? "text" : "pair")}.");
        if (padding == "max_length" && limit is null)
            throw new ArgumentException("BertTokenizer.Encode: padding \"max_length\" needs maxLength, and this tokenizer has no ModelMaxLength.", nameof(maxLength));

        var rows = new int[texts.Count][];
        var secondStarts = new int[texts.Count];      // index of the first token of type 1 (the row's length if none)
        for (int i = 0; i < texts.Count; i++)
        {
            var first = TextIds(texts[i] ?? throw new ArgumentNullException(nameof(texts), $"BertTokenizer.Encode: texts[{i}] is null."));
            var second = textPairs is null ? null
                : TextIds(textPairs[i] ?? throw new ArgumentNullException(nameof(textPairs), $"BertTokenizer.Encode: textPairs[{i}] is null."));
            var (keepFirst, keepSecond) = truncation && limit is int budget
                ? LongestFirstTruncation.Keep(first.Count, second?.Count ?? 0, budget - specials)
                : (first.Count, second?.Count ?? 0);
            rows[i] = WithSpecialTokens(first, keepFirst, second, keepSecond);
            secondStarts[i] = second is null ? rows[i].Length : keepFirst + 2;
        }
        return ToTensors(rows, secondStarts, PaddedLength(rows, padding, limit));
    }

    private static int PaddedLength(int[][] rows, string padding, int? limit)
    {
        int longest = rows.Max(r => r.Length);
        switch (padding)
        {
            case "longest":
                return longest;
            case "max_length":
                int index = Array.FindIndex(rows, r => r.Length > limit!.Value);
                if (index >= 0)
                    throw new ArgumentException(
                        $"BertTokenizer.Encode: sequence {index} has {rows[index].Length} tokens, more than maxLength {limit}; pass truncation: true.");
                return limit!.Value;
            default:
                int other = Array.FindIndex(rows, r => r.Length != rows[0].Length);
                if (other >= 0)
                    throw new ArgumentException(
                        $"BertTokenizer.Encode: with padding \"do_not_pad\" the sequences must have one length to make a tensor; sequence 0 has " +
                        $"{rows[0].Length} tokens and sequence {other} has {rows[other].Length}. Use padding \"longest\".");
                return longest;
        }
    }

    private BertEncoding ToTensors(int[][] rows, int[] secondStarts, int length)
    {
        long size = (long)rows.Length * length;
        if (size > Array.MaxLength)
            throw new ArgumentException($"BertTokenizer.Encode: {rows.Length} sequences of {length} tokens are too many for one tensor.");
        var ids = new long[size];
        var mask = new long[size];
        var types = new long[size];
        for (int i = 0; i < rows.Length; i++)
        {
            int offset = i * length;
            for (int j = 0; j < length; j++)
            {
                bool real = j < rows[i].Length;
                ids[offset + j] = real ? rows[i][j] : PadTokenId;
                mask[offset + j] = real ? 1 : 0;
                types[offset + j] = real && j >= secondStarts[i] ? 1 : 0;
            }
        }
        return new BertEncoding(Tensor.FromArray(ids, rows.Length, length), Tensor.FromArray(mask, rows.Length, length),
                                Tensor.FromArray(types, rows.Length, length));
    }
}
