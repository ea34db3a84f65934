namespace KerasSharp.Callbacks;

/// <summary>Creates the folder a file goes in, so that callbacks and plots can write to "runs/x/log.csv" from the start.</summary>
internal static class Folders
{
    public static void ForFile(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    }
}
