using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using KerasSharp.Backends.Native.Gpu.Kernels;

namespace KerasSharp.Backends.Native.Gpu.Cublas;

/// <summary>
/// Row-major batched GEMM through cuBLAS on a CUDA accelerator. cuBLAS is column-major, and a row-major [M, N]
/// matrix is the column-major [N, M] one, so C = A·B is computed as Cᵀ = Bᵀ·Aᵀ: the operands swap places and
/// keep their own transpose flags and leading dimensions. One cuBLAS handle per accelerator, bound to the
/// stream of each call.
/// </summary>
internal static unsafe class CublasGemm
{
    private sealed class Handle(CublasApi api, IntPtr value)
    {
        public readonly CublasApi Api = api;
        public readonly IntPtr Value = value;
        public bool? Tf32;

        ~Handle()
        {
            try { Api.Destroy(Value); } catch (InvalidOperationException) { } // the context may be gone at exit
        }
    }

    private static readonly ConditionalWeakTable<Accelerator, Handle> Handles = new();

    /// <summary>C[b] = op(A[b])·op(B[b]) (+ C[b] when s.Accumulate) for b in [0, batch), float32 or float64.</summary>
    public static void Run<T>(CudaAccelerator accelerator, CudaStream stream, CublasApi api, int batch, GemmArgs s,
                              ArrayView<T> a, ArrayView<T> b, ArrayView<T> c) where T : unmanaged
    {
        accelerator.Bind();
        var handle = Handles.GetValue(accelerator, _ => new Handle(api, api.Create()));
        bool tf32 = typeof(T) == typeof(float) && GpuMath.AllowTf32;
        if (handle.Tf32 != tf32)
        {
            api.SetMathMode(handle.Value, tf32 ? CublasConstants.Tf32TensorOpMath : CublasConstants.DefaultMath);
            handle.Tf32 = tf32;
        }
        api.SetStream(handle.Value, stream.StreamPtr);
        int type = typeof(T) == typeof(float) ? CublasConstants.R32F : CublasConstants.R64F;
        int compute = typeof(T) == typeof(double) ? CublasConstants.Compute64F
                    : tf32 ? CublasConstants.Compute32FFastTf32 : CublasConstants.Compute32F;
        int ldb = s.TransB == 0 ? s.N : s.K, lda = s.TransA == 0 ? s.K : s.M;
        if (typeof(T) == typeof(float))
        {
            float one = 1f, beta = s.Accumulate != 0 ? 1f : 0f;
            Call(&one, &beta);
        }
        else
        {
            double one = 1d, beta = s.Accumulate != 0 ? 1d : 0d;
            Call(&one, &beta);
        }

        void Call(void* alpha, void* beta) =>
            api.GemmStridedBatchedEx(handle.Value, s.TransB == 0 ? CublasConstants.OpN : CublasConstants.OpT,
                                     s.TransA == 0 ? CublasConstants.OpN : CublasConstants.OpT, s.N, s.M, s.K, alpha,
                                     b.LoadEffectiveAddressAsPtr(), type, ldb, s.StrideB,
                                     a.LoadEffectiveAddressAsPtr(), type, lda, s.StrideA,
                                     beta, c.LoadEffectiveAddressAsPtr(), type, s.N, s.StrideC, batch, compute);
    }
}
