namespace KerasSharp.ModelZoo;

/// <summary>
/// Hugging Face's "longest_first" truncation: tokens come off the end of the longer text until the two are level,
/// then alternately off the second and the first, so the second loses the odd one.
/// </summary>
internal static class LongestFirstTruncation
{
    /// <summary>
    /// How many tokens to keep of each text so that together they have <paramref name="budget"/> tokens at most
    /// (<paramref name="second"/> is 0 for a single text).
    /// </summary>
    public static (int First, int Second) Keep(int first, int second, int budget)
    {
        int remove = first + second - budget;
        if (remove <= 0) return (first, second);
        int uneven = Math.Min(Math.Abs(first - second), remove);   // first levels the two
        int even = remove - uneven;                                 // then shared, the second taking the odd one
        return first > second
            ? (first - uneven - even / 2, second - (even - even / 2))
            : (first - even / 2, second - uneven - (even - even / 2));
    }
}
