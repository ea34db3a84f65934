using System.Text.Json;

namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>
/// The pipelines from the reference checkpoint folders against bert_reference.py's outputs, each text run alone there
/// as Hugging Face's pipelines run it (so a batch here also checks that padding does not leak), and their misuse.
/// </summary>
[TestClass]
public sealed class PipelineTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    private static IEnumerable<JsonElement> Cases(string task) => BertFixtures.Pipelines(BertFixtures.Get()).GetProperty(task).EnumerateArray();

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void FillMask_GivesTheTopTokensScoresAndSequences_ForEachMask(string backend)
    {
        Backend.Set(backend);
        var fill = Pipelines.FillMask(BertFixtures.Get().Folder);
        foreach (var c in Cases("fill_mask"))
        {
            string text = c.GetProperty("text").GetString()!;
            var predictions = fill.Predict(text);
            var expected = c.GetProperty("predictions").EnumerateArray().ToArray();
            Assert.HasCount(expected.Length, predictions, text);
            for (int m = 0; m < expected.Length; m++)
            {
                var want = expected[m].EnumerateArray().ToArray();
                Assert.HasCount(5, predictions[m]);
                for (int k = 0; k < 5; k++)
                {
                    var got = predictions[m][k];
                    string where = $"{backend} \"{text}\" mask {m} rank {k}";
                    Assert.AreEqual(want[k].GetProperty("token").GetInt32(), got.TokenId, where);
                    Assert.AreEqual(want[k].GetProperty("token_str").GetString(), got.Token, where);
                    Assert.AreEqual(want[k].GetProperty("sequence").GetString(), got.Sequence, where);
                    Assert.AreEqual(want[k].GetProperty("score").GetDouble(), got.Score, 1e-5, where);
                }
            }
        }
        // One mask: special tokens are left out of the sequence; two: kept, so the other [MASK] shows.
        StringAssert.StartsWith(fill.Predict("tok1 [MASK] tok7 tok9")[0][0].Sequence, "tok1 ");
        StringAssert.StartsWith(fill.Predict("[MASK] tok4 [MASK]")[1][0].Sequence, "[CLS] [MASK] tok4 ");
        Assert.HasCount(2, fill.Predict("tok1 [MASK]", topK: 2)[0]);
    }

    [TestMethod]
    public void FillMask_WithTargets_ScoresOnlyThoseWords_WithTheirFullVocabularyProbabilities()
    {
        var fill = Pipelines.FillMask(BertFixtures.Get().Folder);
        const string text = "tok1 [MASK] tok7 tok9";
        var everything = fill.Predict(text, topK: fill.Tokenizer.VocabSize)[0].ToDictionary(p => p.Token);

        // "tok3" twice counts once; "tok40 tok2" is not one token, so its first piece (tok40) stands for it.
        var targeted = fill.Predict(text, topK: 10, targets: ["tok12", "tok3", "tok3", "tok40 tok2"])[0];
        Assert.HasCount(3, targeted, "topK is capped at the number of distinct targets");
        CollectionAssert.AreEquivalent(new[] { "tok12", "tok3", "tok40" }, targeted.Select(p => p.Token).ToArray());
        foreach (var p in targeted)
        {
            Assert.AreEqual(everything[p.Token].Score, p.Score, 1e-7, p.Token);
            Assert.AreEqual(everything[p.Token].Sequence, p.Sequence, p.Token);
        }
        CollectionAssert.AreEqual(targeted.OrderByDescending(p => p.Score).ToArray(), targeted.ToArray(), "most likely first");
        Assert.HasCount(1, fill.Predict(text, topK: 1, targets: ["tok12", "tok3"])[0]);

        var none = Assert.ThrowsExactly<ArgumentException>(() => fill.Predict(text, targets: []));
        StringAssert.Contains(none.Message, "no target gives a token (the list is empty)");
        var blank = Assert.ThrowsExactly<ArgumentException>(() => fill.Predict(text, targets: ["   "]));
        StringAssert.Contains(blank.Message, "none in: \"   \"");
    }

    [TestMethod]
    public void FillMask_Misuse_FailsSayingWhatToDo()
    {
        var fill = Pipelines.FillMask(BertFixtures.Get().Folder);
        var none = Assert.ThrowsExactly<ArgumentException>(() => fill.Predict("tok1 tok2"));
        StringAssert.Contains(none.Message, "the text has no [MASK] to fill");
        // "[mask]" is not the mask token (special tokens match exactly), so this has none either.
        Assert.ThrowsExactly<ArgumentException>(() => fill.Predict("tok1 [mask]"));
        var tooLong = Assert.ThrowsExactly<ArgumentException>(() => fill.Predict("[MASK] " + string.Join(" ", Enumerable.Repeat("tok1", 40))));
        StringAssert.Contains(tooLong.Message, "43 tokens with [CLS] and [SEP]; the model takes at most 40");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => fill.Predict("[MASK]", topK: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Pipelines.FillMask(BertFixtures.Get().Folder, topK: 0));
    }

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void TextClassification_GivesTheLabelAndSoftmaxScore(string backend)
    {
        Backend.Set(backend);
        var classify = Pipelines.TextClassification(Path.Combine(BertFixtures.Get().Folder, "seqcls"));
        CollectionAssert.AreEqual(new[] { "negative", "neutral", "positive" }, classify.Labels.ToArray());
        var cases = Cases("text_classification").ToArray();
        var texts = cases.Select(c => c.GetProperty("text").GetString()!).ToArray();
        var batch = classify.Predict(texts);
        for (int i = 0; i < cases.Length; i++)
        {
            var scores = cases[i].GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToArray();
            int best = Array.IndexOf(scores, scores.Max());
            var one = classify.Predict(texts[i]);
            Assert.AreEqual(classify.Labels[best], one.Label, texts[i]);
            Assert.AreEqual(scores[best], one.Score, 1e-5, texts[i]);
            Assert.AreEqual(one.Label, batch[i].Label, "batched with padding: same label");
            Assert.AreEqual(scores[best], batch[i].Score, 1e-5, $"{texts[i]} in a padded batch");
            var all = classify.AllScores(texts[i]);
            for (int label = 0; label < 3; label++)
                Assert.AreEqual(scores[label], all.Single(s => s.Label == classify.Labels[label]).Score, 1e-5);
            Assert.AreEqual(1.0, all.Sum(s => s.Score), 1e-5);
        }
    }

    [TestMethod]
    public void TextClassification_WithoutId2Label_NamesTheLabelsLikeHuggingFace_AndAHeadOfAnotherWidthIsRefused()
    {
        var f = BertFixtures.Get();
        var folder = Path.Combine(Path.GetTempPath(), "ks-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(f.Folder, "vocab.txt"), Path.Combine(folder, "vocab.txt"));
            File.Copy(Path.Combine(f.Folder, "config.json"), Path.Combine(folder, "config.json"));   // no id2label: 2 labels
            // The 3-label head against a config that implies 2.
            File.Copy(Path.Combine(f.Folder, "seqcls", "model.safetensors"), Path.Combine(folder, "model.safetensors"));
            var e = Assert.ThrowsExactly<ArgumentException>(() => Pipelines.TextClassification(folder));
            StringAssert.Contains(e.Message, "classifier.weight is [3,32], the model needs [2,32]");

            // The same head cut to its first two labels fits, and they are named LABEL_0 and LABEL_1.
            var state = KerasSharp.Saving.SafeTensors.Load(Path.Combine(f.Folder, "seqcls", "model.safetensors"));
            state["classifier.weight"] = Ops.SliceAxis(state["classifier.weight"], 0, 0, 2);
            state["classifier.bias"] = Ops.SliceAxis(state["classifier.bias"], 0, 0, 2);
            File.Delete(Path.Combine(folder, "model.safetensors"));
            KerasSharp.Saving.SafeTensors.Save(Path.Combine(folder, "model.safetensors"), state);
            var classify = Pipelines.TextClassification(folder);
            CollectionAssert.AreEqual(new[] { "LABEL_0", "LABEL_1" }, classify.Labels.ToArray());
            Assert.AreEqual(1.0, classify.AllScores("tok1 tok2").Sum(s => s.Score), 1e-5);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [TestMethod]
    public void TextClassification_MultiLabelAndOneUnitHeads_GetSigmoids_AndRegressionTheLogits()
    {
        var f = BertFixtures.Get();
        var folder = Path.Combine(Path.GetTempPath(), "ks-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in new[] { "vocab.txt", "model.safetensors" })
                File.Copy(Path.Combine(f.Folder, "seqcls", file), Path.Combine(folder, file));
            var config = File.ReadAllText(Path.Combine(f.Folder, "seqcls", "config.json"));
            string WithProblem(string problem) => config.TrimEnd().TrimEnd('}') + $", \"problem_type\": \"{problem}\"}}";
            const string text = "tok1 tok2 tok3";
            var logits = Bert.ForSequenceClassification(Path.Combine(f.Folder, "seqcls"))
                             .PredictAll(Pipelines.Inputs(BertTokenizer.FromFolder(folder).Encode([text])))[0].ToArray<float>();

            File.WriteAllText(Path.Combine(folder, "config.json"), WithProblem("multi_label_classification"));
            var multi = Pipelines.TextClassification(folder);
            Assert.AreEqual(ClassificationFunction.Sigmoid, multi.Function);
            var scores = multi.AllScores(text);
            for (int label = 0; label < 3; label++)
                Assert.AreEqual(1 / (1 + Math.Exp(-logits[label])), scores.Single(s => s.Label == multi.Labels[label]).Score, 1e-6);
            Assert.AreNotEqual(1.0, scores.Sum(s => s.Score), 1e-3, "independent probabilities do not sum to one");

            File.WriteAllText(Path.Combine(folder, "config.json"), WithProblem("regression"));
            var regression = Pipelines.TextClassification(folder);
            Assert.AreEqual(ClassificationFunction.None, regression.Function);
            Assert.AreEqual(logits.Max(), regression.Predict(text).Score, 1e-6);

            // The caller's choice wins over the checkpoint's; an unknown problem_type is refused naming the file.
            Assert.AreEqual(ClassificationFunction.Softmax, Pipelines.TextClassification(folder, ClassificationFunction.Softmax).Function);
            File.WriteAllText(Path.Combine(folder, "config.json"), WithProblem("ranking"));
            var e = Assert.ThrowsExactly<KerasSharp.Saving.ModelFileException>(() => Pipelines.TextClassification(folder));
            StringAssert.Contains(e.Message, "problem_type must be single_label_classification, multi_label_classification or regression");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void FeatureExtraction_GivesTokenVectorsAndNormalisedMeanPooledSentences(string backend)
    {
        Backend.Set(backend);
        var extract = Pipelines.FeatureExtraction(BertFixtures.Get().Folder);
        var cases = Cases("feature_extraction").ToArray();
        var texts = cases.Select(c => c.GetProperty("text").GetString()!).ToArray();
        using var sentences = extract.SentenceEmbeddings(texts);   // the second text is padded: 4 tokens against 7
        CollectionAssert.AreEqual(new[] { 2, 32 }, sentences.Shape.ToArray());
        var got = sentences.ToArray<float>();
        for (int i = 0; i < cases.Length; i++)
        {
            var tokens = cases[i].GetProperty("tokens").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetSingle()).ToArray();
            using var vectors = extract.TokenVectors(texts[i]);
            CollectionAssert.AreEqual(new[] { tokens.Length / 32, 32 }, vectors.Shape.ToArray());
            BertParityTests.AssertClose(tokens, vectors.ToArray<float>(), $"{backend}: token vectors of \"{texts[i]}\"");
            var sentence = cases[i].GetProperty("sentence").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            BertParityTests.AssertClose(sentence, got[(i * 32)..((i + 1) * 32)], $"{backend}: sentence {i} in a padded batch");
            BertParityTests.AssertClose(sentence, extract.SentenceEmbedding(texts[i]), $"{backend}: sentence {i} alone");
            Assert.AreEqual(1.0, got[(i * 32)..((i + 1) * 32)].Sum(v => (double)v * v), 1e-5, "unit length");
        }
    }

    [TestMethod]
    public void AVocabularyLargerThanTheModel_IsRefused()
    {
        var f = BertFixtures.Get();
        var folder = Path.Combine(Path.GetTempPath(), "ks-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var name in new[] { "model.safetensors", "config.json" }) File.Copy(Path.Combine(f.Folder, name), Path.Combine(folder, name));
            File.WriteAllLines(Path.Combine(folder, "vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. Enumerable.Range(0, 200).Select(i => $"w{i}")]);
            var e = Assert.ThrowsExactly<KerasSharp.Saving.ModelFileException>(() => Pipelines.FeatureExtraction(folder));
            StringAssert.Contains(e.Message, "205 tokens but config.json's vocab_size is 99");
            var unknown = Assert.ThrowsExactly<ArgumentException>(() => Pipelines.FillMask("bert-base-uncase"));
            StringAssert.Contains(unknown.Message, "bert-base-uncased, bert-base-cased");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
