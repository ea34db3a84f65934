namespace KerasSharp.Saving;

/// <summary>
/// How numpy bools look in HDF5: h5py stores them as an enum with members FALSE = 0 and TRUE = 1, and reads such
/// an enum back as numpy bool. PureHDF writes a C# enum as an HDF5 enum with the same names and values.
/// </summary>
/// <remarks>h5py's base type is int8; PureHDF 2.2.0 fails on sbyte-based enums (it unboxes the values as byte),
/// so ours is uint8-based. h5py still reads it as bool (it looks at the members), and our reader takes both.</remarks>
internal enum H5BoolValue : byte
{
    FALSE = 0,
    TRUE = 1,
}
