namespace KerasSharp.Callbacks.Tests;

/// <summary>The Python format fields ModelCheckpoint fills.</summary>
[TestClass]
public sealed class FilePathTemplateTests
{
    private static string F(string template, params (string, double)[] values) =>
        FilePathTemplate.Format(template, "T", values.ToDictionary(v => v.Item1, v => v.Item2));

    [TestMethod]
    public void FormatsAsPythonDoes()
    {
        Assert.AreEqual("ckpt-03-0.12.keras", F("ckpt-{epoch:02d}-{val_loss:.2f}.keras", ("epoch", 3), ("val_loss", 0.1234)));
        Assert.AreEqual("e7", F("e{epoch}", ("epoch", 7)));
        Assert.AreEqual("e  7", F("e{epoch:3d}", ("epoch", 7)));
        Assert.AreEqual("l0.1235", F("l{loss:.4f}", ("loss", 0.123456)));
        Assert.AreEqual("l1.23e-04", F("l{loss:.2e}", ("loss", 0.000123456)));
        Assert.AreEqual("{x}-5", F("{{x}}-{epoch}", ("epoch", 5)));
        Assert.AreEqual("l0.25", F("l{loss}", ("loss", 0.25)));
    }
}
