namespace KerasSharp.Backends.Native.Gpu;

/// <summary>
/// Numerical switches of the native backend's GPU path. TF32 (tensor-core products with a 10-bit mantissa) is off
/// by default, so float32 matrix products keep float32 accuracy and match the CPU backend; turning it on trades
/// about three decimal digits of each product for several times the GEMM speed on Ampere and later GPUs, as
/// PyTorch's <c>torch.backends.cuda.matmul.allow_tf32</c> does.
/// </summary>
public static class GpuMath
{
    /// <summary>
    /// Whether float32 GEMMs through cuBLAS may use TF32 tensor cores. Defaults to false, or to true when the
    /// environment variable <c>KERASSHARP_ALLOW_TF32</c> is <c>1</c> or <c>true</c> at start-up.
    /// </summary>
    public static bool AllowTf32 { get; set; } =
        Environment.GetEnvironmentVariable("KERASSHARP_ALLOW_TF32") is "1" or "true" or "TRUE" or "True";
}
