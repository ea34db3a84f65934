namespace KerasSharp.ModelZoo.Tests.Text;

/// <summary>Each task head from a Hugging Face task checkpoint folder gives the reference head's outputs on both backends.</summary>
[TestClass]
public sealed class BertHeadTests
{
    [TestCleanup]
    public void RestoreBackend() => Backend.Set("native");

    [TestMethod]
    [DataRow("native")]
    [DataRow("torch")]
    public void EveryHeadMatchesTheReference(string backend)
    {
        var f = BertFixtures.Get();
        Backend.Set(backend);
        Tensor[] inputs = [Tensor.FromArray(f.Ids, f.Batch, f.Length), Tensor.FromArray(f.Mask, f.Batch, f.Length), Tensor.FromArray(f.Types, f.Batch, f.Length)];

        var mlm = Bert.ForMaskedLM(f.Folder);
        BertParityTests.AssertClose(f.MaskedLm, mlm.PredictAll(inputs)[0].ToArray<float>(), $"{backend}: masked LM logits");

        var classifier = Bert.ForSequenceClassification(Path.Combine(f.Folder, "seqcls"));
        BertParityTests.AssertClose(BertFixtures.Expected(f, "seqcls"), classifier.PredictAll(inputs)[0].ToArray<float>(), $"{backend}: sentence logits");

        var tagger = Bert.ForTokenClassification(Path.Combine(f.Folder, "tokcls"));
        BertParityTests.AssertClose(BertFixtures.Expected(f, "tokcls"), tagger.PredictAll(inputs)[0].ToArray<float>(), $"{backend}: token logits");

        var qa = Bert.ForQuestionAnswering(Path.Combine(f.Folder, "qa"));
        var spans = qa.PredictAll(inputs)[0];
        BertParityTests.AssertClose(BertFixtures.Expected(f, "qa"), spans.ToArray<float>(), $"{backend}: span logits");
        var (start, end) = Bert.SplitSpans(spans);
        CollectionAssert.AreEqual(new[] { f.Batch, f.Length }, start.Shape.ToArray());
        Assert.AreEqual(spans.ToArray<float>()[1], end.ToArray<float>()[0]);
    }

    [TestMethod]
    public void AHeadOverAnotherSizeOfBert_FailsListingTheKeys()
    {
        var f = BertFixtures.Get();
        var bigger = new BertModel(new BertConfig { VocabSize = 99, HiddenSize = 48, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 37, MaxPositionEmbeddings = 40 });
        var state = KerasSharp.Saving.SafeTensors.Load(Path.Combine(f.Folder, "model.safetensors"));
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            BertWeights.Load(bigger, state, BertWeights.Prefixed(BertWeights.EncoderTable(bigger.Config), "bert."), Bert.IsHead));
        StringAssert.Contains(e.Message, "shape mismatches");
        StringAssert.Contains(e.Message, "bert.embeddings.word_embeddings.weight is [99,32], the model needs [99,48]");
    }

    [TestMethod]
    public void BadInputs_FailSayingWhy()
    {
        var f = BertFixtures.Get();
        var bert = Bert.FromPretrained(f.Folder);
        var tooLong = Ops.Zeros([1, 41], DType.Int64);
        var e = Assert.ThrowsExactly<ArgumentException>(() => bert.Encode(tooLong));
        StringAssert.Contains(e.Message, "max_position_embeddings (40)");
        var outside = Tensor.FromArray(new long[] { 2, 150, 3 }, 1, 3);
        Assert.ThrowsExactly<IndexOutOfRangeException>(() => bert.Encode(outside));
        var heads = Assert.ThrowsExactly<ArgumentException>(() => new BertConfig { HiddenSize = 30, NumAttentionHeads = 4 }.Validate());
        StringAssert.Contains(heads.Message, "must divide hidden_size (30)");
    }
}
