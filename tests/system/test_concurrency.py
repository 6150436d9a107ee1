"""Several strata processes at once: the store serialises them safely."""
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

from conftest import STRATA, mounts_under


def test_parallel_creates_with_one_name_make_exactly_one(strata):
    def create(_):
        return subprocess.run([STRATA, "--root", strata.root, "create", "--name", "same", "busybox"],
                              capture_output=True, text=True)
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(create, range(20)))
    ok = [r for r in results if r.returncode == 0]
    assert len(ok) == 1
    for r in results:
        if r.returncode:
            assert "is already in use by container" in r.stderr
    assert strata.out("ps", "-aq") != "" and len(strata.lines("ps", "-aq")) == 1
    # Nothing half-made by the losers.
    mount_dirs = [d for d in __import__("os").listdir(strata.path("overlay2")) if d not in ("l",)]
    assert len(mount_dirs) == 1 + 2  # the image layer, the winner's layer and its init layer


def test_parallel_runs_all_complete(strata):
    def run(i):
        return subprocess.run([STRATA, "--root", strata.root, "run", "--rm", "busybox", "echo", str(i)],
                              capture_output=True, text=True, timeout=120)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(16)))
    assert [r.returncode for r in results] == [0] * 16
    assert sorted(int(r.stdout) for r in results) == list(range(16))
    assert strata.out("ps", "-aq") == ""


def parallel(n, fn, workers=None):
    with ThreadPoolExecutor(workers or n) as pool:
        return list(pool.map(fn, range(n)))


def strata_proc(strata, *args, timeout=120):
    return subprocess.run([STRATA, "--root", strata.root, *args], capture_output=True, text=True,
                          timeout=timeout)


def test_parallel_volume_creates_with_one_name_make_exactly_one(strata):
    results = parallel(20, lambda _: strata_proc(strata, "volume", "create", "vol"))
    assert [r.returncode for r in results] == [0] * 20  # Docker: create of an existing one is a no-op
    assert all(r.stdout == "vol\n" for r in results)
    assert strata.lines("volume", "ls", "-q") == ["vol"]
    assert [d for d in os.listdir(strata.path("volumes")) if not d.startswith(".")] == ["vol"]
    assert os.listdir(strata.path("volumes", "vol")) == ["_data"]
    assert os.listdir(strata.path("tmp")) == []


def test_parallel_first_commands_on_a_fresh_store(bare_strata):
    results = parallel(20, lambda _: strata_proc(bare_strata, "volume", "create", "vol"))
    assert [r.stderr for r in results] == [""] * 20  # none sees "database is locked"
    assert bare_strata.lines("volume", "ls", "-q") == ["vol"]


TOKEN = f"STRATA_RACE_TEST={os.getpid()}"


def tagged_container_pids():
    """{pid: container id} of the processes of containers made with -e TOKEN."""
    want = (TOKEN + "\0").encode()
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if want not in open(f"/proc/{pid}/environ", "rb").read():
                continue
            cg = open(f"/proc/{pid}/cgroup").read()
        except OSError:
            continue
        i = cg.find("/strata/")
        if i >= 0:
            out[int(pid)] = cg[i + 8:i + 72]
    return out


def test_rm_f_racing_start_leaves_no_orphan(strata):
    for round_ in range(6):
        names = [f"r{round_}-{i}" for i in range(4)]
        for n in names:
            strata("create", "--name", n, "-e", TOKEN, "busybox", "sleep", "1000")

        def act(i):
            n = names[i // 2]
            return strata_proc(strata, "start", n) if i % 2 == 0 else strata_proc(strata, "rm", "-f", n)
        results = parallel(8, act)
        for i, r in enumerate(results):
            if i % 2:  # rm -f always wins in the end
                assert r.returncode == 0, r.stderr
            else:      # the start may lose: one clear error (killed, or the record gone)
                assert r.returncode == 0 or r.stderr.startswith("Error: "), r.stderr
        # Whatever won: a record has its layer and a running one its process and mount; no
        # process or mount without a record.
        left = strata.lines("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}} {{.Names}}")
        ids = set()
        for line in left:
            cid, state, name = line.split()
            ids.add(cid)
            upper = strata.inspect(cid, "{{.GraphDriver.Data.UpperDir}}")
            merged = strata.inspect(cid, "{{.GraphDriver.Data.MergedDir}}")
            assert os.path.isdir(upper)
            if state == "running":
                pid = int(strata.inspect(cid, "{{.State.Pid}}"))
                assert os.path.exists(f"/proc/{pid}") and os.path.ismount(merged)
            else:
                assert not os.path.ismount(merged)
        mounted = {m.split("/")[-2] for m in mounts_under(strata.path("overlay2")) if m.endswith("/merged")}
        mount_ids = {strata.inspect(c, "{{.GraphDriver.Data.MergedDir}}").split("/")[-2] for c in ids}
        assert mounted <= mount_ids
        running = {cid for cid in ids if strata.inspect(cid, "{{.State.Running}}") == "true"}
        for pid, cid in tagged_container_pids().items():
            assert cid in running, f"orphan process {pid} of container {cid}"
        strata("rm", "-f", *names, check=False)
    assert mounts_under(strata.root) == []
    assert tagged_container_pids() == {}


def test_volume_rm_racing_run_never_mounts_a_deleted_directory(strata):
    for round_ in range(8):
        strata("volume", "create", "vol")
        strata("run", "--rm", "-v", "vol:/x", "busybox", "sh", "-c", f"echo {round_} > /x/before")

        def act(i):
            if i == 0:
                return strata_proc(strata, "volume", "rm", "vol")
            return strata_proc(strata, "run", "-d", "--name", f"u{round_}", "-v", "vol:/x", "busybox",
                               "sh", "-c", "echo hi > /x/f; sleep 1000")
        rm, run = parallel(2, act)
        assert run.returncode == 0, run.stderr
        assert strata.lines("volume", "ls", "-q") == ["vol"]  # kept, or recreated by the run
        if rm.returncode == 0:   # removed first: the run made a new one
            assert strata.out("exec", f"u{round_}", "ls", "/x") == "f\n"
        else:                    # in use: kept with its data
            assert "volume is in use" in rm.stderr
            assert strata.out("exec", f"u{round_}", "ls", "/x") == "before\nf\n"
        # What the container sees is the volume's directory, not a deleted one.
        data = strata.path("volumes", "vol", "_data")
        assert os.path.exists(os.path.join(data, "f"))
        pid = strata.inspect(f"u{round_}", "{{.State.Pid}}")
        assert os.stat(f"/proc/{pid}/root/x").st_ino == os.stat(data).st_ino
        strata("rm", "-f", f"u{round_}")
        strata("volume", "rm", "vol")
    assert os.listdir(strata.path("tmp")) == []


def test_ten_containers_appending_to_one_volume_lose_no_line(strata):
    strata("volume", "create", "shared")
    n, lines = 10, 200
    script = f"i=0; while [ $i -lt {lines} ]; do echo $NAME-$i >> /v/log; i=$((i+1)); done"

    def run(i):
        return strata_proc(strata, "run", "--rm", "-e", f"NAME=c{i}", "-v", "shared:/v", "busybox",
                           "sh", "-c", script)
    results = parallel(n, run)
    assert [r.returncode for r in results] == [0] * n, [r.stderr for r in results]
    got = open(strata.path("volumes", "shared", "_data", "log")).read().splitlines()
    assert sorted(got) == sorted(f"c{i}-{j}" for i in range(n) for j in range(lines))
