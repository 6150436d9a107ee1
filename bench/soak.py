#!/usr/bin/env python3
"""Crash-safety soak (issue 5; not in CI): random container, image and volume
commands from several processes while a killer sends random kill -9s to the
strata CLIs, the monitors (strata-shim) and the containers' processes. Then it
checks the invariants:

  - every line ever confirmed written to a named volume is still there;
  - no mount and no temporary file leaked, no directory nothing points to;
  - no container shown in a state it is not in (running <=> its process lives);
  - the store is consistent (SQLite integrity, records <=> directories), and
    `strata system check` (when the build has it) finds nothing.

  sudo bench/soak.py [--kills 1000] [--workers 4] [--seed N] [--keep]

Prints its figures (operations, kills by kind, faults) as markdown for
bench/RESULTS.md; exits 1 when an invariant does not hold.
"""
import argparse
import collections
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("STRATA_BUILD", os.path.join(REPO, "build"))
STRATA = os.path.join(BUILD, "strata")
BUSYBOX_TAR = os.path.join(BUILD, "busybox-rootfs.tar")
VOLUMES = ["data0", "data1", "data2"]   # named volumes whose lines must all survive


class Soak:
    def __init__(self, root, seed, workers, kills):
        self.root = root
        self.rng = random.Random(seed)
        self.workers = workers
        self.kills_wanted = kills
        self.lock = threading.Lock()
        self.cli = set()                  # running strata CLI Popen objects
        self.ops = collections.Counter()  # command -> count
        self.failed = collections.Counter()
        self.kills = collections.Counter()
        self.confirmed = {v: set() for v in VOLUMES}  # lines whose writer reported success
        self.stop = threading.Event()
        self.seq = 0
        self.token = f"STRATA_SOAK={os.getpid()}-{seed}"
        self.tag = ["-e", self.token]  # finds this soak's container processes in /proc
        self.ids = set()  # every container ID a command printed: finds `runc init` (no tag) too
        self.policies = "--restart" in subprocess.run([STRATA, "run", "--help"], capture_output=True,
                                                      text=True).stdout

    # --- running commands -------------------------------------------------
    def strata(self, *args, timeout=120, track=True):
        p = subprocess.Popen([STRATA, "--root", self.root, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
        if track:
            with self.lock:
                self.cli.add(p)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            err += "\n(timeout)"
        finally:
            with self.lock:
                self.cli.discard(p)
        found = re.findall(r"\b[0-9a-f]{64}\b", out or "")
        if found:
            with self.lock:
                self.ids.update(found)
        return p.returncode, out, err

    def next_id(self):
        with self.lock:
            self.seq += 1
            return self.seq

    # --- the random workload ----------------------------------------------
    def names(self, prefix="c"):
        rc, out, _ = self.strata("ps", "-a", "--format", "{{.Names}}", track=False)
        return [n for n in out.split() if n.startswith(prefix)] if rc == 0 else []

    def op(self, rng):
        n = self.next_id()
        vol = rng.choice(VOLUMES)
        kind = rng.choices(
            ["append", "writer", "run_d", "create", "start", "stop", "kill", "rm", "restart", "exec",
             "ps", "inspect", "diff", "commit", "rmi", "import", "tag", "vol_create", "vol_rm", "run_rm"],
            weights=[8, 3, 3, 3, 4, 2, 2, 4, 1, 2, 2, 1, 1, 1, 1, 1, 1, 2, 2, 3])[0]
        args = None
        line = None
        if kind == "append":  # one confirmed line: success means it is on the volume
            line = f"a{n}"
            args = ["run", "--rm", *self.tag, "-v", f"{vol}:/v", "busybox", "sh", "-c", f"echo {line} >> /v/log"]
        elif kind == "writer":  # a long-running appender, killed at random later
            args = ["run", "-d", "--name", f"c{n}", *self.tag, "-v", f"{vol}:/v", "busybox", "sh", "-c",
                    f"i=0; while true; do echo w{n}-$i >> /v/log; i=$((i+1)); sleep 0.2; done"]
        elif kind == "run_d":
            pol = rng.choice([[], [], ["--restart", "always"], ["--restart", "on-failure:2"]]) if self.policies else []
            args = ["run", "-d", "--name", f"c{n}", *pol, *self.tag, "-v", f"scratch{n % 4}:/s", "busybox",
                    "sh", "-c", rng.choice(["sleep 1000", "sleep 2; exit 3", "echo x > /s/x; sleep 1000"])]
        elif kind == "create":
            args = ["create", "--name", f"c{n}", *self.tag, "busybox", "sleep", "1000"]
        elif kind == "run_rm":
            args = ["run", "--rm", *self.tag, "busybox", "sh", "-c", "echo hi > /f; cat /f"]
        elif kind in ("start", "stop", "kill", "rm", "restart", "exec", "inspect", "diff", "commit"):
            names = self.names()
            if not names:
                return
            c = rng.choice(names)
            args = {"start": ["start", c], "stop": ["stop", "-t", "1", c], "kill": ["kill", c],
                    "rm": ["rm", "-f", c], "restart": ["restart", "-t", "1", c],
                    "exec": ["exec", c, "true"], "inspect": ["inspect", c], "diff": ["diff", c],
                    "commit": ["commit", c, f"img{n % 5}:latest"]}[kind]
        elif kind == "rmi":
            args = ["rmi", "-f", f"img{n % 5}:latest"]
        elif kind == "import":
            args = ["import", self.small_tar, f"imp{n % 3}:latest"]
        elif kind == "tag":
            args = ["tag", "busybox", f"tag{n % 4}:latest"]
        elif kind == "vol_create":
            args = ["volume", "create", f"scratch{n % 4}"]
        elif kind == "vol_rm":
            args = ["volume", "rm", f"scratch{n % 4}"]
        elif kind == "ps":
            args = ["ps", "-a"]
        rc, out, err = self.strata(*args)
        with self.lock:
            self.ops[kind] += 1
            if rc != 0:
                self.failed[kind] += 1
            if line and rc == 0:
                self.confirmed[vol].add(line)

    def worker(self, seed):
        rng = random.Random(seed)
        while not self.stop.is_set():
            try:
                self.op(rng)
            except Exception as e:  # a harness error is a finding too
                print("worker:", repr(e), file=sys.stderr)

    # --- the killer -------------------------------------------------------
    def shim_pids(self):
        out = []
        d = os.path.join(self.root, "run", "containers")
        for cid in os.listdir(d) if os.path.isdir(d) else []:
            try:
                out.append(int(open(os.path.join(d, cid, "shim.pid")).read()))
            except (OSError, ValueError):
                pass
        return out

    def container_pids(self):
        """{pid: container id} of every process of this soak's containers."""
        want = (self.token + "\0").encode()
        with self.lock:
            ids = set(self.ids)
        out = {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                cg = open(f"/proc/{pid}/cgroup").read()
                i = cg.find("/strata/")
                if i < 0:
                    continue
                cid = cg[i + 8:i + 72]
                # Tagged by its environment, or a `runc init` (not yet the container's process).
                if cid in ids and open(f"/proc/{pid}/comm").read().startswith("runc:["):
                    out[int(pid)] = cid
                elif want in open(f"/proc/{pid}/environ", "rb").read():
                    out[int(pid)] = cid
            except OSError:
                continue
        return out

    def killer(self):
        rng = random.Random(self.rng.random())
        done = 0
        while done < self.kills_wanted:
            time.sleep(rng.uniform(0.05, 0.4))
            kind = rng.choice(["cli", "cli", "shim", "container"])
            if kind == "cli":
                with self.lock:
                    cands = [p.pid for p in self.cli]
            elif kind == "shim":
                cands = self.shim_pids()
            else:
                cands = list(self.container_pids())
            if not cands:
                continue
            try:
                os.kill(rng.choice(cands), signal.SIGKILL)
            except ProcessLookupError:
                continue
            done += 1
            self.kills[kind] += 1
            if done % 100 == 0:
                print(f"  {done} kills, {sum(self.ops.values())} operations", file=sys.stderr)
        self.stop.set()

    def run(self):
        self.small_tar = os.path.join(os.path.dirname(self.root), "small.tar")
        subprocess.run(["tar", "-cf", self.small_tar, "-C", REPO, "README.md"], check=True)
        for args in (["import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, "busybox:latest"],
                     *(["volume", "create", v] for v in VOLUMES)):
            rc, _, err = self.strata(*args)
            assert rc == 0, err
        t0 = time.time()
        threads = [threading.Thread(target=self.worker, args=(self.rng.random(),)) for _ in range(self.workers)]
        for t in threads:
            t.start()
        self.killer()
        for t in threads:
            t.join()
        return time.time() - t0


# --- invariants ----------------------------------------------------------
def mounts_under(path):
    found = []
    for line in open("/proc/self/mountinfo"):
        mnt = line.split()[4].replace("\\040", " ")
        if mnt == path or mnt.startswith(path + "/"):
            found.append(mnt)
    return found


def check(s):
    faults = []
    root = s.root

    def fault(msg):
        faults.append(msg)
        print("FAULT:", msg, file=sys.stderr)

    # Let exit commands and policy restarts in flight finish, then look.
    time.sleep(3)
    rc, out, err = s.strata("ps", "-a", "--no-trunc", "--format", "{{.ID}}", track=False)
    if rc:
        fault(f"ps -a failed: {err}")
    ids = out.split()
    # 1. Lines confirmed written are all still there (and no line is torn).
    for v in VOLUMES:
        path = os.path.join(root, "volumes", v, "_data", "log")
        have = set(open(path).read().split()) if os.path.exists(path) else set()
        lost = s.confirmed[v] - have
        if lost:
            fault(f"volume {v}: {len(lost)} confirmed lines lost, e.g. {sorted(lost)[:3]}")
    # 2. State shown = state real: running <=> its process lives in its rootfs.
    shown_running = set()
    for cid in ids:
        rc, out, _ = s.strata("inspect", cid, track=False)
        if rc:
            continue  # removed meanwhile (an --rm one finishing)
        c = json.loads(out)[0]
        st, merged = c["State"], c["GraphDriver"]["Data"]["MergedDir"]
        if st["Running"]:
            shown_running.add(cid)
            try:
                alive = f"/strata/{cid}" in open(f"/proc/{st['Pid']}/cgroup").read()
            except OSError:
                alive = False
            if not alive:
                fault(f"{c['Name']} shown running, its process {st['Pid']} is not")
            if not os.path.ismount(merged):
                fault(f"{c['Name']} shown running without its mount")
        elif os.path.ismount(merged):
            fault(f"{c['Name']} shown {st['Status']} but still mounted")
        if not os.path.isdir(c["GraphDriver"]["Data"]["UpperDir"]):
            fault(f"{c['Name']}: record without its layer")
    # A process of a container not shown running: look again a little later, since a restart
    # policy's back-off (up to a minute) may start a container after the `ps` above, and an
    # `--rm` container may be exiting. A fault is a process that stays while its container is
    # still not shown running.
    suspects = {pid: cid for pid, cid in s.container_pids().items() if cid not in shown_running}
    if suspects:
        time.sleep(5)
        now = s.container_pids()
        for pid, cid in suspects.items():
            if pid not in now:
                continue
            rc, out, _ = s.strata("inspect", "-f", "{{.State.Running}}", cid, track=False)
            if rc == 0 and out.strip() == "true":
                continue
            fault(f"process {pid} of container {cid[:12]} runs, the container is "
                  + ("not shown running" if rc == 0 else "gone"))
    running_mounts = set()
    for cid in shown_running:
        rc, out, _ = s.strata("inspect", "-f", "{{.GraphDriver.Data.MergedDir}}", cid, track=False)
        running_mounts.add(out.strip())
    leaked = [m for m in mounts_under(os.path.join(root, "overlay2")) if m not in running_mounts]
    if leaked:  # looked at again later, as above: a container started after the `ps` owns its mount
        time.sleep(5)
        rc, out, _ = s.strata("ps", "-q", "--no-trunc", track=False)
        for cid in out.split():
            rc, out, _ = s.strata("inspect", "-f", "{{.GraphDriver.Data.MergedDir}}", cid, track=False)
            running_mounts.add(out.strip())
        for m in leaked:
            if os.path.ismount(m) and m not in running_mounts:
                fault(f"leaked mount {m}")
    # 3. The store: SQLite integrity, records <=> directories.
    db = sqlite3.connect(os.path.join(root, "strata.db"))
    if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        fault("SQLite integrity_check failed")
    layers = {r[0] for r in db.execute("SELECT cache_id FROM layers")}
    mount_ids = {r[0] for r in db.execute("SELECT mount_id FROM containers")}
    for cache in layers:
        if not os.path.isdir(os.path.join(root, "overlay2", cache, "diff")):
            fault(f"layer {cache} has no directory")
    for d in os.listdir(os.path.join(root, "overlay2")):
        base = d[:-5] if d.endswith("-init") else d
        if d != "l" and d not in layers and base not in mount_ids:
            fault(f"overlay2/{d}: no record points to it")
    vols = {r[0] for r in db.execute("SELECT name FROM volumes")}
    for v in vols:
        if not os.path.isdir(os.path.join(root, "volumes", v, "_data")):
            fault(f"volume {v}: record without its directory")
    db.close()
    # 4. system check, when the build has it.
    has_check = " check " in subprocess.run([STRATA, "--root", root, "system", "--help"], capture_output=True,
                                            text=True).stdout
    if has_check:
        p = subprocess.run([STRATA, "--root", root, "system", "check"], capture_output=True, text=True)
        if p.returncode != 0:
            fault(f"system check: {p.stdout.strip()} {p.stderr.strip()}")
    # 5. Everything removed: nothing left mounted, running, or in tmp.
    rc, out, _ = s.strata("ps", "-aq", "--no-trunc", track=False)
    if out.split():
        rc, _, err = s.strata("rm", "-f", *out.split(), track=False, timeout=600)
        if rc:
            fault(f"rm -f of everything failed: {err.strip()}")
    time.sleep(1)
    if mounts_under(root):
        fault(f"mounts left after rm -f of everything: {mounts_under(root)}")
    if s.container_pids():
        fault(f"processes left after rm -f of everything: {s.container_pids()}")
    s.strata("ps", track=False)  # runs recovery if a mark is left
    tmp = os.listdir(os.path.join(root, "tmp"))
    if tmp:
        fault(f"temporary files left: {tmp}")
    return faults


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--keep", action="store_true", help="keep the store for inspection")
    a = ap.parse_args()
    base = tempfile.mkdtemp(prefix="strata-soak-", dir="/var/tmp")
    s = Soak(os.path.join(base, "root"), a.seed, a.workers, a.kills)
    try:
        secs = s.run()
        faults = check(s)
    finally:
        if not a.keep:
            ids = subprocess.run([STRATA, "--root", s.root, "ps", "-aq"], capture_output=True, text=True).stdout.split()
            if ids:
                subprocess.run([STRATA, "--root", s.root, "rm", "-f", *ids], capture_output=True)
            for m in sorted(mounts_under(base), key=len, reverse=True):
                subprocess.run(["umount", "-l", m], capture_output=True)
            shutil.rmtree(base, ignore_errors=True)
    total = sum(s.ops.values())
    load = open("/proc/loadavg").read().split()[:3]
    print(f"seed {a.seed}, {a.workers} workers, {secs:.0f} s, load average {' '.join(load)}")
    print(f"| operations | {total} ({sum(s.failed.values())} failed, most by a kill) |")
    print("| by command | " + ", ".join(f"{k} {v}" for k, v in sorted(s.ops.items())) + " |")
    print(f"| kill -9s | {sum(s.kills.values())} (" + ", ".join(f"{k} {v}" for k, v in sorted(s.kills.items())) + ") |")
    print(f"| confirmed volume lines | {sum(len(v) for v in s.confirmed.values())} |")
    print(f"| faults | {len(faults)} |")
    for f in faults:
        print("  -", f)
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
