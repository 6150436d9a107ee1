#!/usr/bin/env python3
"""Inputs for bench/images.sh, made once into a work dir and reused:
  rootfs.tar / rootfs.tar.gz  ~0.5 GB of real files (/usr/include, docs, locales, python, perl...)
  load6.tar                    a Docker archive of 6 layers, ~89 MB (slices of /usr/include + docs)
  deep1.tar / deep125.tar      busybox as 1 layer, and busybox + 124 one-file layers
usage: images_data.py WORKDIR BUSYBOX_TAR"""
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile

work, busybox = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def archive(path, layers, tag):
    diff_ids = [sha(l) for l in layers]
    cfg = json.dumps({"architecture": "amd64", "config": {"Cmd": ["sh"]}, "created": "2024-01-01T00:00:00Z",
                      "history": [{"created": "2024-01-01T00:00:00Z"} for _ in layers], "os": "linux",
                      "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    with tarfile.open(path + ".tmp", "w") as t:
        def add(name, data):
            i = tarfile.TarInfo(name)
            i.size = len(data)
            t.addfile(i, io.BytesIO(data))
        paths = []
        for l in layers:
            p = f"{sha(l)[7:]}/layer.tar"
            if p not in paths:
                add(p, l)
            paths.append(p)
        add(f"{sha(cfg)[7:]}.json", cfg)
        add("manifest.json", json.dumps([{"Config": f"{sha(cfg)[7:]}.json", "RepoTags": [tag], "Layers": paths}]).encode())
    os.rename(path + ".tmp", path)


def tar_of(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for f in files:
            t.add(f, arcname=f.lstrip("/"), recursive=False)
    return buf.getvalue()


rootfs = os.path.join(work, "rootfs.tar")
if not os.path.exists(rootfs):
    dirs = ["usr/include", "usr/share/doc", "usr/share/locale", "usr/lib/python3", "usr/share/perl", "usr/share/i18n",
            "usr/share/zoneinfo", "usr/share/mime"]
    subprocess.run(["tar", "--numeric-owner", "-C", "/", "-cf", rootfs + ".tmp", *[d for d in dirs if os.path.isdir("/" + d)]],
                   check=True, stderr=subprocess.DEVNULL)
    os.rename(rootfs + ".tmp", rootfs)
if not os.path.exists(rootfs + ".gz"):
    subprocess.run(f"gzip -c {rootfs} > {rootfs}.gz.tmp && mv {rootfs}.gz.tmp {rootfs}.gz", shell=True, check=True)

load6 = os.path.join(work, "load6.tar")
if not os.path.exists(load6):
    files = []
    for top in ("/usr/include", "/usr/share/doc"):
        for d, _, names in sorted(os.walk(top)):
            files += [os.path.join(d, n) for n in sorted(names) if os.path.isfile(os.path.join(d, n))
                      and not os.path.islink(os.path.join(d, n))]
    chunks, cur, size = [], [], 0
    for f in files:
        cur.append(f)
        size += os.path.getsize(f)
        if size >= 89e6 / 6:
            chunks.append(cur)
            cur, size = [], 0
            if len(chunks) == 6:
                break
    archive(load6, [tar_of(c) for c in chunks], "sbimg:load6")

bb = open(busybox, "rb").read()
for n in (1, 125):
    p = os.path.join(work, f"deep{n}.tar")
    if not os.path.exists(p):
        tiny = []
        for i in range(1, n):
            buf = io.BytesIO()
            with tarfile.open(fileobj=buf, mode="w") as t:
                info = tarfile.TarInfo(f"deep/{i}")
                data = f"{i}\n".encode()
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            tiny.append(buf.getvalue())
        archive(p, [bb] + tiny, f"sbimg:deep{n}")
print("data ready in", work)
