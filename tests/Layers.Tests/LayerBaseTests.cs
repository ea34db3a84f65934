namespace KerasSharp.Layers.Tests;

[TestClass]
public sealed class LayerBaseTests
{
    /// <summary>A subclass that forgot to override either Call.</summary>
    private sealed class NoCall : Layer;

    [TestMethod]
    public void ALayerWithoutCallSaysWhichOverrideIsMissing()
    {
        LayerNames.Reset();
        var layer = new NoCall();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => layer.Apply(Ops.Ones([2, 3])));
        StringAssert.Contains(e.Message, "Layer 'no_call' (NoCall) overrides neither Call(Tensor, bool) nor Call(IReadOnlyList<Tensor>, bool)");
    }
}
