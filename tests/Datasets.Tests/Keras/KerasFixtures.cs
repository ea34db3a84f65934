using System.Text.Json;
using KerasSharp.Models.Tests.Saving.Formats;

namespace KerasSharp.Datasets.Tests.Keras;

/// <summary>
/// Small files in the real formats of Keras's dataset archives, written by NumPy and Python's tarfile at test time, and
/// the results Keras's load_data steps give on them (its shuffling, offsets, limits and splits, run by NumPy).
/// </summary>
internal static class KerasFixtures
{
    private static readonly Lazy<(string Folder, JsonElement Expected)> Made = new(Make);

    public static string Folder => Made.Value.Folder;
    public static JsonElement Expected => Made.Value.Expected;
    public static string PathOf(string name) => Path.Combine(Folder, name);

    private const string Script = """
import sys, io, json, tarfile, numpy as np
out = sys.argv[1]
rng = np.random.RandomState(7)
res = {}

def seqs(n, lo, hi, words):
    a = np.empty(n, dtype=object)
    for i in range(n):
        a[i] = [int(w) for w in rng.randint(0, words, size=rng.randint(lo, hi))]
    return a

# IMDB-like: x_train/x_test object arrays of word lists, int64 labels
xtr, xte = seqs(12, 1, 9, 40), seqs(7, 1, 9, 40)
ytr, yte = rng.randint(0, 2, 12).astype(np.int64), rng.randint(0, 2, 7).astype(np.int64)
np.savez(out + '/imdb.npz', x_train=xtr, y_train=ytr, x_test=xte, y_test=yte)

def keras_imdb(num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3):
    x_train, labels_train, x_test, labels_test = xtr.copy(), ytr.copy(), xte.copy(), yte.copy()
    r = np.random.RandomState(seed)
    i = np.arange(len(x_train)); r.shuffle(i); x_train = x_train[i]; labels_train = labels_train[i]
    i = np.arange(len(x_test)); r.shuffle(i); x_test = x_test[i]; labels_test = labels_test[i]
    if start_char is not None:
        x_train = [[start_char] + [w + index_from for w in x] for x in x_train]
        x_test = [[start_char] + [w + index_from for w in x] for x in x_test]
    elif index_from:
        x_train = [[w + index_from for w in x] for x in x_train]
        x_test = [[w + index_from for w in x] for x in x_test]
    if maxlen:
        keep = [k for k in range(len(x_train)) if len(x_train[k]) < maxlen]; x_train = [x_train[k] for k in keep]; labels_train = labels_train[keep]
        keep = [k for k in range(len(x_test)) if len(x_test[k]) < maxlen]; x_test = [x_test[k] for k in keep]; labels_test = labels_test[keep]
    xs = list(x_train) + list(x_test)
    if not num_words:
        num_words = max(max(x) for x in xs)
    if oov_char is not None:
        xs = [[w if (skip_top <= w < num_words) else oov_char for w in x] for x in xs]
    else:
        xs = [[w for w in x if skip_top <= w < num_words] for x in xs]
    n = len(x_train)
    return {'x_train': xs[:n], 'y_train': [int(v) for v in labels_train], 'x_test': xs[n:], 'y_test': [int(v) for v in labels_test]}

res['imdb_default'] = keras_imdb()
res['imdb_args'] = keras_imdb(num_words=20, skip_top=5, maxlen=7, seed=3, start_char=9, oov_char=None, index_from=2)

# Reuters-like: x object array, y int64
xr = seqs(15, 1, 8, 30); yr = rng.randint(0, 46, 15).astype(np.int64)
np.savez(out + '/reuters.npz', x=xr, y=yr)
def keras_reuters(num_words=None, skip_top=0, test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3):
    xs, labels = xr.copy(), yr.copy()
    r = np.random.RandomState(seed); i = np.arange(len(xs)); r.shuffle(i); xs = xs[i]; labels = labels[i]
    xs = [[start_char] + [w + index_from for w in x] for x in xs]
    if not num_words: num_words = max(max(x) for x in xs)
    xs = [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    idx = int(len(xs) * (1 - test_split))
    return {'x_train': xs[:idx], 'y_train': [int(v) for v in labels[:idx]], 'x_test': xs[idx:], 'y_test': [int(v) for v in labels[idx:]]}
res['reuters'] = keras_reuters(num_words=25, test_split=0.3, seed=5)

# Housing-like: x float64 (n, f), y float64 (n,)
def housing(name, n, f, seed, test_split, first=None):
    x = rng.uniform(-5, 5, (n, f)); y = rng.uniform(0, 50, n)
    np.savez(out + '/' + name, x=x, y=y)
    if first: x, y = x[:first], y[:first]
    r = np.random.RandomState(seed); i = np.arange(len(x)); r.shuffle(i); x = x[i]; y = y[i]
    k = int(len(x) * (1 - test_split))
    return {'x_train': x[:k].astype(np.float32).tolist(), 'y_train': y[:k].astype(np.float32).tolist(),
            'x_test': x[k:].astype(np.float32).tolist(), 'y_test': y[k:].astype(np.float32).tolist()}
res['boston'] = housing('boston_housing.npz', 30, 13, 113, 0.2)
res['california_small'] = housing('california_housing.npz', 700, 8, 11, 0.25, first=600)

# CIFAR binary archives: records of label byte(s) + 3072 pixel bytes (planes R, G, B)
def cifar(name, folder, entries, label_bytes):
    with tarfile.open(out + '/' + name, 'w:gz') as t:
        info = tarfile.TarInfo(folder); info.type = tarfile.DIRTYPE; t.addfile(info)
        meta = b'airplane\n'; info = tarfile.TarInfo(folder + '/batches.meta.txt'); info.size = len(meta); t.addfile(info, io.BytesIO(meta))
        for entry, count in entries:
            data = bytearray()
            for k in range(count):
                for b in range(label_bytes): data.append((k * 7 + b * 3 + len(entry)) % (20 if b == 0 and label_bytes == 2 else 10))
                data.extend(rng.randint(0, 256, 3072).astype(np.uint8).tobytes())
            info = tarfile.TarInfo(folder + '/' + entry); info.size = len(data); t.addfile(info, io.BytesIO(bytes(data)))
cifar('cifar-10-binary.tar.gz', 'cifar-10-batches-bin', [('data_batch_%d.bin' % i, 2) for i in range(1, 6)] + [('test_batch.bin', 3)], 1)
cifar('cifar-100-binary.tar.gz', 'cifar-100-binary', [('train.bin', 4), ('test.bin', 2)], 2)

# NumPy's legacy shuffles
res['perm'] = {}
for seed, n in [(113, 10), (0, 1), (5, 1000), (4294967295, 37)]:
    r = np.random.RandomState(seed); i = np.arange(n); r.shuffle(i); res['perm']['%d_%d' % (seed, n)] = [int(v) for v in i]

json.dump(res, open(out + '/expected.json', 'w'))
""";

    private static (string, JsonElement) Make()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"ks-keras-fixtures-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        Python.Run(Script, needsH5py: false, folder);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")));
        return (folder, doc.RootElement.Clone());
    }

    public static int[][] Sequences(JsonElement e) => e.EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
    public static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();
    public static float[] Floats(JsonElement e) => e.EnumerateArray().SelectMany(v => v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(u => u.GetSingle()) : [v.GetSingle()]).ToArray();
}
