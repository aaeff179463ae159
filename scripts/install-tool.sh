#!/usr/bin/env bash
# Installs the `stepwise` command from this clone: packs src/Stepwise.Cli as a .NET tool into a local feed
# (artifacts/tool-feed/, ignored by git) and installs it with `dotnet tool`, or updates it when it is installed.
#
#   scripts/install-tool.sh                  # global: ~/.dotnet/tools/stepwise (put ~/.dotnet/tools on PATH)
#   scripts/install-tool.sh --tool-path DIR  # into DIR instead (DIR/stepwise), e.g. for CI or a sandbox
#
# Each pack gets its own pre-release version (0.1.0-local.<UTC time>), so an update never picks up a stale copy of
# an earlier pack from the NuGet cache. Needs only the .NET 10 SDK; the first pack builds Release with ReadyToRun
# (about a minute on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scope=(--global)
where="~/.dotnet/tools"
case "${1:-}" in
  "") ;;
  --tool-path)
    [ -n "${2:-}" ] || { echo "install-tool.sh: --tool-path needs a folder" >&2; exit 2; }
    mkdir -p "$2"
    scope=(--tool-path "$(cd "$2" && pwd)")
    where="$(cd "$2" && pwd)"
    ;;
  -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "install-tool.sh: unknown option '$1'; allowed: --tool-path DIR" >&2; exit 2 ;;
esac

package=Stepwise.Cli
feed="$PWD/artifacts/tool-feed"
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
rm -rf "$feed"
mkdir -p "$feed"
echo "install-tool: packing $package $version into $feed" >&2
dotnet pack src/Stepwise.Cli/Stepwise.Cli.csproj -c Release -o "$feed" -p:Version="$version" --nologo -v quiet >&2

if dotnet tool list "${scope[@]}" | awk 'NR > 2 { print tolower($1) }' | grep -qx "$(echo "$package" | tr 'A-Z' 'a-z')"; then
  verb=update
else
  verb=install
fi
echo "install-tool: dotnet tool $verb ${scope[*]} $package --version $version" >&2
dotnet tool "$verb" "${scope[@]}" "$package" --add-source "$feed" --version "$version" >&2

echo "install-tool: 'stepwise' is in $where" >&2
if [ "${scope[0]}" = --global ] && ! command -v stepwise >/dev/null 2>&1; then
  echo "install-tool: add it to PATH, e.g. export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" >&2
fi
