using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Saving;

namespace KerasSharp.Layers.Tests.Saving;

/// <summary>
/// Every built-in layer, initializer, regularizer and constraint saves and loads: its config survives config → object →
/// config unchanged, and a layer rebuilt from its config with the weights copied gives the same outputs (native backend).
/// </summary>
[TestClass]
public sealed class LayerConfigTests
{
    public static IEnumerable<object[]> LayerIds => LayerSamples.All.Select(s => new object[] { s.Id });

    public static IEnumerable<object[]> OtherIds => ConfigurableSamples.All.Select(s => new object[] { s.Id });

    public static IEnumerable<object[]> UnsavableIds => LayerSamples.Unsavable.Select(s => new object[] { s.Id });

    [TestMethod]
    public void EveryBuiltInClassHasASample()
    {
        var covered = LayerSamples.All.Select(s => s.Make().GetType())
            .Concat(LayerSamples.Unsavable.Select(s => s.Make().GetType()))
            .Concat(ConfigurableSamples.All.Select(s => s.Make().GetType()));
        // InputLayer is made by Input (no public constructor) and saved with the model's graph, not as a sample layer.
        var missing = ConfigRoundTrip.Missing(typeof(Layer).Assembly, t => t != typeof(InputLayer), covered);
        Assert.IsEmpty(missing, "Built-in classes without a sample in LayerSamples or ConfigurableSamples: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void TheCatalogueCheckSeesAClassWithoutASample()
    {
        var all = LayerSamples.All.Select(s => s.Make().GetType()).Concat(ConfigurableSamples.All.Select(s => s.Make().GetType()));
        var missing = ConfigRoundTrip.Missing(typeof(Layer).Assembly, t => t != typeof(InputLayer), all.Where(t => t != typeof(Dense)));
        CollectionAssert.Contains(missing, typeof(Dense).FullName);
    }

    [TestMethod]
    [DynamicData(nameof(LayerIds))]
    public void LayerConfig_RoundTrips(string id)
    {
        var layer = LayerSamples.Get(id).Make();
        ConfigRoundTrip.AssertRoundTrips(layer, id);
    }

    [TestMethod]
    [DynamicData(nameof(LayerIds))]
    public void RebuiltLayer_GivesTheSameOutputs(string id) => LayerRoundTrip.AssertSameOutputs(LayerSamples.Get(id));

    [TestMethod]
    [DynamicData(nameof(OtherIds))]
    public void Config_RoundTrips(string id)
    {
        var obj = ConfigurableSamples.Make(id);
        var back = ConfigRoundTrip.AssertRoundTrips(obj, id);
        using var w = Tensor.FromArray(new float[] { -1.5f, 0.5f, 2f, -0.25f, 1f, 3f }, 2, 3);
        switch (obj)
        {
            // Seeded initializers draw the same values again; the others act the same on a weight.
            case Initializer init:
                CollectionAssert.AreEqual(init.Call([3, 4]).ToArray<float>(), ((Initializer)back).Call([3, 4]).ToArray<float>(), id);
                break;
            case Regularizer reg:
                Assert.AreEqual(reg.Call(w).ToArray<float>()[0], ((Regularizer)back).Call(w).ToArray<float>()[0], id);
                break;
            case Constraint con:
                CollectionAssert.AreEqual(con.Call(w).ToArray<float>(), ((Constraint)back).Call(w).ToArray<float>(), id);
                break;
        }
    }

    [TestMethod]
    [DynamicData(nameof(UnsavableIds))]
    public void CodeInALayer_FailsToSaveNamingTheLayer(string id)
    {
        var layer = LayerSamples.Unsavable.Single(s => s.Id == id).Make();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => KerasObjects.Serialize(layer));
        StringAssert.Contains(e.Message, $"{layer.GetType().Name} '{layer.Name}'");
        StringAssert.Contains(e.Message, layer is Lambda ? "KerasSerializable" : "Activations.Register");
    }
}
