#!/usr/bin/env bash
# Runs the FashionCnn on a fresh Debian 12 machine: installs the Fashion-MNIST files where they are missing,
# then trains. Pass the epoch count as the first argument (default 12); KERASSHARP_BACKEND=torch picks libtorch.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [[ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz && -z "${KERASSHARP_HOME:-}" ]]; then
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" apt-get install -y -q --no-install-recommends dataset-fashion-mnist
fi
exec dotnet run -c Release --project samples/FashionCnn -- "$@"
