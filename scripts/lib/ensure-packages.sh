# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# ensure_packages PKG...: install the Debian packages that are missing (by
# exact package name, e.g. libbpf-dev; an arch qualifier like :amd64 works too).
# Quiet when everything is present; runs `apt-get update` at most once per
# shell. Source this file; it does not change shell options.

_HG_APT_UPDATED=${_HG_APT_UPDATED:-0}

ensure_packages() {
  local missing=() p
  for p in "$@"; do
    # dpkg-query, not `dpkg -s | grep -q`: under pipefail, grep -q closing the
    # pipe early makes dpkg die of SIGPIPE and the check fail at random.
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "ensure_packages: missing packages (${missing[*]}) and not root (no sudo)" >&2
      return 1
    fi
  fi
  echo "ensure_packages: installing ${missing[*]}" >&2
  if [ "$_HG_APT_UPDATED" -eq 0 ]; then
    "${sudo[@]}" apt-get update -qq >&2 || {
      echo "ensure_packages: apt-get update failed" >&2; return 1; }
    _HG_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >&2 || {
    echo "ensure_packages: apt-get install ${missing[*]} failed" >&2; return 1; }
}
