#!/usr/bin/env bash
# The ILGPU backend's check for a CUDA machine (not run in CI: CI has no GPU).
#
#   kernels/gpu-check.sh publish [DIR]  on a build machine with the .NET SDK: a self-contained
#                                       linux-x64 lgc-gpu-check in DIR (default out/gpu-check),
#                                       with this script beside it; copy DIR to the GPU machine.
#   ./gpu-check.sh run [TARGET]         on the GPU machine, from DIR: model-sized layers on TARGET
#                                       (cuda, default; or opencl) against the SIMD CPU backend,
#                                       fixed-point h_s convs against FixedPointOps (exact), and
#                                       per-layer timings. Needs only the NVIDIA driver (libcuda.so.1).
#   kernels/gpu-check.sh tests          on a GPU machine with the SDK and this repo: the parity
#                                       harness (every op case; it adds "cuda" when a device is found)
#                                       and the kernel tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

case "${1:-run}" in
  publish)
    out="${2:-out/gpu-check}"
    dotnet publish "$here/check/Lgc.Kernels.Check.csproj" -c Release -r linux-x64 --self-contained -o "$out"
    cp "$here/gpu-check.sh" "$out/"
    echo "copy $out to the GPU machine and run: ./gpu-check.sh run"
    ;;
  run)
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi not found"
    "$here/lgc-gpu-check" "${2:-cuda}"
    ;;
  tests)
    root="$here/.."
    dotnet test "$root/tests/Lgc.Tensors.Tests" --filter "FullyQualifiedName~Parity|FullyQualifiedName~ArgumentTests"
    dotnet test "$root/tests/Lgc.Kernels.Tests"
    ;;
  *)
    echo "usage: gpu-check.sh publish [DIR] | run [cuda|opencl] | tests" >&2
    exit 2
    ;;
esac
