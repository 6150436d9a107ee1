#!/bin/sh
# Builds the busybox rootfs tar that the set-up imports as busybox:latest and
# that every test uses: Debian's busybox-static, its applets as symlinks,
# /etc/passwd, /etc/group, /tmp, /root. Usage: make-busybox-rootfs.sh OUT.tar
set -eu
out=${1:?usage: make-busybox-rootfs.sh OUT.tar}
[ -s "$out" ] && exit 0
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/etc" "$tmp/tmp" "$tmp/root" "$tmp/home" "$tmp/var" "$tmp/usr/bin" "$tmp/usr/sbin" "$tmp/sbin"
cp /bin/busybox "$tmp/bin/busybox"
for applet in $(/bin/busybox --list-full); do
  [ "$applet" = bin/busybox ] && continue
  mkdir -p "$tmp/$(dirname "$applet")"
  ln -sf /bin/busybox "$tmp/$applet"
done
cat > "$tmp/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
P
cat > "$tmp/etc/group" <<'G'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
tty:x:5:
www-data:x:33:
nogroup:x:65534:
G
chmod 1777 "$tmp/tmp"
chmod 700 "$tmp/root"
# Fixed times and owners so the tar (and so the layer's diff ID) is the same on every machine.
find "$tmp" -exec touch -h -d '2024-01-01 00:00:00 UTC' {} +
tar --sort=name --numeric-owner --owner=0 --group=0 -C "$tmp" -cf "$out.part" .
mv "$out.part" "$out"
