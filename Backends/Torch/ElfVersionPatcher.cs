using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Backends.Torch;

/// <summary>Outcome of <see cref="ElfVersionPatcher.MarkWeak"/>.</summary>
public enum ElfPatchResult
{
    /// <summary>The library does not require the version (nothing to do).</summary>
    NotRequired,
    /// <summary>The requirement was already weak.</summary>
    AlreadyWeak,
    /// <summary>The requirement was marked weak and the file rewritten.</summary>
    Patched,
}

/// <summary>
/// Marks one symbol-version requirement of an ELF64 little-endian shared library as weak
/// (<c>VER_FLG_WEAK</c> in its <c>.gnu.version_r</c> Vernaux entry), so the dynamic loader accepts a
/// libstdc++ that lacks that version. Every offset is checked against the file before it is read.
/// </summary>
public static class ElfVersionPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Whether <paramref name="path"/> requires <paramref name="version"/> without the weak flag.</summary>
    public static bool RequiresStrongly(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var at = FindVernaux(bytes, version, path);
        return at >= 0 && (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 4)) & VerFlgWeak) == 0;
    }

    /// <summary>
    /// Sets <c>VER_FLG_WEAK</c> on the requirement of <paramref name="version"/> in <paramref name="path"/>.
    /// The file is rewritten through a temporary file and a rename, keeping its permissions.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed ELF64 little-endian library.</exception>
    public static ElfPatchResult MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        int at = FindVernaux(bytes, version, path);
        if (at < 0) return ElfPatchResult.NotRequired;
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 4));
        if ((flags & VerFlgWeak) != 0) return ElfPatchResult.AlreadyWeak;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 4), (ushort)(flags | VerFlgWeak));

        var temp = path + ".patch-" + Environment.ProcessId + ".tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return ElfPatchResult.Patched;
    }

    /// <summary>File offset of the Vernaux entry naming <paramref name="version"/>, or -1.</summary>
    private static int FindVernaux(byte[] f, string version, string path)
    {
        InvalidDataException Bad(string what) => new($"{path}: not a usable ELF64 library ({what}).");
        if (f.Length < 64 || f[0] != 0x7f || f[1] != (byte)'E' || f[2] != (byte)'L' || f[3] != (byte)'F')
            throw Bad("no ELF header");
        if (f[4] != 2 || f[5] != 1) throw Bad("only 64-bit little-endian files are supported");

        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(0x28));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(0x3A));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(0x3C));
        if (shentsize < 64 || shoff > (ulong)f.Length || (ulong)shnum * (ulong)shentsize > (ulong)f.Length - shoff)
            throw Bad("section header table outside the file");

        for (int i = 0; i < shnum; i++)
        {
            var sh = f.AsSpan((int)shoff + i * shentsize, 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed) continue;
            var (off, size) = Range(f, sh, "version needs section");
            uint link = BinaryPrimitives.ReadUInt32LittleEndian(sh[40..]);
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(sh[44..]);
            if (link >= shnum) throw Bad("version needs section links to no string table");
            var (strOff, strSize) = Range(f, f.AsSpan((int)shoff + (int)link * shentsize, 64), "string table");
            return Walk(f, off, size, count, strOff, strSize, version, Bad);
        }
        return -1;
    }

    private static int Walk(byte[] f, int off, int size, uint count, int strOff, int strSize, string version,
        Func<string, InvalidDataException> bad)
    {
        int need = off;
        for (uint n = 0; n < count; n++)
        {
            if (need < off || need > off + size - 16) throw bad("Verneed entry outside its section");
            int cnt = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(need + 2));
            uint aux = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(need + 8));
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(need + 12));
            long a = need + (long)aux;
            for (int k = 0; k < cnt; k++)
            {
                if (a < off || a > off + size - 16) throw bad("Vernaux entry outside its section");
                uint name = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan((int)a + 8));
                if (NameEquals(f, strOff, strSize, name, version)) return (int)a;
                uint anext = BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan((int)a + 12));
                if (anext == 0) break;
                a += anext;
            }
            if (next == 0) break;
            need += (int)Math.Min(next, int.MaxValue / 2);
        }
        return -1;
    }

    private static (int Off, int Size) Range(byte[] f, ReadOnlySpan<byte> sh, string what)
    {
        ulong off = BinaryPrimitives.ReadUInt64LittleEndian(sh[24..]);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(sh[32..]);
        if (off > (ulong)f.Length || size > (ulong)f.Length - off)
            throw new InvalidDataException($"ELF {what} lies outside the file ({off}+{size} > {f.Length}).");
        return ((int)off, (int)size);
    }

    private static bool NameEquals(byte[] f, int strOff, int strSize, uint name, string expected)
    {
        if (name >= (uint)strSize) return false;
        var s = f.AsSpan(strOff + (int)name, strSize - (int)name);
        int end = s.IndexOf((byte)0);
        if (end < 0) return false;
        return Encoding.ASCII.GetString(s[..end]) == expected;
    }
}
