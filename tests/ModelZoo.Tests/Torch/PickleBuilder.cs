using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.ModelZoo.Tests.Torch;

/// <summary>One tensor of a crafted state dict: a view (offset, size, stride) of storage <paramref name="Key"/>.</summary>
internal sealed record TensorSpec(string Name, string StorageType, string Key, long Numel, long Offset, long[] Size, long[] Stride);

/// <summary>Writes pickle opcodes by hand, to craft the pickles torch writes and the hostile ones it never would.</summary>
internal sealed class PickleBuilder
{
    private readonly MemoryStream _bytes = new();

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public PickleBuilder Op(char op) => Raw((byte)op);
    public PickleBuilder Proto(int version = 2) => Raw(0x80, (byte)version);
    public PickleBuilder Stop() => Op('.');
    public PickleBuilder Mark() => Op('(');
    public PickleBuilder Tuple() => Op('t');
    public PickleBuilder EmptyTuple() => Op(')');
    public PickleBuilder EmptyDict() => Op('}');
    public PickleBuilder EmptyList() => Op(']');
    public PickleBuilder SetItems() => Op('u');
    public PickleBuilder Reduce() => Op('R');
    public PickleBuilder BinPersId() => Op('Q');
    public PickleBuilder False() => Raw(0x89);
    public PickleBuilder None() => Op('N');
    public PickleBuilder Global(string module, string name) => Op('c').Raw(Encoding.UTF8.GetBytes(module + "\n" + name + "\n"));

    public PickleBuilder Str(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return Op('X').Int32(utf8.Length).Raw(utf8);
    }

    public PickleBuilder Int(long value)
    {
        if (value is >= 0 and < 256) return Raw((byte)'K', (byte)value);
        if (value is >= int.MinValue and <= int.MaxValue) return Op('J').Int32((int)value);
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Raw(0x8a, 8).Raw(bytes);
    }

    public PickleBuilder Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return Raw(bytes);
    }

    public PickleBuilder Ints(long[] values)
    {
        Mark();
        foreach (var v in values) Int(v);
        return Tuple();
    }

    /// <summary>What torch writes for a tensor: _rebuild_tensor_v2(persistent storage, offset, size, stride, False, OrderedDict()).</summary>
    public PickleBuilder Tensor(TensorSpec t, bool legacy)
    {
        Global("torch._utils", "_rebuild_tensor_v2").Mark();
        Mark().Str("storage").Global("torch", t.StorageType).Str(t.Key).Str("cpu").Int(t.Numel);
        if (legacy) None();
        Tuple().BinPersId();
        Int(t.Offset).Ints(t.Size).Ints(t.Stride).False().Global("collections", "OrderedDict").EmptyTuple().Reduce();
        return Tuple().Reduce();
    }

    /// <summary>A whole state dict pickle: an OrderedDict of the tensors, in order.</summary>
    public static byte[] StateDict(bool legacy, params TensorSpec[] tensors)
    {
        var p = new PickleBuilder().Proto().Global("collections", "OrderedDict").EmptyTuple().Reduce().Mark();
        foreach (var t in tensors) p.Str(t.Name).Tensor(t, legacy);
        return p.SetItems().Stop().ToArray();
    }

    public byte[] ToArray() => _bytes.ToArray();
}
