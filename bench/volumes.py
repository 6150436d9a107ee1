#!/usr/bin/env python3
"""Volume benchmarks: strata against Docker on the same machine, in one run,
alternating (strata, docker, strata, …), medians. Prints markdown rows for
bench/RESULTS.md and writes the append-latency data and plot
(bench/volumes-append.dat, bench/volumes-append.png, with gnuplot).

  sudo bench/volumes.py [--rounds N] [objects append fsync]

objects: `volume create` of 1,000 volumes (four clients in parallel), `volume ls`
         with 1,000 volumes, one `volume rm` of all 1,000.
append:  the first one-byte append to a file of 1 MiB / 64 MiB / 512 MiB in the
         image (overlayfs copies the whole file up) and in a named volume.
         Timed from the host on the container's own mounts (its merged overlay
         and its volume's _data): open(O_WRONLY|O_APPEND) + write(1) + close.
fsync:   1 GiB `dd conv=fsync` in the container to its layer, a named volume and
         a tmpfs, timed inside the container by busybox `time` (10 ms resolution).
"""
import argparse
import concurrent.futures
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.path.join(os.environ.get("STRATA_BUILD", os.path.join(REPO, "build")), "strata")
BUSYBOX_TAR = os.environ.get("BUSYBOX_TAR", os.path.join(REPO, "build", "busybox-rootfs.tar"))
HERE = os.path.dirname(os.path.abspath(__file__))
N = 1000
PREFIX = "sbv-"  # Docker objects made here; removed at the end
SIZES = [1 << 20, 64 << 20, 512 << 20]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def quiet(cmd):
    subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True)


def docker_ok():
    return shutil.which("docker") and subprocess.run(["docker", "info"], capture_output=True).returncode == 0


