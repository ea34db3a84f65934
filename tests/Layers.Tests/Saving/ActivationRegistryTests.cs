using KerasSharp.Layers;
using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>Custom activations registered by name can be used by name and saved; unregistered delegates cannot be saved.</summary>
[TestClass]
public sealed class ActivationRegistryTests
{
    private static Tensor Halve(Tensor x) => Ops.MultiplyScalar(x, 0.5);

    private static Dictionary<string, object?> ConfigOf(Layer layer) =>
        (Dictionary<string, object?>)KerasObjects.Serialize(layer)["config"]!;

    [TestMethod]
    public void RegisteredActivation_WorksByNameAndSavesAsItsName()
    {
        Activations.Register("registry_test_halve", Halve);
        var dense = new Dense(2, activation: "registry_test_halve", kernelInitializer: new Ones(), name: "halved");
        using var x = T.F([1, 2, 3], 1, 3);
        T.Close([3, 3], dense.Apply(x));
        Assert.AreEqual("registry_test_halve", ConfigOf(dense)["activation"]);
        var back = (Dense)KerasObjects.Deserialize<Layer>(ConfigJson.Read(ConfigJson.Write(KerasObjects.Serialize(dense)))!);
        Assert.AreEqual("registry_test_halve", back.ActivationName);
    }

    [TestMethod]
    public void RegisteredDelegate_SavesAsItsName()
    {
        Activations.Register("registry_test_halve_delegate", Halve2);
        Assert.AreEqual("registry_test_halve_delegate", ConfigOf(new Dense(2, Halve2))["activation"]);
        Assert.AreEqual("registry_test_halve_delegate", ConfigOf(new Activation(Halve2))["activation"]);
    }

    private static Tensor Halve2(Tensor x) => Ops.MultiplyScalar(x, 0.5);

    [TestMethod]
    public void BuiltInDelegate_SavesAsTheBuiltInName()
    {
        Assert.AreEqual("relu", ConfigOf(new Dense(2, Ops.Relu))["activation"]);
        Assert.AreEqual("tanh", ConfigOf(new Activation(Ops.Tanh))["activation"]);
    }

    [TestMethod]
    public void UnregisteredDelegate_FailsToSaveNamingTheLayerAndTheFix()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => KerasObjects.Serialize(new Dense(2, x => Ops.Square(x), name: "sq")));
        StringAssert.Contains(e.Message, "Dense 'sq'");
        StringAssert.Contains(e.Message, "a lambda");
        StringAssert.Contains(e.Message, "Activations.Register");
        var e2 = Assert.ThrowsExactly<InvalidOperationException>(() => KerasObjects.Serialize(new Activation(Unregistered, name: "named")));
        StringAssert.Contains(e2.Message, "Activation 'named'");
        StringAssert.Contains(e2.Message, "ActivationRegistryTests.Unregistered");
    }

    private static Tensor Unregistered(Tensor x) => Ops.Abs(x);

    [TestMethod]
    public void RegisteringABuiltInName_Fails()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => Activations.Register("relu", Halve));
        StringAssert.Contains(e.Message, "'relu' is a built-in activation");
    }

    [TestMethod]
    public void RegisteringANameTwiceForDifferentFunctions_Fails()
    {
        Activations.Register("registry_test_twice", Halve);
        Activations.Register("registry_test_twice", Halve);   // the same function again: nothing changes
        var e = Assert.ThrowsExactly<ArgumentException>(() => Activations.Register("registry_test_twice", x => Ops.Square(x)));
        StringAssert.Contains(e.Message, "already registered");
    }

    [TestMethod]
    public void LoadingAnUnregisteredName_FailsSayingHowToRegister()
    {
        var form = KerasObjects.Serialize(new Dense(2, name: "d"));
        ((Dictionary<string, object?>)form["config"]!)["activation"] = "registry_test_never_registered";
        var e = Assert.ThrowsExactly<ArgumentException>(() => KerasObjects.Deserialize<Layer>(form));
        StringAssert.Contains(e.Message, "registry_test_never_registered");
        StringAssert.Contains(e.Message, "Activations.Register");
    }
}
