using ILGPU;

namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The device views of one attention launch: q [n, sq, d], k [n, sk, d], v [n, sk, dv], each starting at the launch's
/// first batch·head, and the whole call's mask (bool as bytes, or float; a view that is never read when the mask is
/// of the other kind or absent).
/// </summary>
internal readonly record struct AttentionInputs<T>(ArrayView<T> Q, ArrayView<T> K, ArrayView<T> V, ArrayView<byte> BoolMask, ArrayView<T> FloatMask)
    where T : unmanaged;
