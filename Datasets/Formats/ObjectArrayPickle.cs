using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads the pickle that NumPy writes for an object array (<c>descr '|O'</c> in a .npy), as Keras's IMDB and Reuters
/// archives hold their ragged sequences. A restricted unpickler: it runs no code, accepts only the globals NumPy
/// uses to rebuild an array (<c>_reconstruct</c>, <c>ndarray</c>, <c>dtype</c>) and the plain opcodes of protocols
/// 2 to 4 (ints, strings, bytes, lists, tuples, dicts, memo), and fails naming the file and the byte on anything else.
/// Memory is bounded by the input: every object costs at least one byte of it.
/// </summary>
internal static class ObjectArrayPickle
{
    private sealed record Global(string Name);
    private sealed class Mark;
    private sealed class NdArray { public List<object?> Items { get; set; } = []; public bool Built; }
    private sealed class DtypeObject;

    private static readonly HashSet<string> AllowedGlobals =
    [
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct", "numpy.ndarray", "numpy.dtype",
    ];

    /// <summary>The elements of the pickled object array, each a <c>List&lt;object?&gt;</c>, long, string, ... as pickled.</summary>
    public static List<object?> ReadItems(byte[] data, string name)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        int p = 0;
        Exception Bad(string problem) => new DatasetFormatException(name, $"object array pickle, byte {p}: {problem}");
        byte U8() => p < data.Length ? data[p++] : throw Bad("the pickle ends early (truncated).");
        ReadOnlySpan<byte> Take(long n)
        {
            if (n < 0 || n > data.Length - p) throw Bad($"a length of {n} runs past the end of the pickle.");
            var s = data.AsSpan(p, (int)n);
            p += (int)n;
            return s;
        }
        object? Pop()
        {
            if (stack.Count == 0) throw Bad("the stack is empty.");
            var v = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return v;
        }
        List<object?> PopToMark()
        {
            int m = stack.FindLastIndex(o => o is Mark);
            if (m < 0) throw Bad("no mark on the stack.");
            var items = stack.GetRange(m + 1, stack.Count - m - 1);
            stack.RemoveRange(m, stack.Count - m);
            return items;
        }
        object? Top() => stack.Count > 0 ? stack[^1] : throw Bad("the stack is empty.");

