namespace KerasSharp.Models.Tests.Saving;

[TestClass]
public sealed class LoadPlanTests
{
    [TestMethod]
    public void AFailurePartWay_PutsBackEveryValueAlreadyAssigned()
    {
        var a = new Variable(Tensor.FromArray(new float[] { 1, 2 }), "a");
        var b = new Variable(Tensor.FromArray(new float[] { 3, 4 }), "b");
        var c = new Variable(Tensor.FromArray(new float[] { 5, 6 }), "c");
        long setting = 7;
        var plan = new LoadPlan();
        plan.Assign(a, () => Tensor.FromArray(new double[] { 10, 20 }));
        plan.Apply(() => Tensor.FromArray(new long[] { 99 }), v => setting = v.ToArray<long>()[0], () => setting = 7);
        plan.Assign(b, () => Tensor.FromArray(new float[] { 30, 40 }));
        plan.Assign(c, () => throw new IOException("the disk went away"));

        var e = Assert.ThrowsExactly<IOException>(plan.Run);
        Assert.AreEqual("the disk went away", e.Message);
        CollectionAssert.AreEqual(new float[] { 1, 2 }, a.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 3, 4 }, b.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 5, 6 }, c.ToArray<float>());
        Assert.AreEqual(7, setting);
    }

    [TestMethod]
    public void Run_ConvertsToTheVariablesDType()
    {
        var a = new Variable(Tensor.FromArray(new float[] { 1, 2 }), "a");
        var plan = new LoadPlan();
        plan.Assign(a, () => Tensor.FromArray(new double[] { 0.5, 0.25 }));
        plan.Run();
        Assert.AreEqual(DType.Float32, a.DType);
        CollectionAssert.AreEqual(new float[] { 0.5f, 0.25f }, a.ToArray<float>());
    }
}
