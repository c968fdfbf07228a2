#!/usr/bin/env bash
# The release builds (tools/release.sh): publishes them, then runs each binary over every command on the bundled
# Kodak crop with its bundled default model. Fails on a non-zero exit, a wrong answer, or a trim/AOT warning
# (IL2xxx/IL3xxx) that is not in .ci/release-warnings.allow.
#   Both builds by default (2.5-6 + 3.5-5.5 minutes of publishing on 2 shared cores); LGC_RELEASE_AOT=0 leaves out the NativeAOT one.
#   LGC_RELEASE_DIR=DIR reuses builds already in DIR instead of publishing (for reruns by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
builds=(lgc-trimmed)
[ "${LGC_RELEASE_AOT:-1}" = 1 ] && builds+=(lgc-aot)
if [ -n "${LGC_RELEASE_DIR:-}" ]; then
  out=$LGC_RELEASE_DIR
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  if [ "${LGC_RELEASE_AOT:-1}" = 1 ]; then LGC_RELEASE=both tools/release.sh "$out"; else LGC_RELEASE=trimmed tools/release.sh "$out"; fi
fi
fail() { echo "release smoke: $*" >&2; exit 1; }

# Trim/AOT warnings: each distinct one must be allowed (third-party assemblies we keep whole, with the reason).
for b in "${builds[@]}"; do
  grep -oE '(warning|Trim analysis warning|AOT analysis warning) IL[0-9]+: [^[]*' "$out/$b.log" | sed 's/ *$//' | sort -u >"$out/$b.warnings" || true
  while IFS= read -r w; do
    grep -qF -- "$(sed -E 's/^.*(IL[0-9]+: )/\1/; s/ For more information.*//' <<<"$w")" .ci/release-warnings.allow ||
      fail "$b: trim/AOT warning not in .ci/release-warnings.allow: $w"
  done <"$out/$b.warnings"
done

kodak="$root/tests/fixtures/kodim23_crop.png"
for b in "${builds[@]}"; do
  lgc="$out/$b/lgc"
  work=$(mktemp -d)
  run() { "$lgc" "$@" || fail "$b: lgc $* exited $?"; }
  ( cd "$work"
    cp "$kodak" crop.png # analyze of an image writes beside it
    run compress crop.png -o k.lgc
    run decompress k.lgc -o k.png
    test -s k.png || fail "$b: decompress wrote no image"
    run info k.lgc >/dev/null
    run info k.lgc --json >info.jsonl
    grep -q '"model_id":' info.jsonl || fail "$b: info --json has no model_id"
    run info --model "$out/$b/weights/lgc-low.safetensors" >/dev/null
    run analyze k.lgc --json -o a.json --mask m.png >analyze.jsonl
    grep -q '"status":"ok"' analyze.jsonl || fail "$b: analyze --json did not report ok"
    grep -q '"attributes": \[' a.json || fail "$b: analyze wrote no attributes"
    run analyze crop.png --attributes - >rgb.json
    grep -q '"source": "rgb"' rgb.json || fail "$b: analyze of an image: $(head -c 200 rgb.json)"
    run verify crop.png --symbols "$root/tests/fixtures/lgc-low_kodim23_symbols.safetensors" \
      --torch-png "$root/tests/fixtures/lgc-low_kodim23_torch.png" >verify.txt
    run models --json >models.jsonl
    grep -q '"file":"lgc-low.safetensors"' models.jsonl || fail "$b: models does not list the bundled lgc-low"
    # eval on one image (in-process JPEG anchor only), twice: the rerun reads run.json back; plots go through SkiaSharp.
    mkdir ev && cp crop.png ev/
    for pass in 1 2; do run eval ev --out evout --ladder "" --no-matched --anchors jpeg-imagesharp >"eval$pass.log" 2>&1; done
    test -s evout/summary.json && test -s evout/rate_psnr.png && grep -q '"lgc-low"' evout/run.json || fail "$b: eval wrote no summary, plot or run.json"
    grep -q '0 new rows, 1 images already done' eval2.log || fail "$b: eval rerun: $(tail -1 eval2.log)"
    run info --backends >backends.txt
    case "$b" in
      lgc-trimmed)
        # No GPU in CI: CUDA must still be constructible as far as the driver allows, and its code generated.
        grep -q '^ilgpu-cpu: available' backends.txt || fail "$b: ILGPU lost in trimming: $(cat backends.txt)"
        grep -qE '^cuda: .*PTX for ([0-9]+) of \1 kernels' backends.txt || fail "$b: no PTX: $(grep ^cuda backends.txt)"
        grep -qE '^opencl: .*OpenCL C for ([0-9]+) of \1 kernels' backends.txt || fail "$b: no OpenCL C: $(grep ^opencl backends.txt)"
        run compress crop.png -o s.lgc --backend ilgpu-cpu --model "$root/tests/fixtures/tiny.safetensors" ;;
      lgc-aot)
        # CPU-only by design: asking for a GPU backend is one clear line and exit 1, not a crash.
        set +e; "$lgc" compress crop.png -o c.lgc --backend cuda 2>err.txt; rc=$?; set -e
        [ "$rc" = 1 ] && [ "$(wc -l <err.txt)" = 1 ] && grep -q 'NativeAOT build, which has no GPU backends' err.txt ||
          fail "$b: --backend cuda: exit $rc, $(cat err.txt)" ;;
    esac
    echo "release smoke: $b ok ($(du -h "$lgc" | cut -f1); verify: $(tail -1 verify.txt))"
  ) || exit 1
  rm -rf "$work"
done
