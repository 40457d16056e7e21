#!/usr/bin/env bash
# Installs haicap's build and test dependencies from Debian packages.
# Usage: scripts/deps.sh [build|test]   (test adds the test-only tools)
set -euo pipefail
want=(build-essential meson ninja-build pkg-config
      libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libutf8proc-dev libpq-dev
      libcairo2-dev libpango1.0-dev libqrencode-dev fonts-liberation2 libzip-dev libxlsxwriter-dev
      sqlite3 postgresql-client curl)
if [ "${1:-build}" = test ]; then
  want+=(libcmocka-dev clang libclang-rt-14-dev clang-format python3 jq postgresql nginx-light
         poppler-utils zbar-tools libreoffice-writer-nogui chromium chromium-l10n fonts-noto-core)
  # the browser suite (tests/browser) needs node and npm; a node installed
  # otherwise (it may bundle npm) is kept
  command -v node >/dev/null || want+=(nodejs)
  command -v npm >/dev/null || want+=(npm)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "haicap needs these Debian packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
