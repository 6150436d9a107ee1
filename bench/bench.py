#!/usr/bin/env python3
"""Engine benchmarks: whole-process timings of strata against Docker on the
same machine, in one run, alternating (strata, docker, strata, …), medians.
Prints markdown rows for bench/RESULTS.md. Docker is skipped (with a note)
when its daemon is not reachable.

  sudo bench/bench.py [--runs N] [run_rm create100 diff memory ...]
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRATA = os.path.join(os.environ.get("STRATA_BUILD", os.path.join(REPO, "build")), "strata")
BUSYBOX_TAR = os.path.join(REPO, "build", "busybox-rootfs.tar")


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, capture_output=True, text=True, **kw).stdout


def quiet(cmd):
    subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True)


def timed(cmd, stdout=subprocess.DEVNULL):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=stdout, stderr=subprocess.PIPE)
    return time.perf_counter() - t


def docker_ok():
    return shutil.which("docker") and subprocess.run(["docker", "info"], capture_output=True).returncode == 0


class Engines:
    def __init__(self):
        self.base = tempfile.mkdtemp(prefix="strata-bench-", dir="/var/tmp")
        self.root = os.path.join(self.base, "root")
        # The layout a user gets by default, and Docker's: the store on disk, runtime state
        # (runc's state, the monitor's pid/exit/socket files) on tmpfs under /run. With --root
        # alone strata would put that state under the root, on disk (what its tests use).
        self.runroot = tempfile.mkdtemp(prefix="strata-bench-", dir="/run")
        self.s = [STRATA, "--root", self.root, "--runroot", self.runroot]
        sh(self.s + ["import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, "busybox:latest"])
        self.docker = docker_ok()
        if self.docker:
            sh(f"docker import -c 'CMD [\"sh\"]' {BUSYBOX_TAR} strata-bench-busybox:latest")

    def img(self, engine):
        return "busybox" if engine == "strata" else "strata-bench-busybox"

    def cli(self, engine):
        return self.s if engine == "strata" else ["docker"]

    def engines(self):
        return ["strata", "docker"] if self.docker else ["strata"]

    def close(self):
        ids = sh(self.s + ["ps", "-aq"]).split()
        if ids:
            quiet(self.s + ["rm", "-f", *ids])
        quiet(["umount", "-R", "-l", self.root])
        shutil.rmtree(self.base, ignore_errors=True)
        shutil.rmtree(self.runroot, ignore_errors=True)
        if self.docker:
            quiet("docker rm -f $(docker ps -aq --filter name=strata-bench-) 2>/dev/null")
            quiet("docker rmi strata-bench-busybox:latest strata-bench-files:latest")


def row(what, results, floor=""):
    s = results.get("strata")
    d = results.get("docker")
    ratio = f"{s / d:.2f}" if s and d else "n/a"
    fmt = lambda v: "n/a (dockerd not running)" if v is None else f"{v * 1000:.1f} ms"
    print(f"| {what} | {fmt(s)} | {fmt(d)} | {ratio} | {floor} |", flush=True)


def bench_run_rm(e, runs):
    times = {k: [] for k in e.engines()}
    for k in e.engines():  # warm-up
        timed(e.cli(k) + ["run", "--rm", e.img(k), "true"])
    for _ in range(runs):
        for k in e.engines():
            times[k].append(timed(e.cli(k) + ["run", "--rm", e.img(k), "true"]))
    row("`run --rm busybox true`", {k: statistics.median(v) for k, v in times.items()}, "raw `runc run`: ~17 ms")


def disk_usage(path):
    out = sh(["du", "-s", "--block-size=1", path]).split()[0]
    inodes = sh(f"find {path} | wc -l").strip()
    return int(out), int(inodes)


def bench_create100(e, runs):
    times = {k: [] for k in e.engines()}
    for r in range(runs):
        for k in e.engines():
            names = [f"strata-bench-{r}-{i}" for i in range(100)]
            before = disk_usage(e.root) if k == "strata" else None
            t = time.perf_counter()
            for n in names:
                subprocess.run(e.cli(k) + ["create", "--name", n, e.img(k)], check=True, stdout=subprocess.DEVNULL)
            times[k].append(time.perf_counter() - t)
            if k == "strata" and r == 0:
                after = disk_usage(e.root)
                per = ((after[0] - before[0]) / 100 / 1024, (after[1] - before[1]) / 100)
            quiet(e.cli(k) + ["rm", *names])
    row("`create` ×100 (sequential)", {k: statistics.median(v) for k, v in times.items()},
        f"strata disk per container: {per[0]:.0f} KiB, {per[1]:.0f} inodes (Docker: 104 KiB, 33)")


def make_files_tar(path):
    """busybox plus /bench/f0…f1999: an image whose files a container can
    change (C) and delete (D)."""
    d = tempfile.mkdtemp(dir="/var/tmp")
    sh(["tar", "-C", d, "-xf", BUSYBOX_TAR])
    os.makedirs(f"{d}/bench")
    for i in range(2000):
        with open(f"{d}/bench/f{i}", "w") as f:
            f.write("x")
    sh(["tar", "-C", d, "-cf", path, "."])
    shutil.rmtree(d)


def peak_rss_kib(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, check=True).stderr
    return int(out.strip().splitlines()[-1])


def bench_diff(e, runs):
    tar = os.path.join(e.base, "files.tar")
    make_files_tar(tar)
    script = ("mkdir /new && cd /new && seq 100000 | xargs touch && "
              "for i in $(seq 0 999); do echo y >> /bench/f$i; done && "
              "cd /bench && seq 1000 1999 | sed 's/^/f/' | xargs rm")
    sh(e.s + ["import", "-c", 'CMD ["sh"]', tar, "benchfiles"])
    if e.docker:
        sh(f"docker import -c 'CMD [\"sh\"]' {tar} strata-bench-files:latest")
    img = {"strata": "benchfiles", "docker": "strata-bench-files"}
    counts = {}
    for k in e.engines():
        sh(e.cli(k) + ["run", "-d", "-t", "--name", "strata-bench-diff", img[k]])
        sh(e.cli(k) + ["exec", "strata-bench-diff", "sh", "-c", script], timeout=600)
        counts[k] = len(sh(e.cli(k) + ["diff", "strata-bench-diff"]).splitlines())
    times = {k: [] for k in e.engines()}
    for _ in range(max(3, runs // 3)):
        for k in e.engines():
            times[k].append(timed(e.cli(k) + ["diff", "strata-bench-diff"]))
    upper = sh(e.s + ["inspect", "-f", "{{.GraphDriver.Data.UpperDir}}", "strata-bench-diff"]).strip()
    find = statistics.median(timed(["find", upper]) for _ in range(3))
    rss = peak_rss_kib(e.s + ["diff", "strata-bench-diff"])
    row(f"`diff`, 100k new + 1k changed + 1k deleted ({counts} lines)",
        {k: statistics.median(v) for k, v in times.items()},
        f"`find` over the same diff/: {find * 1000:.0f} ms; strata peak RSS {rss / 1024:.1f} MiB")
    for k in e.engines():
        quiet(e.cli(k) + ["rm", "-f", "strata-bench-diff"])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def bench_memory(e, runs):
    sh(e.s + ["run", "-d", "-t", "--name", "strata-bench-mem", "busybox"])
    cid = sh(e.s + ["inspect", "-f", "{{.Id}}", "strata-bench-mem"]).strip()
    shim_pid = int(open(os.path.join(e.runroot, "containers", cid, "shim.pid")).read())
    shim = rss_kib(shim_pid)
    docker = None
    if e.docker:
        sh(["docker", "run", "-d", "-t", "--name", "strata-bench-mem", e.img("docker")])
        dcid = sh(["docker", "inspect", "-f", "{{.Id}}", "strata-bench-mem"]).strip()
        pids = [l.split()[0] for l in sh(["ps", "-eo", "pid,args"]).splitlines()
                if "containerd-shim" in l and dcid in l]
        docker = sum(rss_kib(p) for p in pids) if pids else None
        quiet(["docker", "rm", "-f", "strata-bench-mem"])
    quiet(e.s + ["rm", "-f", "strata-bench-mem"])
    left = [l for l in sh(["ps", "-eo", "args"]).splitlines() if l.startswith(("strata-shim", STRATA))]
    print(f"| monitor RSS per running container | {shim / 1024:.2f} MiB | "
          f"{'n/a' if docker is None else f'{docker / 1024:.1f} MiB'} | "
          f"{'n/a' if docker is None else f'{shim / docker:.2f}'} | resident with no container: "
          f"{'nothing' if not left else left} (dockerd + containerd: ~170 MiB) |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("which", nargs="*", default=["run_rm", "create100", "diff", "memory"])
    a = ap.parse_args()
    e = Engines()
    try:
        print(f"\n### {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} — {platform.node()}, "
              f"{os.cpu_count()} CPUs, kernel {platform.release()}, docker {'yes' if e.docker else 'no'}\n")
        print("| what | strata (median) | docker (median) | strata/docker | floor / notes |")
        print("|---|---:|---:|---:|---|")
        for w in a.which:
            globals()["bench_" + w](e, a.runs)
    finally:
        e.close()


if __name__ == "__main__":
    main()
