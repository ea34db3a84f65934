using System.Text.RegularExpressions;

namespace KerasSharp.Layers;

/// <summary>
/// The shapes an <see cref="EinsumDense"/> equation implies for an input shape, as Keras's <c>_analyze_einsum_string</c>
/// works them out: the kernel's, the bias's (null without bias axes) and the full output's (batch axis first).
/// </summary>
internal sealed record EinsumDenseShapes(int[] Kernel, int[]? Bias, int?[] Output)
{
    private static readonly Regex Plain = new("^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", RegexOptions.CultureInvariant);
    // Keras's names: '...' on the left of the letters elides leading axes, on the right trailing ones.
    private static readonly Regex LeftElided = new(@"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$", RegexOptions.CultureInvariant);
    private static readonly Regex RightElided = new(@"^([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]{2,})\.\.\.$", RegexOptions.CultureInvariant);

    /// <summary>The three subscripts and where '...' sits: "" (none), "left" ('...ab': leading axes) or "right" ('ab...': trailing axes).</summary>
    public static (string Input, string Weight, string Output, string Elided) Split(string equation)
    {
        string eq = equation.Replace(" ", "", StringComparison.Ordinal);
        if (Plain.Match(eq) is { Success: true } m) return (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, "");
        if (LeftElided.Match(eq) is { Success: true } l) return (l.Groups[1].Value, l.Groups[2].Value, l.Groups[3].Value, "left");
        if (RightElided.Match(eq) is { Success: true } r) return (r.Groups[1].Value, r.Groups[2].Value, r.Groups[3].Value, "right");
        throw new ArgumentException($"EinsumDense: invalid equation '{equation}'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]..., " +
                                    "with one letter per axis (the first input letter is the batch axis), e.g. 'ab,bc->ac'.");
    }

    /// <summary>Keras's analysis of <paramref name="equation"/> for an input of <paramref name="inputShape"/> (batch first).</summary>
    /// <remarks><paramref name="partialOutput"/> is the output's shape without the batch and '...' axes (null where the input gives the size).</remarks>
    public static EinsumDenseShapes Analyze(string equation, string? biasAxes, int?[] inputShape, int?[] partialOutput)
    {
        var (input, weight, output, side) = Split(equation);
        bool left = side == "left";
        int elided = inputShape.Length - input.Length;
        if (side == "" ? elided != 0 : elided < 0)
            throw new ArgumentException($"EinsumDense: the input subscripts '{input}' of '{equation}' name {input.Length} axes but the input has shape {ShapeText.Format(inputShape)} (rank {inputShape.Length}).");

        var full = new List<int?> { inputShape[0] };
        full.AddRange(partialOutput);
        if (elided > 0 && left)
            for (int i = 1; i < elided; i++) full.Insert(1, inputShape[i]); // as Keras: the batch axis is already in place
        else if (elided > 0)
            for (int i = inputShape.Length - elided; i < inputShape.Length; i++) full.Add(inputShape[i]);
        if (full.Count != output.Length + elided)
            throw new ArgumentException($"EinsumDense: output_shape {ShapeText.Format(partialOutput)} gives {full.Count} output axes with the batch" +
                                        (elided > 0 ? $" and the {elided} '...' axes" : "") + $", but the output subscripts '{output}' of '{equation}' name {output.Length}" +
                                        (elided > 0 ? " besides '...'" : "") + ". output_shape lists every output axis except the batch axis" +
                                        (elided > 0 ? " and the '...' axes" : "") + ".");

        int InputAxis(char c) => left ? input.IndexOf(c) + elided : input.IndexOf(c);
        int OutputAxis(char c) => left ? output.IndexOf(c) + elided : output.IndexOf(c);
        foreach (char c in input)
        {
            if (!output.Contains(c)) continue;
            int? a = inputShape[InputAxis(c)], b = full[OutputAxis(c)];
            if (b is not null && a is not null && a != b)
                throw new ArgumentException($"EinsumDense: input shape {ShapeText.Format(inputShape)} and output shape {ShapeText.Format([.. full])} do not match at the shared axis '{c}' of '{equation}': {a} and {b}.");
            full[OutputAxis(c)] = a ?? b;
        }
        foreach (char c in output)
            if (!input.Contains(c) && !weight.Contains(c))
                throw new ArgumentException($"EinsumDense: '{c}' is in the output '{output}' of '{equation}' but in neither the input '{input}' nor the weight '{weight}'.");

        var kernel = new int[weight.Length];
        for (int i = 0; i < weight.Length; i++)
        {
            char c = weight[i];
            int? size = input.Contains(c) ? inputShape[InputAxis(c)]
                : output.Contains(c) ? full[OutputAxis(c)]
                : throw new ArgumentException($"EinsumDense: the weight's '{c}' in '{equation}' is in neither the input '{input}' nor the output '{output}'; the weight must be fully specified.");
            kernel[i] = size ?? throw new ArgumentException(
                $"EinsumDense: the kernel's axis '{c}' of '{equation}' has no known size (input shape {ShapeText.Format(inputShape)}, output_shape {ShapeText.Format(partialOutput)}); give it in output_shape or the input.");
        }

        int[]? bias = null;
        if (!string.IsNullOrEmpty(biasAxes))
        {
            foreach (char c in biasAxes)
                if (!output.Contains(c))
                    throw new ArgumentException($"EinsumDense: bias axis '{c}' is not in the output '{output}' of '{equation}'.");
            // The bias spans from its first axis to the end of the output, 1 on the axes it does not vary along.
            int first = biasAxes.Min(c => output.IndexOf(c));
            var dims = new List<int>();
            foreach (char c in output[first..])
                dims.Add(biasAxes.Contains(c)
                    ? full[OutputAxis(c)] ?? throw new ArgumentException($"EinsumDense: bias axis '{c}' of '{equation}' has no known size.")
                    : 1);
            if (!left) for (int i = 0; i < elided; i++) dims.Add(1);
            bias = [.. dims];
        }
        return new EinsumDenseShapes(kernel, bias, [.. full]);
    }
}
