using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Callbacks.Tests;

/// <summary>
/// An independent reader of TensorBoard event files for the tests: TFRecord framing with both CRCs checked (a table-driven
/// CRC-32C, not the library's), and a bare protobuf wire decoder that knows TensorFlow's field numbers only through the
/// constants the tests pass (so a wrong number in the library's .proto shows up here).
/// </summary>
internal static class TfRecordReader
{
    private static readonly uint[] Table = MakeTable();

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;   // Castagnoli, reflected
            table[i] = c;
        }
        return table;
    }

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    /// <summary>The records of the file; a bad CRC or a truncated record throws naming the record.</summary>
    public static List<byte[]> Records(byte[] file)
    {
        var records = new List<byte[]>();
        int at = 0;
        while (at < file.Length)
        {
            if (file.Length - at < 12) throw new InvalidDataException($"record {records.Count}: truncated header");
            var header = file.AsSpan(at, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8, 4)) != Masked(header))
                throw new InvalidDataException($"record {records.Count}: the length's CRC does not match");
            at += 12;
            if ((ulong)(file.Length - at) < length + 4) throw new InvalidDataException($"record {records.Count}: truncated data");
            var data = file.AsSpan(at, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + (int)length, 4)) != Masked(data))
                throw new InvalidDataException($"record {records.Count}: the data's CRC does not match");
            records.Add(data.ToArray());
            at += (int)length + 4;
        }
        return records;
    }

    /// <summary>A message's fields in order: (number, wire type, value) with varints and fixed values as ulong, others as bytes.</summary>
    public static List<(int Field, int Wire, object Value)> Fields(byte[] message)
    {
        var fields = new List<(int, int, object)>();
        int at = 0;
        while (at < message.Length)
        {
            ulong key = Varint(message, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, wire, Varint(message, ref at))); break;
                case 1: fields.Add((field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(at, 8)))); at += 8; break;
                case 5: fields.Add((field, wire, (ulong)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at, 4)))); at += 4; break;
                case 2:
                {
                    int length = checked((int)Varint(message, ref at));
                    fields.Add((field, wire, message.AsSpan(at, length).ToArray()));
                    at += length;
                    break;
                }
                default: throw new InvalidDataException($"wire type {wire} of field {field}");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    public static byte[] Bytes(this List<(int Field, int Wire, object Value)> fields, int number) =>
        fields.Where(f => f.Field == number && f.Wire == 2).Select(f => (byte[])f.Value).SingleOrDefault() ?? [];

    public static IEnumerable<byte[]> AllBytes(this List<(int Field, int Wire, object Value)> fields, int number) =>
        fields.Where(f => f.Field == number && f.Wire == 2).Select(f => (byte[])f.Value);

    public static string Text(this List<(int Field, int Wire, object Value)> fields, int number) => Encoding.UTF8.GetString(fields.Bytes(number));

    public static ulong Number(this List<(int Field, int Wire, object Value)> fields, int number) =>
        fields.Where(f => f.Field == number && f.Wire != 2).Select(f => (ulong)f.Value).SingleOrDefault();

    public static bool Has(this List<(int Field, int Wire, object Value)> fields, int number) => fields.Any(f => f.Field == number);
}
