using System.Diagnostics;
using System.Globalization;
using System.Text;
using KerasSharp.Models;

namespace KerasSharp;

/// <summary>
/// Keras's <c>keras.utils.plot_model</c> and <c>model_to_dot</c> (here, because <c>KerasSharp.Utils</c> belongs to the Datasets
/// assembly, which cannot see models). <c>history.Plot(path)</c> draws a training history.
/// </summary>
public static class Plots
{
    /// <summary>
    /// Draws the model's layer graph, as Keras's plot_model: Graphviz DOT rendered by the <c>dot</c> program (Debian's
    /// <c>graphviz</c> package) into <paramref name="toFile"/> (.png, .svg or .pdf, by extension). Without <c>dot</c>, or when
    /// <paramref name="toFile"/> ends in .dot, the DOT text itself is written (to the same name with the extension .dot).
    /// Files are written under a temporary name and renamed.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="toFile">The picture to write.</param>
    /// <param name="showShapes">Show each layer's output shape.</param>
    /// <param name="showLayerNames">Show the layers' names (the class is always shown).</param>
    /// <param name="rankdir">"TB" (top to bottom) or "LR" (left to right).</param>
    /// <param name="dpi">Resolution of a PNG.</param>
    /// <returns>The file written: <paramref name="toFile"/>, or the .dot file when no picture could be made.</returns>
    /// <exception cref="ArgumentException">An unknown extension or rankdir.</exception>
    /// <exception cref="InvalidOperationException">dot failed (its message is included).</exception>
    public static string PlotModel(Model model, string toFile = "model.png", bool showShapes = false, bool showLayerNames = true,
                                   string rankdir = "TB", int dpi = 96)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(toFile);
        string ext = Path.GetExtension(toFile).ToLowerInvariant();
        if (ext is not (".png" or ".svg" or ".pdf" or ".dot"))
            throw new ArgumentException($"PlotModel: cannot tell the picture format of '{toFile}'; use .png, .svg, .pdf or .dot.", nameof(toFile));
        if (dpi is < 10 or > 1200) throw new ArgumentOutOfRangeException(nameof(dpi), dpi, $"PlotModel: dpi must be in [10, 1200], got {dpi}.");
        string dot = ModelToDot(model, showShapes, showLayerNames, rankdir);
        string? program = ext == ".dot" ? null : FindDot();
        Callbacks.Folders.ForFile(toFile);
        if (program is null)
        {
            string dotFile = Path.ChangeExtension(toFile, ".dot");
            Saving.AtomicFile.WriteAllBytes(dotFile, Encoding.UTF8.GetBytes(dot));
            return dotFile;
        }
        Saving.AtomicFile.WriteAllBytes(toFile, Render(program, dot, ext[1..], dpi, toFile));
        return toFile;
    }

    /// <summary>The model's layer graph as Graphviz DOT text (one box per layer call, an arrow per connection).</summary>
    /// <exception cref="ArgumentException">rankdir is not "TB" or "LR".</exception>
    public static string ModelToDot(Model model, bool showShapes = false, bool showLayerNames = true, string rankdir = "TB")
    {
        ArgumentNullException.ThrowIfNull(model);
        if (rankdir is not ("TB" or "LR" or "BT" or "RL"))
            throw new ArgumentException($"PlotModel: rankdir must be \"TB\", \"LR\", \"BT\" or \"RL\", got \"{rankdir}\".", nameof(rankdir));
        var graph = model.LayerGraph();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Count; i++) ids[graph[i].Name] = "n" + i.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("digraph ").Append(Quote(model.Name)).AppendLine(" {");
        sb.Append("  rankdir=").Append(rankdir).AppendLine(";");
        sb.AppendLine("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#e8eef7\", fontname=\"DejaVu Sans\", fontsize=11];");
        sb.AppendLine("  edge [color=\"#555555\"];");
        foreach (var node in graph)
        {
            var label = new StringBuilder();
            label.Append(showLayerNames ? $"{node.Name} ({node.ClassName})" : node.ClassName);
            if (showShapes) label.Append('\n').Append("output: ").Append(node.OutputShape);
            sb.Append("  ").Append(ids[node.Name]).Append(" [label=").Append(Quote(label.ToString())).AppendLine("];");
        }
        foreach (var node in graph)
            foreach (var input in node.Inputs)
                if (ids.TryGetValue(input, out var from)) sb.Append("  ").Append(from).Append(" -> ").Append(ids[node.Name]).AppendLine(";");
        sb.AppendLine("}");
        return sb.ToString();
    }

    // A DOT string literal: quotes and backslashes escaped, line breaks as \n (layer names come from users and files).
    private static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string? FindDot()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "dot", "dot.exe" })
            {
                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static byte[] Render(string program, string dot, string format, int dpi, string toFile)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-T" + format);
        psi.ArgumentList.Add("-Gdpi=" + dpi.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"PlotModel: could not start '{program}'.");
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        if (process.ExitCode != 0 || output.Length == 0)
            throw new InvalidOperationException($"PlotModel: '{program}' failed to draw '{toFile}' (exit code {process.ExitCode}): {error.Result.Trim()}");
        return output.ToArray();
    }
}
