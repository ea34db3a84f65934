using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace KerasSharp.ModelZoo;

/// <summary>
/// A pickle virtual machine for the binary opcodes of protocols 2 to 5 that holds no Python at all: every value is
/// plain data (null, bool, long, BigInteger, double, string, byte[], object?[] for tuples, List for lists,
/// <see cref="PickleDict"/>), and whatever could reach code (globals, persistent ids, calls, BUILD, NEWOBJ) goes
/// through <see cref="IPickleHooks"/>. The input is hostile: lengths are checked against the bytes left before
/// anything is allocated, and the stack, memo and object count are capped (<see cref="TorchLimits"/>).
/// Problems are thrown as <see cref="PickleException"/>.
/// </summary>
internal sealed class RestrictedUnpickler(PickleInput input, IPickleHooks hooks)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly object?[] EmptyTuple = [];

    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _units;
    private long _opcodeAt;

    /// <summary>Reads one pickle, up to and including its STOP, and returns the value it holds.</summary>
    public object? Load()
    {
        while (true)
        {
            _opcodeAt = input.Position;
            byte op = input.ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    int protocol = input.ReadByte();
                    if (protocol > 5) throw Fail($"pickle protocol {protocol} is newer than 5");
                    break;
                case 0x95: // FRAME: only a hint for buffering
                    if (ReadInt64() > input.Remaining) throw Fail("a frame is longer than the data left");
                    break;
                case (byte)'.': // STOP
                    if (_marks.Count != 0 || _stack.Count != 1) throw Fail("STOP with an unbalanced stack");
                    return _stack[0];
                case (byte)'(': Spend(); _marks.Add(_stack.Count); break; // MARK
                case (byte)'0': // POP
                    if (_stack.Count > MarkBase()) _stack.RemoveAt(_stack.Count - 1);
                    else if (_marks.Count > 0) _marks.RemoveAt(_marks.Count - 1);
                    else throw Fail("POP on an empty stack");
                    break;
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'J': Push(New((long)ReadInt32())); break; // BININT
                case (byte)'K': Push(New((long)input.ReadByte())); break; // BININT1
                case (byte)'M': Push(New((long)ReadUInt16())); break; // BININT2
                case 0x8a: Push(New(ReadLong(input.ReadByte()))); break; // LONG1
                case 0x8b: Push(New(ReadLong(ReadInt32()))); break; // LONG4
                case (byte)'G': Push(New(ReadBigEndianDouble())); break; // BINFLOAT
                case (byte)'X': Push(New(ReadText(ReadUInt32()))); break; // BINUNICODE
                case 0x8c: Push(New(ReadText(input.ReadByte()))); break; // SHORT_BINUNICODE
                case 0x8d: Push(New(ReadText(ReadInt64()))); break; // BINUNICODE8
                case (byte)'T': Push(New(ReadText(ReadInt32()))); break; // BINSTRING (Python 2 str)
                case (byte)'U': Push(New(ReadText(input.ReadByte()))); break; // SHORT_BINSTRING
                case (byte)'B': Push(New(ReadBytes(ReadUInt32()))); break; // BINBYTES
                case (byte)'C': Push(New(ReadBytes(input.ReadByte()))); break; // SHORT_BINBYTES
                case 0x8e: Push(New(ReadBytes(ReadInt64()))); break; // BINBYTES8
                case 0x96: Push(New(ReadBytes(ReadInt64()))); break; // BYTEARRAY8
                case (byte)')': Push(EmptyTuple); break;
                case (byte)'t': Push(New(PopMark())); break; // TUPLE
                case 0x85: Push(New(PopN(1))); break; // TUPLE1
                case 0x86: Push(New(PopN(2))); break; // TUPLE2
                case 0x87: Push(New(PopN(3))); break; // TUPLE3
                case (byte)']': Push(New(new List<object?>())); break; // EMPTY_LIST
                case (byte)'l': Push(New(new List<object?>(PopMark()))); break; // LIST
                case (byte)'a': Append(Pop()); break; // APPEND
                case (byte)'e': foreach (var item in PopMark()) Append(item); break; // APPENDS
                case (byte)'}': Push(New(new PickleDict(ordered: false))); break; // EMPTY_DICT
                case (byte)'d': Push(New(ToDict(new PickleDict(ordered: false), PopMark()))); break; // DICT
                case (byte)'s': // SETITEM
                {
                    var value = Pop();
                    var key = Pop();
                    SetItem(key, value);
                    break;
                }
                case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    if (items.Length % 2 != 0) throw Fail("SETITEMS with an odd number of values");
                    for (int i = 0; i < items.Length; i += 2) SetItem(items[i], items[i + 1]);
                    break;
                }
                case (byte)'c': // GLOBAL
                {
                    var module = Line();
                    var name = Line();
                    Push(New(hooks.FindGlobal(module, name)));
                    break;
                }
                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n) throw Fail("STACK_GLOBAL needs two strings");
                    Push(New(hooks.FindGlobal(m, n)));
                    break;
                }
                case (byte)'Q': Push(New(hooks.PersistentLoad(Pop()))); break; // BINPERSID
                case (byte)'P': Push(New(hooks.PersistentLoad(Line()))); break; // PERSID
                case (byte)'R': // REDUCE
                {
                    var args = Pop() as object?[] ?? throw Fail("REDUCE's arguments are not a tuple");
                    Push(New(hooks.Reduce(Pop(), args)));
                    break;
                }
                case 0x81: // NEWOBJ
                {
                    var args = Pop() as object?[] ?? throw Fail("NEWOBJ's arguments are not a tuple");
                    Push(New(hooks.NewObject(Pop(), args)));
                    break;
                }
                case (byte)'b': // BUILD
                {
                    var state = Pop();
                    hooks.Build(Peek(), state);
                    break;
                }
                case (byte)'q': Memoize(input.ReadByte()); break; // BINPUT
                case (byte)'r': Memoize(ReadUInt32()); break; // LONG_BINPUT
                case 0x94: Memoize(_memo.Count); break; // MEMOIZE
                case (byte)'h': Push(Recall(input.ReadByte())); break; // BINGET
                case (byte)'j': Push(Recall(ReadUInt32())); break; // LONG_BINGET
                default: throw Fail($"opcode {Describe(op)} is not one a state dict needs, refusing to load");
            }
        }
    }

    private static string Describe(byte op) => op is >= 0x20 and < 0x7f ? $"'{(char)op}' (0x{op:x2})" : $"0x{op:x2}";

    private PickleException Fail(string problem) => new($"{problem} (the opcode at byte {_opcodeAt}).");

    // Every value, memo entry, mark and insertion counts, so that memory stays proportional to a bounded count.
    private void Spend()
    {
        if (++_units > TorchLimits.MaxPickleUnits)
            throw Fail($"the pickle makes more than {TorchLimits.MaxPickleUnits} values; refusing to go on");
    }

    private T New<T>(T value)
    {
        Spend();
        return value;
    }

    private void Push(object? value)
    {
        if (_stack.Count >= TorchLimits.MaxStackDepth) throw Fail($"the pickle's stack grows past {TorchLimits.MaxStackDepth} values");
        _stack.Add(value);
    }

    private int MarkBase() => _marks.Count == 0 ? 0 : _marks[^1];

    private object? Pop()
    {
        if (_stack.Count <= MarkBase()) throw Fail("an opcode needs a value and the stack is empty");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek()
    {
        if (_stack.Count <= MarkBase()) throw Fail("an opcode needs a value and the stack is empty");
        return _stack[^1];
    }

    private object?[] PopN(int n)
    {
        if (_stack.Count - MarkBase() < n) throw Fail($"an opcode needs {n} values and the stack has fewer");
        var values = _stack.GetRange(_stack.Count - n, n).ToArray();
        _stack.RemoveRange(_stack.Count - n, n);
        return values;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0) throw Fail("an opcode needs a MARK and there is none");
        int at = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var values = _stack.GetRange(at, _stack.Count - at).ToArray();
        _stack.RemoveRange(at, _stack.Count - at);
        return values;
    }

    private void Append(object? item)
    {
        if (Peek() is not List<object?> list) throw Fail("APPEND to something that is not a list");
        Spend();
        list.Add(item);
    }

    private void SetItem(object? key, object? value)
    {
        if (Peek() is not PickleDict dict) throw Fail("SETITEM on something that is not a dict");
        Spend();
        dict.Set(key, value);
    }

    private PickleDict ToDict(PickleDict dict, object?[] items)
    {
        if (items.Length % 2 != 0) throw Fail("DICT with an odd number of values");
        for (int i = 0; i < items.Length; i += 2)
        {
            Spend();
            dict.Set(items[i], items[i + 1]);
        }
        return dict;
    }

    private void Memoize(long index)
    {
        if (!_memo.ContainsKey(index)) Spend();
        _memo[index] = Peek();
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Fail($"memo entry {index} is read before it is written");

    private string Line()
    {
        var bytes = input.ReadLine(TorchLimits.MaxLineBytes);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw Fail("a text line is not valid UTF-8"); }
    }

    private string ReadText(long length)
    {
        var bytes = ReadBytes(length);
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw Fail("a string is not valid UTF-8"); }
    }

    private byte[] ReadBytes(long length)
    {
        if (length < 0) throw Fail($"a string declares a negative length ({length})");
        if (length > input.Remaining) throw Fail($"a string declares {length} bytes but only {input.Remaining} are left");
        return input.ReadBytes(length);
    }

    private object ReadLong(long length)
    {
        if (length < 0 || length > TorchLimits.MaxLongBytes) throw Fail($"an integer of {length} bytes is longer than the {TorchLimits.MaxLongBytes} allowed");
        var bytes = ReadBytes(length);
        if (length == 0) return 0L;
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private int ReadInt32()
    {
        Span<byte> b = stackalloc byte[4];
        input.ReadExactly(b);
        return BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    private long ReadUInt32()
    {
        Span<byte> b = stackalloc byte[4];
        input.ReadExactly(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private int ReadUInt16()
    {
        Span<byte> b = stackalloc byte[2];
        input.ReadExactly(b);
        return BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    private long ReadInt64()
    {
        Span<byte> b = stackalloc byte[8];
        input.ReadExactly(b);
        return BinaryPrimitives.ReadInt64LittleEndian(b);
    }

    private double ReadBigEndianDouble()
    {
        Span<byte> b = stackalloc byte[8];
        input.ReadExactly(b);
        return BinaryPrimitives.ReadDoubleBigEndian(b);
    }
}
