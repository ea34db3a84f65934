namespace KerasSharp.Datasets.Tests.Csv;

/// <summary>CsvDataset on small hand-written files: kinds, encodings, missing values, streaming, and errors naming row and column.</summary>
[TestClass]
public sealed class CsvDatasetTests
{
    private string _path = "";

    [TestInitialize]
    public void Make() => _path = Path.Combine(Path.GetTempPath(), $"ks-csv-{Guid.NewGuid():N}.csv");

    [TestCleanup]
    public void Remove() => File.Delete(_path);

    private string Write(string text)
    {
        File.WriteAllText(_path, text);
        return _path;
    }

    private const string Houses = """
        rooms,area,color,note,price
        3,70.5,red,nice view,250
        4,90,blue,"quiet, sunny",300.5
        2,40,red,small,150
        5,120,green,big garden,410
        """;

    [TestMethod]
    public void InfersNumericCategoricalAndTextColumns()
    {
        var data = CsvDataset.Load(Write(Houses), labelColumn: "price", maxCategories: 3);
        CollectionAssert.AreEqual(new[] { "rooms", "area", "color=blue", "color=green", "color=red" }, data.FeatureNames.ToArray());
        CollectionAssert.AreEqual(new[] { CsvColumnKind.Numeric, CsvColumnKind.Numeric, CsvColumnKind.Categorical, CsvColumnKind.Text },
                                  data.Columns.Select(c => c.Kind).ToArray());
        CollectionAssert.AreEqual(new[] { 4, 5 }, data.X.Shape.ToArray());
        CollectionAssert.AreEqual(new float[] { 4, 90, 1, 0, 0 }, data.X.ToArray<float>()[5..10]);
        CollectionAssert.AreEqual(new float[] { 250, 300.5f, 150, 410 }, data.Y!.ToArray<float>());
        CollectionAssert.AreEqual(new[] { "nice view", "quiet, sunny", "small", "big garden" }, data.Text("note"));
        Assert.AreEqual(4, data.ToDataset().Cardinality);
    }

    [TestMethod]
    public void ACategoricalLabelBecomesClassIndices()
    {
        var data = CsvDataset.Load(Write(Houses), labelColumn: "color", columns: ["rooms", "area"]);
        CollectionAssert.AreEqual(new[] { "rooms", "area" }, data.FeatureNames.ToArray());
        CollectionAssert.AreEqual(new[] { "blue", "green", "red" }, data.Label!.Categories.ToArray());
        CollectionAssert.AreEqual(new long[] { 2, 0, 2, 1 }, data.Y!.ToArray<long>());
    }

