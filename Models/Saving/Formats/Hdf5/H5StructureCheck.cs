using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Saving;

/// <summary>
/// Walks an HDF5 file's group structure before PureHDF touches it, and refuses what PureHDF would mishandle on a
/// crafted file. PureHDF resolves soft links eagerly and recursively: a soft link that names itself recurses
/// without reading (so no read-time guard sees it) until the stack overflows and the process dies; external links
/// and external or virtual dataset storage make it open other files named by the file. Keras weight files have none
/// of these, so this walk rejects soft, external and user-defined links, dense (fractal heap) link storage, external
/// and virtual storage, and any object reachable twice (the groups must form a tree), and checks that every
/// structure it reads lies inside the file. Each header block and B-tree node is read once, so the walk is bounded
/// by the file's size.
/// </summary>
/// <remarks>It follows the same superblock search, base address and group layout choices as PureHDF 2.2.0, so it
/// sees the structures PureHDF will read.</remarks>
internal sealed class H5StructureCheck
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];

    private const int MaxObjects = 1_000_000;
    private const int MaxLocalHeapBytes = 64 << 20;

    private readonly GuardedReadStream _file;
    private readonly long _length;
    private int _offsetSize;
    private int _lengthSize;
    private ulong _base;
    private readonly HashSet<ulong> _objects = [];
    private readonly HashSet<ulong> _blocks = [];
    private readonly Queue<(ulong Address, string Path, (ulong BTree, ulong Heap)? ScratchPad)> _pending = new();

    private H5StructureCheck(GuardedReadStream file)
    {
        _file = file;
        _length = file.Length;
    }

    /// <summary>Checks the file; throws <see cref="H5FormatException"/> naming the object path where it is wrong.</summary>
    public static void Run(GuardedReadStream file) => new H5StructureCheck(file).Walk();

    private void Walk()
    {
        var root = ReadSuperblock();
        Enqueue(root, "/", null);
        while (_pending.TryDequeue(out var item)) CheckObject(item.Address, item.Path, item.ScratchPad);
    }

    private ulong ReadSuperblock()
    {
        // PureHDF's search: 8 bytes at 0, then at 512, 1536, 3584, ... (each step doubles).
        long position = 0, step = 512;
        Span<byte> signature = stackalloc byte[8];
        while (true)
        {
            if (position + 8 > _length) throw Fail("/", "not an HDF5 file (no HDF5 signature found).");
            _file.ReadExactlyAt(position, signature);
            if (signature.SequenceEqual(Signature)) break;
            position += step;
            step *= 2;
        }
        var at = position + 8;
        int version = ReadByte(at);
        ulong rootAddress;
        if (version is 0 or 1)
        {
            SetSizes(ReadByte(at + 5), ReadByte(at + 6));
            long p = at + 16 + (version == 1 ? 4 : 0);
            _base = ReadOffset(p);
            p += 4L * _offsetSize;                      // base, free space, end of file, driver info
            rootAddress = ReadOffset(p + _offsetSize);  // root symbol table entry: name offset, then header address
        }
        else if (version is 2 or 3)
        {
            SetSizes(ReadByte(at + 1), ReadByte(at + 2));
            long p = at + 4;
            _base = ReadOffset(p);
            rootAddress = ReadOffset(p + 3L * _offsetSize);   // base, extension, end of file, root
        }
        else throw Fail("/", $"unsupported HDF5 superblock version {version}.");
        return rootAddress;
    }

    private void SetSizes(int offsetSize, int lengthSize)
    {
        if (offsetSize is not (2 or 4 or 8) || lengthSize is not (2 or 4 or 8))
            throw Fail("/", $"unsupported HDF5 address sizes ({offsetSize} and {lengthSize} bytes).");
        _offsetSize = offsetSize;
        _lengthSize = lengthSize;
    }

    private void Enqueue(ulong address, string path, (ulong, ulong)? scratchPad)
    {
        if (IsUndefined(address)) throw Fail(path, "the link points to an undefined address.");
        if (!_objects.Add(address))
            throw Fail(path, "this object is linked from more than one place (a cycle or a shared object); a weights file is a tree.");
        if (_objects.Count > MaxObjects) throw Fail(path, $"the file has more than {MaxObjects} objects.");
        _pending.Enqueue((address, path, scratchPad));
    }

    private void CheckObject(ulong address, string path, (ulong BTree, ulong Heap)? scratchPad)
    {
        var header = ReadHeader(address, path);
        foreach (var link in header.Links)
            if (link.Type != 0) throw Fail(Join(path, link.Name), LinkKind(link.Type) + " links are not supported (a weights file has only hard links).");

        // The group layout PureHDF will use, in its order of preference.
        if (scratchPad is { } pad) WalkSymbolTable(pad.BTree, pad.Heap, path);
        else if (header.SymbolTables.Count > 0)
        {
            if (header.SymbolTables.Count > 1) throw Fail(path, "a group has more than one symbol table message.");
            WalkSymbolTable(header.SymbolTables[0].BTree, header.SymbolTables[0].Heap, path);
        }
        else if (header.LinkInfoCount > 0)
        {
            if (header.LinkInfoCount > 1) throw Fail(path, "a group has more than one link info message.");
            foreach (var link in header.Links) Enqueue(link.Address, Join(path, link.Name), null);
        }
    }

    private static string LinkKind(int type) => type switch { 1 => "soft", 64 => "external", _ => $"user-defined (type {type})" };

    private sealed class Header
    {
        public List<(string Name, int Type, ulong Address)> Links { get; } = [];
        public List<(ulong BTree, ulong Heap)> SymbolTables { get; } = [];
        public int LinkInfoCount { get; set; }
    }

    private Header ReadHeader(ulong address, string path)
    {
        var header = new Header();
        long at = Absolute(address, path);
        MarkBlock(at, path);
        var blocks = new Queue<(long Start, long Size)>();
        int version;
        bool creationOrder = false;
        if (ReadByte(at) == 1)
        {
            version = 1;
            ulong size = ReadUInt32(at + 8);
            blocks.Enqueue((at + (size > 0 ? 16 : 12), (long)size));
        }
        else
        {
            Span<byte> magic = stackalloc byte[4];
            _file.ReadExactlyAt(at, magic);
            if (!magic.SequenceEqual("OHDR"u8)) throw Fail(path, $"no object header at address {address}.");
            version = ReadByte(at + 4);
            if (version != 2) throw Fail(path, $"unsupported object header version {version}.");
            int flags = ReadByte(at + 5);
            creationOrder = (flags & 0x04) != 0;
            long p = at + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            int sizeBytes = 1 << (flags & 0x03);
            ulong size = ReadUnsigned(p, sizeBytes);
            blocks.Enqueue((p + sizeBytes, CheckedSize(size, path)));
        }
        while (blocks.TryDequeue(out var block))
            ReadMessages(block.Start, block.Size, version, creationOrder, path, header, blocks);
        return header;
    }

    private void ReadMessages(long start, long size, int version, bool creationOrder, string path, Header header, Queue<(long, long)> blocks)
    {
        if (start < 0 || size < 0 || size > _length - start) throw Fail(path, "an object header block runs past the end of the file.");
        long prefix = version == 1 ? 8 : 4 + (creationOrder ? 2 : 0);
        long gap = version == 1 ? 0 : prefix;
        long p = start, remaining = size;
        while (remaining > gap)
        {
            if (remaining < prefix) throw Fail(path, "an object header message is cut off.");
            int type = version == 1 ? ReadUInt16(p) : ReadByte(p);
            int dataSize = ReadUInt16(p + (version == 1 ? 2 : 1));
            long data = p + prefix;
            if (dataSize > remaining - prefix) throw Fail(path, "an object header message runs past its block.");
            CheckMessage(type, data, dataSize, version, path, header, blocks);
            p = data + dataSize;
            remaining -= prefix + dataSize;
        }
    }

    private void CheckMessage(int type, long data, int size, int version, string path, Header header, Queue<(long, long)> blocks)
    {
        long end = data + size;
        switch (type)
        {
            case 0x0002:   // link info: dense storage keeps links in a fractal heap
            {
                int flags = ReadByte(data + 1, end, path);
                long p = data + 2 + ((flags & 0x01) != 0 ? 8 : 0);
                ulong heap = ReadOffset(p, end, path), nameIndex = ReadOffset(p + _offsetSize, end, path);
                if (!IsUndefined(heap) || !IsUndefined(nameIndex))
                    throw Fail(path, "the group keeps its links in dense storage (a fractal heap), which this reader does not support; Keras and h5py's default format keep them in a symbol table.");
                header.LinkInfoCount++;
                break;
            }
            case 0x0006:   // link
            {
                int flags = ReadByte(data + 1, end, path);
                long p = data + 2;
                int linkType = 0;
                if ((flags & 0x08) != 0) linkType = ReadByte(p++, end, path);
                if ((flags & 0x04) != 0) p += 8;
                if ((flags & 0x10) != 0) p += 1;
                int lengthBytes = 1 << (flags & 0x03);
                ulong nameLength = ReadUnsigned(p, lengthBytes, end, path);
                p += lengthBytes;
                if (nameLength > (ulong)(end - p)) throw Fail(path, "a link name runs past its message.");
                var name = ReadString(p, (int)nameLength);
                p += (long)nameLength;
                ulong target = linkType == 0 ? ReadOffset(p, end, path) : 0;
                header.Links.Add((name, linkType, target));
                break;
            }
            case 0x0007:
                throw Fail(path, "the dataset keeps its data in external files, which this reader refuses to open.");
            case 0x0008:   // data layout: versions 1-2 put the class third, versions 3-4 second
            {
                int layoutVersion = ReadByte(data, end, path);
                int layoutClass = ReadByte(data + (layoutVersion <= 2 ? 2 : 1), end, path);
                if (layoutClass == 3) throw Fail(path, "the dataset is virtual (its data lives in other files), which this reader refuses to open.");
                if (layoutClass > 3) throw Fail(path, $"unknown data layout class {layoutClass}.");
                break;
            }
            case 0x0010:   // continuation: more messages elsewhere
            {
                ulong offset = ReadOffset(data, end, path);
                ulong length = ReadLength(data + _offsetSize, end, path);
                long at = Absolute(offset, path);
                MarkBlock(at, path);
                long blockSize = CheckedSize(length, path);
                if (version == 1) blocks.Enqueue((at, blockSize));
                else
                {
                    Span<byte> magic = stackalloc byte[4];
                    _file.ReadExactlyAt(at, magic);
                    if (!magic.SequenceEqual("OCHK"u8)) throw Fail(path, "an object header continuation block has no OCHK signature.");
                    if (blockSize < 8) throw Fail(path, "an object header continuation block is too short.");
                    blocks.Enqueue((at + 4, blockSize - 8));
                }
                break;
            }
            case 0x0011:   // symbol table (h5py's default group format)
                header.SymbolTables.Add((ReadOffset(data, end, path), ReadOffset(data + _offsetSize, end, path)));
                break;
        }
    }

    private void WalkSymbolTable(ulong btreeAddress, ulong heapAddress, string path)
    {
        var names = ReadLocalHeap(heapAddress, path);
        var nodes = new Stack<(ulong Address, int Level)>();
        nodes.Push((btreeAddress, -1));
        Span<byte> magic = stackalloc byte[4];
        while (nodes.TryPop(out var item))
        {
            long at = Absolute(item.Address, path);
            MarkBlock(at, path);
            _file.ReadExactlyAt(at, magic);
            if (!magic.SequenceEqual("TREE"u8)) throw Fail(path, "a group B-tree node has no TREE signature.");
            if (ReadByte(at + 4) != 0) throw Fail(path, "a group B-tree node is not of the group type.");
            int level = ReadByte(at + 5);
            if (item.Level >= 0 && level != item.Level) throw Fail(path, $"a group B-tree node has level {level} where {item.Level} belongs.");
            int entries = ReadUInt16(at + 6);
            long p = at + 8 + 2L * _offsetSize;   // siblings
            for (int i = 0; i < entries; i++)
            {
                p += _lengthSize;                  // key (a heap offset)
                ulong child = ReadOffset(p);
                p += _offsetSize;
                if (level > 0) nodes.Push((child, level - 1));
                else WalkSymbolNode(child, names, path);
            }
        }
    }

    private void WalkSymbolNode(ulong address, byte[] names, string path)
    {
        long at = Absolute(address, path);
        MarkBlock(at, path);
        Span<byte> magic = stackalloc byte[4];
        _file.ReadExactlyAt(at, magic);
        if (!magic.SequenceEqual("SNOD"u8)) throw Fail(path, "a group symbol node has no SNOD signature.");
        int count = ReadUInt16(at + 6);
        long p = at + 8;
        for (int i = 0; i < count; i++)
        {
            ulong nameOffset = ReadOffset(p);
            ulong header = ReadOffset(p + _offsetSize);
            uint cacheType = ReadUInt32(p + 2L * _offsetSize);
            long scratch = p + 2L * _offsetSize + 8;
            var childPath = Join(path, HeapName(names, nameOffset));
            switch (cacheType)
            {
                case 0: Enqueue(header, childPath, null); break;
                case 1: Enqueue(header, childPath, (ReadOffset(scratch), ReadOffset(scratch + _offsetSize))); break;
                case 2: throw Fail(childPath, "soft links are not supported (a weights file has only hard links).");
                default: throw Fail(childPath, $"unknown symbol table cache type {cacheType}.");
            }
            p += 2L * _offsetSize + 8 + 16;
        }
    }

    private byte[] ReadLocalHeap(ulong address, string path)
    {
        long at = Absolute(address, path);
        Span<byte> magic = stackalloc byte[4];
        _file.ReadExactlyAt(at, magic);
        if (!magic.SequenceEqual("HEAP"u8)) throw Fail(path, "a group's local heap has no HEAP signature.");
        ulong size = ReadLength(at + 8);
        ulong dataAddress = ReadOffset(at + 8 + 2L * _lengthSize);
        long dataAt = Absolute(dataAddress, path);
        // PureHDF reads the whole heap into memory: its size must be real and modest before that happens.
        if (size > (ulong)Math.Min(MaxLocalHeapBytes, _length - dataAt))
            throw Fail(path, $"a group's local heap claims {size} bytes, more than the file holds after it.");
        var names = new byte[(int)size];
        _file.ReadExactlyAt(dataAt, names);
        return names;
    }

    private static string HeapName(byte[] names, ulong offset)
    {
        if (offset >= (ulong)names.Length) return $"<name at heap offset {offset}>";
        int start = (int)offset, end = Array.IndexOf(names, (byte)0, start);
        return Encoding.UTF8.GetString(names, start, (end < 0 ? names.Length : end) - start);
    }

    private void MarkBlock(long at, string path)
    {
        if (!_blocks.Add((ulong)at)) throw Fail(path, $"the structure at offset {at} is reached twice (a cycle in a crafted file?).");
    }

    private long Absolute(ulong address, string path)
    {
        if (IsUndefined(address)) throw Fail(path, "an address is undefined where a structure must be.");
        ulong absolute = _base + address;
        if (absolute < address || absolute >= (ulong)_length) throw Fail(path, $"address {address} lies outside the file ({_length} bytes).");
        return (long)absolute;
    }

    private long CheckedSize(ulong size, string path) =>
        size <= (ulong)_length ? (long)size : throw Fail(path, $"a structure claims {size} bytes, more than the file's {_length}.");

    private bool IsUndefined(ulong address) => _offsetSize == 8 ? address == ulong.MaxValue : address == (1UL << (8 * _offsetSize)) - 1;

    private static string Join(string path, string name) => path == "/" ? "/" + name : path + "/" + name;

    private H5FormatException Fail(string path, string problem) => new(path, problem);

    // ---- bounded little-endian reads ----

    private int ReadByte(long at)
    {
        Span<byte> b = stackalloc byte[1];
        _file.ReadExactlyAt(at, b);
        return b[0];
    }

    private int ReadUInt16(long at) => (int)ReadUnsigned(at, 2);
    private uint ReadUInt32(long at) => (uint)ReadUnsigned(at, 4);
    private ulong ReadOffset(long at) => ReadUnsigned(at, _offsetSize);
    private ulong ReadLength(long at) => ReadUnsigned(at, _lengthSize);

    private ulong ReadUnsigned(long at, int size)
    {
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        _file.ReadExactlyAt(at, b[..size]);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    // Reads that must stay inside one message.
    private int ReadByte(long at, long end, string path) => (int)ReadUnsigned(at, 1, end, path);
    private ulong ReadOffset(long at, long end, string path) => ReadUnsigned(at, _offsetSize, end, path);
    private ulong ReadLength(long at, long end, string path) => ReadUnsigned(at, _lengthSize, end, path);

    private ulong ReadUnsigned(long at, int size, long end, string path) =>
        at + size <= end ? ReadUnsigned(at, size) : throw Fail(path, "an object header message is shorter than its fields.");

    private string ReadString(long at, int length)
    {
        var bytes = new byte[length];
        _file.ReadExactlyAt(at, bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}

/// <summary>A structural problem at one HDF5 object path; readers turn it into a <see cref="ModelFileException"/>.</summary>
internal sealed class H5FormatException(string path, string problem) : IOException(problem)
{
    /// <summary>The object path the problem is at.</summary>
    public string ObjectPath { get; } = path;
}
