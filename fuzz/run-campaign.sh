#!/usr/bin/env bash
# Time-boxed AFL++ campaign on one fuzz target (fuzz/README.md): builds and instruments Lgc.Fuzz
# outside the repo, fuzzes from fuzz/corpus/TARGET (+ fuzz/regressions/TARGET), copies any crash into
# fuzz/regressions/TARGET and prints execs, paths, crashes and hangs from fuzzer_stats.
#   fuzz/run-campaign.sh TARGET MINUTES      (FUZZ_OUT=/work/fuzzout by default; AFL_AUTORESUME=1 continues a run)
set -euo pipefail

target=${1:?usage: run-campaign.sh TARGET MINUTES  (container|decode|analyze|safetensors|image)}
minutes=${2:?usage: run-campaign.sh TARGET MINUTES}
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_OUT:-/work/fuzzout}/$target
sharpfuzz=${SHARPFUZZ:-$(command -v sharpfuzz || echo /root/.dotnet/tools/sharpfuzz)}

# The engine assemblies each target exercises; only these carry AFL's edge counters.
case $target in
  container)   dlls="Lgc.Formats Lgc.Engine" ;;
  decode|analyze) dlls="Lgc.Formats Lgc.Entropy Lgc.Engine" ;;
  safetensors) dlls="Lgc.Formats Lgc.Engine" ;;
  image)       dlls="Lgc.Engine" ;;
  *) echo "unknown target '$target' (container|decode|analyze|safetensors|image)" >&2; exit 2 ;;
esac
[[ $minutes =~ ^[0-9]+$ && $minutes -gt 0 ]] || { echo "MINUTES must be a positive integer" >&2; exit 2; }
[[ -x $sharpfuzz ]] || dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
[[ -x $sharpfuzz ]] || sharpfuzz=$HOME/.dotnet/tools/sharpfuzz

# A fresh build each time: sharpfuzz rewrites the dlls in place and refuses an instrumented one.
rm -rf "$out/bin" "$out/in"
# A new campaign each run (its crashes were copied out at the end of the last one) unless AFL_AUTORESUME=1.
[[ ${AFL_AUTORESUME:-} == 1 ]] || rm -rf "$out/findings"
mkdir -p "$out/in"
nice -n 5 dotnet build "$repo/fuzz/Lgc.Fuzz" -c Release -o "$out/bin" -nologo -v quiet
for d in $dlls; do "$sharpfuzz" "$out/bin/$d.dll"; done

cp "$repo/fuzz/corpus/$target/"* "$out/in/"
[[ -d $repo/fuzz/regressions/$target ]] && find "$repo/fuzz/regressions/$target" -type f ! -name 'README.md' -exec cp {} "$out/in/" \;
# A complete weight file reaches the network and entropy-table checks; it is kept in tests/fixtures only.
[[ $target == safetensors ]] && cp "$repo/tests/fixtures/tiny-hp.safetensors" "$out/in/"

# dotnet itself is not instrumented (SharpFuzz talks to AFL from managed code): skip the binary check.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
nice -n "${FUZZ_NICE:-15}" afl-fuzz -i "$out/in" -o "$out/findings" -V $((minutes * 60)) -t "${FUZZ_TIMEOUT_MS:-5000}" -m none \
  -- dotnet "$out/bin/Lgc.Fuzz.dll" "$target" || echo "afl-fuzz exited with $?" >&2

# Crashes get content names (AFL's id:...,sig:... names have characters some file systems refuse).
mkdir -p "$repo/fuzz/regressions/$target"
new=0
for f in "$out/findings/default/crashes/"id*; do
  [[ -f $f ]] || continue
  dest="$repo/fuzz/regressions/$target/crash-$(sha1sum "$f" | cut -c1-12)"
  [[ -e $dest ]] || { cp "$f" "$dest"; new=$((new + 1)); }
done

stats=$out/findings/default/fuzzer_stats
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "target $target, $minutes min: execs $(stat execs_done) ($(stat execs_per_sec)/s), paths $(stat corpus_count)," \
     "crashes $(stat saved_crashes), hangs $(stat saved_hangs), edges $(stat edges_found); $new new crash file(s) in fuzz/regressions/$target"