        while (true)
        {
            int at = p;
            byte op = U8();
            switch (op)
            {
                case 0x80: U8(); break;                                       // PROTO
                case 0x95: Take(8); break;                                    // FRAME
                case (byte)'.':                                               // STOP
                {
                    var result = Pop();
                    if (result is not NdArray { Built: true } array) throw Bad("the pickle does not hold a NumPy array.");
                    return array.Items;
                }
                case (byte)'c':                                               // GLOBAL "module\nname\n"
                {
                    string module = Line(), attr = Line();
                    stack.Add(CheckGlobal(module + "." + attr));
                    break;
                }
                case 0x93:                                                    // STACK_GLOBAL
                {
                    var attr = Pop() as string;
                    var module = Pop() as string;
                    if (attr is null || module is null) throw Bad("STACK_GLOBAL needs two strings.");
                    stack.Add(CheckGlobal(module + "." + attr));
                    break;
                }
                case 0x8c: stack.Add(Encoding.UTF8.GetString(Take(U8()))); break;                                            // SHORT_BINUNICODE
                case (byte)'X': stack.Add(Encoding.UTF8.GetString(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))); break; // BINUNICODE
                case (byte)'C': stack.Add(Take(U8()).ToArray()); break;                                                        // SHORT_BINBYTES
                case (byte)'B': stack.Add(Take(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))).ToArray()); break;             // BINBYTES
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;                        // BININT
                case (byte)'K': stack.Add((long)U8()); break;                                                                  // BININT1
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;                       // BININT2
                case 0x8a:                                                                                                     // LONG1
                {
                    int n = U8();
                    if (n > 8) throw Bad($"an integer of {n} bytes is too large.");
                    var b = Take(n);
                    long v = 0;
                    for (int i = n - 1; i >= 0; i--) v = (v << 8) | b[i];
                    if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) v -= 1L << (8 * n);
                    stack.Add(v);
                    break;
                }
                case (byte)'G': stack.Add(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Take(8)))); break; // BINFLOAT
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'(': stack.Add(new Mark()); break;
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'t': stack.Add(PopToMark().ToArray()); break;
                case 0x85: stack.Add(new[] { Pop() }); break;
                case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; }
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)'l': stack.Add(PopToMark()); break;
                case (byte)'a': { var v = Pop(); (Top() as List<object?> ?? throw Bad("APPEND to a non-list."))!.Add(v); break; }
                case (byte)'e': { var items = PopToMark(); (Top() as List<object?> ?? throw Bad("APPENDS to a non-list."))!.AddRange(items); break; }
                case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;
                case (byte)'u':
                {
                    var items = PopToMark();
                    var dict = Top() as Dictionary<object, object?> ?? throw Bad("SETITEMS on a non-dict.");
                    if (items.Count % 2 != 0) throw Bad("SETITEMS with an odd number of items.");
                    for (int i = 0; i < items.Count; i += 2) dict[items[i] ?? throw Bad("a None dict key.")] = items[i + 1];
                    break;
                }
                case (byte)'s':
                {
                    var v = Pop();
                    var k = Pop() ?? throw Bad("a None dict key.");
                    (Top() as Dictionary<object, object?> ?? throw Bad("SETITEM on a non-dict."))[k] = v;
                    break;
                }
                case (byte)'q': memo[U8()] = Top(); break;                                                // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Top(); break;      // LONG_BINPUT
                case 0x94: memo[memo.Count] = Top(); break;                                                  // MEMOIZE
                case (byte)'h': stack.Add(memo.TryGetValue(U8(), out var m1) ? m1 : throw Bad("BINGET of an unset memo slot.")); break;
                case (byte)'j': stack.Add(memo.TryGetValue(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), out var m2) ? m2 : throw Bad("LONG_BINGET of an unset memo slot.")); break;
                case (byte)'R':                                                                               // REDUCE
                {
                    var args = Pop() as object?[] ?? throw Bad("REDUCE needs an argument tuple.");
                    var callable = Pop() as Global ?? throw Bad("REDUCE of something that is not an allowed global.");
                    stack.Add(callable.Name.EndsWith("_reconstruct", StringComparison.Ordinal) ? new NdArray()
                            : callable.Name == "numpy.dtype" ? args.Length > 0 && args[0] is "O8" or "O4" ? new DtypeObject() : throw Bad($"dtype {args.FirstOrDefault()} is not an object dtype.")
                            : throw Bad($"calling {callable.Name} is not allowed."));
                    break;
                }
                case (byte)'b':                                                                               // BUILD
                {
                    var state = Pop();
                    var target = Top();
                    if (target is DtypeObject) break;
                    if (target is not NdArray array || state is not object?[] s || s.Length != 5)
                        throw Bad("BUILD of something other than a NumPy array's state.");
                    if (s[2] is not DtypeObject) throw Bad("the array's dtype is not object.");
                    if (s[4] is not List<object?> items) throw Bad("the array's data is not a list of objects.");
                    if (s[1] is not object?[] shape || shape.Length != 1 || shape[0] is not long n || n != items.Count)
                        throw Bad($"the array's shape does not match its {((s[4] as List<object?>)?.Count ?? 0)} items (only 1-D object arrays are read).");
                    array.Items = items;
                    array.Built = true;
                    break;
                }
                default:
                    throw new DatasetFormatException(name, $"object array pickle, byte {at}: opcode 0x{op:x2} is not allowed here.");
            }
        }

        string Line()
        {
            int end = Array.IndexOf(data, (byte)'\n', p);
            if (end < 0 || end - p > 256) throw Bad("a GLOBAL name is not terminated.");
            var s = Encoding.ASCII.GetString(data, p, end - p);
            p = end + 1;
            return s;
        }

        Global CheckGlobal(string full) =>
            AllowedGlobals.Contains(full) ? new Global(full) : throw Bad($"the global {full} is not allowed (only NumPy's array rebuild is).");
    }
}
