namespace KerasSharp.Models.Tests;

/// <summary>
/// A float64 central-difference check of a loss's gradient with respect to yPred: the tape's gradient of
/// <c>loss.Call(yTrue, yPred)</c> against (L(x + h e_j) - L(x - h e_j)) / 2h for every element.
/// </summary>
internal static class LossGradientCheck
{
    public static void Check(Losses.Loss loss, Func<Tensor> yTrue, double[] yPred, int[] shape, double h = 1e-6, double tol = 1e-6)
    {
        double Value(double[] x)
        {
            using var p = Tensor.FromArray(x, shape);
            return loss.Call(yTrue(), p).Item<double>();
        }

        double[] analytic;
        using (var p = Tensor.FromArray((double[])yPred.Clone(), shape))
        using (var tape = new GradientTape())
        {
            tape.Watch(p);
            var value = loss.Call(yTrue(), p);
            Assert.AreEqual(DType.Float64, value.DType, "A float64 prediction gives a float64 loss.");
            analytic = tape.Gradient(value, p).ToArray<double>();
        }
        for (int j = 0; j < yPred.Length; j++)
        {
            var plus = (double[])yPred.Clone();
            var minus = (double[])yPred.Clone();
            plus[j] += h;
            minus[j] -= h;
            double numeric = (Value(plus) - Value(minus)) / (2 * h);
            Assert.AreEqual(numeric, analytic[j], tol * Math.Max(1, Math.Abs(numeric)),
                $"{loss.GetType().Name}: d loss / d yPred[{j}] analytic {analytic[j]} vs numeric {numeric}.");
        }
    }
}
