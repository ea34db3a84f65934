using System.Diagnostics;

namespace KerasSharp.ModelZoo.Tests.ImageNet;

/// <summary>One image run through torchvision: the file, the transform's sizes, and which kind of decoder reads it.</summary>
/// <param name="Name">Names the case in messages and in the reference folder.</param>
/// <param name="File">A path, or a bare name for an image that the reference script derives into its folder.</param>
/// <param name="Lossy">JPEG: ImageSharp's decoder and libjpeg-turbo differ by a few levels.</param>
internal sealed record ParityCase(string Name, string File, int Resize = 256, int Crop = 224, bool Lossy = false, string Preset = "")
{
    public override string ToString() => Name;
}

/// <summary>What torchvision made of one <see cref="ParityCase"/>.</summary>
internal sealed record ReferenceOutput(string Path, int Width, int Height, byte[] Decoded, byte[] Crop, double[] Final);

/// <summary>
/// Runs tests/ModelZoo.Tests/ImageNet/torchvision_reference.py once per test process with Debian's python3,
/// torchvision and scikit-image's photos. Missing software fails the test with what to install: these checks are
/// the point of the preprocessing, so they never skip.
/// </summary>
internal static class TorchvisionReference
{
    public const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data";

    private const string Install =
        "Install Debian 12's python3-torchvision, python3-torch and python3-skimage (apt-get install ...; .ci/run does). " +
        "The tests run /usr/bin/python3, not a pyenv or venv python3, because Debian's packages live in its dist-packages.";

    public static readonly ParityCase[] Cases =
    [
        // Real photos from python3-skimage: PNG (lossless) and JPEG (libjpeg-turbo vs ImageSharp).
        new("astronaut", $"{SkimageData}/astronaut.png"),
        new("chelsea", $"{SkimageData}/chelsea.png"),                                   // 451x300: resized to 384x256
        new("coffee", $"{SkimageData}/coffee.png"),
        new("motorcycle", $"{SkimageData}/motorcycle_left.png"),                        // 741x500: 379x256, offset 77.5 -> 78
        new("rocket", $"{SkimageData}/rocket.jpg", Lossy: true),
        new("hubble", $"{SkimageData}/hubble_deep_field.jpg", Lossy: true),
        new("retina", $"{SkimageData}/retina.jpg", Lossy: true),
        // Colour models: greyscale, alpha, palettes.
        new("camera_grey", $"{SkimageData}/camera.png"),
        new("grey_jpeg", "grey.jpg", Lossy: true),
        new("astronaut_alpha", "astronaut_alpha.png"),
        new("horse_rgba", $"{SkimageData}/horse.png"),
        new("logo_rgba", $"{SkimageData}/logo.png"),
        new("palette_png", $"{SkimageData}/green_palette.png"),
        new("palette_gif", "chelsea_palette.gif"),
        new("animated_gif_first_frame", $"{SkimageData}/no_time_for_that_tiny.gif"),    // 14x25, 24 frames
        new("multipage_tiff_first_page", $"{SkimageData}/multipage.tif"),
        // Other formats.
        new("bmp", "chelsea.bmp"),
        new("tiff_lzw", "chelsea.tif"),
        new("webp_lossless", "chelsea_lossless.webp"),
        new("webp_lossy", "chelsea_lossy.webp"),             // ImageSharp ports libwebp's integer VP8 decoder: exact
        new("jpeg_420", "chelsea_q75.jpg", Lossy: true),
        new("jpeg_444", "chelsea_444.jpg", Lossy: true),
        new("jpeg_progressive", "chelsea_progressive.jpg", Lossy: true),
        new("jpeg_cmyk", "chelsea_cmyk.jpg", Lossy: true),
        // Geometry: upscaling, extreme aspect ratios, other sizes.
        new("tiny_upscaled", "tiny.png"),
        new("wide", "wide.png"),
        new("tall", "tall.png"),
        new("resnet50_v2_preset", $"{SkimageData}/chelsea.png", Resize: 232, Preset: "resnet50_v2"),
        new("odd_sizes", $"{SkimageData}/coffee.png", Resize: 301, Crop: 187),
        new("crop_offset_tie_to_even", $"{SkimageData}/motorcycle_left.png", Crop: 226),   // 379 wide: offset 76.5 -> 76
        new("noise_shrink", "noise_997x613.png", Resize: 97, Crop: 90),                     // 6.3 times smaller
        new("noise_grow", "noise_997x613.png", Resize: 1500, Crop: 224),
        new("noise_1201x5", "noise_1201x5.png"),                                           // 61491x256, cropped
        new("crop_larger_than_resize", $"{SkimageData}/chelsea.png", Resize: 200, Crop: 224),
    ];

