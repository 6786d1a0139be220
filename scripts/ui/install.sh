#!/usr/bin/env bash
# Installs what the code-server UI suite needs, idempotently: Debian packages (only if missing),
# a local ripgrep cache (code-server's install would otherwise download rg), and code-server
# 4.100.3 into .vscode-test/code-server, outside the project's dependencies (it is ~300 MB).
# Recipe: /work/shared/docs/real-vscode-offline.md.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.vscode-test/code-server"
bin="$dest/node_modules/.bin/code-server"

log() { printf '[ui-install] %s\n' "$*"; }

# 1. Debian packages: only the missing ones, and apt-get update only when something is missing.
# fonts-noto-color-emoji: hovers and the status bar use emoji; without it screenshots show boxes.
pkgs=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium fonts-noto-color-emoji)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  log "Debian packages present"
fi

# 2. code-server, unless this exact version is already installed.
installed=""
if [ -f "$dest/node_modules/code-server/package.json" ]; then
  installed="$(node -p "require('$dest/node_modules/code-server/package.json').version")"
fi
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -x "$bin" ]; then
  log "code-server $installed already in $dest"
  exit 0
fi

# VS Code's @vscode/ripgrep postinstall looks in this cache before downloading.
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
  log "seeding ripgrep cache from /usr/bin/rg"
  mkdir -p "$cache"
  tmp="$(mktemp -d)"
  cp /usr/bin/rg "$tmp/rg"
  tar czf "$tarball" -C "$tmp" rg
  rm -rf "$tmp"
fi

log "installing code-server $CODE_SERVER_VERSION into $dest (takes minutes)"
start=$(date +%s)
mkdir -p "$dest"
cd "$dest"
[ -f package.json ] || npm init -y >/dev/null
npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION"
log "code-server installed in $(( $(date +%s) - start )) s"
