namespace KerasSharp.Backends.Native.Gpu.Kernels;

/// <summary>
/// The sizes of one (batched) row-major product <c>C[b] = op(A[b]) · op(B[b])</c>: op(A) is [M, K] (A stored [K, M]
/// when <see cref="TransA"/> is 1), op(B) is [K, N] (B stored [N, K] when <see cref="TransB"/> is 1), C is [M, N].
/// Batch strides are in elements; a stride of 0 shares one matrix across the batch. Flags are ints (kernel arguments).
/// </summary>
internal readonly record struct GemmArgs(int M, int N, int K, long StrideA, long StrideB, long StrideC,
                                         int TransA, int TransB, int Accumulate);