    private static readonly Lazy<(string Folder, Dictionary<string, (int W, int H)> Sizes)> Generated = new(Generate);

    /// <summary>The path of one of scikit-image's photos; fails with what to install when the package is missing.</summary>
    public static string Photo(string file)
    {
        var path = Path.Combine(SkimageData, file);
        if (!File.Exists(path)) throw new AssertFailedException($"{path} is missing. {Install}");
        return path;
    }

    /// <summary>torchvision's outputs for <paramref name="c"/>.</summary>
    public static ReferenceOutput Get(ParityCase c)
    {
        var (folder, sizes) = Generated.Value;
        var (w, h) = sizes[c.Name];
        var finalBytes = File.ReadAllBytes(Path.Combine(folder, c.Name + ".final"));
        var final = new double[finalBytes.Length / 8];
        Buffer.BlockCopy(finalBytes, 0, final, 0, finalBytes.Length);
        return new ReferenceOutput(ResolvePath(c, folder), w, h,
            File.ReadAllBytes(Path.Combine(folder, c.Name + ".decoded")), File.ReadAllBytes(Path.Combine(folder, c.Name + ".crop")), final);
    }

    /// <summary>torchvision's class names, in order, printed by its own module.</summary>
    public static string[] ClassNames() =>
        Run(["-c", "from torchvision.models._meta import _IMAGENET_CATEGORIES as c\nimport sys\nsys.stdout.write('\\n'.join(c))"])
            .Split('\n');

    private static string ResolvePath(ParityCase c, string folder) => Path.IsPathRooted(c.File) ? c.File : Path.Combine(folder, c.File);

    private static (string, Dictionary<string, (int, int)>) Generate()
    {
        if (!Directory.Exists(SkimageData))
            throw new AssertFailedException($"These tests read scikit-image's photos from {SkimageData}, which is missing. {Install}");
        var folder = Path.Combine(Path.GetTempPath(), $"ks-imagenet-reference-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, true); } catch (IOException) { } };
        File.WriteAllLines(Path.Combine(folder, "cases.tsv"),
            Cases.Select(c => $"{c.Name}\t{ResolvePath(c, folder)}\t{c.Resize}\t{c.Crop}\t{c.Preset}"));
        var script = Path.Combine(AppContext.BaseDirectory, "ImageNet", "torchvision_reference.py");
        Run([script, SkimageData, folder]);
        var sizes = File.ReadAllLines(Path.Combine(folder, "sizes.tsv"))
            .Select(line => line.Split('\t'))
            .ToDictionary(f => f[0], f => (int.Parse(f[1]), int.Parse(f[2])));
        return (folder, sizes);
    }

    private static string Run(string[] args)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) throw new AssertFailedException($"{python} is missing. {Install}");
        var (code, _, stderr) = Execute(python, ["-c", "import torch, torchvision, PIL, numpy"]);
        if (code != 0) throw new AssertFailedException($"{python} cannot import torchvision ({stderr.Trim()}). {Install}");
        var (exit, stdout, err) = Execute(python, args);
        if (exit != 0) throw new AssertFailedException($"{python} {string.Join(' ', args)} failed (exit {exit}):\n{err}");
        return stdout;
    }

    private static (int Code, string Stdout, string Stderr) Execute(string fileName, string[] args)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new AssertFailedException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"{fileName} did not finish within 300 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
