using System.Numerics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Backends.Native;

/// <summary>A partial sum of one lane or one vector of lanes, so one counter serves both.</summary>
internal interface ILaneNode<T, TSelf> where T : unmanaged, INumber<T> where TSelf : struct, ILaneNode<T, TSelf>
{
    /// <summary>A full leaf block from p, rows s apart.</summary>
    static abstract TSelf Block(ref T p, nint s);

    /// <summary>Lane sums already made, from p.</summary>
    static abstract TSelf Load(ref T p);

    /// <summary>Four full blocks from p.</summary>
    static abstract TSelf FourBlocks(ref T p, nint s);

    /// <summary>this + right.</summary>
    TSelf Add(TSelf right);
}

/// <summary>A vector of lane sums (SIMD).</summary>
internal readonly record struct VectorNode<T>(Vector<T> Value) : ILaneNode<T, VectorNode<T>> where T : unmanaged, INumber<T>
{
    public static VectorNode<T> Block(ref T p, nint s) => new(PairwiseSum.Block(ref p, s));

    public static VectorNode<T> Load(ref T p) => new(Vector.LoadUnsafe(ref p));

    public static VectorNode<T> FourBlocks(ref T p, nint s) => new(PairwiseSum.FourBlocksVector(ref p, s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public VectorNode<T> Add(VectorNode<T> right) => new(Value + right.Value);
}

/// <summary>One lane's sum (where vectors are not accelerated or wider than the lanes).</summary>
internal readonly record struct ScalarNode<T>(T Value) : ILaneNode<T, ScalarNode<T>> where T : unmanaged, INumber<T>
{
    public static ScalarNode<T> Block(ref T p, nint s) => new(PairwiseSum.ScalarBlock(ref p, s, PairwiseSum.BlockRows));

    public static ScalarNode<T> Load(ref T p) => new(p);

    public static ScalarNode<T> FourBlocks(ref T p, nint s)
    {
        nint s8 = PairwiseSum.BlockRows * s;
        const int full = PairwiseSum.BlockRows;
        return new((PairwiseSum.ScalarBlock(ref p, s, full) + PairwiseSum.ScalarBlock(ref Unsafe.Add(ref p, s8), s, full))
            + (PairwiseSum.ScalarBlock(ref Unsafe.Add(ref p, 2 * s8), s, full) + PairwiseSum.ScalarBlock(ref Unsafe.Add(ref p, 3 * s8), s, full)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScalarNode<T> Add(ScalarNode<T> right) => new(Value + right.Value);
}
