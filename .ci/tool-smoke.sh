#!/usr/bin/env bash
# Packs `lgc` as a dotnet tool, installs it from a local folder source (as a newcomer would) and runs it
# on the bundled Kodak sample with the model the package carries.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
dotnet pack src/Lgc.Cli -c Release -o "$work/pkgs" -v q -nologo >/dev/null
# A private package folder: a cached Lgc.Cli of the same version must not stand in for the one just packed.
NUGET_PACKAGES="$work/nuget" dotnet tool install Lgc.Cli --version "$version" --tool-path "$work/tool" --add-source "$work/pkgs" >/dev/null
cd "$work"
./tool/lgc compress "$OLDPWD/tests/fixtures/kodim23_crop.png" -o k.lgc
./tool/lgc decompress k.lgc -o k.png
./tool/lgc info k.lgc >/dev/null
test -s k.png
# The README's pipe example, through the installed tool.
cat "$OLDPWD/tests/fixtures/kodim23_crop.png" | ./tool/lgc compress - -o - | ./tool/lgc decompress - -o piped.png
cmp k.png piped.png
./tool/lgc analyze k.lgc -o analysis --json | grep -q '"status":"ok"'
./tool/lgc models --json | grep -q '"rate":"low"'
test -s piped.png
echo "tool smoke: ok (Lgc.Cli $version installed from a local source)"
