using System.Globalization;

namespace KerasSharp.Benchmarks;

/// <summary>
/// One measured case and its printed line, e.g. <c>sgemm n=1024 threads=2 native=123.4 GFLOP/s</c>.
/// A reference backend measured in the same process (torch, later) appends
/// <c>torch=190.1 GFLOP/s ratio=0.65</c>; the ratio is always "native relative to the reference, higher is better".
/// </summary>
/// <param name="Label">What was measured and its parameters: <c>sgemm n=1024 threads=2</c>.</param>
/// <param name="Unit">The unit of the values: GFLOP/s, GB/s or us.</param>
/// <param name="Native">The native backend's value.</param>
/// <param name="Reference">The reference backend's name and value, when one was measured.</param>
internal sealed record CaseResult(string Label, string Unit, double Native, (string Name, double Value)? Reference = null)
{
    /// <summary>True for rates (GFLOP/s, GB/s); false for times per call (us), where lower is better.</summary>
    public bool HigherIsBetter => Unit != "us";

    public override string ToString()
    {
        var line = $"{Label} native={Format(Native)} {Unit}";
        if (Reference is { } reference)
        {
            double ratio = HigherIsBetter ? Native / reference.Value : reference.Value / Native;
            line += $" {reference.Name}={Format(reference.Value)} {Unit} ratio={ratio.ToString("F2", CultureInfo.InvariantCulture)}";
        }
        return line;
    }

    private static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
