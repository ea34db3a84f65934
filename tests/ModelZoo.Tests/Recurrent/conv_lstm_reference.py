# Reference outputs of a convolutional LSTM (Keras 3's ConvLSTM2D semantics) computed with torch.nn.functional.conv2d in
# float64: the input convolution with the case's strides, dilation and padding ("same" as Keras pads: the extra row or
# column after), the recurrent one with stride 1 and "same" padding, gates i, f, c, o, masked steps keeping the states
# and the previous output. Kernels are written in Keras's layout (kh, kw, in, 4 * filters).
import json, os, sys
import torch
import torch.nn.functional as F

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
cases = {}

def pad_same(x, k, s, d):
    pads = []
    for n, kk, ss, dd in ((x.shape[3], k[1], s[1], d[1]), (x.shape[2], k[0], s[0], d[0])):  # F.pad takes the last axis first
        total = max((-(-n // ss) - 1) * ss + (kk - 1) * dd + 1 - n, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)

def conv(x, kernel, strides, dilation, padding):
    w = kernel.permute(3, 2, 0, 1)  # Keras (kh, kw, in, out) to torch (out, in, kh, kw)
    if padding == "same":
        x = pad_same(x, kernel.shape[:2], strides, dilation)
    return F.conv2d(x, w, stride=strides, dilation=dilation)

def run(name, batch, time, rows, cols, channels, filters, kernel, strides=(1, 1), dilation=(1, 1), padding="valid",
        go_backwards=False, initial=False, lengths=None):
    x = torch.rand(batch, time, rows, cols, channels, dtype=torch.float64) * 2 - 1
    k = (torch.rand(kernel[0], kernel[1], channels, 4 * filters, dtype=torch.float64) - 0.5) * 0.8
    rk = (torch.rand(kernel[0], kernel[1], filters, 4 * filters, dtype=torch.float64) - 0.5) * 0.8
    bias = (torch.rand(4 * filters, dtype=torch.float64) - 0.5) * 0.6
    xs = x.permute(0, 1, 4, 2, 3)  # channels first for torch
    first = conv(xs[:, 0], k, strides, dilation, padding)
    shape = (batch, filters, first.shape[2], first.shape[3])
    h = torch.rand(*shape, dtype=torch.float64) - 0.5 if initial else torch.zeros(*shape, dtype=torch.float64)
    c = torch.rand(*shape, dtype=torch.float64) - 0.5 if initial else torch.zeros(*shape, dtype=torch.float64)
    h0, c0 = h.clone(), c.clone()
    mask = torch.ones(batch, time, dtype=torch.bool)
    if lengths is not None:
        for b, n in enumerate(lengths):
            mask[b, n:] = False
    outputs, previous = [], torch.zeros(*shape, dtype=torch.float64)
    for step in range(time):
        t = time - 1 - step if go_backwards else step
        z = conv(xs[:, t], k, strides, dilation, padding) + bias.view(1, -1, 1, 1) + conv(h, rk, (1, 1), (1, 1), "same")
        zi, zf, zc, zo = z.split(filters, dim=1)
        c_new = torch.sigmoid(zf) * c + torch.sigmoid(zi) * torch.tanh(zc)
        h_new = torch.sigmoid(zo) * torch.tanh(c_new)
        m = mask[:, t].view(-1, 1, 1, 1)
        h, c = torch.where(m, h_new, h), torch.where(m, c_new, c)
        previous = torch.where(m, h_new, previous)
        outputs.append(previous)
    y = torch.stack(outputs, 1).permute(0, 1, 3, 4, 2)  # back to channels last, in processing order
    last = lambda t: t.permute(0, 2, 3, 1).flatten().tolist()
    cases[name] = {
        "x": x.flatten().tolist(), "shape": list(x.shape), "filters": filters, "kernel_size": list(kernel),
        "strides": list(strides), "dilation": list(dilation), "padding": padding, "go_backwards": go_backwards,
        "kernel": k.flatten().tolist(), "recurrent_kernel": rk.flatten().tolist(), "bias": bias.tolist(),
        "h0": last(h0) if initial else None, "c0": last(c0) if initial else None, "lengths": lengths,
        "y": y.flatten().tolist(), "y_shape": list(y.shape), "h": last(h), "c": last(c),
    }

run("valid_3x3", 2, 4, 6, 5, 2, 3, (3, 3))
run("same_strided", 2, 3, 7, 6, 2, 2, (3, 2), strides=(2, 2), padding="same")
run("dilated_backwards_initial", 2, 3, 7, 7, 1, 2, (3, 3), dilation=(2, 2), go_backwards=True, initial=True)
run("masked_same", 2, 4, 5, 5, 2, 2, (3, 3), padding="same", lengths=[4, 2])

tmp = os.path.join(out, "cases.json.part")
with open(tmp, "w") as f:
    json.dump(cases, f)
os.replace(tmp, os.path.join(out, "cases.json"))
