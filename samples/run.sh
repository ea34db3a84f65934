#!/usr/bin/env bash
# Runs a sample on a fresh Debian 12 machine: installs the Fashion-MNIST files where they are missing, then
# runs it. Usage: samples/run.sh QuickStart|FashionCnn|FashionMnistTape|CsvRegression [epochs]
# KERASSHARP_BACKEND=torch picks libtorch instead of the native kernels.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sample=${1:?usage: samples/run.sh QuickStart|FashionCnn|FashionMnistTape|CsvRegression [epochs]}
shift
if [[ ! -f "samples/$sample/$sample.csproj" ]]; then
    echo "samples/run.sh: no sample named '$sample' (samples: $(ls samples | grep -v run.sh | tr '\n' ' '))" >&2
    exit 2
fi
if [[ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz && -z "${KERASSHARP_HOME:-}" ]]; then
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" apt-get install -y -q --no-install-recommends dataset-fashion-mnist
fi
# CsvRegression reads a CSV that scikit-learn's Debian package ships.
if [[ "$sample" == CsvRegression && ! -f /usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv ]]; then
    as_root=()
    if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" apt-get install -y -q --no-install-recommends python3-sklearn
fi
exec dotnet run -c Release --project "samples/$sample" -- "$@"
