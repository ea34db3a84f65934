namespace KerasSharp.Datasets;

/// <summary>
/// A step of a <see cref="Dataset"/> pipeline failed on one element (a <c>Map</c> or <c>Filter</c> function threw,
/// elements of a batch disagree in shape). The message names the step and the element's index in that step's input.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception for element <paramref name="index"/> of step <paramref name="step"/>.</summary>
    public DatasetException(string step, long index, string problem, Exception? inner = null)
        : base($"Dataset.{step}: element {index}: {problem}", inner)
    {
        Step = step;
        Index = index;
    }

    /// <summary>The pipeline step that failed ("Map", "Filter", "Batch", ...).</summary>
    public string Step { get; }

    /// <summary>The element's position in the input of the failing step (counted from 0 in each pass).</summary>
    public long Index { get; }
}
