namespace KerasSharp.Losses;

/// <summary>Small differentiable building blocks shared by the losses.</summary>
internal static class LossMath
{
    /// <summary>Keras's fuzz factor <c>backend.epsilon()</c>, used to clip probabilities to [eps, 1 - eps].</summary>
    public const double Epsilon = 1e-7;

    /// <summary>
    /// log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|). The maximum splits its gradient at 0, so the
    /// derivative there is the exact 0.5.
    /// </summary>
    public static Tensor Softplus(Tensor x) =>
        Ops.Add(Ops.Maximum(x, Ops.ZerosLike(x)), Ops.Log1p(Ops.Exp(Ops.Negative(Ops.Abs(x)))));

    /// <summary>The mean over the last axis (a scalar input stays a scalar).</summary>
    public static Tensor MeanLast(Tensor x) => x.Rank == 0 ? x : Ops.Mean(x, -1);

    /// <summary>The sum over the last axis (a scalar input stays a scalar).</summary>
    public static Tensor SumLast(Tensor x) => x.Rank == 0 ? x : Ops.Sum(x, -1);
}
