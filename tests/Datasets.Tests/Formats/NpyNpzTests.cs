using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Datasets.Tests.Formats;

/// <summary>.npy and .npz both ways with NumPy, and damaged files that name themselves.</summary>
[TestClass]
public sealed class NpyNpzTests
{
    private static string Temp(string ext) => Path.Combine(Path.GetTempPath(), $"ks-npy-{Guid.NewGuid():N}{ext}");

    [TestMethod]
    public void ReadsWhatNumpyWritesInEveryByteOrderAndLayout()
    {
        var folder = Temp("");
        Directory.CreateDirectory(folder);
        try
        {
            Python.Run("""
import sys, numpy as np
d = sys.argv[1]
a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8 - 1
np.save(d + '/f8.npy', a)
np.save(d + '/f4be.npy', a.astype('>f4'))
np.save(d + '/i2.npy', (a * 100).astype(np.int16))
np.save(d + '/u4.npy', (np.arange(6) * 1000000000).astype(np.uint32))
np.save(d + '/f2.npy', a.astype(np.float16))
np.save(d + '/b1.npy', a > 0)
np.save(d + '/fortran.npy', np.asfortranarray(a))
np.save(d + '/scalar.npy', np.int64(7))
np.savez(d + '/plain.npz', a=a.astype(np.float32), b=np.arange(3))
np.savez_compressed(d + '/deflated.npz', a=a.astype(np.float32))
""", false, folder);
            var expected = Enumerable.Range(0, 24).Select(i => i / 8.0 - 1).ToArray();
            using (var t = Npy.Load(Path.Combine(folder, "f8.npy")))
            {
                Assert.AreEqual(DType.Float64, t.DType);
                CollectionAssert.AreEqual(new[] { 2, 3, 4 }, t.Shape.ToArray());
                CollectionAssert.AreEqual(expected, t.ToArray<double>());
            }
            using (var t = Npy.Load(Path.Combine(folder, "f4be.npy"))) CollectionAssert.AreEqual(expected.Select(v => (float)v).ToArray(), t.ToArray<float>());
            using (var t = Npy.Load(Path.Combine(folder, "i2.npy"))) { Assert.AreEqual(DType.Int32, t.DType); CollectionAssert.AreEqual(expected.Select(v => (int)(v * 100)).ToArray(), t.ToArray<int>()); }
            using (var t = Npy.Load(Path.Combine(folder, "u4.npy"))) { Assert.AreEqual(DType.Int64, t.DType); Assert.AreEqual(5000000000L - 5000000000L + 4000000000L, t.ToArray<long>()[4]); }
            using (var t = Npy.Load(Path.Combine(folder, "f2.npy"))) CollectionAssert.AreEqual(expected.Select(v => (float)v).ToArray(), t.ToArray<float>());
            using (var t = Npy.Load(Path.Combine(folder, "b1.npy"))) CollectionAssert.AreEqual(expected.Select(v => v > 0).ToArray(), t.ToArray<bool>());
            using (var t = Npy.Load(Path.Combine(folder, "fortran.npy"))) CollectionAssert.AreEqual(expected, t.ToArray<double>());
            using (var t = Npy.Load(Path.Combine(folder, "scalar.npy"))) { Assert.AreEqual(0, t.Rank); Assert.AreEqual(7L, t.Item<long>()); }
            var plain = Npz.Load(Path.Combine(folder, "plain.npz"));
            CollectionAssert.AreEqual(new[] { "a", "b" }, plain.Keys.ToArray());
            CollectionAssert.AreEqual(new long[] { 0, 1, 2 }, plain["b"].ToArray<long>());
            var deflated = Npz.Load(Path.Combine(folder, "deflated.npz"));
            CollectionAssert.AreEqual(expected.Select(v => (float)v).ToArray(), deflated["a"].ToArray<float>());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [TestMethod]
    public void NumpyReadsWhatWeWrite()
    {
        var npy = Temp(".npy");
        var npz = Temp(".npz");
        try
        {
            using var a = Tensor.FromArray(new float[] { 1.5f, -2, 3.25f, 4, 5, 6 }, 2, 3);
            using var b = Tensor.FromArray(new long[] { 7, -8 });
            using var c = Tensor.FromArray(new[] { true, false, true });
            Npy.Save(npy, a);
            Npz.Save(npz, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b, ["c"] = c }, compressed: true);
            var output = Python.Run("""
import sys, numpy as np
a = np.load(sys.argv[1]); z = np.load(sys.argv[2])
print(a.dtype, a.shape, a.tolist())
print(sorted(z.files), z['b'].dtype, z['b'].tolist(), z['c'].dtype, z['c'].tolist(), z['a'].sum())
""", false, npy, npz);
            var lines = output.Trim().Split('\n');
            Assert.AreEqual("float32 (2, 3) [[1.5, -2.0, 3.25], [4.0, 5.0, 6.0]]", lines[0]);
            Assert.AreEqual("['a', 'b', 'c'] int64 [7, -8] bool [True, False, True] 17.75", lines[1]);
            Assert.AreEqual(0, Directory.GetFiles(Path.GetTempPath(), "." + Path.GetFileName(npy) + ".*.tmp").Length, "no temporary file is left");
        }
        finally { File.Delete(npy); File.Delete(npz); }
    }

    [TestMethod]
    public void DamagedFilesNameThemselvesAndWhatIsWrong()
    {
        var path = Temp(".npy");
        try
        {
            using (var a = Ops.Ones([4, 4])) Npy.Save(path, a);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^5]);
            var e = Assert.ThrowsExactly<DatasetFormatException>(() => Npy.Load(path));
            Assert.AreEqual(path, e.FilePath);
            StringAssert.Contains(e.Message, "the header claims shape (4, 4) of <f4, 64 bytes, but 59 bytes follow");

            var header = System.Text.Encoding.ASCII.GetString(bytes, 10, bytes[8]);
            var huge = header.Replace("(4, 4)", "(2000000000, 2000000000)").PadRight(header.Length)[..header.Length];
            var forged = bytes.ToArray();
            System.Text.Encoding.ASCII.GetBytes(huge).CopyTo(forged, 10);
            File.WriteAllBytes(path, forged);
            e = Assert.ThrowsExactly<DatasetFormatException>(() => Npy.Load(path));
            StringAssert.Contains(e.Message, "bytes, but 64 bytes follow");

            File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
            e = Assert.ThrowsExactly<DatasetFormatException>(() => Npy.Load(path));
            StringAssert.Contains(e.Message, "not a .npy file");
        }
        finally { File.Delete(path); }
    }

    [TestMethod]
    public void ObjectArraysNeedTheRestrictedReaderAndForeignGlobalsAreRefused()
    {
        var folder = Temp("");
        Directory.CreateDirectory(folder);
        try
        {
            Python.Run("""
import sys, pickle, numpy as np, zipfile
d = sys.argv[1]
a = np.empty(2, dtype=object); a[0] = [1, 2]; a[1] = [3]
np.save(d + '/obj.npy', a, allow_pickle=True)
# A pickle that would run os.system when unpickled by an unrestricted reader.
class Evil:
    def __reduce__(self):
        import os
        return (os.system, ('echo pwned',))
header = open(d + '/obj.npy', 'rb').read()
end = header.index(b'\n') + 1
open(d + '/evil.npy', 'wb').write(header[:end] + pickle.dumps(Evil(), protocol=3))
""", false, folder);
            var e = Assert.ThrowsExactly<DatasetFormatException>(() => Npy.Load(Path.Combine(folder, "obj.npy")));
            StringAssert.Contains(e.Message, "object (pickled) array");
            using (var s = File.OpenRead(Path.Combine(folder, "obj.npy")))
            {
                var items = Npy.ReadObjects(s, "obj.npy", s.Length);
                Assert.AreEqual(2, items.Count);
                CollectionAssert.AreEqual(new object[] { 1L, 2L }, (System.Collections.ICollection)items[0]!);
            }
            using var evil = File.OpenRead(Path.Combine(folder, "evil.npy"));
            e = Assert.ThrowsExactly<DatasetFormatException>(() => Npy.ReadObjects(evil, "evil.npy", evil.Length));
            StringAssert.Contains(e.Message, "evil.npy: object array pickle, byte");
            StringAssert.Contains(e.Message, "the global posix.system is not allowed");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
