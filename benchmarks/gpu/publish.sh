#!/usr/bin/env bash
# Builds the GPU check's harness as a self-contained linux-x64 program in benchmarks/gpu/publish/ (git-ignored),
# which the device tool carries to the GPU machine (no .NET there). Prints the size: the tool carries at most 64 MiB.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$here/publish"
dotnet publish "$here/GpuCheck/KerasSharp.GpuCheck.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$here/publish" "$@"
du -sb "$here/publish" | awk '{ printf "publish: %.1f MiB\n", $1 / 1048576 }'
