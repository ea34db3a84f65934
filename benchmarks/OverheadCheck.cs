using System.Globalization;

namespace KerasSharp.Benchmarks;

/// <summary>
/// Checks that the torch column is fair: libtorch through KerasSharp's Ops against the same libtorch call made
/// directly through TorchSharp. Prints a comment line (<c># check ...</c>) that parsers of the result lines skip,
/// flagged when the two differ by more than the noise allowance.
/// </summary>
internal static class OverheadCheck
{
    /// <summary>Relative difference above which the check is flagged (the machines are shared and noisy).</summary>
    private const double NoiseAllowance = 0.15;

    /// <summary>Prints the comparison of <paramref name="viaOps"/> with <paramref name="raw"/>, both in <paramref name="unit"/>.</summary>
    public static void Report(string label, string unit, double viaOps, double raw)
    {
        bool higherIsBetter = unit != "us";
        double ratio = higherIsBetter ? viaOps / raw : raw / viaOps;   // above 1: our backend is faster than raw
        string verdict = Math.Abs(ratio - 1) <= NoiseAllowance ? "within noise" : "OUTSIDE NOISE";
        Console.WriteLine(
            $"# check {label} torch-via-ops={Format(viaOps)} {unit} torch-raw={Format(raw)} {unit} " +
            $"ratio={ratio.ToString("F2", CultureInfo.InvariantCulture)} ({verdict})");
    }

    private static string Format(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
