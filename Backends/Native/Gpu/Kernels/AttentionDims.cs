namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// One fused attention call as the GPU row kernels see it (kernel arguments, so flags are ints): <see cref="N"/>
/// batch·heads in this launch, starting at batch·head <see cref="Batch0"/> of the call; <see cref="Sq"/> query rows,
/// <see cref="Sk"/> keys, depths <see cref="D"/> and <see cref="Dv"/>; the mask's kind and shape [Mn, Mq, Mk] (each
/// 1 or full, indexed by the call's batch·head); causal; dropout with the counter-based stream's key and keep limit,
/// as <see cref="CounterRandom.BernoulliHit"/> draws them on the CPU.
/// </summary>
internal readonly record struct AttentionDims(int N, int Batch0, int Sq, int Sk, int D, int Dv, int MaskKind, int Mn, int Mq, int Mk,
                                              int Causal, int Dropout, float KeepLimit, ulong DropoutKey)
{
    /// <summary><see cref="MaskKind"/>: no mask.</summary>
    public const int NoMask = 0;

    /// <summary><see cref="MaskKind"/>: a bool mask (as bytes), nonzero where the query may attend to the key.</summary>
    public const int BoolMask = 1;

    /// <summary><see cref="MaskKind"/>: a float mask added to the scaled scores.</summary>
    public const int FloatMask = 2;

    /// <summary>A whole call's dims (<see cref="Batch0"/> 0): its sizes, its mask's kind and shape, and the options' causal flag and dropout.</summary>
    public static AttentionDims Of(int n, int sq, int sk, int d, int dv, int maskKind, int mn, int mq, int mk, AttentionOptions options) =>
        new(n, 0, sq, sk, d, dv, maskKind, mn, mq, mk, options.Causal ? 1 : 0, options.Dropout > 0 ? 1 : 0,
            (float)(1 - options.Dropout), options.Dropout > 0 ? CounterRandom.BernoulliKey(options.Seed) : 0);
}
