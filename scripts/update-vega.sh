#!/usr/bin/env bash
# Updates the browser bundles that reports inline (src/Stepwise.Reports/Vendor/): vega, vega-lite and vega-embed at the
# versions pinned below, from the npm registry, with their license files and the licenses of every package their
# bundles are built from (THIRD_PARTY_LICENSES.txt). Writes VERSIONS.txt (versions, npm integrity, SHA-256 of each
# vendored file); the tests check the files against it.
#
#   scripts/update-vega.sh            # vendor the pinned versions (edit VEGA, VEGA_LITE, VEGA_EMBED to move them)
#
# The one change made to npm's files: the last line of a bundle, `//# sourceMappingURL=...`, is removed, so a browser
# with developer tools open never asks for a .map file next to the report. Needs node and npm; nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

VEGA=6.4.0
VEGA_LITE=6.5.0
VEGA_EMBED=7.3.0

case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "update-vega.sh: unknown argument '$1'; it takes none (edit the pinned versions in the script)" >&2; exit 2 ;;
esac
command -v npm >/dev/null || { echo "update-vega.sh: npm not found (Debian: apt-get install npm)" >&2; exit 2; }

out=src/Stepwise.Reports/Vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The three packages, exactly as published (npm checks each tarball against the registry's integrity hash).
(cd "$work" && npm install --no-save --ignore-scripts --no-audit --no-fund --omit=optional --loglevel=error \
  "vega@$VEGA" "vega-lite@$VEGA_LITE" "vega-embed@$VEGA_EMBED" >/dev/null)
nm="$work/node_modules"
for p in vega:$VEGA vega-lite:$VEGA_LITE vega-embed:$VEGA_EMBED; do
  name=${p%%:*}; want=${p#*:}
  got=$(node -p "require('$nm/$name/package.json').version")
  [ "$got" = "$want" ] || { echo "update-vega.sh: npm installed $name $got, not the pinned $want" >&2; exit 1; }
done

mkdir -p "$out"
strip_map() { sed '/^\/\/# sourceMappingURL=/d' "$1" > "$2"; }
strip_map "$nm/vega/build/vega.min.js" "$out/vega.min.js"
strip_map "$nm/vega-lite/build/vega-lite.min.js" "$out/vega-lite.min.js"
strip_map "$nm/vega-embed/build/vega-embed.min.js" "$out/vega-embed.min.js"
cp "$nm/vega/LICENSE" "$out/LICENSE.vega.txt"
cp "$nm/vega-lite/LICENSE" "$out/LICENSE.vega-lite.txt"
cp "$nm/vega-embed/LICENSE" "$out/LICENSE.vega-embed.txt"

# Every other package installed with them: the bundles are built from these (d3 modules, vega-* modules,
# vega-tooltip, vega-themes, ...); a few (vega-lite's command-line helpers) are not in a bundle but listed anyway.
{
  echo "Licenses of the packages the vendored bundles are built from (installed with vega $VEGA, vega-lite $VEGA_LITE,"
  echo "vega-embed $VEGA_EMBED by scripts/update-vega.sh). vega, vega-lite and vega-embed themselves: LICENSE.*.txt."
  for pj in $(cd "$nm" && find . -name package.json -path '*/package.json' -not -path '*/node_modules/*/node_modules/*' -mindepth 2 -maxdepth 3 | sort); do
    dir="$nm/$(dirname "$pj")"
    name=$(node -p "require('$dir/package.json').name || ''" 2>/dev/null || true)
    case "$name" in ""|vega|vega-lite|vega-embed) continue ;; esac
    version=$(node -p "require('$dir/package.json').version")
    license=$(node -p "JSON.stringify(require('$dir/package.json').license || 'see file')" | tr -d '"')
    file=$(find "$dir" -maxdepth 1 -iname 'licen[cs]e*' -o -maxdepth 1 -iname 'copying*' | head -n 1)
    echo
    echo "================================================================================"
    echo "$name $version ($license)"
    echo "================================================================================"
    if [ -n "$file" ]; then cat "$file"; else echo "(the package ships no license file; its package.json says: $license)"; fi
  done
} > "$out/THIRD_PARTY_LICENSES.txt"

{
  echo "# Browser bundles vendored by scripts/update-vega.sh (npm registry; sourceMappingURL line removed)."
  for p in vega:$VEGA vega-lite:$VEGA_LITE vega-embed:$VEGA_EMBED; do
    name=${p%%:*}
    echo "$name $(node -p "require('$nm/$name/package.json').version") $(cd "$work" && npm view "$name@${p#*:}" dist.integrity)"
  done
  (cd "$out" && sha256sum vega.min.js vega-lite.min.js vega-embed.min.js LICENSE.vega.txt LICENSE.vega-lite.txt LICENSE.vega-embed.txt THIRD_PARTY_LICENSES.txt | sed 's/^/sha256 /')
} > "$out/VERSIONS.txt"
echo "vendored vega $VEGA, vega-lite $VEGA_LITE, vega-embed $VEGA_EMBED into $out"
