namespace KerasSharp.Backends.Native.Gpu.Cublas;

/// <summary>The values of cuBLAS's and CUDA's enums that the binding passes (cublas_api.h, library_types.h).</summary>
internal static class CublasConstants
{
    /// <summary>CUBLAS_OP_N.</summary>
    public const int OpN = 0;
    /// <summary>CUBLAS_OP_T.</summary>
    public const int OpT = 1;
    /// <summary>CUDA_R_32F.</summary>
    public const int R32F = 0;
    /// <summary>CUDA_R_64F.</summary>
    public const int R64F = 1;
    /// <summary>CUBLAS_COMPUTE_32F: full float32 products and sums.</summary>
    public const int Compute32F = 68;
    /// <summary>CUBLAS_COMPUTE_32F_FAST_TF32: float32 storage, TF32 tensor-core products.</summary>
    public const int Compute32FFastTf32 = 77;
    /// <summary>CUBLAS_COMPUTE_64F.</summary>
    public const int Compute64F = 70;
    /// <summary>CUBLAS_DEFAULT_MATH.</summary>
    public const int DefaultMath = 0;
    /// <summary>CUBLAS_TF32_TENSOR_OP_MATH.</summary>
    public const int Tf32TensorOpMath = 3;
    /// <summary>CUBLAS_GEMM_DEFAULT.</summary>
    public const int GemmDefault = -1;

    /// <summary>The name of a cublasStatus_t value.</summary>
    public static string StatusName(int status) => status switch
    {
        0 => "CUBLAS_STATUS_SUCCESS",
        1 => "CUBLAS_STATUS_NOT_INITIALIZED",
        3 => "CUBLAS_STATUS_ALLOC_FAILED",
        7 => "CUBLAS_STATUS_INVALID_VALUE",
        8 => "CUBLAS_STATUS_ARCH_MISMATCH",
        11 => "CUBLAS_STATUS_MAPPING_ERROR",
        13 => "CUBLAS_STATUS_EXECUTION_FAILED",
        14 => "CUBLAS_STATUS_INTERNAL_ERROR",
        15 => "CUBLAS_STATUS_NOT_SUPPORTED",
        16 => "CUBLAS_STATUS_LICENSE_ERROR",
        _ => "unknown status",
    };
}
