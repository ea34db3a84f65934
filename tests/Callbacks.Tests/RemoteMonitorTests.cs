using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KerasSharp.Layers;

namespace KerasSharp.Callbacks.Tests;

/// <summary>RemoteMonitor against a local HTTP server: one POST per epoch, as JSON or as a form field.</summary>
[TestClass]
public sealed class RemoteMonitorTests
{
    [TestInitialize]
    public void Reset()
    {
        LayerNames.Reset();
        Config.SetSeed(16);
    }

    [TestMethod]
    public void PostsTheLogsOfEachEpochAsJson()
    {
        using var server = new LocalServer();
        var (x, y) = Tiny.TwoClasses(16, seed: 17);
        using var monitor = new RemoteMonitor(root: server.Root, path: "/events/", sendAsJson: true, headers: new Dictionary<string, string> { ["X-Run"] = "7" });
        var history = Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, callbacks: [monitor]);
        Assert.HasCount(2, server.Requests);
        for (int e = 0; e < 2; e++)
        {
            var (path, type, body) = server.Requests[e];
            Assert.AreEqual("/events/", path);
            StringAssert.StartsWith(type, "application/json");
            using var doc = JsonDocument.Parse(body);
            Assert.AreEqual(e, doc.RootElement.GetProperty("epoch").GetInt32());
            Assert.AreEqual(history["loss"][e], doc.RootElement.GetProperty("loss").GetDouble());
            Assert.AreEqual(history["accuracy"][e], doc.RootElement.GetProperty("accuracy").GetDouble());
        }
    }

    [TestMethod]
    public void ByDefaultTheJsonIsTheDataFieldOfAForm()
    {
        using var server = new LocalServer();
        var (x, y) = Tiny.TwoClasses(16, seed: 17);
        using var monitor = new RemoteMonitor(root: server.Root);
        var history = Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, callbacks: [monitor]);
        var (path, type, body) = Assert.ContainsSingle(server.Requests);
        Assert.AreEqual("/publish/epoch/end/", path);
        StringAssert.StartsWith(type, "application/x-www-form-urlencoded");
        StringAssert.StartsWith(body, "data=");
        using var doc = JsonDocument.Parse(WebUtility.UrlDecode(body["data=".Length..]));
        Assert.AreEqual(history["loss"][0], doc.RootElement.GetProperty("loss").GetDouble());
    }

    [TestMethod]
    public void AnUnreachableServerWarnsAndTrainingGoesOn()
    {
        string root;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            root = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }
        var (x, y) = Tiny.TwoClasses(16, seed: 17);
        var output = new StringWriter();
        using var monitor = new RemoteMonitor(root: root) { Output = output };
        var history = Tiny.Classifier().Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, callbacks: [monitor]);
        Assert.HasCount(2, history.Epochs);
        StringAssert.StartsWith(output.ToString(), $"RemoteMonitor: could not reach the server at {root}/publish/epoch/end/");
    }

    [TestMethod]
    public void NaNIsSentAsAString() =>
        Assert.AreEqual("{\"epoch\":3,\"loss\":\"NaN\",\"accuracy\":0.5}",
                        RemoteMonitor.EpochJson(3, new Dictionary<string, double> { ["loss"] = double.NaN, ["accuracy"] = 0.5 }));
}
