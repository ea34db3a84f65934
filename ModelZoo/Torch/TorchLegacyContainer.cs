using KerasSharp.Saving;
using System.Buffers.Binary;
using System.Numerics;
using Microsoft.Win32.SafeHandles;

namespace KerasSharp.ModelZoo;

/// <summary>
/// A legacy torch file (what <c>torch.save</c> wrote before 1.6, or with <c>_use_new_zipfile_serialization=False</c>):
/// five pickles one after the other (magic number, protocol version, system info, the state dict, the list of
/// storage keys), then for each listed storage an 8-byte element count and its bytes.
/// </summary>
internal sealed class TorchLegacyContainer : TorchContainer
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);
    private const long ProtocolVersion = 1001;

    private readonly SafeFileHandle _handle;

    private TorchLegacyContainer(string path, SafeFileHandle handle, List<(string, TorchTensorView)> tensors) : base(path, tensors) =>
        _handle = handle;

    /// <inheritdoc/>
    public override TorchFileFormat Format => TorchFileFormat.Legacy;

    /// <summary>Reads the pickles of the file behind <paramref name="handle"/> and places every storage; takes over the handle.</summary>
    public static TorchLegacyContainer Open(string path, SafeFileHandle handle)
    {
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (IsTar(handle, length))
                throw new ModelFileException(path, null, "this is a tar archive, the format of torch before 0.1.10, which this reader does not support.");
            long position = 0;
            object? magic;
            try { magic = ReadPickle(handle, length, ref position, new TorchPickleHooks(false)); }
            catch (PickleException e)
            {
                throw new ModelFileException(path, null, $"not a PyTorch file: neither a zip archive nor a legacy torch.save stream (reading its magic number: {e.Message.TrimEnd('.')}).", e);
            }
            if (!(magic is BigInteger m && m == MagicNumber))
                throw new ModelFileException(path, null, "not a PyTorch file: neither a zip archive nor a legacy torch.save stream (wrong magic number).");
            var version = Header(path, handle, length, ref position, "protocol version");
            if (version is not long v || v != ProtocolVersion)
                throw new ModelFileException(path, null, $"the legacy protocol version is {version ?? "None"}, not {ProtocolVersion}.");
            if (Header(path, handle, length, ref position, "system info") is not PickleDict sysInfo)
                throw new ModelFileException(path, null, "the system info is not a dict.");
            foreach (var (key, value) in sysInfo.Items)
                if (key is "little_endian" && value is false)
                    throw new ModelFileException(path, null, "the file was written on a big-endian machine, which this reader does not support.");

            var hooks = new TorchPickleHooks(storageKeysAreEntryNames: false);
            object? root;
            try { root = ReadPickle(handle, length, ref position, hooks); }
            catch (PickleException e) { throw new ModelFileException(path, null, e.Message, e); }
            var tensors = StateDictEntries.From(root, path, null);
            var keys = Header(path, handle, length, ref position, "storage key list");
            PlaceStorages(path, handle, length, position, keys, hooks);
            return new TorchLegacyContainer(path, handle, tensors);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override void Read(TorchStorage storage, long byteOffset, Span<byte> destination)
    {
        long at = storage.DataOffset + byteOffset;
        int total = 0;
        while (total < destination.Length)
        {
            int n = RandomAccess.Read(_handle, destination[total..], at + total);
            if (n == 0) throw new ModelFileException(FilePath, storage.Label, "the file ended early (it changed while it was read?).");
            total += n;
        }
    }

    /// <inheritdoc/>
    public override void Dispose() => _handle.Dispose();

    // After the pickles, each listed storage is an int64 element count and then its bytes, in the list's order.
    private static void PlaceStorages(string path, SafeFileHandle handle, long length, long position, object? keys, TorchPickleHooks hooks)
    {
        if (keys is not List<object?> list) throw new ModelFileException(path, null, "the storage key list is not a list.");
        Span<byte> count = stackalloc byte[8];
        foreach (var item in list)
        {
            if (item is not string key) throw new ModelFileException(path, null, "the storage key list holds something other than strings.");
            if (!hooks.Storages.TryGetValue(key, out var storage))
                throw new ModelFileException(path, $"storage '{key}'", "the storage list names a storage that no tensor uses.");
            if (storage.DataOffset >= 0) throw new ModelFileException(path, storage.Label, "the storage list names this storage twice.");
            if (length - position < 8) throw new ModelFileException(path, storage.Label, $"the file ends at byte {length}, before the storage's length.");
            ReadExactly(handle, count, position, path);
            long numel = BinaryPrimitives.ReadInt64LittleEndian(count);
            if (numel != storage.Numel)
                throw new ModelFileException(path, storage.Label, $"the file holds {numel} elements where the pickle declares {storage.Numel}.");
            long bytes = numel * storage.Element.ByteSize();
            position += 8;
            if (bytes > length - position)
                throw new ModelFileException(path, storage.Label, $"the storage needs {bytes} bytes at byte {position} but the file has {length - position} left (truncated?).");
            storage.DataOffset = position;
            position += bytes;
        }
        foreach (var storage in hooks.Storages.Values)
            if (storage.DataOffset < 0) throw new ModelFileException(path, storage.Label, "a tensor uses this storage but the file holds no data for it.");
    }

    private static object? Header(string path, SafeFileHandle handle, long length, ref long position, string what)
    {
        try { return ReadPickle(handle, length, ref position, new TorchPickleHooks(false)); }
        catch (PickleException e) { throw new ModelFileException(path, null, $"the {what}: {e.Message}", e); }
    }

    private static object? ReadPickle(SafeFileHandle handle, long length, ref long position, TorchPickleHooks hooks)
    {
        long end = Math.Min(length, position + TorchLimits.MaxPickleBytes);
        var input = new PickleInput((offset, buffer) => RandomAccess.Read(handle, buffer, offset), position, end, endIsLimit: end < length);
        var value = new RestrictedUnpickler(input, hooks).Load();
        position = input.Position;
        return value;
    }

    private static bool IsTar(SafeFileHandle handle, long length)
    {
        if (length < 262) return false;
        Span<byte> magic = stackalloc byte[5];
        int total = 0;
        while (total < magic.Length)
        {
            int n = RandomAccess.Read(handle, magic[total..], 257 + total);
            if (n == 0) return false;
            total += n;
        }
        return magic.SequenceEqual("ustar"u8);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0) throw new ModelFileException(path, null, "the file ended early (it changed while it was read?).");
            total += n;
        }
    }
}