    [TestMethod]
    public void WithoutAHeaderColumnsAreNumbered()
    {
        var data = CsvDataset.Load(Write("1,2,0\n3,4,1\n5,6,1\n"), labelColumn: "2", hasHeader: false);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, data.X.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 0, 1, 1 }, data.Y!.ToArray<float>());
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => CsvDataset.Load(_path, labelColumn: "price", hasHeader: false));
        StringAssert.Contains(e.Message, "has no label column 'price'; its columns are '0', '1', '2'");
    }

    [TestMethod]
    public void MissingValuesFollowThePolicy()
    {
        var path = Write("a,b,c,y\n1,x,,1\n,y,5,2\n3,,7,3\n5,x,9,4\n");
        var e = Assert.ThrowsExactly<DatasetFormatException>(() => CsvDataset.Load(path, labelColumn: "y"));
        Assert.AreEqual($"{path}: row 2, column 'c': the cell is missing (''); pass missingValues: Mean, Zero or DropRow to accept it.", e.Message);
        var mean = CsvDataset.Load(path, labelColumn: "y", missingValues: MissingValues.Mean);
        // a: mean of 1, 3, 5 = 3; b: most frequent "x"; c: mean of 5, 7, 9 = 7.
        CollectionAssert.AreEqual(new float[] { 1, 1, 0, 7, 3, 0, 1, 5, 3, 1, 0, 7, 5, 1, 0, 9 }, mean.X.ToArray<float>());
        var zero = CsvDataset.Load(path, labelColumn: "y", missingValues: MissingValues.Zero);
        CollectionAssert.AreEqual(new float[] { 3, 0, 0, 7 }, zero.X.ToArray<float>()[8..12], "row 4: no category set for the missing b");
        var drop = CsvDataset.Load(path, labelColumn: "y", missingValues: MissingValues.DropRow);
        CollectionAssert.AreEqual(new float[] { 4 }, drop.Y!.ToArray<float>());
    }

    [TestMethod]
    public void BadCellsAndRaggedRowsNameTheRowAndColumn()
    {
        var path = Write("a,b,y\n1,2,3\n4,5,6\n");
        var schemaFromTwoRows = CsvDataset.Stream(path, labelColumn: "y", batchSize: 1, inferRows: 2);
        File.AppendAllText(path, "7,eight,9\n");
        var e = Assert.ThrowsExactly<DatasetException>(() => PipelineRows(schemaFromTwoRows));
        var inner = (DatasetFormatException)e.InnerException!;
        Assert.AreEqual($"{path}: row 4, column 'b': 'eight' is not a number (the column is numeric).", inner.Message);

        Write("a,b,y\n1,2,3\n4,5\n");
        var ragged = Assert.ThrowsExactly<DatasetFormatException>(() => CsvDataset.Load(_path, labelColumn: "y"));
        Assert.AreEqual($"{_path}: row 3 has 2 cells, but the header has 3.", ragged.Message);
        Write("a,a,y\n1,2,3\n");
        StringAssert.Contains(Assert.ThrowsExactly<DatasetFormatException>(() => CsvDataset.Load(_path)).Message, "the header names column 'a' twice");
    }

    private static int PipelineRows(Dataset d)
    {
        int n = 0;
        foreach (var e in d.AsEnumerable()) { n += e[0].Shape[0]; foreach (var t in e) t.Dispose(); }
        return n;
    }

    [TestMethod]
    public void StreamingGivesTheSameBatchesAsLoading()
    {
        var lines = new List<string> { "x1,x2,kind,y" };
        var rng = new Random(3);
        for (int i = 0; i < 103; i++) lines.Add($"{rng.Next(100)},{rng.NextDouble():F3},{(i % 3 == 0 ? "a" : "b")},{i}");
        var path = Write(string.Join("\n", lines));
        var all = CsvDataset.Load(path, labelColumn: "y");
        var stream = CsvDataset.Stream(path, labelColumn: "y", batchSize: 10, inferRows: 50);
        var xs = new List<float>();
        var ys = new List<float>();
        int batches = 0;
        foreach (var e in stream.AsEnumerable())
        {
            batches++;
            xs.AddRange(e[0].ToArray<float>());
            ys.AddRange(e[1].ToArray<float>());
            foreach (var t in e) t.Dispose();
        }
        Assert.AreEqual(11, batches);
        CollectionAssert.AreEqual(all.X.ToArray<float>(), xs.ToArray());
        CollectionAssert.AreEqual(all.Y!.ToArray<float>(), ys.ToArray());
        Assert.AreEqual(110, PipelineRows(stream.Take(1).Repeat(11)), "every pass reads the file again");
    }

    [TestMethod]
    public void ReadsTheBostonCsvThatScikitLearnShips()
    {
        const string file = "/usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv";
        if (!File.Exists(file)) Assert.Inconclusive("python3-sklearn is not installed (samples/run.sh CsvRegression installs it)");
        var data = CsvDataset.Load(file, labelColumn: "MEDV", skipRows: 1);
        CollectionAssert.AreEqual(new[] { 506, 13 }, data.X.Shape.ToArray());
        Assert.AreEqual(24f, data.Y!.ToArray<float>()[0]);
        Assert.AreEqual(0.00632f, data.X.ToArray<float>()[0]);
    }
}
