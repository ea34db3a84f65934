namespace KerasSharp;

/// <summary>
/// A parsed einsum equation, checked against the operands' shapes. Labels are numbers: the letters a-z and A-Z are
/// 0-51, and the axes an ellipsis stands for are 52 and up, aligned from the right across operands as NumPy
/// broadcasting aligns them.
/// </summary>
internal sealed class EinsumEquation
{
    public const string Op = "einsum";
    private const int FirstEllipsisLabel = 52;

    private EinsumEquation(int[][] inputs, int[] output, Dictionary<int, int> sizes)
    {
        Inputs = inputs;
        Output = output;
        Sizes = sizes;
    }

    /// <summary>The label of each axis of each operand.</summary>
    public int[][] Inputs { get; }

    /// <summary>The labels of the output's axes, in order.</summary>
    public int[] Output { get; }

    /// <summary>Each label's size once broadcast (a size-1 axis stretches to the others' size).</summary>
    public Dictionary<int, int> Sizes { get; }

    /// <summary>How a label reads in an equation, for messages.</summary>
    public static string Name(int label) => label < 26 ? ((char)('a' + label)).ToString()
        : label < FirstEllipsisLabel ? ((char)('A' + label - 26)).ToString() : "...";

    public static EinsumEquation Parse(string equation, IReadOnlyList<Shape> shapes)
    {
        string eq = string.Concat(equation.Where(c => !char.IsWhiteSpace(c)));
        int arrow = eq.IndexOf("->", StringComparison.Ordinal);
        if (arrow >= 0 && eq.IndexOf("->", arrow + 2, StringComparison.Ordinal) >= 0)
            throw new ArgumentException($"{Op}: the equation '{equation}' has more than one '->'.");
        string lhs = arrow >= 0 ? eq[..arrow] : eq;
        var terms = lhs.Split(',');
        if (terms.Length != shapes.Count)
            throw new ArgumentException($"{Op}: the equation '{equation}' names {terms.Length} operand(s) but {shapes.Count} were given.");

        var parsed = new (List<int> Letters, int EllipsisAt)[terms.Length];
        int ellipsisRank = 0;
        for (int i = 0; i < terms.Length; i++)
        {
            parsed[i] = Tokens(terms[i], equation);
            int letters = parsed[i].Letters.Count, rank = shapes[i].Rank;
            bool hasEllipsis = parsed[i].EllipsisAt >= 0;
            if (hasEllipsis ? rank < letters : rank != letters)
                throw new ArgumentException($"{Op}: operand {i} has shape {shapes[i]} (rank {rank}) but its subscripts '{terms[i]}' name {letters} ax{(letters == 1 ? "is" : "es")}" +
                                            (hasEllipsis ? " besides '...'." : "."));
            if (hasEllipsis) ellipsisRank = Math.Max(ellipsisRank, rank - letters);
        }

        var inputs = new int[terms.Length][];
        for (int i = 0; i < terms.Length; i++)
            inputs[i] = Expand(parsed[i].Letters, parsed[i].EllipsisAt, parsed[i].EllipsisAt >= 0 ? shapes[i].Rank - parsed[i].Letters.Count : 0, ellipsisRank);
        var sizes = LabelSizes(inputs, shapes, terms, equation);

        int[] output;
        if (arrow >= 0)
        {
            string rhs = eq[(arrow + 2)..];
            var (letters, at) = Tokens(rhs, equation);
            if (at < 0 && ellipsisRank > 0)
                throw new ArgumentException($"{Op}: in '{equation}' the inputs' '...' stands for {ellipsisRank} ax{(ellipsisRank == 1 ? "is" : "es")} but the output '{rhs}' has no '...' to put {(ellipsisRank == 1 ? "it" : "them")}.");
            output = Expand(letters, at, at >= 0 ? ellipsisRank : 0, ellipsisRank);
            var seen = new HashSet<int>();
            foreach (var label in output)
            {
                if (label < FirstEllipsisLabel && !seen.Add(label))
                    throw new ArgumentException($"{Op}: the output '{rhs}' of '{equation}' repeats '{Name(label)}'.");
                if (!sizes.ContainsKey(label))
                    throw new ArgumentException($"{Op}: the output '{rhs}' of '{equation}' has '{Name(label)}', which no input has.");
            }
        }
        else
        {
            // NumPy's implicit output: the '...' axes, then the letters used once, in alphabetical order.
            var counts = new Dictionary<int, int>();
            foreach (var term in parsed) foreach (var l in term.Letters) counts[l] = counts.GetValueOrDefault(l) + 1;
            var once = counts.Where(kv => kv.Value == 1).Select(kv => kv.Key).OrderBy(l => l < 26 ? l + 26 : l - 26); // 'A' sorts before 'a'
            output = [.. Enumerable.Range(FirstEllipsisLabel, ellipsisRank), .. once];
        }
        return new EinsumEquation(inputs, output, sizes);
    }

