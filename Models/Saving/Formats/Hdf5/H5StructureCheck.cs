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
    private const ulong MaxChunkExpansion = 1100;   // deflate's limit is about 1032:1

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
            if (position + 8 > _length) throw Fail(null, "not an HDF5 file (no HDF5 signature found).");
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
        else throw Fail(null, $"unsupported HDF5 superblock version {version}.");
        return rootAddress;
    }

    private void SetSizes(int offsetSize, int lengthSize)
    {
        if (offsetSize is not (2 or 4 or 8) || lengthSize is not (2 or 4 or 8))
            throw Fail(null, $"unsupported HDF5 address sizes ({offsetSize} and {lengthSize} bytes).");
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
            bool shared = (ReadByte(p + (version == 1 ? 4 : 3)) & 0x02) != 0;
            long data = p + prefix;
            if (dataSize > remaining - prefix) throw Fail(path, "an object header message runs past its block.");
            CheckMessage(type, data, dataSize, version, shared, path, header, blocks);
            p = data + dataSize;
            remaining -= prefix + dataSize;
        }
    }

    private void CheckMessage(int type, long data, int size, int version, bool shared, string path, Header header, Queue<(long, long)> blocks)
    {
        long end = data + size;
        switch (type)
        {
            // PureHDF allocates the sizes these messages claim before reading: the claims must fit in the message.
            case 0x0004 when !shared:   // the old fill value message: a size, then the value
                CheckClaim(ReadUInt32(data, end, path), data + 4, end, path, "a fill value");
                break;
            case 0x0005 when !shared:
                CheckFillValue(data, end, path);
                break;
            case 0x000C when !shared:
                CheckAttribute(data, end, path);
                break;
            case 0x0003 when !shared:
                CheckDatatype(data, end, path);
                break;
            case 0x0015:   // attribute info: dense storage keeps attributes in a fractal heap
            {
                int flags = ReadByte(data + 1, end, path);
                ulong heap = ReadOffset(data + 2 + ((flags & 0x01) != 0 ? 2 : 0), end, path);
                if (!IsUndefined(heap))
                    throw Fail(path, "the object keeps its attributes in dense storage (a fractal heap), which this reader does not support.");
                break;
            }
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
                if (layoutVersion <= 2 && layoutClass == 0)
                {
                    // Compact data of the old layouts: rank, class, 5 reserved bytes, 4 bytes per dimension, then its size.
                    long at = data + 8 + 4L * ReadByte(data + 1, end, path);
                    CheckClaim(ReadUInt32(at, end, path), at + 4, end, path, "compact data");
                }
                else if (layoutVersion <= 3 && layoutClass == 2)
                {
                    // Chunked with a version 1 B-tree index (h5py's default): dimensionality, index address, chunk dimensions.
                    int dimensionality = ReadByte(data + (layoutVersion <= 2 ? 1 : 2), end, path);
                    long at = data + (layoutVersion <= 2 ? 8 : 3);
                    ulong index = ReadOffset(at, end, path);
                    ulong chunkBytes = 1;
                    for (int i = 0; i < dimensionality; i++)
                    {
                        ulong d = ReadUInt32(at + _offsetSize + 4L * i, end, path);
                        chunkBytes = d == 0 ? 0 : chunkBytes > ulong.MaxValue / d ? ulong.MaxValue : chunkBytes * d;
                    }
                    if (chunkBytes > (ulong)_length * MaxChunkExpansion)
                        throw Fail(path, $"a chunk claims {chunkBytes} bytes, more than the file could hold even compressed.");
                    if (!IsUndefined(index)) WalkChunkIndex(index, dimensionality, path);
                }
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

    private void CheckFillValue(long data, long end, string path)
    {
        int version = ReadByte(data, end, path);
        long sizeAt;
        if (version is 1 or 2) sizeAt = ReadByte(data + 3, end, path) == 1 ? data + 4 : -1;
        else
        {
            int flags = ReadByte(data + 1, end, path);
            sizeAt = (flags & 0x10) == 0 && (flags & 0x20) != 0 ? data + 2 : -1;
        }
        if (sizeAt >= 0) CheckClaim(ReadUInt32(sizeAt, end, path), sizeAt + 4, end, path, "a fill value");
    }

    // The attribute's data is (element count) x (type size) bytes after its name, datatype and dataspace
    // (each padded to 8 bytes in version 1); those must be inside the message.
    private void CheckAttribute(long data, long end, string path)
    {
        int version = ReadByte(data, end, path);
        int flags = version == 1 ? 0 : ReadByte(data + 1, end, path);
        long Pad(long x) => version == 1 ? (x + 7) & ~7L : x;
        long typeAt = data + (version == 3 ? 9 : 8) + Pad(ReadUInt16(data + 2, end, path));
        long spaceAt = typeAt + Pad(ReadUInt16(data + 4, end, path));
        long valueAt = spaceAt + Pad(ReadUInt16(data + 6, end, path));
        if (valueAt > end) throw Fail(path, "an attribute message is shorter than its fields.");
        if ((flags & 0x03) != 0) return;   // shared datatype or dataspace: described elsewhere
        ulong typeSize = ReadUInt32(typeAt + 4, end, path);
        int spaceVersion = ReadByte(spaceAt, end, path);
        int rank = ReadByte(spaceAt + 1, end, path);
        if (spaceVersion == 2 && ReadByte(spaceAt + 3, end, path) == 2) return;   // null dataspace: no data
        long dims = spaceAt + (spaceVersion == 1 ? 8 : 4);
        ulong count = 1;
        for (int i = 0; i < rank; i++)
        {
            ulong d = ReadLength(dims + (long)i * _lengthSize, end, path);
            count = d == 0 ? 0 : count > ulong.MaxValue / d ? ulong.MaxValue : count * d;
        }
        ulong bytes = typeSize == 0 ? 0 : count > ulong.MaxValue / typeSize ? ulong.MaxValue : count * typeSize;
        CheckClaim(bytes, valueAt, end, path, "an attribute value");
        CheckDatatype(typeAt, spaceAt, path);
        // Variable-length values (h5py's strings) live in global heap collections, which PureHDF reads whole.
        if ((ReadByte(typeAt) & 0x0F) == 9 && typeSize >= 4 + (ulong)_offsetSize)
            for (ulong i = 0; i < count; i++)
            {
                ulong collection = ReadOffset(valueAt + (long)(i * typeSize) + 4);
                if (collection != 0 && !IsUndefined(collection)) CheckGlobalHeap(collection, path);
            }
    }

    // An enumeration lists its members' values after their names: member count x type size bytes, inside the type.
    private void CheckDatatype(long at, long end, string path)
    {
        if ((ReadByte(at, end, path) & 0x0F) != 8) return;
        ulong members = (ulong)ReadUInt16(at + 1, end, path), size = ReadUInt32(at + 4, end, path);
        CheckClaim(members * size, at, end, path, "an enumeration's values");
    }

    private void CheckGlobalHeap(ulong address, string path)
    {
        long at = Absolute(address, path);
        if (!_blocks.Add((ulong)at)) return;   // shared by many values: checked once
        Span<byte> magic = stackalloc byte[4];
        _file.ReadExactlyAt(at, magic);
        if (!magic.SequenceEqual("GCOL"u8)) throw Fail(path, "a global heap collection has no GCOL signature.");
        ulong size = ReadLength(at + 8);
        ulong header = 8 + (ulong)_lengthSize;
        if (size < header || size > (ulong)(_length - at)) throw Fail(path, $"a global heap collection claims {size} bytes, past the end of the file.");
        // PureHDF's walk: objects until index 0 or until no room for another header is left.
        long p = at + (long)header;
        ulong remaining = size - header;
        while (remaining > header)
        {
            if (ReadUInt16(p) == 0) break;
            ulong objectSize = ReadLength(p + 8);
            if (objectSize > remaining - header) throw Fail(path, $"a global heap object claims {objectSize} bytes, more than its collection holds.");
            ulong consumed = header + ((objectSize + 7) & ~7UL);
            if (consumed > remaining) throw Fail(path, "a global heap object runs past its collection.");
            p += (long)consumed;
            remaining -= consumed;
        }
    }

    private void CheckClaim(ulong claimed, long at, long end, string path, string what)
    {
        if (claimed > (ulong)Math.Max(0, end - at))
            throw Fail(path, $"{what} claims {claimed} bytes but its message holds {Math.Max(0, end - at)}.");
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

    // A chunk index: B-tree nodes of type 1 whose keys hold each chunk's stored size; PureHDF allocates that size
    // before reading the chunk, so every chunk must lie inside the file.
    private void WalkChunkIndex(ulong address, int dimensionality, string path)
    {
        int keySize = 8 + 8 * dimensionality;
        var nodes = new Stack<(ulong Address, int Level)>();
        nodes.Push((address, -1));
        Span<byte> magic = stackalloc byte[4];
        while (nodes.TryPop(out var item))
        {
            long at = Absolute(item.Address, path);
            MarkBlock(at, path);
            _file.ReadExactlyAt(at, magic);
            if (!magic.SequenceEqual("TREE"u8)) throw Fail(path, "a chunk index node has no TREE signature.");
            if (ReadByte(at + 4) != 1) throw Fail(path, "a chunk index node is not of the chunk type.");
            int level = ReadByte(at + 5);
            if (item.Level >= 0 && level != item.Level) throw Fail(path, $"a chunk index node has level {level} where {item.Level} belongs.");
            int entries = ReadUInt16(at + 6);
            long p = at + 8 + 2L * _offsetSize;
            for (int i = 0; i < entries; i++)
            {
                uint chunkSize = ReadUInt32(p);
                ulong child = ReadOffset(p + keySize);
                p += keySize + _offsetSize;
                if (level > 0) nodes.Push((child, level - 1));
                else if (chunkSize > (ulong)(_length - Absolute(child, path)))
                    throw Fail(path, $"a chunk claims {chunkSize} bytes at address {child}, past the end of the file.");
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

    private H5FormatException Fail(string? path, string problem) => new(path, problem);

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
    private int ReadUInt16(long at, long end, string path) => (int)ReadUnsigned(at, 2, end, path);
    private uint ReadUInt32(long at, long end, string path) => (uint)ReadUnsigned(at, 4, end, path);
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
internal sealed class H5FormatException(string? path, string problem) : IOException(problem)
{
    /// <summary>The object path the problem is at; null for the file as a whole (its superblock).</summary>
    public string? ObjectPath { get; } = path;
}
