#!/bin/bash
# The chapter's first exercise with strata in place of docker, on the default
# store (/var/lib/strata). Runs set-up first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
S=build/strata
$S images -q busybox:latest | grep -q . || $S import -c 'CMD ["sh"]' build/busybox-rootfs.tar busybox:latest >/dev/null
$S rm -f test >/dev/null 2>&1 || true
x() { echo "\$ strata $*"; $S "$@" || true; echo; }
x run --detach --name test --tty busybox
x exec test touch hello-world.txt
x diff test
echo '$ find /var/lib/strata/overlay2/ -type f | grep hello-world.txt'
find /var/lib/strata/overlay2/ -type f | grep hello-world.txt; echo
x stop test
x diff test
echo '$ find /var/lib/strata/overlay2/ -type f | grep hello-world.txt'
find /var/lib/strata/overlay2/ -type f | grep hello-world.txt; echo
x rm test
x diff test
echo '$ find /var/lib/strata/overlay2/ -type f | grep hello-world.txt'
find /var/lib/strata/overlay2/ -type f | grep hello-world.txt || true
