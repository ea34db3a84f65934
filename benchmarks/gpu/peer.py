"""The GPU check's peer: the same measurements in PyTorch eager on the same GPU, written as one JSON object.

Usage: python3 peer.py OUT.json [--quick] [--cpu]   (--cpu: a dry run of the script where there is no GPU)
GEMM TFLOP/s through torch.matmul (cuBLAS, TF32 off as KerasSharp's default), the device copy and an add at 64M
float32 elements in GB/s, and the QuickStart MLP / FashionCnn training steps (batch 64, Adam) in samples/s on
synthetic data of Fashion-MNIST's shapes, with the sizes the C# harness uses.
"""
import json
import sys
import time

import torch
import torch.nn as nn

quick = "--quick" in sys.argv
out_path = sys.argv[1]
dev = torch.device("cpu" if "--cpu" in sys.argv else "cuda:0")
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
torch.manual_seed(0)
result = {"torch_version": torch.__version__,
          "device_name": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu"}


def sync():
    if dev.type == "cuda":
        torch.cuda.synchronize()


def seconds_per_call(fn, min_seconds=0.3, max_calls=10000):
    fn()
    sync()
    calls, start = 0, time.perf_counter()
    while calls < max_calls:
        fn()
        calls += 1
        if calls >= 3 and (calls & (calls - 1)) == 0:
            sync()
            if time.perf_counter() - start >= min_seconds:
                break
    sync()
    return (time.perf_counter() - start) / calls


for n in ([256] if quick else [1024, 2048, 4096, 8192]):
    a = torch.randn(n, n, device=dev)
    b = torch.randn(n, n, device=dev)
    c = torch.empty(n, n, device=dev)
    s = seconds_per_call(lambda: torch.matmul(a, b, out=c), max_calls=200)
    result[f"gemm_f32_{n}"] = 2.0 * n ** 3 / s / 1e12
nd = 128 if quick else 4096
a = torch.randn(nd, nd, device=dev, dtype=torch.float64)
b = torch.randn(nd, nd, device=dev, dtype=torch.float64)
c = torch.empty(nd, nd, device=dev, dtype=torch.float64)
result[f"gemm_f64_{nd}"] = 2.0 * nd ** 3 / seconds_per_call(lambda: torch.matmul(a, b, out=c), max_calls=200) / 1e12
del a, b, c

n = (1 << 20) if quick else (64 << 20)
x = torch.zeros(n, device=dev)
y = torch.zeros(n, device=dev)
z = torch.empty(n, device=dev)
result["copy_gbs"] = 2.0 * 4 * n / seconds_per_call(lambda: y.copy_(x)) / 1e9
result["add_gbs"] = 3.0 * 4 * n / seconds_per_call(lambda: torch.add(x, y, out=z)) / 1e9
del x, y, z


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))


def cnn():
    # Keras defaults: BatchNormalization momentum 0.99 (torch 0.01), epsilon 1e-3
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32, eps=1e-3, momentum=0.01), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64, eps=1e-3, momentum=0.01), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


def train_rate(build, samples, shape, batch=64):
    x = torch.rand(samples, *shape, device=dev)
    y = torch.randint(0, 10, (samples,), device=dev)
    model = build().to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()

    def epoch():
        model.train()
        order = torch.randperm(samples, device=dev)
        correct = torch.zeros((), device=dev)
        for i in range(0, samples, batch):
            idx = order[i:i + batch]
            xb, yb = x[idx], y[idx]
            logits = model(xb)
            loss = loss_fn(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            correct += (logits.argmax(1) == yb).sum()  # the accuracy metric, kept on the device
        return loss.item(), correct.item()

    epoch()
    sync()
    start = time.perf_counter()
    epoch()
    sync()
    return samples / (time.perf_counter() - start)


result["train_mlp_sps"] = train_rate(mlp, 640 if quick else 64 * 300, (28, 28))
result["train_cnn_sps"] = train_rate(cnn, 128 if quick else 64 * 100, (1, 28, 28))
with open(out_path, "w") as f:
    json.dump(result, f, indent=1)
for k, v in result.items():
    print(f"torch {k} = {v:.2f}" if isinstance(v, float) else f"torch {k} = {v}")
