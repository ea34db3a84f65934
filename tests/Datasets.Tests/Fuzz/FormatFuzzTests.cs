using System.IO.Compression;
using KerasSharp.Datasets.Tests.Keras;

namespace KerasSharp.Datasets.Tests.Fuzz;

/// <summary>Every file parser of the Datasets project under the seeded mutation fuzzer (see <see cref="MutationFuzzer"/>).</summary>
[TestClass]
public sealed class FormatFuzzTests
{
    private static readonly int Cases = MutationFuzzer.Cases(250);

    private static void Check(string format, byte[] original, string fileName, Action<string> parse, int seed)
    {
        int refused = MutationFuzzer.Run(format, original, fileName, parse, Cases, seed);
        Assert.IsGreaterThan(Cases / 10, refused, $"{format}: most mutations should be refused; is the damage reaching the parser?");
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) z.Write(data);
        return output.ToArray();
    }

    [TestMethod]
    public void Idx()
    {
        var bytes = new List<byte> { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5 };
        bytes.AddRange(Enumerable.Range(0, 60).Select(i => (byte)i));
        Check("idx", bytes.ToArray(), "images-idx3-ubyte", p => IdxReader.Read(p), 1);
    }

    [TestMethod]
    public void Npy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ks-fuzz-seed-{Guid.NewGuid():N}.npy");
        using (var t = Ops.Reshape(Ops.Arange(0, 24, 1, DType.Float32), 2, 3, 4)) Datasets.Npy.Save(path, t);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        Check("npy", bytes, "array.npy", p => Datasets.Npy.Load(p), 2);
    }

    [TestMethod]
    public void Npz() => Check("npz", File.ReadAllBytes(KerasFixtures.PathOf("boston_housing.npz")), "boston_housing.npz",
        p => { foreach (var t in Datasets.Npz.Load(p).Values) t.Dispose(); }, 3);

    [TestMethod]
    public void HousingLoader() => Check("housing", File.ReadAllBytes(KerasFixtures.PathOf("boston_housing.npz")), "boston_housing.npz",
        p => HousingArchive.FromFile(p, 13, 0.2, 113), 4);

    [TestMethod]
    public void ObjectArrayPickles() => Check("imdb", File.ReadAllBytes(KerasFixtures.PathOf("imdb.npz")), "imdb.npz",
        p => Imdb.FromFile(p), 5);

    [TestMethod]
    public void Tar()
    {
        var tar = Gunzip(File.ReadAllBytes(KerasFixtures.PathOf("cifar-10-binary.tar.gz")));
        Check("tar", tar, "archive.tar", p =>
        {
            using var s = File.OpenRead(p);
            new TarReader(s, p).ForEach((_, data) => data.CopyTo(Stream.Null));
        }, 6);
    }

    [TestMethod]
    public void CifarLoader()
    {
        // Mutations go to the tar inside the gzip, so they reach the CIFAR reader rather than only gzip's checksum.
        var tar = Gunzip(File.ReadAllBytes(KerasFixtures.PathOf("cifar-10-binary.tar.gz")));
        Check("cifar", tar, "cifar.tar", p =>
        {
            var gz = p + ".gz";
            File.WriteAllBytes(gz, Gzip(File.ReadAllBytes(p)));
            try { Cifar10.FromFile(gz); }
            catch (DatasetFormatException e) { throw new DatasetFormatException(p, e.Message, e); }
            finally { File.Delete(gz); }
        }, 7);
    }

    [TestMethod]
    public void DatasetCacheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ks-fuzz-cache-{Guid.NewGuid():N}.bin");
        using var x = Ops.Reshape(Ops.Arange(0, 12, 1, DType.Float32), 6, 2);
        using var y = Tensor.FromArray(new long[] { 1, 2, 3, 4, 5, 6 });
        foreach (var e in Dataset.FromTensorSlices(x, y).Batch(4).Cache(path).AsEnumerable()) foreach (var t in e) t.Dispose();
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        Check("cache", bytes, "pipeline.cache", p =>
        {
            foreach (var e in Dataset.FromTensorSlices(x, y).Batch(4).Cache(p).AsEnumerable()) foreach (var t in e) t.Dispose();
        }, 8);
    }

    [TestMethod]
    public void WordIndexJson()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("{\"the\": 1, \"and\": 2, \"a\": 3, \"of\": 4, \"film\": 19, \"\\u00e9t\\u00e9\": 88}");
        Check("json", json, "imdb_word_index.json", p => TextSequences.ReadWordIndex(p), 9);
    }

    [TestMethod]
    public void Csv()
    {
        var text = "rooms,area,color,note,price\n3,70.5,red,nice view,250\n4,90,blue,\"quiet, sunny\",300.5\n2,,red,small,150\n5,120,green,big garden,410\n";
        Check("csv", System.Text.Encoding.UTF8.GetBytes(text), "houses.csv",
            p => CsvDataset.Load(p, labelColumn: "price", missingValues: MissingValues.Mean), 10);
    }
}
