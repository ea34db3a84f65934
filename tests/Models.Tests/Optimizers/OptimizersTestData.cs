using KerasSharp.Optimizers;

namespace KerasSharp.Models.Tests;

/// <summary>Shared fixtures: a two-element float64 weight and three fixed gradients.</summary>
internal static class OptimizersTestData
{
    public static readonly double[] W0 = [1.0, -2.0];

    public static readonly double[][] Grads =
    [
        [0.5, -1.0],
        [0.2, 0.3],
        [-0.4, 0.1],
    ];

    public static Variable NewWeight(string name = "w") => new(Tensor.FromArray((double[])W0.Clone()), name);

    /// <summary>Applies the first <paramref name="steps"/> fixed gradients and returns the weight.</summary>
    public static Variable Run(Optimizer optimizer, int steps, string name = "w")
    {
        var w = NewWeight(name);
        for (int s = 0; s < steps; s++)
        {
            using var g = Tensor.FromArray((double[])Grads[s].Clone());
            optimizer.ApplyGradients([g], [w]);
        }
        return w;
    }

    public static void AssertClose(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        var got = actual.ToArray<double>();
        Assert.HasCount(expected.Length, got);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], got[i], tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]:R}, got {got[i]:R} (all: [{string.Join(", ", got)}])");
    }

    public static Variable Slot(Optimizer optimizer, string name) =>
        optimizer.Variables.Single(v => v.Name == name);
}
