#!/usr/bin/env bash
# The GPU check (issue 17 item 7), for a session lent a GPU machine through the `device` tool. That machine has no
# .NET SDK and no network: build the self-contained harness here first (benchmarks/gpu/publish.sh) and carry
# benchmarks/gpu/publish; PyTorch (the machine's python3) is the peer. See benchmarks/gpu/README.md for the call.
# Everything goes to stdout and to $OUT/gpu-check.txt; the peer's figures to $OUT/peer.json. About 3-6 minutes.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${OUT:-/tmp/gpu-check}"
mkdir -p "$out"
log="$out/gpu-check.txt"
exe="$here/publish/KerasSharp.GpuCheck"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
exec > >(tee "$log") 2>&1

echo "== GPU check $(date -u +%FT%TZ) on $(hostname)"
if [ ! -x "$exe" ]; then
  if [ -f "$exe" ]; then chmod +x "$exe"; else echo "missing $exe: run benchmarks/gpu/publish.sh and carry benchmarks/gpu/publish"; exit 2; fi
fi
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>/dev/null || echo "(no nvidia-smi)"
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))' || true

# cuBLAS: the CUDA 13 (or 12) library inside Python's NVIDIA wheels when it is not on the loader path
if [ -z "${KERASSHARP_CUBLAS_PATH:-}" ]; then
  lib="$(python3 - <<'PY'
import glob, os, site, sys
roots = [p for p in site.getsitepackages() + [site.getusersitepackages()] if os.path.isdir(p)]
try:
    import torch
    roots.append(os.path.dirname(os.path.dirname(torch.__file__)))
except Exception:
    pass
for version in ("13", "12"):
    for root in roots:
        for pattern in (f"nvidia/cublas/lib/libcublas.so.{version}*", f"nvidia/cu{version}/lib/libcublas.so.{version}*",
                        f"nvidia/*/lib/libcublas.so.{version}*", f"torch/lib/libcublas.so.{version}*"):
            hits = sorted(glob.glob(os.path.join(root, pattern)))
            if hits:
                print(hits[0]); sys.exit(0)
PY
)"
  if [ -n "$lib" ]; then
    export KERASSHARP_CUBLAS_PATH="$lib"
    export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
echo "KERASSHARP_CUBLAS_PATH=${KERASSHARP_CUBLAS_PATH:-(library path search)}"
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="${TMPDIR:-/tmp}/gpu-check-bundle"
export DOTNET_TieredPGO=1

echo "== peer: PyTorch eager on the same GPU"
timeout 120 python3 "$here/peer.py" "$out/peer.json" $quick || echo "peer failed or timed out (rc=$?)"

echo "== KerasSharp kernels: parity on the GPU against the CPU backend, GEMM, bandwidth"
timeout 200 "$exe" all --peer "$out/peer.json" $quick || echo "harness rc=$?"

echo "== KerasSharp training steps on KERASSHARP_DEVICE=cuda:0 (needs gpu-a's GPU storage)"
KERASSHARP_DEVICE=cuda:0 timeout 120 "$exe" train --peer "$out/peer.json" $quick || echo "training rc=$?"
echo "== done $(date -u +%FT%TZ)"
