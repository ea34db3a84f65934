namespace KerasSharp.Layers.Tests.Recurrent;

/// <summary>Float64 central differences through whole recurrent layers, with respect to the inputs and every weight.</summary>
[TestClass]
public sealed class RecurrentGradientTests
{
    private static double[] Data(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    [TestMethod]
    public void Lstm_Sequences_Backwards() =>
        GradientCheckTests.Check(new LSTM(3, biasInitializer: new RandomNormal(0, 0.3, seed: 3), kernelInitializer: new GlorotUniform(seed: 1),
                                          recurrentInitializer: new Orthogonal(seed: 2), returnSequences: true, goBackwards: true) { DType = DType.Float64 },
                                 Data(2 * 4 * 2, 5), [2, 4, 2], training: false);

    [TestMethod]
    public void Gru_ResetAfter_LastOutput() =>
        GradientCheckTests.Check(new GRU(3, biasInitializer: new RandomNormal(0, 0.3, seed: 3), kernelInitializer: new GlorotUniform(seed: 1),
                                         recurrentInitializer: new Orthogonal(seed: 2)) { DType = DType.Float64 },
                                 Data(2 * 4 * 2, 6), [2, 4, 2], training: false);

    [TestMethod]
    public void Gru_ResetBefore_Sequences() =>
        GradientCheckTests.Check(new GRU(2, resetAfter: false, biasInitializer: new RandomNormal(0, 0.3, seed: 3), kernelInitializer: new GlorotUniform(seed: 1),
                                         recurrentInitializer: new Orthogonal(seed: 2), returnSequences: true) { DType = DType.Float64 },
                                 Data(2 * 3 * 2, 7), [2, 3, 2], training: false);

    [TestMethod]
    public void SimpleRnn_Sequences() =>
        GradientCheckTests.Check(new SimpleRNN(3, biasInitializer: new RandomNormal(0, 0.3, seed: 3), kernelInitializer: new GlorotUniform(seed: 1),
                                               recurrentInitializer: new Orthogonal(seed: 2), returnSequences: true) { DType = DType.Float64 },
                                 Data(2 * 3 * 2, 8), [2, 3, 2], training: false);

    [TestMethod]
    public void Lstm_StepByStep_WithAnActivationTheFusedOpDoesNotKnow() =>
        // softsign is not one of the fused activations: the cell's step-by-step path runs.
        GradientCheckTests.Check(new LSTM(2, activation: "softsign", recurrentActivation: "hard_sigmoid", kernelInitializer: new GlorotUniform(seed: 1),
                                          recurrentInitializer: new Orthogonal(seed: 2), returnSequences: true, goBackwards: true) { DType = DType.Float64 },
                                 Data(2 * 3 * 2, 9), [2, 3, 2], training: false);
}
