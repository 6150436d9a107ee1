#!/bin/bash
# Installs what is missing (Debian 12, as root), builds Strata into build/,
# and makes the busybox rootfs tar. Idempotent: a second run does no work.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "setup: run as root (sudo $0)" >&2; exit 1; }

pkgs=(build-essential cmake ninja-build pkg-config libarchive-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev
      nettle-dev libacl1-dev liblzma-dev libzstd-dev liblz4-dev libbz2-dev zlib1g-dev
      nlohmann-json3-dev libcli11-dev libfmt-dev libgtest-dev libgmock-dev runc busybox-static
      python3 python3-pytest skopeo umoci)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Quiet when it works; the compiler's own messages when it does not.
ninja -C build > build/ninja.log 2>&1 || { cat build/ninja.log; echo "setup: build failed" >&2; exit 1; }
scripts/make-busybox-rootfs.sh build/busybox-rootfs.tar
echo "setup: built build/strata and build/strata-shim"
