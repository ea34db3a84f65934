namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class DenseTests
{
    [TestMethod]
    public void Dense_WithConstantInitializers_ComputesByHand()
    {
        var d = new Dense(2, activation: "relu", kernelInitializer: new Constant(0.5), biasInitializer: new Constant(-1));
        // Row 1: 0.5*(1+2+3) - 1 = 2 per unit; row 2: 0.5*(-1-2-3) - 1 = -4 -> relu 0.
        using var y = d.Apply(T.F([1, 2, 3, -1, -2, -3], 2, 3));
        T.Shape([2, 2], y);
        T.Close([2, 2, 0, 0], y);
        Assert.AreEqual(3 * 2 + 2, d.CountParams());
        T.Shape([3, 2], d.Kernel!);
    }

    [TestMethod]
    public void Dense_AppliesToLastAxisOfRank3()
    {
        var d = new Dense(1, useBias: false, kernelInitializer: new Constant(1));
        using var y = d.Apply(T.F([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2));
        T.Shape([2, 2, 1], y);
        T.Close([3, 7, 11, 15], y);
        Assert.IsNull(d.Bias);
        Assert.HasCount(1, d.Weights);
    }

    [TestMethod]
    public void Dense_SymbolicShapes()
    {
        T.Shape([null, 28, 10], new Dense(10).Apply(new Input([28, 28])));
        T.Shape([null, 128], new Dense(128, activation: "relu").Apply(new Input([784])));
    }

    [TestMethod]
    public void Dense_BuiltFor784_CalledOn100_NamesLayerAndShapes()
    {
        LayerNames.Reset();
        var d = new Dense(10);
        d.Apply(new Input([784]));
        var e = Assert.ThrowsExactly<ArgumentException>(() => d.Apply(new Input([100])));
        T.Contains(e.Message, "'dense'", "784", "(None, 100)");
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => d.Apply(T.F(new float[300], 3, 100)));
        T.Contains(e2.Message, "'dense'", "784", "(3, 100)");
    }

    [TestMethod]
    public void Dense_RankOneInput_Refused()
    {
        LayerNames.Reset();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Dense(3).Apply(T.F([1, 2], 2)));
        T.Contains(e.Message, "'dense'", "at least 2", "(2,)");
    }

    [TestMethod]
    public void Dense_FuncActivation_AndDType()
    {
        var d = new Dense(1, x => Ops.MultiplyScalar(x, 2), kernelInitializer: new Constant(1)) { DType = DType.Float64 };
        using var y = d.Apply(T.D([1, 2], 1, 2));
        Assert.AreEqual(DType.Float64, y.DType);
        Assert.AreEqual(6.0, y.ToArray<double>()[0], 1e-12);
    }

    [TestMethod]
    public void Dense_Config()
    {
        var c = new Dense(4, activation: "tanh", kernelInitializer: "he_normal", name: "head").GetConfig();
        Assert.AreEqual("head", c["name"]);
        Assert.AreEqual(4, c["units"]);
        Assert.AreEqual("tanh", c["activation"]);
        Assert.AreEqual("HeNormal", ((Dictionary<string, object?>)c["kernel_initializer"]!)["class_name"]);
        Assert.IsNull(c["kernel_regularizer"]);
    }

    [TestMethod]
    public void Names_AreUniqueAndKerasLike()
    {
        LayerNames.Reset();
        Assert.AreEqual("dense", new Dense(1).Name);
        Assert.AreEqual("dense_1", new Dense(1).Name);
        Assert.AreEqual("batch_normalization", new BatchNormalization().Name);
        Assert.AreEqual("layer_normalization", new LayerNormalization().Name);
        Assert.AreEqual("re_lu", new ReLU().Name);
        Assert.AreEqual("leaky_re_lu", new LeakyReLU().Name);
        Assert.AreEqual("p_re_lu", new PReLU().Name);
        Assert.AreEqual("concatenate", new Concatenate().Name);
        Assert.AreEqual("repeat_vector", new RepeatVector(2).Name);
        Assert.AreEqual("gaussian_noise", new GaussianNoise(0.1).Name);
        Assert.AreEqual("mine", new Dense(1, name: "mine").Name);
        LayerNames.Reset();
        Assert.AreEqual("dense", new Dense(1).Name);
    }
}
