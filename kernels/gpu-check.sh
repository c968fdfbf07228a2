#!/usr/bin/env bash
# The ILGPU backend's check for a CUDA machine (not run in CI: CI has no GPU).
#
#   kernels/gpu-check.sh publish [DIR]   on a build machine with the .NET SDK: a self-contained, trimmed
#                                        linux-x64 lgc-gpu-check in DIR (default out/gpu-check) with this
#                                        script beside it, and DIR.tar.xz; copy either to the GPU machine.
#   ./gpu-check.sh run [TARGET] [--model M] [--images D] [...]
#                                        on the GPU machine, from DIR (needs only the NVIDIA driver,
#                                        libcuda.so.1; no .NET): (a) model-sized ops on TARGET (cuda,
#                                        default; opencl; ilgpu-cpu) against the SIMD CPU backend, (b) encode
#                                        + decode of images with model M on TARGET vs the CPU path (identical
#                                        .lgc bytes and latents, PSNR between the reconstructions), (c) images/s
#                                        at batch 1 and batched, CPU path in the same run. Synthetic images
#                                        without --images; the model defaults to weights/lgc-low.safetensors
#                                        under the current folder. Options: lgc-gpu-check --help.
#   kernels/gpu-check.sh tests           on a GPU machine with the SDK and this repo: the parity harness
#                                        (it adds "cuda" when a device is found) and the kernel tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

case "${1:-run}" in
  publish)
    out="${2:-out/gpu-check}"
    rm -rf "$out"
    dotnet publish "$here/check/Lgc.Kernels.Check.csproj" -c Release -r linux-x64 --self-contained \
      -p:PublishTrimmed=true -o "$out"
    rm -f "$out"/*.pdb "$out"/*.dbg
    cp "$here/gpu-check.sh" "$out/"
    tar -C "$(dirname "$out")" -cJf "$out.tar.xz" "$(basename "$out")"
    echo "$out ($(du -sh "$out" | cut -f1)), $out.tar.xz ($(du -h "$out.tar.xz" | cut -f1))"
    echo "on the GPU machine: tar xf $(basename "$out").tar.xz && $(basename "$out")/gpu-check.sh run --model weights/lgc-low.safetensors"
    ;;
  run)
    shift || true
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi not found"
    target=cuda
    if [[ $# -gt 0 && "$1" != --* ]]; then target="$1"; shift; fi
    "$here/lgc-gpu-check" "$target" "$@"
    ;;
  tests)
    root="$here/.."
    dotnet test "$root/tests/Lgc.Tensors.Tests" --filter "FullyQualifiedName~Parity|FullyQualifiedName~ArgumentTests"
    dotnet test "$root/tests/Lgc.Kernels.Tests"
    ;;
  *)
    echo "usage: gpu-check.sh publish [DIR] | run [cuda|opencl|ilgpu-cpu] [--model M] [--images D] [--small] | tests" >&2
    exit 2
    ;;
esac
