namespace KerasSharp.Layers.Tests.Recurrent;

/// <summary>Wrong inputs to the recurrent layers fail naming the layer and the shapes.</summary>
[TestClass]
public sealed class RecurrentBadInputTests
{
    [TestInitialize]
    public void Init() => LayerNames.Reset();

    [TestMethod]
    public void Rank2Input_NamesTheLayerAndShape()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new LSTM(4, name: "enc").Apply(Ops.Zeros([2, 3])));
        Assert.AreEqual("Layer 'enc' expects a sequence (batch, time, features), received shape (2, 3).", e.Message);
        var s = Assert.ThrowsExactly<ArgumentException>(() => new GRU(4, name: "g").Apply(new Input([5])));
        T.Contains(s.Message, "Layer 'g'", "(None, 5)");
    }

    [TestMethod]
    public void MaskOfTheWrongShape_NamesBothShapes()
    {
        var layer = new SimpleRNN(2, name: "rnn");
        var e = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(Ops.Zeros([2, 5, 3]), Tensor.FromArray(new bool[8], [2, 4])));
        Assert.AreEqual("Layer 'rnn': the mask has shape (2, 4), expected (batch, time) = (2, 5) for input shape (2, 5, 3).", e.Message);
    }

    [TestMethod]
    public void InitialStateOfTheWrongSizeOrCount_NamesTheState()
    {
        var layer = new LSTM(4, name: "enc");
        var e = Assert.ThrowsExactly<ArgumentException>(() => layer.ApplyAll(Ops.Zeros([2, 5, 3]), [Ops.Zeros([2, 4]), Ops.Zeros([2, 3])]));
        Assert.AreEqual("Layer 'enc': initial state 1 has shape (2, 3), expected (2, 4).", e.Message);
        var count = Assert.ThrowsExactly<ArgumentException>(() => layer.ApplyAll(Ops.Zeros([2, 5, 3]), [Ops.Zeros([2, 4])]));
        Assert.AreEqual("Layer 'enc' has 2 state(s) ((batch, 4), (batch, 4)), received 1 initial state(s).", count.Message);
    }

    [TestMethod]
    public void Stateful_WithAChangingBatch_SaysWhatToDo()
    {
        var layer = new GRU(3, stateful: true, name: "memory");
        layer.Apply(Ops.Zeros([4, 2, 3]));
        var e = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(Ops.Zeros([3, 2, 3])));
        Assert.AreEqual("Layer 'memory' is stateful with batch size 4, received a batch of 3 (input shape (3, 2, 3)); every batch of a stateful " +
                        "layer must have the same size (drop the last partial batch, or make a new layer).", e.Message);
    }

    [TestMethod]
    public void Stateful_InAGraphWithoutABatchSize_SaysToGiveOne()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new LSTM(3, stateful: true, name: "s").Apply(new Input([5, 2])));
        T.Contains(e.Message, "Layer 's' is stateful", "batchSize", "(None, 5, 2)");
        var ok = new LSTM(3, stateful: true).Apply(new Input([5, 2], batchSize: 8));
        T.Shape([8, 3], ok);
    }

    [TestMethod]
    public void ResetStates_OnANonStatefulLayer_Throws()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new LSTM(3, name: "plain").ResetStates());
        T.Contains(e.Message, "Layer 'plain' is not stateful");
    }

    [TestMethod]
    public void FeaturesDifferentFromTheBuild_NameTheLayer()
    {
        var layer = new SimpleRNN(2, name: "r");
        layer.Apply(Ops.Zeros([1, 3, 4]));
        T.Shape([1, 2], layer.Apply(Ops.Zeros([1, 7, 4])));   // another length is fine
        var e = Assert.ThrowsExactly<ArgumentException>(() => layer.Apply(Ops.Zeros([1, 3, 5])));
        Assert.AreEqual("Layer 'r' was built for 4 features per step, received shape (1, 3, 5).", e.Message);
    }

    [TestMethod]
    public void BadArguments_NameTheCell()
    {
        Assert.AreEqual("LSTMCell: units must be positive, got 0.", Assert.ThrowsExactly<ArgumentException>(() => new LSTM(0)).Message);
        Assert.AreEqual("GRUCell: dropout must be in [0, 1), got 1.", Assert.ThrowsExactly<ArgumentException>(() => new GRU(2, dropout: 1)).Message);
        Assert.Contains("Unknown activation 'tanhh'", Assert.ThrowsExactly<ArgumentException>(() => new SimpleRNN(2, activation: "tanhh")).Message);
    }

    [TestMethod]
    public void RecurrenceOp_ChecksShapes()
    {
        var options = new KerasSharp.Backends.RecurrenceOptions(KerasSharp.Backends.RecurrentCellKind.Lstm, KerasSharp.Backends.RecurrentActivation.Tanh,
                                                                KerasSharp.Backends.RecurrentActivation.Sigmoid, false);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Ops.Recurrence(Ops.Zeros([2, 3, 5]), Ops.Zeros([5, 8]), null, Ops.Zeros([3, 8]), null,
                                                                             [Ops.Zeros([2, 3]), Ops.Zeros([2, 3])], null, options));
        Assert.AreEqual("recurrence: the recurrent kernel is [3,8]; a Lstm needs [units, 4·units].", e.Message);
        var m = Assert.ThrowsExactly<ArgumentException>(() => Ops.Recurrence(Ops.Zeros([2, 3, 5]), Ops.Zeros([5, 8]), null, Ops.Zeros([2, 8]), null,
                                                                             [Ops.Zeros([2, 2]), Ops.Zeros([2, 2])], Ops.Zeros([2, 3]), options));
        Assert.AreEqual("recurrence: the mask is float32 [2,3]; expected bool [2,3] for inputs [2,3,5].", m.Message);
    }
}
