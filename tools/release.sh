#!/usr/bin/env bash
# The release builds of `lgc` for linux-x64, each a folder with the executable and the bundled models beside it
# (weights/, where ModelLocator looks first):
#
#   tools/release.sh [OUT]      OUT defaults to out/release
#     OUT/lgc-trimmed/lgc       self-contained and trimmed (needs no .NET on the target); every command and every
#                               backend, CUDA and OpenCL included (ILGPU's assemblies are kept whole: Lgc.Cli.csproj)
#     OUT/lgc-aot/lgc           NativeAOT (one native executable; needs clang to build): every command, CPU backends
#                               only (ILGPU generates GPU code at run time, which NativeAOT cannot; it says so)
#     OUT/<build>.log           the publish output; .ci/release-smoke.sh checks its trim/AOT warnings
#   LGC_RELEASE=trimmed|aot|both (default both) picks the builds. Needs the .NET SDK 10.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/release}"
which="${LGC_RELEASE:-both}"
mkdir -p "$out"

publish() { # name, extra publish properties...
  local name="$1"; shift
  local dir="$out/$name" start=$SECONDS
  rm -rf "$dir"
  # The AOT and trimmed builds share obj/Release/net10.0/linux-x64: a clean publish each time keeps one from
  # picking up the other's intermediate files.
  rm -rf src/Lgc.Cli/obj/Release/net10.0/linux-x64
  if ! dotnet publish src/Lgc.Cli -c Release -r linux-x64 --self-contained "$@" -o "$dir" -nologo >"$out/$name.log" 2>&1; then
    tail -30 "$out/$name.log" >&2
    echo "release: $name publish failed (log: $out/$name.log)" >&2
    return 1
  fi
  rm -f "$dir"/*.pdb "$dir"/*.dbg
  local warnings
  warnings=$(grep -oE 'warning IL[0-9]+' "$out/$name.log" | sort -u | wc -l)
  printf '%-12s %4d s  lgc %6s  folder %6s (weights %s)  distinct IL warning codes: %d\n' "$name" $((SECONDS - start)) \
    "$(du -h "$dir/lgc" | cut -f1)" "$(du -sh "$dir" | cut -f1)" "$(du -sh "$dir/weights" | cut -f1)" "$warnings"
}

case "$which" in
  trimmed|both) publish lgc-trimmed -p:PublishTrimmed=true ;;&
  aot|both) publish lgc-aot -p:PublishAot=true ;;
  trimmed) ;;
  *) echo "LGC_RELEASE must be trimmed, aot or both, not '$which'" >&2; exit 2 ;;
esac
