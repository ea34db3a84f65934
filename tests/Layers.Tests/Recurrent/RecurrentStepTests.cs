namespace KerasSharp.Layers.Tests.Recurrent;

/// <summary>Single steps of SimpleRNN, LSTM and GRU computed by hand from Keras's formulas, one unit, constant weights.</summary>
[TestClass]
public sealed class RecurrentStepTests
{
    private static double Sig(double x) => 1 / (1 + Math.Exp(-x));

    [TestMethod]
    public void SimpleRnn_TwoSteps_MatchHandComputedValues()
    {
        var layer = new SimpleRNN(1, kernelInitializer: new Constant(0.5), recurrentInitializer: new Constant(0.25),
                                  biasInitializer: new Constant(0.1), returnSequences: true);
        var y = layer.Apply(T.F([1, 2], 1, 2, 1));
        double h1 = Math.Tanh(0.5 + 0.1), h2 = Math.Tanh(1.0 + 0.25 * h1 + 0.1);
        T.Shape([1, 2, 1], y);
        T.Close([(float)h1, (float)h2], y, 1e-6);
    }

    [TestMethod]
    public void Lstm_TwoSteps_MatchHandComputedValues_WithUnitForgetBias()
    {
        var layer = new LSTM(1, kernelInitializer: new Constant(0.5), recurrentInitializer: new Constant(0.1), returnSequences: true, returnState: true);
        var outs = layer.ApplyAll([T.F([1, -1], 1, 2, 1)]);
        double h = 0, c = 0;
        var expected = new List<float>();
        foreach (var x in new[] { 1.0, -1.0 })
        {
            double zi = 0.5 * x + 0.1 * h, zf = 0.5 * x + 0.1 * h + 1, zc = 0.5 * x + 0.1 * h, zo = 0.5 * x + 0.1 * h;
            c = Sig(zf) * c + Sig(zi) * Math.Tanh(zc);
            h = Sig(zo) * Math.Tanh(c);
            expected.Add((float)h);
        }
        Assert.HasCount(3, outs);
        T.Close([.. expected], outs[0], 1e-6);
        T.Close([(float)h], outs[1], 1e-6);
        T.Close([(float)c], outs[2], 1e-6);
        CollectionAssert.AreEqual(new float[] { 0, 1, 0, 0 }, layer.Cell.Bias!.ToArray<float>(), "unitForgetBias puts ones in the f block");
    }

    [TestMethod]
    public void Gru_OneStep_MatchesHandComputedValues_ResetAfterAndBefore()
    {
        foreach (var resetAfter in new[] { true, false })
        {
            var layer = new GRU(1, kernelInitializer: new Constant(0.5), recurrentInitializer: new Constant(0.1),
                                biasInitializer: new Constant(0.2), resetAfter: resetAfter);
            var y = layer.ApplyAll(T.F([1], 1, 1, 1), [T.F([0.3f], 1, 1)])[0];
            double h0 = 0.3;
            double z, r, hh;
            if (resetAfter)
            {
                z = Sig(0.5 + 0.2 + 0.1 * h0 + 0.2);
                r = Sig(0.5 + 0.2 + 0.1 * h0 + 0.2);
                hh = Math.Tanh(0.5 + 0.2 + r * (0.1 * h0 + 0.2));
                CollectionAssert.AreEqual(new[] { 2, 3 }, layer.Cell.Bias!.Shape.ToArray());
            }
            else
            {
                z = Sig(0.5 + 0.2 + 0.1 * h0);
                r = Sig(0.5 + 0.2 + 0.1 * h0);
                hh = Math.Tanh(0.5 + 0.2 + 0.1 * (r * h0));
                CollectionAssert.AreEqual(new[] { 3 }, layer.Cell.Bias!.Shape.ToArray());
            }
            double h = z * h0 + (1 - z) * hh;
            T.Close([(float)h], y, 1e-6);
        }
    }

    [TestMethod]
    public void CellStep_AsALayer_GivesOutputAndStates()
    {
        var cell = new LSTMCell(2, kernelInitializer: new Constant(0.3), recurrentInitializer: new Constant(-0.2));
        var outs = cell.ApplyAll([T.F([1, 2, 3], 1, 3), T.F([0.1f, 0.2f], 1, 2), T.F([0.5f, -0.5f], 1, 2)]);
        Assert.HasCount(3, outs);
        double x = 0.3 * 6, u = -0.2 * 0.3;
        double[] c0 = [0.5, -0.5];
        var h = new float[2];
        var c = new float[2];
        for (int k = 0; k < 2; k++)
        {
            double z = x + u;
            c[k] = (float)(Sig(z + 1) * c0[k] + Sig(z) * Math.Tanh(z));
            h[k] = (float)(Sig(z) * Math.Tanh(c[k]));
        }
        T.Close(h, outs[0], 1e-6);
        T.Close(h, outs[1], 1e-6);
        T.Close(c, outs[2], 1e-6);
    }
}
