#!/bin/bash
# Image benchmarks (issue 4): commit of 1 GiB, save, export, import (plain and gzip), load of a
# 6-layer image, run --rm of a 125-layer image vs a 1-layer one. Strata and Docker alternate
# within each round (strata, docker, strata, ...); each row is the median of the rounds; ratios
# are what to compare on a shared machine. Docker is skipped (noted) when dockerd is not reachable.
#
#   sudo bench/images.sh [-n ROUNDS] [commit import load deep]    (default: all, 3 rounds)
#
# Prints markdown rows for bench/RESULTS.md. Inputs are made once in $WORK (see images_data.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=3
[ "${1:-}" = "-n" ] && { ROUNDS=$2; shift 2; }
WHICH=(commit import load deep)
[ $# -gt 0 ] && WHICH=("$@")
BUILD=${STRATA_BUILD:-build}
BUSYBOX=${BUSYBOX_TAR:-build/busybox-rootfs.tar}
WORK=${WORK:-/var/tmp/sbimg-data}
BASE=$(mktemp -d /var/tmp/sbimg-XXXXXX)
S=("$BUILD/strata" --root "$BASE/root")
P=sbimg  # every Docker object this script makes starts with it (other benches here use strata-bench-)
DOCKER=no
docker info >/dev/null 2>&1 && DOCKER=yes

cleanup() {
  ids=$("${S[@]}" ps -aq 2>/dev/null || true)
  [ -n "$ids" ] && "${S[@]}" rm -f $ids >/dev/null 2>&1 || true
  umount -R -l "$BASE/root" 2>/dev/null || true
  rm -rf "$BASE"
  if [ $DOCKER = yes ]; then
    docker rm -f $(docker ps -aq --filter "name=$P") >/dev/null 2>&1 || true
    docker rmi -f $(docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$P") >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

engines() { [ $DOCKER = yes ] && echo strata docker || echo strata; }
cli() { [ "$1" = strata ] && echo "${S[@]}" || echo docker; }
now() { date +%s.%N; }
# timed ENGINE ARGS...: seconds taken by `<cli> ARGS...` (output discarded)
timed() {
  local k=$1; shift
  local t0; t0=$(now)
  $(cli "$k") "$@" >/dev/null
  echo "$(now) - $t0" | bc -l
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A T
add() { T[$1]="${T[$1]:-} $2"; }
row() {  # row LABEL KEY NOTES
  local s d ratio="n/a"
  s=$(median ${T[strata.$2]})
  if [ $DOCKER = yes ]; then d=$(median ${T[docker.$2]}); ratio=$(printf '%.2f' "$(echo "$s / $d" | bc -l)"); d=$(printf '%.3f s' "$d")
  else d="n/a (dockerd not running)"; fi
  printf '| %s | %.3f s | %s | %s | %s |\n' "$1" "$s" "$d" "$ratio" "$3"
}

python3 bench/images_data.py "$WORK" "$BUSYBOX" >/dev/null
"${S[@]}" import -c 'CMD ["sh"]' "$BUSYBOX" busybox:latest >/dev/null
[ $DOCKER = yes ] && docker import -c 'CMD ["sh"]' "$BUSYBOX" $P:busybox >/dev/null
img() { [ "$1" = strata ] && echo busybox:latest || echo $P:busybox; }

FILL='for i in $(seq 16); do dd if=/dev/urandom of=/big$i bs=1M count=64 2>/dev/null; done;
mkdir /small; i=0; while [ $i -lt 10000 ]; do echo $i > /small/$i; i=$((i+1)); done'

# Each round's container and image are removed only after the last round. This root is ext4
# without a journal: for 30 s after an inode is freed (longer while its table block is dirty),
# ext4 skips it when allocating, testing every such inode of the group for each new one
# (recently_deleted() in fs/ext4/ialloc.c). Removing round N's 20,000 inodes ~25 s before round
# N+1's commit made that commit 2-4x slower whenever its layer landed in the same block group
# (measured on 2026-11-28: 0.18 in one run, 0.75 in the next), for either engine.
bench_commit() {
  local r=0
  for _ in $(seq "$ROUNDS"); do
    r=$((r + 1))
    for k in $(engines); do
      $(cli $k) run --name $P-c$r "$(img $k)" sh -c "$FILL" >/dev/null
      sync
      add $k.commit "$(timed $k commit $P-c$r $P:commit$r)"
      sync
      add $k.save "$(timed $k save -o "$BASE/save.tar" $P:commit$r)"
      rm -f "$BASE/save.tar"; sync
      add $k.export "$(timed $k export -o "$BASE/export.tar" $P-c$r)"
      rm -f "$BASE/export.tar"; sync
    done
  done
  for k in $(engines); do
    for i in $(seq "$r"); do $(cli $k) rm $P-c$i >/dev/null; $(cli $k) rmi $P:commit$i >/dev/null; done
  done
  row "\`commit\`, 1 GiB new (16 × 64 MiB random + 10,000 small files)" commit "target ≤ 1/2; tar → sha256 → untar + sync: 4.6 s"
  row "\`save -o\` of that image (2 layers, 1.0 GiB)" save "target ≤ 1/4; tar to a file + sync: 1.2 s"
  row "\`export -o\` of that container" export "target ≤ 1/2; floor 1.2 s"
}

bench_import() {
  local size; size=$(du -m "$WORK/rootfs.tar" | cut -f1); local gz; gz=$(du -m "$WORK/rootfs.tar.gz" | cut -f1)
  for _ in $(seq "$ROUNDS"); do
    for k in $(engines); do
      sync; add $k.import "$(timed $k import "$WORK/rootfs.tar" $P:import)"
      $(cli $k) rmi $P:import >/dev/null
      sync; add $k.importgz "$(timed $k import "$WORK/rootfs.tar.gz" $P:import)"
      $(cli $k) rmi $P:import >/dev/null
    done
  done
  row "\`import\`, ${size} MB rootfs tar" import "target ≤ 1; sha256 of the tar alone: ~0.4 s"
  row "\`import\`, the same gzip'ed (${gz} MB)" importgz "target ≤ 1/2; single-threaded gunzip alone: ~1.9 s"
}

bench_load() {
  for _ in $(seq "$ROUNDS"); do
    for k in $(engines); do
      sync; add $k.load "$(timed $k load -i "$WORK/load6.tar")"
      $(cli $k) rmi $P:load6 >/dev/null
    done
  done
  row "\`load\`, 6-layer image, $(du -m "$WORK/load6.tar" | cut -f1) MB" load "target ≤ 1/2"
}

bench_deep() {
  for k in $(engines); do
    $(cli $k) load -i "$WORK/deep1.tar" >/dev/null; $(cli $k) load -i "$WORK/deep125.tar" >/dev/null
    $(cli $k) run --rm $P:deep125 true >/dev/null  # warm-up
  done
  for _ in $(seq $((ROUNDS * 3))); do
    for k in $(engines); do
      add $k.deep1 "$(timed $k run --rm $P:deep1 true)"
      add $k.deep125 "$(timed $k run --rm $P:deep125 true)"
    done
  done
  row "\`run --rm true\`, 1-layer image" deep1 ""
  local s1 s125; s1=$(median ${T[strata.deep1]}); s125=$(median ${T[strata.deep125]})
  local note; note="strata 125/1: $(echo "scale=2; $s125 / $s1" | bc -l) (target ≤ 1.2)"
  [ $DOCKER = yes ] && note="$note; docker 125/1: $(echo "scale=2; $(median ${T[docker.deep125]}) / $(median ${T[docker.deep1]})" | bc -l)"
  row "\`run --rm true\`, 125-layer image" deep125 "$note"
}

echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — $(hostname), $(nproc) CPUs, kernel $(uname -r), docker $DOCKER, load average $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS rounds"
echo
echo "| what | strata (median) | docker (median) | strata/docker | target / floor |"
echo "|---|---:|---:|---:|---|"
for w in "${WHICH[@]}"; do "bench_$w"; done
