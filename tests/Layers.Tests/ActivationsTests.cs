namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class ActivationsTests
{
    private static readonly float[] X = [-2, -0.5f, 0, 1, 7];

    private static float[] Apply(string name) => Activations.Get(name)(T.F(X, 5)).ToArray<float>();

    [TestMethod]
    public void EveryKerasName_ComputesItsFunction()
    {
        var expected = new Dictionary<string, Func<double, double>>
        {
            ["relu"] = x => Math.Max(x, 0),
            ["sigmoid"] = x => 1 / (1 + Math.Exp(-x)),
            ["tanh"] = Math.Tanh,
            ["silu"] = x => x / (1 + Math.Exp(-x)),
            ["swish"] = x => x / (1 + Math.Exp(-x)),
            ["elu"] = x => x > 0 ? x : Math.Exp(x) - 1,
            ["selu"] = x => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.Exp(x) - 1)),
            ["leaky_relu"] = x => x > 0 ? x : 0.2 * x,
            ["softplus"] = x => Math.Log(1 + Math.Exp(x)),
            ["softsign"] = x => x / (1 + Math.Abs(x)),
            ["hard_sigmoid"] = x => Math.Clamp(x / 6 + 0.5, 0, 1),
            ["relu6"] = x => Math.Clamp(x, 0, 6),
            ["exponential"] = Math.Exp,
            ["linear"] = x => x,
            ["gelu"] = x => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
        };
        foreach (var (name, f) in expected)
            T.Close(X.Select(x => (float)f(x)).ToArray(), Activations.Get(name)(T.F(X, 5)), 1e-4);
    }

    // Abramowitz-Stegun 7.1.26 (error < 1.5e-7) is enough for a 1e-4 check.
    private static double Erf(double x)
    {
        double t = 1 / (1 + 0.3275911 * Math.Abs(x));
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return Math.Sign(x) * y;
    }

    [TestMethod]
    public void SoftmaxAndLogSoftmax_OverLastAxis()
    {
        var s = Apply("softmax");
        Assert.AreEqual(1.0, s.Sum(), 1e-5);
        double z = X.Sum(x => Math.Exp(x));
        T.Close(X.Select(x => (float)(x - Math.Log(z))).ToArray(), Activations.Get("log_softmax")(T.F(X, 5)), 1e-4);
    }

    [TestMethod]
    public void UnknownName_ListsKnownNames()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Activations.Get("rellu"));
        T.Contains(e.Message, "'rellu'", "relu", "softmax", "gelu", "linear");
    }

    [TestMethod]
    public void ActivationLayer_ByNameAndFunction()
    {
        T.Close([0, 0, 0, 1, 7], new Activation("relu").Apply(T.F(X, 5)));
        T.Close(X.Select(x => x * x).ToArray(), new Activation(x => Ops.Square(x)).Apply(T.F(X, 5)));
        T.Shape([null, 3, 4], new Activation("tanh").Apply(new Input([3, 4])));
        Assert.ThrowsExactly<ArgumentException>(() => new Activation("nope"));
    }
}
