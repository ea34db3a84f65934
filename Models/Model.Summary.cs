using System.Globalization;
using KerasSharp.Layers;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// Prints Keras's table: each layer with its type, output shape and parameter count (and, for functional
    /// models, what it is connected to), then the total, trainable and non-trainable parameter counts and sizes.
    /// </summary>
    public void Summary(Action<string>? printFn = null)
    {
        var print = printFn ?? Console.WriteLine;
        bool functional = this is not Sequential && Graph is not null;
        var rows = new List<string[]>();
        if (Graph is null)
        {
            foreach (var layer in Layers) rows.Add([$"{layer.Name} ({layer.GetType().Name})", "?", Count(layer.CountParams())]);
        }
        else
        {
            foreach (var input in Graph.Inputs)
                if (functional) rows.Add([$"{input.Name} (InputLayer)", ShapeText.Format(input.Shape), "0", "-"]);
            foreach (var node in Graph.Nodes)
            {
                if (node.Layer is InputLayer) continue;
                var row = new List<string> { $"{node.Layer.Name} ({node.Layer.GetType().Name})", ShapeText.Format(node.Output.Shape), Count(node.Layer.CountParams()) };
                if (functional) row.Add(string.Join(", ", node.Inputs.Select(i => i.Node?.Layer.Name ?? i.Name)));
                rows.Add(row.ToArray());
            }
        }
        string[] header = functional ? ["Layer (type)", "Output Shape", "Param #", "Connected to"] : ["Layer (type)", "Output Shape", "Param #"];
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length)) + 3).ToArray();
        int total = widths.Sum();
        string Line(string[] cells) => " " + string.Concat(cells.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd();

        print($"Model: \"{Name}\"");
        print(new string('_', total));
        print(Line(header));
        print(new string('=', total));
        for (int i = 0; i < rows.Count; i++)
        {
            print(Line(rows[i]));
            if (i < rows.Count - 1) print(new string('_', total));
        }
        print(new string('=', total));
        long all = CountParams();
        long trainable = TrainableWeights.Sum(w => (long)w.Size);
        print($"Total params: {Count(all)} ({Bytes(Weights.Sum(w => (long)w.Size * w.DType.SizeOf()))})");
        print($"Trainable params: {Count(trainable)} ({Bytes(TrainableWeights.Sum(w => (long)w.Size * w.DType.SizeOf()))})");
        print($"Non-trainable params: {Count(all - trainable)} ({Bytes(NonTrainableWeights.Sum(w => (long)w.Size * w.DType.SizeOf()))})");
        print(new string('_', total));
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F2} GB" :
        bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):F2} MB" :
        bytes >= 1L << 10 ? $"{bytes / 1024.0:F2} KB" :
        $"{bytes}.00 B";
}
