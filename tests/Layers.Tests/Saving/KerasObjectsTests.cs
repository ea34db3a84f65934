using KerasSharp.Layers;
using KerasSharp.Saving;

namespace KerasSharp.Layers.Tests.Saving;

[TestClass]
public sealed class KerasObjectsTests
{
    [TestMethod]
    public void Dense_RoundTripsThroughKerasForm()
    {
        var dense = new Dense(4, activation: "tanh", kernelInitializer: new HeNormal(seed: 3), kernelRegularizer: new L2(0.5), name: "head");
        var json = ConfigJson.Write(KerasObjects.Serialize(dense));
        StringAssert.Contains(json, "\"module\":\"keras.layers\",\"class_name\":\"Dense\"");
        StringAssert.Contains(json, "\"kernel_initializer\":{\"module\":\"keras.initializers\",\"class_name\":\"HeNormal\",\"config\":{\"seed\":3},\"registered_name\":null}");
        var back = KerasObjects.Deserialize<Layer>(ConfigJson.Read(json)!);
        Assert.IsInstanceOfType<Dense>(back);
        Assert.AreEqual(json, ConfigJson.Write(KerasObjects.Serialize(back)));
    }

    [TestMethod]
    public void BuildConfig_BuildsTheLayer()
    {
        var dense = new Dense(3);
        dense.Apply(new Input([5]));
        var form = ConfigJson.Read(ConfigJson.Write(KerasObjects.Serialize(dense)))!;
        var back = (Dense)KerasObjects.Deserialize<Layer>(form);
        Assert.IsTrue(back.Built);
        Assert.AreEqual(new Shape(5, 3), back.Kernel!.Shape);
    }

    [TestMethod]
    public void UnknownKey_FailsNamingIt()
    {
        var form = KerasObjects.Serialize(new Dense(3, name: "d"));
        ((Dictionary<string, object?>)form["config"]!)["unitz"] = 4L;
        var e = Assert.ThrowsExactly<ArgumentException>(() => KerasObjects.Deserialize<Layer>(form));
        StringAssert.Contains(e.Message, "'unitz'");
        StringAssert.Contains(e.Message, "Dense 'd'");
    }

    [TestMethod]
    public void UnknownClass_FailsSayingHowToRegister()
    {
        var form = new Dictionary<string, object?> { ["module"] = "x", ["class_name"] = "Mystery", ["config"] = new Dictionary<string, object?>(), ["registered_name"] = "pkg>Mystery" };
        var e = Assert.ThrowsExactly<ArgumentException>(() => KerasObjects.Deserialize<Layer>(form));
        StringAssert.Contains(e.Message, "Mystery");
        StringAssert.Contains(e.Message, "KerasSerializable");
    }

    [TestMethod]
    public void WrongKind_Fails()
    {
        var form = KerasObjects.Serialize(new GlorotUniform());
        var e = Assert.ThrowsExactly<ArgumentException>(() => KerasObjects.Deserialize<Layer>(form));
        StringAssert.Contains(e.Message, "GlorotUniform");
    }
}
