using System.Runtime.InteropServices;

namespace KerasSharp.Backends.Native.Gpu.Cublas;

/// <summary>
/// The cuBLAS functions used, bound from an opened library by name (function pointers, so the library's file name
/// is chosen at run time). Status codes other than 0 become exceptions that name the function and the status.
/// </summary>
internal sealed unsafe class CublasApi
{
    private static readonly string[] Exports =
        ["cublasCreate_v2", "cublasDestroy_v2", "cublasSetStream_v2", "cublasSetMathMode", "cublasGemmStridedBatchedEx"];

    private readonly delegate* unmanaged<IntPtr*, int> _create;
    private readonly delegate* unmanaged<IntPtr, int> _destroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> _setStream;
    private readonly delegate* unmanaged<IntPtr, int, int> _setMathMode;
    private readonly delegate* unmanaged<IntPtr, int, int, int, int, int, void*, void*, int, int, long, void*, int, int, long,
                                         void*, void*, int, int, long, int, int, int, int> _gemmStridedBatchedEx;

    /// <summary>Binds the functions of an opened library (all exports present: see <see cref="MissingExport"/>).</summary>
    public CublasApi(IntPtr library, string name)
    {
        Name = name;
        _create = (delegate* unmanaged<IntPtr*, int>)NativeLibrary.GetExport(library, Exports[0]);
        _destroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(library, Exports[1]);
        _setStream = (delegate* unmanaged<IntPtr, IntPtr, int>)NativeLibrary.GetExport(library, Exports[2]);
        _setMathMode = (delegate* unmanaged<IntPtr, int, int>)NativeLibrary.GetExport(library, Exports[3]);
        _gemmStridedBatchedEx = (delegate* unmanaged<IntPtr, int, int, int, int, int, void*, void*, int, int, long, void*, int, int, long,
                                                     void*, void*, int, int, long, int, int, int, int>)NativeLibrary.GetExport(library, Exports[4]);
    }

    /// <summary>The library name or path that was opened.</summary>
    public string Name { get; }

    /// <summary>The first function the library lacks, or null.</summary>
    public static string? MissingExport(IntPtr library) =>
        Exports.FirstOrDefault(e => !NativeLibrary.TryGetExport(library, e, out _));

    /// <summary>cublasCreate_v2.</summary>
    public IntPtr Create()
    {
        IntPtr handle;
        Check(_create(&handle), "cublasCreate_v2");
        return handle;
    }

    /// <summary>cublasDestroy_v2.</summary>
    public void Destroy(IntPtr handle) => Check(_destroy(handle), "cublasDestroy_v2");

    /// <summary>cublasSetStream_v2 (a CUDA stream handle; zero is the legacy default stream).</summary>
    public void SetStream(IntPtr handle, IntPtr stream) => Check(_setStream(handle, stream), "cublasSetStream_v2");

    /// <summary>cublasSetMathMode.</summary>
    public void SetMathMode(IntPtr handle, int mode) => Check(_setMathMode(handle, mode), "cublasSetMathMode");

    /// <summary>cublasGemmStridedBatchedEx (column-major, as cuBLAS defines it; alpha and beta are host pointers).</summary>
    public void GemmStridedBatchedEx(IntPtr handle, int transA, int transB, int m, int n, int k, void* alpha,
                                     IntPtr a, int aType, int lda, long strideA, IntPtr b, int bType, int ldb, long strideB,
                                     void* beta, IntPtr c, int cType, int ldc, long strideC, int batch, int computeType) =>
        Check(_gemmStridedBatchedEx(handle, transA, transB, m, n, k, alpha, (void*)a, aType, lda, strideA, (void*)b, bType, ldb, strideB,
                                    beta, (void*)c, cType, ldc, strideC, batch, computeType, CublasConstants.GemmDefault),
              "cublasGemmStridedBatchedEx");

    private void Check(int status, string function)
    {
        if (status != 0)
            throw new InvalidOperationException($"{function} ({Name}) failed with status {status} ({CublasConstants.StatusName(status)}).");
    }
}