    /// <summary>The letters of one term and where its ellipsis sits among them (-1: none).</summary>
    private static (List<int> Letters, int EllipsisAt) Tokens(string term, string equation)
    {
        var letters = new List<int>();
        int at = -1;
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            if (c is >= 'a' and <= 'z') letters.Add(c - 'a');
            else if (c is >= 'A' and <= 'Z') letters.Add(26 + c - 'A');
            else if (c == '.' && i + 2 < term.Length && term[i + 1] == '.' && term[i + 2] == '.')
            {
                if (at >= 0) throw new ArgumentException($"{Op}: '{term}' in '{equation}' has more than one '...'.");
                at = letters.Count;
                i += 2;
            }
            else if (c == '.')
                throw new ArgumentException($"{Op}: '{term}' in '{equation}' has a '.' that is not part of '...'.");
            else
                throw new ArgumentException($"{Op}: invalid character '{c}' in '{equation}'; subscripts are the letters a-z and A-Z, '...', ',' and '->'.");
        }
        return (letters, at);
    }

    /// <summary>One term's labels with its ellipsis replaced by its axes' labels (right-aligned among <paramref name="ellipsisRank"/>).</summary>
    private static int[] Expand(List<int> letters, int at, int count, int ellipsisRank)
    {
        if (at < 0) return [.. letters];
        var ellipsis = Enumerable.Range(FirstEllipsisLabel + ellipsisRank - count, count);
        return [.. letters.Take(at), .. ellipsis, .. letters.Skip(at)];
    }

    private static Dictionary<int, int> LabelSizes(int[][] inputs, IReadOnlyList<Shape> shapes, string[] terms, string equation)
    {
        var sizes = new Dictionary<int, int>();
        var from = new Dictionary<int, int>(); // the operand that set a label's size (>1)
        for (int i = 0; i < inputs.Length; i++)
        {
            var own = new Dictionary<int, int>();
            for (int a = 0; a < inputs[i].Length; a++)
            {
                int label = inputs[i][a], size = shapes[i][a];
                if (own.TryGetValue(label, out int mine) && mine != size)
                    throw new ArgumentException($"{Op}: '{Name(label)}' repeats in operand {i}'s subscripts '{terms[i]}' (a diagonal) but its axes have sizes {mine} and {size} (shape {shapes[i]}).");
                own[label] = size;
                if (!sizes.TryGetValue(label, out int known) || known == 1)
                {
                    if (!sizes.ContainsKey(label) || size != 1) { sizes[label] = size; from[label] = i; }
                }
                else if (size != 1 && size != known)
                {
                    int j = from[label];
                    throw new ArgumentException(label >= FirstEllipsisLabel
                        ? $"{Op}: the '...' axes of operand {j} (shape {shapes[j]}) and operand {i} (shape {shapes[i]}) do not broadcast in '{equation}'."
                        : $"{Op}: '{Name(label)}' has size {known} in operand {j} (shape {shapes[j]}) and size {size} in operand {i} (shape {shapes[i]}) in '{equation}'.");
                }
            }
        }
        return sizes;
    }
}
