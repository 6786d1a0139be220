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

# 2. code-server, unless this exact version is already installed. It is installed once per machine
# into a cache folder (~300 MB, ~90 s) and linked as .vscode-test/code-server, so fresh clones on
# the same machine reuse it.
cache_root="${XMPP_E2E_UI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xmpp-e2e-inspector}"
cached="$cache_root/code-server-$CODE_SERVER_VERSION"

version_in() {
  local pj="$1/node_modules/code-server/package.json"
  [ -f "$pj" ] && [ -x "$1/node_modules/.bin/code-server" ] && node -p "require('$pj').version" 2>/dev/null || true
}

if [ "$(version_in "$dest")" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION already in $dest"
  exit 0
fi

# .complete marks a finished install (an interrupted one is redone).
if [ ! -f "$cached/.complete" ] || [ "$(version_in "$cached")" != "$CODE_SERVER_VERSION" ]; then
  # VS Code's @vscode/ripgrep postinstall looks in this cache before downloading.
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  tarball="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$tarball" ]; then
    log "seeding ripgrep cache from /usr/bin/rg"
    mkdir -p "$rg_cache"
    tmp="$(mktemp -d)"
    cp /usr/bin/rg "$tmp/rg"
    tar czf "$tarball" -C "$tmp" rg
    rm -rf "$tmp"
  fi

  log "installing code-server $CODE_SERVER_VERSION into $cached (takes minutes)"
  start=$(date +%s)
  rm -rf "$cached"
  mkdir -p "$cached"
  (
    cd "$cached"
    npm init -y >/dev/null
    npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION"
  )
  touch "$cached/.complete"
  log "code-server installed in $(( $(date +%s) - start )) s"
fi

mkdir -p "$(dirname "$dest")"
rm -rf "$dest"
ln -s "$cached" "$dest"
log "linked $dest -> $cached"