class Engines:
    def __init__(self):
        self.base = tempfile.mkdtemp(prefix="strata-volbench-", dir="/var/tmp")
        self.root = os.path.join(self.base, "root")
        self.s = [STRATA, "--root", self.root]
        sh(self.s + ["import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, "busybox:latest"])
        self.docker = docker_ok()
        if self.docker:
            sh(["docker", "import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, PREFIX + "busybox:latest"])

    def cli(self, e):
        return self.s if e == "strata" else ["docker"]

    def img(self, e, name="busybox"):
        return name if e == "strata" else PREFIX + name

    def engines(self):
        return ["strata", "docker"] if self.docker else ["strata"]

    def close(self):
        ids = sh(self.s + ["ps", "-aq"]).split()
        if ids:
            quiet(self.s + ["rm", "-f", "-v", *ids])
        quiet(["umount", "-R", "-l", self.root])
        shutil.rmtree(self.base, ignore_errors=True)
        if self.docker:
            quiet(f"docker rm -f -v $(docker ps -aq --filter name={PREFIX}) 2>/dev/null")
            quiet(f"docker volume rm $(docker volume ls -q --filter name=^{PREFIX}) 2>/dev/null")
            quiet(f"docker rmi {PREFIX}busybox:latest {PREFIX}files:latest")


def fmt_ms(v):
    return "n/a (dockerd not running)" if v is None else f"{v * 1000:.1f} ms" if v >= 0.001 else f"{v * 1e6:.1f} µs"


def row(what, res, note=""):
    s, d = res.get("strata"), res.get("docker")
    ratio = f"{s / d:.2f}" if s and d else "n/a"
    print(f"| {what} | {fmt_ms(s)} | {fmt_ms(d)} | {ratio} | {note} |", flush=True)


def bench_objects(e, rounds):
    """create ×1000 (4 parallel clients), ls with 1000, rm of 1000: per round, alternating engines."""
    create, ls, rm = {x: [] for x in e.engines()}, {x: [] for x in e.engines()}, {x: [] for x in e.engines()}
    for _ in range(rounds):
        for eng in e.engines():
            names = [f"{PREFIX}{i}" for i in range(N)]
            cli = e.cli(eng)

            def make(chunk):
                for n in chunk:
                    subprocess.run(cli + ["volume", "create", n], check=True, capture_output=True)
            t = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                list(pool.map(make, [names[i::4] for i in range(4)]))
            create[eng].append(time.perf_counter() - t)
            for _ in range(5):
                t = time.perf_counter()
                out = sh(cli + ["volume", "ls"])
                ls[eng].append(time.perf_counter() - t)
            assert out.count(PREFIX) == N, (eng, out.count(PREFIX))
            t = time.perf_counter()
            sh(cli + ["volume", "rm", *names])
            rm[eng].append(time.perf_counter() - t)
    med = lambda d: {k: statistics.median(v) for k, v in d.items()}
    row(f"`volume create` ×{N}, 4 clients in parallel ({rounds} rounds)", med(create))
    row(f"`volume ls`, {N} volumes ({rounds * 5} runs)", med(ls))
    row(f"one `volume rm` of {N} volumes ({rounds} rounds)", med(rm))


def files_image(e):
    """busybox + /files/f<size> for each size, in both engines."""
    tar = os.path.join(e.base, "files.tar")
    with tarfile.open(BUSYBOX_TAR) as src, tarfile.open(tar, "w") as dst:
        for m in src.getmembers():
            dst.addfile(m, src.extractfile(m) if m.isfile() else None)
        d = tarfile.TarInfo("files")
        d.type, d.mode = tarfile.DIRTYPE, 0o755
        dst.addfile(d)
        for size in SIZES:
            t = tarfile.TarInfo(f"files/f{size >> 20}")
            t.size, t.mode = size, 0o644
            dst.addfile(t, io.BufferedReader(io.BytesIO(os.urandom(1 << 20) * (size >> 20))))
    sh(e.s + ["import", "-c", 'CMD ["sh"]', tar, "files:latest"])
    if e.docker:
        sh(["docker", "import", "-c", 'CMD ["sh"]', tar, PREFIX + "files:latest"])
    os.remove(tar)


def append_once(path):
    t = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    os.write(fd, b"x")
    os.close(fd)
    return time.perf_counter() - t


def merged_dir(e, eng, name):
    return sh(e.cli(eng) + ["inspect", "-f", "{{.GraphDriver.Data.MergedDir}}", name]).strip()


def volume_dir(e, eng, name):
    return sh(e.cli(eng) + ["inspect", "-f", "{{range .Mounts}}{{.Source}}{{end}}", name]).strip()


def bench_append(e, rounds):
    files_image(e)
    data = {}  # (engine, where, size) -> [seconds]
    for r in range(rounds):
        for eng in e.engines():
            cli, name = e.cli(eng), f"{PREFIX}app{r}"
            # The volume gets copies of the same files; then everything dirty is written back, so the
            # timed appends measure the copy-up (and its fsync), not unrelated writeback. Caches stay
            # warm in both engines (the image files were just written): a cold read would time the disk.
            sh(cli + ["run", "-d", "--name", name, "-v", f"{PREFIX}appvol{r}:/vol", e.img(eng, "files"), "sleep", "1000"])
            sh(cli + ["exec", name, "sh", "-c", "cp /files/* /vol/"])
            quiet("sync")
            merged, vol = merged_dir(e, eng, name), volume_dir(e, eng, name)
            for size in SIZES:
                f = f"f{size >> 20}"
                data.setdefault((eng, "layer", size), []).append(append_once(os.path.join(merged, "files", f)))
                data.setdefault((eng, "volume", size), []).append(append_once(os.path.join(vol, f)))
                data.setdefault((eng, "second append", size), []).append(append_once(os.path.join(merged, "files", f)))
            quiet(cli + ["rm", "-f", "-v", name])
            quiet(cli + ["volume", "rm", f"{PREFIX}appvol{r}"])
    med = {k: statistics.median(v) for k, v in data.items()}
    for where in ["layer", "volume", "second append"]:
        for size in SIZES:
            res = {eng: med[(eng, where, size)] for eng in e.engines()}
            label = {"layer": "first 1-byte append, file in the image (copy-up)",
                     "volume": "first 1-byte append, file in a named volume",
                     "second append": "second append, file already copied up"}[where]
            row(f"{label}, {size >> 20} MiB ({rounds} runs)", res)
    with open(os.path.join(HERE, "volumes-append.dat"), "w") as out:
        out.write("# MiB strata-layer strata-volume docker-layer docker-volume (seconds, medians)\n")
        for size in SIZES:
            vals = [med.get((eng, w, size), float("nan")) for eng in ["strata", "docker"] for w in ["layer", "volume"]]
            out.write(f"{size >> 20} " + " ".join(f"{v:.9f}" for v in vals) + "\n")
    plot()


def plot():
    if not shutil.which("gnuplot"):
        print("(gnuplot not installed: apt-get install -y gnuplot-nox)", file=sys.stderr)
        return
    script = f"""
set terminal pngcairo size 900,560 noenhanced
set output '{HERE}/volumes-append.png'
set title 'First 1-byte append: file in the image (overlayfs copy-up) vs in a volume'
set xlabel 'file size (MiB)'
set ylabel 'latency (ms, log scale)'
set logscale xy
set xtics (1, 64, 512)
set key top left
set grid
plot '{HERE}/volumes-append.dat' using 1:($2*1000) with linespoints lw 2 title 'strata: container layer', \\
     '' using 1:($4*1000) with linespoints lw 2 dt 2 title 'docker: container layer', \\
     '' using 1:($3*1000) with linespoints lw 2 title 'strata: volume', \\
     '' using 1:($5*1000) with linespoints lw 2 dt 2 title 'docker: volume'
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


def dd_seconds(err):
    """busybox `time`'s "real 0m 1.23s" (busybox dd prints no duration)."""
    m = re.search(r"real\s+(?:(\d+)m\s*)?([\d.]+)s", err)
    if not m:
        raise RuntimeError(f"no time in: {err!r}")
    return int(m.group(1) or 0) * 60 + float(m.group(2))


def bench_fsync(e, rounds):
    data = {}
    for r in range(rounds):
        for eng in e.engines():
            cli, name = e.cli(eng), f"{PREFIX}dd{r}"
            sh(cli + ["run", "-d", "--name", name, "-v", f"{PREFIX}ddvol{r}:/vol", "--tmpfs", "/tmpfs:size=1200m",
                      e.img(eng), "sleep", "1000"])
            for where, path in [("container layer", "/layer.bin"), ("named volume", "/vol/f.bin"),
                                ("tmpfs", "/tmpfs/f.bin")]:
                p = subprocess.run(cli + ["exec", name, "sh", "-c",
                                          f"time dd if=/dev/zero of={path} bs=1M count=1024 conv=fsync"],
                                   capture_output=True, text=True, check=True)
                data.setdefault((eng, where), []).append(dd_seconds(p.stderr))
                sh(cli + ["exec", name, "rm", path])
            quiet(cli + ["rm", "-f", "-v", name])
            quiet(cli + ["volume", "rm", f"{PREFIX}ddvol{r}"])
    for where in ["container layer", "named volume", "tmpfs"]:
        res = {eng: statistics.median(data[(eng, where)]) for eng in e.engines()}
        rates = " / ".join(f"{eng} {1.0737 / res[eng]:.2f} GB/s" for eng in e.engines())
        row(f"1 GiB `dd conv=fsync` into the {where} ({rounds} runs)", res, rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("what", nargs="*", default=["objects", "append", "fsync"])
    a = ap.parse_args()
    e = Engines()
    try:
        u = os.uname()
        load = " ".join(open("/proc/loadavg").read().split()[:3])
        print(f"### {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {u.nodename}, {os.cpu_count()} CPUs, "
              f"kernel {u.release}, docker {'yes' if e.docker else 'no'}, load average {load}, {a.rounds} rounds\n")
        print("| what | strata (median) | docker (median) | strata/docker | notes |")
        print("|---|---:|---:|---:|---|")
        for w in a.what:
            globals()["bench_" + w](e, a.rounds)
    finally:
        e.close()


if __name__ == "__main__":
    main()
