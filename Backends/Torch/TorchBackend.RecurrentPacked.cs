using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using TT = TorchSharp.torch.Tensor;

namespace KerasSharp.Backends.Torch;

/// <summary>
/// Masked recurrences on libtorch's packed sequences. A right-padded prefix mask (each row: steps 0..len-1 true, the
/// rest false, len at least 1) is a padded batch of lengths len: libtorch runs each row for its own length and returns
/// its state after its last valid step, as Keras's mask does. Keras's outputs at the masked steps are then filled in:
/// forwards, each masked step repeats the last valid output (the final h); goBackwards, the masked tail comes first in
/// processing order, so those outputs are zeros and the row's valid steps (run reversed) follow. Any other mask
/// (a gap, a leading false, an empty row) is composed in Core.
/// </summary>
public sealed partial class TorchBackend
{
    // The lengths CanFuseRecurrence found for a masked call, read again by Recurrence (one host read per call).
    private readonly ConditionalWeakTable<RecurrenceArgs, long[]> _prefixLengths = new();

    // The row lengths when `mask` [batch, time] is a prefix mask with no empty row; else null.
    private static long[]? PrefixLengths(TT mask)
    {
        using var scope = torch.NewDisposeScope();
        long time = mask.shape[1];
        var lengths = mask.sum(1, type: torch.int64);
        var prefix = torch.arange(time, torch.int64, mask.device).unsqueeze(0).lt(lengths.unsqueeze(1));
        var ok = prefix.eq(mask).all().logical_and(lengths.min().gt(0));
        if (!ok.cpu().item<bool>()) return null;
        return lengths.cpu().data<long>().ToArray();
    }

    private bool CanPackMask(RecurrenceArgs args)
    {
        if (_prefixLengths.TryGetValue(args, out _)) return true;
        var lengths = PrefixLengths(T(args.Mask!));
        if (lengths is null) return false;
        _prefixLengths.AddOrUpdate(args, lengths);
        return true;
    }

    /// <summary>Runs `module` over the valid steps of each row: the outputs in processing order as Keras has them, and the final states.</summary>
    private (TT Y, TT H, TT? C) RunPacked(torch.nn.Module module, RecurrenceArgs args, TT x, TT h0, TT? c0)
    {
        if (!_prefixLengths.TryGetValue(args, out var lengths)) lengths = PrefixLengths(T(args.Mask!))!;
        _prefixLengths.Remove(args);
        long batch = x.shape[0], time = x.shape[1];
        var device = x.device;
        var lengthsCpu = torch.tensor(lengths, torch.int64);
        var len = lengthsCpu.to(device).unsqueeze(1);                        // [B, 1]
        var steps = torch.arange(time, torch.int64, device).unsqueeze(0);   // [1, T]
        var valid = steps.lt(len);                                          // [B, T]
        var input = x;
        if (args.Options.GoBackwards)
        {
            // row b's valid steps reversed at the front: position j < len reads step len-1-j (the tail is ignored)
            var source = torch.where(valid, len - 1 - steps, steps);
            input = x.gather(1, source.unsqueeze(2).expand(batch, time, x.shape[2]));
        }
        var sequence = torch.nn.utils.rnn.pack_padded_sequence(input, lengthsCpu, batch_first: true, enforce_sorted: false);
        torch.nn.utils.rnn.PackedSequence result;
        TT h, c = null!;
        switch (module)
        {
            case LSTM m: (result, h, c) = m.call(sequence, (h0.unsqueeze(0), c0!.unsqueeze(0))); break;
            case GRU m: (result, h) = m.call(sequence, h0.unsqueeze(0)); break;
            default: (result, h) = ((RNN)module).call(sequence, h0.unsqueeze(0)); break;
        }
        using var _ = sequence;
        using var __ = result;
        var (padded, _) = torch.nn.utils.rnn.pad_packed_sequence(result, batch_first: true, total_length: time);   // zeros past each length
        var last = h.transpose(0, 1);                                       // [B, 1, U]
        TT y;
        if (!args.Options.GoBackwards) y = torch.where(valid.unsqueeze(2), padded, last);
        else
        {
            // processing position k holds the output of reversed step k - (time - len), zeros before it
            var offset = steps - (time - len);
            var index = offset.clamp_min(0).unsqueeze(2).expand(batch, time, padded.shape[2]);
            y = torch.where(offset.ge(0).unsqueeze(2), padded.gather(1, index), torch.zeros_like(padded));
        }
        return (y, last, module is LSTM ? c.transpose(0, 1) : null);
    }
}
