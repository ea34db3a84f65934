// Fine-tunes BERT for sentence classification on reviews.csv (200 short reviews labelled positive or negative, shipped
// with the sample). The checkpoint is the first argument: a Hugging Face folder (config.json, vocab.txt, the weights),
// or a hub name (default: the smallest BERT miniature, google/bert_uncased_L-2_H-128_A-2), downloaded once into
// $KERASSHARP_HOME/models when online. Offline with no checkpoint it says what to download and where to put it.
// Arguments: [checkpoint] [epochs (4)] [seed (1)] [learning rate (1e-4)]. Run with KERASSHARP_BACKEND=native (default) or torch.
// Its last line is "test accuracy: 0.xxxx".
using System.Globalization;
using CsvHelper;
using KerasSharp;
using KerasSharp.Models;
using KerasSharp.ModelZoo;
using KerasSharp.Optimizers;

string checkpoint = args.Length > 0 ? args[0] : "google/bert_uncased_L-2_H-128_A-2";
int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
double learningRate = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1e-4;
Config.SetSeed(seed);

BertModel bert;
BertTokenizer tokenizer;
try
{
    bert = Bert.FromPretrained(checkpoint);
    tokenizer = BertTokenizer.FromPretrained(checkpoint);
}
catch (Exception e) when (e is IOException or ArgumentException)   // not downloaded and offline, a wrong path, a broken file: the message says what to do
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.WriteLine($"checkpoint: {checkpoint} ({bert.Config.NumHiddenLayers} layers, width {bert.Config.HiddenSize}), backend: {Backend.Name}");

// The reviews, shuffled once with the seed, 80% to train and 20% to test.
var rows = ReadReviews(Path.Combine(AppContext.BaseDirectory, "reviews.csv"));
string[] labels = [.. rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal)];
var random = new Random(seed);
rows = [.. rows.OrderBy(_ => random.Next())];
int trainCount = rows.Count * 4 / 5;
var (xTrain, yTrain) = Encode(rows[..trainCount]);
var (xTest, yTest) = Encode(rows[trainCount..]);

var model = Bert.ForSequenceClassification(bert, labels.Length);
model.Compile(optimizer: new Adam(learningRate: learningRate), loss: new KerasSharp.Losses.SparseCategoricalCrossentropy(fromLogits: true),
              metrics: ["accuracy"]);
model.Fit(xTrain, [yTrain], batchSize: 16, epochs: epochs, verbose: 2);

// Two sentences it has not seen.
string[] fresh = ["The staff was friendly and quick.", "This phone crashed constantly."];
using (var encoded = tokenizer.Encode(fresh))
{
    var probabilities = Ops.Softmax(model.PredictAll([encoded.InputIds, encoded.AttentionMask, encoded.TokenTypeIds])[0]).ToArray<float>();
    for (int i = 0; i < fresh.Length; i++)
    {
        int best = probabilities[(i * labels.Length)..((i + 1) * labels.Length)].Index().MaxBy(p => p.Item).Index;
        Console.WriteLine($"\"{fresh[i]}\" -> {labels[best]} ({probabilities[i * labels.Length + best]:F3})");
    }
}
var scores = model.Evaluate(xTest, [yTest]);
Console.WriteLine($"test loss: {scores["loss"]:F4}");
Console.WriteLine($"test accuracy: {scores["accuracy"]:F4}");
return 0;

// Token ids, attention mask and token types of the texts (padded to the longest), and the label indices.
(Tensor[] X, Tensor Y) Encode(IReadOnlyList<(string Text, string Label)> part)
{
    var encoded = tokenizer.Encode([.. part.Select(r => r.Text)]);
    var y = Tensor.FromArray(part.Select(r => (long)Array.IndexOf(labels, r.Label)).ToArray());
    return ([encoded.InputIds, encoded.AttentionMask, encoded.TokenTypeIds], y);
}

static List<(string Text, string Label)> ReadReviews(string path)
{
    using var csv = CsvReader.FromFile(path, new CsvReaderOptions());
    return [.. csv.GetRecords<Review>().Select(r => (r.Text, r.Label))];
}

// One row of reviews.csv (header "text,label").
[CsvRecord]
internal sealed partial record Review([property: CsvColumn("text")] string Text, [property: CsvColumn("label")] string Label);
