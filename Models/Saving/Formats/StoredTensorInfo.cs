namespace KerasSharp.Saving;

/// <summary>What a file says about one stored array, before its data is read.</summary>
/// <param name="Name">The dataset path (HDF5) or tensor name (safetensors).</param>
/// <param name="DType">The dtype reading gives (narrow types are widened: float16 and bfloat16 to float32, int8/int16/uint16 to int32, uint32/uint64 to int64).</param>
/// <param name="Shape">The array's shape; rank 0 for a scalar.</param>
/// <param name="StoredType">The element type as the file stores it: "float16", "bfloat16", "uint32", ... (HDF5) or "F16", "BF16", ... (safetensors).</param>
public sealed record StoredTensorInfo(string Name, DType DType, Shape Shape, string StoredType);
