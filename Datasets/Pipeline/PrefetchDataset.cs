using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace KerasSharp.Datasets;

/// <summary>Runs the input on a background thread, up to a bounded number of elements ahead of the consumer.</summary>
internal sealed class PrefetchDataset : Dataset
{
    private readonly Dataset _input;
    private readonly int _bufferSize;

    public PrefetchDataset(Dataset input, int bufferSize)
    {
        if (bufferSize == 0 || bufferSize < Autotune)
            throw new ArgumentOutOfRangeException(nameof(bufferSize), $"Dataset.Prefetch: bufferSize must be positive or Dataset.Autotune, got {bufferSize}.");
        _input = input;
        _bufferSize = bufferSize == Autotune ? 2 : bufferSize;
    }

    public override long Cardinality => _input.Cardinality;
    public override int ComponentCount => _input.ComponentCount;
    internal override bool? IsBatched => _input.IsBatched;

    internal override IEnumerator<Tensor[]> Open()
    {
        var queue = new BlockingCollection<Tensor[]>(_bufferSize);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? error = null;
        var producer = new Thread(() =>
        {
            IEnumerator<Tensor[]>? source = null;
            try
            {
                source = _input.Open();
                while (!stop.IsCancellationRequested && source.MoveNext())
                {
                    var element = source.Current;
                    try { queue.Add(element, stop.Token); }
                    catch (OperationCanceledException) { Elements.Free(element); break; }
                }
            }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
            finally
            {
                try { source?.Dispose(); }
                catch (Exception e) { error ??= ExceptionDispatchInfo.Capture(e); }
                queue.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "KerasSharp Dataset.Prefetch" };
        producer.Start();
        try
        {
            foreach (var element in queue.GetConsumingEnumerable()) yield return element;
            producer.Join();
            error?.Throw();
        }
        finally
        {
            stop.Cancel();
            // Free what was computed ahead and not consumed, then wait for the producer to let go of its input.
            while (!queue.IsCompleted)
            {
                if (queue.TryTake(out var left, 50)) Elements.Free(left);
            }
            while (queue.TryTake(out var rest)) Elements.Free(rest);
            producer.Join();
            queue.Dispose();
        }
    }
}
