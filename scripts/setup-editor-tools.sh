#!/usr/bin/env bash
# Installs what the real-editor tests (test/editor, test/nvim) need, without internet beyond the npm
# registry and Debian's package mirrors (see OFFLINE-VSCODE.md):
#   - Debian packages: chromium, neovim, ripgrep and the headers code-server's native modules build
#     against;
#   - the ripgrep cache tarball that @vscode/ripgrep's postinstall looks for before downloading;
#   - code-server@4.100.3 in a folder of its own: .editor-tools/code-server/ (never the project's
#     node_modules).
# Idempotent: what is already there is left alone. Prints what it did.
# With --ripgrep, only the ripgrep package (`npm test` asks for it before the cli tier, whose
# one-walk tests compare a walk by ripgrep with one in Node).
# Exit codes: 0 ready; 3 a prerequisite is missing and cannot be installed here (not root, not Debian);
# 1 an install step failed.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
RG_CACHE_VERSION="1.15.11"
RG_TARBALL="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
DEB_PACKAGES=(chromium neovim ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
ONLY_RIPGREP=0
if [ "${1:-}" = "--ripgrep" ]; then ONLY_RIPGREP=1; DEB_PACKAGES=(ripgrep); fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${INCIDENT_LENS_EDITOR_TOOLS:-$ROOT/.editor-tools}"
CS_DIR="$TOOLS/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

say() { printf 'setup-editor-tools: %s\n' "$*"; }
missing() { printf 'setup-editor-tools: MISSING: %s\n' "$*" >&2; exit 3; }
fail() { printf 'setup-editor-tools: FAILED: %s\n' "$*" >&2; exit 1; }

# --- 0. platform ------------------------------------------------------------------------------
[ "$(uname -s)" = "Linux" ] || missing "the editor tests run on Linux (Debian/Ubuntu) only; this is $(uname -s)"
[ "$ONLY_RIPGREP" = 1 ] || [ "$(uname -m)" = "x86_64" ] || missing "the editor tests need x86_64 (code-server's ripgrep cache is x86_64); this is $(uname -m)"
command -v node >/dev/null || missing "node (>= 20) is not on PATH"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || missing "node >= 20 is needed, found $(node -v)"
command -v npm >/dev/null || missing "npm is not on PATH"

# --- 1. Debian packages -----------------------------------------------------------------------
need=()
for pkg in "${DEB_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then need+=("$pkg"); fi
done
if [ "${#need[@]}" -eq 0 ]; then
  say "Debian packages present: ${DEB_PACKAGES[*]}"
else
  command -v apt-get >/dev/null \
    || missing "Debian packages ${need[*]} are missing and this is not a Debian/Ubuntu system (no apt-get); install the equivalents of: ${need[*]}"
  [ "$(id -u)" -eq 0 ] \
    || missing "Debian packages ${need[*]} are missing; run as root: apt-get update && apt-get install -y ${need[*]}"
  say "installing Debian packages: ${need[*]}"
  t0=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update"
  apt-get install -y -qq --no-install-recommends "${need[@]}" || fail "apt-get install ${need[*]}"
  say "Debian packages installed in $((SECONDS - t0)) s"
fi
[ -x /usr/bin/rg ] || missing "/usr/bin/rg is not there after installing the ripgrep package"
if [ "$ONLY_RIPGREP" = 1 ]; then say "ready: rg=/usr/bin/rg"; exit 0; fi
[ -x /usr/bin/chromium ] || missing "/usr/bin/chromium is not there after installing the chromium package"

# --- 2. ripgrep cache tarball -----------------------------------------------------------------
TMPDIR_NODE="$(node -p 'require("os").tmpdir()')"
RG_CACHE="$TMPDIR_NODE/vscode-ripgrep-cache-$RG_CACHE_VERSION"
if [ -s "$RG_CACHE/$RG_TARBALL" ] && tar -tzf "$RG_CACHE/$RG_TARBALL" 2>/dev/null | grep -qx 'rg'; then
  say "ripgrep cache present: $RG_CACHE/$RG_TARBALL"
else
  mkdir -p "$RG_CACHE"
  stage="$(mktemp -d)"
  cp /usr/bin/rg "$stage/rg"
  tar -czf "$RG_CACHE/$RG_TARBALL.tmp" -C "$stage" rg
  mv "$RG_CACHE/$RG_TARBALL.tmp" "$RG_CACHE/$RG_TARBALL"
  rm -rf "$stage"
  say "ripgrep cache made from /usr/bin/rg: $RG_CACHE/$RG_TARBALL"
fi

# --- 3. code-server ---------------------------------------------------------------------------
# code-server writes its config and logs under $XDG_CONFIG_HOME / $XDG_DATA_HOME (default: the
# home folder); point them at a scratch folder so checking it leaves nothing behind.
cs_version() {
  local scratch rc
  scratch="$(mktemp -d)"
  XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" "$CS_BIN" --version >/dev/null 2>&1 && rc=0 || rc=$?
  rm -rf "$scratch"
  return "$rc"
}
installed_version() {
  node -p "try { require('$CS_DIR/node_modules/code-server/package.json').version } catch { '' }" 2>/dev/null
}
if [ -x "$CS_BIN" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] \
  && cs_version; then
  say "code-server $CODE_SERVER_VERSION present: $CS_BIN"
else
  mkdir -p "$CS_DIR" 2>/dev/null && [ -w "$CS_DIR" ] \
    || missing "cannot write $CS_DIR to install code-server (run as the owner of $(dirname "$CS_DIR"), or set INCIDENT_LENS_EDITOR_TOOLS to a writable folder)"
  say "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (one to two minutes)"
  # A package.json of its own so npm never walks up into the project's.
  [ -f "$CS_DIR/package.json" ] || printf '{ "name": "incident-lens-editor-tools", "private": true }\n' >"$CS_DIR/package.json"
  t0=$SECONDS
  log="$CS_DIR/install.log"
  if ! (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >"$log" 2>&1); then
    tail -n 40 "$log" >&2
    fail "npm install code-server@$CODE_SERVER_VERSION (full log: $log)"
  fi
  cs_version || { tail -n 40 "$log" >&2; fail "code-server installed but does not start (log: $log)"; }
  say "code-server $CODE_SERVER_VERSION installed in $((SECONDS - t0)) s"
fi

say "ready: code-server=$CS_BIN chromium=/usr/bin/chromium rg=/usr/bin/rg"
