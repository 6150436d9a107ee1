"""Every named fault point (`strata system faults`, src/common/fault_points.h), run once: the
operation is killed there (STRATA_FAULT=<point>: SIGKILL, as kill -9 or a power cut), then the
store must be consistent (`system check` clean after the next command's automatic recovery, or
after `system check --repair`), nothing leaked (mount, temporary file), the old or the new state
visible and never a half one, a volume's data kept, and the same operation must then succeed.
A point listed without a case here fails test_every_fault_point_has_a_case."""
import io
import os
import select
import signal
import subprocess
import tarfile
import time

import pytest

from conftest import STRATA, mounts_under

VOLUME_DATA = "keep me\n"


def fault_points():
    out = subprocess.run([STRATA, "system", "faults"], capture_output=True, text=True, check=True).stdout
    return out.split()


def small_tar(path, text="hello\n"):
    """A one-file image rootfs of its own (not busybox's layer): its layer is new to the store."""
    with tarfile.open(path, "w") as t:
        data = text.encode()
        info = tarfile.TarInfo("hello")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))


def armed(s, point, *args):
    env = dict(os.environ, STRATA_FAULT=point)
    return s(*args, check=False, env=env, timeout=120)


def write_volume(s, name):
    s("volume", "create", name)
    with open(s.path("volumes", name, "_data", "f"), "w") as f:
        f.write(VOLUME_DATA)


def volume_kept(s, name):
    """A volume that is listed has its data; one that is not has no directory either."""
    if name in s.lines("volume", "ls", "-q"):
        with open(s.path("volumes", name, "_data", "f")) as f:
            assert f.read() == VOLUME_DATA
        return True
    assert not os.path.exists(s.path("volumes", name))
    return False


def exists(s, kind, ref):
    args = ["image", "inspect", ref] if kind == "image" else ["inspect", ref]
    return s(*args, check=False).returncode == 0


def state(s, ref):
    return s.inspect(ref, "{{.State.Status}} {{.State.Running}} {{.State.Pid}}").split()


def assert_really_running(s, ref):
    status, running, pid = state(s, ref)
    assert (status, running) == ("running", "true")
    with open(f"/proc/{pid}/comm") as f:  # the container's own process, not runc's init
        assert not f.read().startswith("runc:[")


# Each case: setup(s, tmp) -> args of the operation; then verify(s, tmp) checks the state seen
# after the kill and recovery, and repeats the operation.

def import_setup(s, tmp):
    small_tar(tmp / "img.tar")
    return ["import", str(tmp / "img.tar"), "imp:1"]


def import_verify(s, tmp):
    if exists(s, "image", "imp:1"):
        s("rmi", "imp:1")
    s("import", str(tmp / "img.tar"), "imp:1")
    s("create", "--name", "cc", "imp:1", "/x")
    assert s.out("diff", "cc") == ""  # its layer mounts


def load_setup(s, tmp):
    small_tar(tmp / "img.tar")
    s("import", str(tmp / "img.tar"), "ld:1")
    s("save", "-o", str(tmp / "ld.tar"), "ld:1")
    s("rmi", "ld:1")
    return ["load", "-i", str(tmp / "ld.tar")]


def load_verify(s, tmp):
    assert "Loaded image: ld:1" in s.out("load", "-i", str(tmp / "ld.tar"))
    s("create", "--name", "cc", "ld:1", "/x")


def commit_setup(s, tmp):
    s("run", "--name", "src", "busybox", "sh", "-c", "echo hi > /hello")
    return ["commit", "src", "cm:1"]


def commit_verify(s, tmp):
    if exists(s, "image", "cm:1"):
        assert s.out("run", "--rm", "cm:1", "cat", "/hello") == "hi\n"
        s("rmi", "cm:1")
    s("commit", "src", "cm:1")
    assert s.out("run", "--rm", "cm:1", "cat", "/hello") == "hi\n"


def build_setup(s, tmp):
    ctx = tmp / "ctx"
    ctx.mkdir()
    (ctx / "Dockerfile").write_text("FROM busybox\nRUN echo hi > /hello\n")
    return ["build", "-q", "-t", "bd:1", str(ctx)]


def build_verify(s, tmp):
    assert not exists(s, "image", "bd:1")  # the tag is the build's last step
    s("build", "-q", "-t", "bd:1", str(tmp / "ctx"))
    assert s.out("run", "--rm", "bd:1", "cat", "/hello") == "hi\n"


def create_setup(s, tmp):
    write_volume(s, "vol1")
    return ["create", "--name", "c1", "-v", "vol1:/data", "busybox", "cat", "/data/f"]


def create_verify(s, tmp):
    assert volume_kept(s, "vol1")
    if exists(s, "container", "c1"):
        assert s.out("start", "-a", "c1") == VOLUME_DATA  # whole: its layer, files and volume
        s("rm", "c1")
    s("create", "--name", "c1", "-v", "vol1:/data", "busybox", "cat", "/data/f")
    assert s.out("start", "-a", "c1") == VOLUME_DATA


def start_setup(s, tmp):
    write_volume(s, "vol1")
    s("create", "--name", "c1", "-v", "vol1:/data", "busybox", "sleep", "60")
    return ["start", "c1"]


def start_verify(s, tmp):
    assert volume_kept(s, "vol1")
    status = state(s, "c1")[0]
    if status == "running":
        assert_really_running(s, "c1")
        s("stop", "-t", "0", "c1")
    else:
        assert status in ("created", "exited")
        assert mounts_under(s.root) == []
    s("start", "c1")
    assert_really_running(s, "c1")
    assert s.out("exec", "c1", "cat", "/data/f") == VOLUME_DATA
    s("rm", "-f", "c1")


def stop_setup(s, tmp):
    s("run", "-d", "--name", "c1", "busybox", "sleep", "60")
    return ["stop", "-t", "0", "c1"]


def stop_verify(s, tmp):
    if state(s, "c1")[0] == "running":
        assert_really_running(s, "c1")
    s("stop", "-t", "0", "c1")
    assert state(s, "c1")[:2] == ["exited", "false"]
    assert mounts_under(s.root) == []


def exit_setup(s, tmp):
    # A foreground run records the exit itself: the kill cuts that short.
    return ["run", "--name", "c1", "busybox", "sh", "-c", "exit 3"]


def exit_verify(s, tmp):
    assert state(s, "c1")[:2] == ["exited", "false"]
    assert s.inspect("c1", "{{.State.ExitCode}}") == "3"  # its real status, from the monitor
    assert s("start", "-a", "c1", check=False).returncode == 3


def rm_setup(s, tmp):
    write_volume(s, "vol1")
    s("run", "--name", "c1", "-v", "vol1:/data", "busybox", "true")
    return ["rm", "c1"]


def rm_verify(s, tmp):
    assert volume_kept(s, "vol1")
    if exists(s, "container", "c1"):
        assert s.out("start", "-a", "c1") == ""
    else:
        s("create", "--name", "c1", "-v", "vol1:/data", "busybox", "true")
    s("rm", "c1")
    assert volume_kept(s, "vol1")


def volume_create_setup(s, tmp):
    return ["volume", "create", "nv"]


def volume_create_verify(s, tmp):
    if "nv" in s.lines("volume", "ls", "-q"):
        assert os.path.isdir(s.path("volumes", "nv", "_data"))
    assert s.out("volume", "create", "nv") == "nv\n"
    s("run", "--rm", "-v", "nv:/d", "busybox", "touch", "/d/x")
    s("volume", "rm", "nv")


def volume_rm_setup(s, tmp):
    write_volume(s, "vol1")
    return ["volume", "rm", "vol1"]


def volume_prune_setup(s, tmp):
    write_volume(s, "vol1")
    return ["volume", "prune", "-a", "-f"]


def volume_rm_verify(s, tmp):
    if not volume_kept(s, "vol1"):  # removed: make it again to repeat the removal
        write_volume(s, "vol1")
    s("volume", "rm", "vol1")
    assert "vol1" not in s.lines("volume", "ls", "-q")


def rmi_setup(s, tmp):
    small_tar(tmp / "img.tar")
    s("import", str(tmp / "img.tar"), "rm:1")
    return ["rmi", "rm:1"]


def rmi_verify(s, tmp):
    if not exists(s, "image", "rm:1"):
        s("import", str(tmp / "img.tar"), "rm:1")
    s("rmi", "rm:1")
    assert not exists(s, "image", "rm:1")


def prune_setup(s, tmp):
    small_tar(tmp / "img.tar")
    s("import", str(tmp / "img.tar"))  # untagged: dangling
    return ["image", "prune", "-f"]


def prune_verify(s, tmp):
    if len(s.lines("images", "-q")) == 1:  # only busybox: the prune happened
        s("import", str(tmp / "img.tar"))
    s("image", "prune", "-f")
    assert len(s.lines("images", "-q")) == 1


OPS = {
    "import": (import_setup, import_verify),
    "load": (load_setup, load_verify),
    "commit": (commit_setup, commit_verify),
    "build": (build_setup, build_verify),
    "create": (create_setup, create_verify),
    "start": (start_setup, start_verify),
    "stop": (stop_setup, stop_verify),
    "exit": (exit_setup, exit_verify),
    "rm": (rm_setup, rm_verify),
    "volume create": (volume_create_setup, volume_create_verify),
    "volume rm": (volume_rm_setup, volume_rm_verify),
    "volume prune": (volume_prune_setup, volume_rm_verify),
    "rmi": (rmi_setup, rmi_verify),
    "image prune": (prune_setup, prune_verify),
}

# Which operations reach each point (a build step commits its layer through commit's steps).
CASES = {
    "import.extracted": ["import"], "import.renamed": ["import"], "import.committed": ["import"],
    "load.scanned": ["load"], "load.renamed": ["load"], "load.committed": ["load"],
    "commit.prepared": ["commit"], "commit.renamed": ["commit", "build"], "commit.committed": ["commit"],
    "build.step-committed": ["build"],
    "create.recorded": ["create"], "create.layer": ["create"], "create.committed": ["create"],
    "start.mounted": ["start"], "start.created": ["start"], "start.recorded": ["start"],
    "stop.signalled": ["stop"], "exit.unmounted": ["exit"],
    "rm.recorded": ["rm"], "rm.unmounted": ["rm"], "rm.layer-removed": ["rm"],
    "volume-create.recorded": ["volume create"], "volume-create.renamed": ["volume create"],
    "volume-create.committed": ["volume create"],
    "volume-rm.committed": ["volume rm", "volume prune"], "volume-rm.moved": ["volume rm"],
    "rmi.committed": ["rmi"], "rmi.layer-removed": ["rmi"], "image-prune.committed": ["image prune"],
}
PARAMS = [(p, op) for p in sorted(CASES) for op in CASES[p]]


def test_every_fault_point_has_a_case():
    listed = fault_points()
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(CASES), "a fault point without a case here, or a case without its point"


def check_clean(s):
    p = s("system", "check", check=False)
    assert (p.returncode, p.stdout) == (0, ""), p.stdout + p.stderr


def no_leftovers(s):
    assert os.listdir(s.path("tmp")) == []
    assert [n for n in os.listdir(s.path("overlay2")) if n.startswith(".")] == []
    assert [n for n in os.listdir(s.path("intents")) if n != ".lock"] == []


@pytest.mark.parametrize("point,op", PARAMS, ids=[f"{p}-{op.replace(' ', '_')}" for p, op in PARAMS])
def test_killed_at_fault_point(strata, tmp_path, point, op):
    setup, verify = OPS[op]
    args = setup(strata, tmp_path)
    p = armed(strata, point, *args)
    assert p.returncode == -signal.SIGKILL, f"{point} not reached by {op}: {p.returncode} {p.stderr}"
    if PARAMS.index((point, op)) % 2:
        # Recovery by hand: check reports (a change cut short is named), --repair fixes.
        marks = [n for n in os.listdir(strata.path("intents")) if n != ".lock"]
        found = strata("system", "check", check=False)
        if marks:
            assert found.returncode == 1 and "interrupted operation: " in found.stdout
        strata("system", "check", "--repair")
    else:
        strata("ps", "-a")  # the next command's automatic recovery (and reconcile)
    check_clean(strata)
    no_leftovers(strata)
    verify(strata, tmp_path)
    check_clean(strata)
    no_leftovers(strata)


ERROR_SETUPS = {"import": import_setup, "load": load_setup, "commit": commit_setup}


@pytest.mark.parametrize("point", ["import.renamed", "load.renamed", "commit.renamed"])
def test_a_fault_point_can_fail_with_an_error(strata, tmp_path, point):
    """`<point>:error`: the change fails there (its transaction rolled back, the layer it had
    renamed into place taken back) and leaves nothing."""
    args = ERROR_SETUPS[point.split(".")[0]](strata, tmp_path)
    p = armed(strata, point + ":error", *args)
    assert p.returncode == 1 and f"Error: fault injected at {point}" in p.stderr
    assert len(strata.lines("images", "-q")) == 1  # busybox only
    check_clean(strata)
    no_leftovers(strata)


@pytest.mark.parametrize("point", ["import.committed", "load.committed", "commit.committed"])
def test_an_error_after_the_commit_keeps_the_change(strata, tmp_path, point):
    """An error once the transaction has committed must not take the recorded layers away."""
    op = point.split(".")[0]
    args = ERROR_SETUPS[op](strata, tmp_path)
    p = armed(strata, point + ":error", *args)
    assert p.returncode == 1 and f"Error: fault injected at {point}" in p.stderr
    assert len(strata.lines("images", "-q")) == 2  # busybox and the new image
    check_clean(strata)  # every layer record still has its directory
    if op == "commit":
        assert strata.out("run", "--rm", "cm:1", "cat", "/hello") == "hi\n"
    else:  # the layer's files are there: read one through the container's filesystem
        strata("create", "--name", "cc", "imp:1" if op == "import" else "ld:1", "/x")
        strata("cp", "cc:/hello", str(tmp_path / "got"))
        assert (tmp_path / "got").read_text() == "hello\n"


def check_finds(s, *expected):
    p = s("system", "check", check=False)
    assert p.returncode == 1, p.stdout + p.stderr
    for e in expected:
        assert e in p.stdout, p.stdout
    repaired = s("system", "check", "--repair")
    assert len(repaired.stdout.splitlines()) == len(p.stdout.splitlines())  # one line per action
    check_clean(s)
    return repaired.stdout


def test_check_finds_and_repairs_leftovers(strata):
    check_clean(strata)
    cid = strata.out("create", "--name", "keep", "busybox", "true").strip()
    orphan = strata.path("overlay2", "f" * 64)
    os.makedirs(orphan + "/diff")
    os.makedirs(strata.path("containers", "e" * 64))
    open(strata.path("tmp", "partial.tar"), "w").close()
    # A stale mount: the stopped container's rootfs left mounted.
    merged = strata.inspect("keep", "{{.GraphDriver.Data.MergedDir}}")
    os.makedirs(merged, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "stale", merged], check=True)
    out = check_finds(strata, "unreferenced layer directory " + "f" * 64,
                      "unreferenced container directory " + "e" * 64, "temporary partial.tar",
                      "stale mount " + merged)
    assert "unmounted stale mount " + merged in out and "removed temporary partial.tar" in out
    assert not os.path.exists(orphan) and mounts_under(strata.root) == []
    assert strata.out("start", "-a", "keep") == "" and os.path.isdir(strata.path("containers", cid))


def test_check_never_deletes_volume_data(strata):
    write_volume(strata, "vol1")
    strata("volume", "create", "empty")
    # A directory with data but no record (an rm or create cut short), a record with no directory.
    os.makedirs(strata.path("volumes", "ghost", "_data"))
    with open(strata.path("volumes", "ghost", "_data", "f"), "w") as f:
        f.write(VOLUME_DATA)
    subprocess.run(["rm", "-rf", strata.path("volumes", "empty")], check=True)
    out = check_finds(strata, "volume directory ghost has no record", "volume empty has no directory")
    assert "restored the record of volume ghost (its data kept)" in out
    assert volume_kept(strata, "ghost") and volume_kept(strata, "vol1")
    assert strata.out("run", "--rm", "-v", "empty:/d", "busybox", "ls", "/d") == ""


def alive(pid):
    """True while `pid` runs (a zombie, already dead, is not alive)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pid, timeout=5.0):
    """Waits (on a pidfd, no polling) until `pid` has exited; returns whether it did."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout)[0]) or not alive(pid)
    finally:
        os.close(fd)


def monitor_pids(s, cid):
    """(container init pid, monitor pid) from the monitor's state dir."""
    rundir = s.path("run", "containers", cid)
    with open(os.path.join(rundir, "pid")) as f, open(os.path.join(rundir, "shim.pid")) as g:
        return int(f.read()), int(g.read())


def test_a_frozen_container_whose_monitor_died_is_killed(strata):
    """A commit --pause killed while the container was paused leaves it frozen; if its monitor is
    killed too, the next command records the exit and leaves no process of it (a frozen process
    ignores SIGKILL until thawed, and a recorded pid is never trusted: the cgroup is)."""
    cid = strata.out("run", "-d", "--name", "fz", "busybox", "sleep", "600").strip()
    pid, shim = monitor_pids(strata, cid)
    subprocess.run(["runc", "--root", strata.path("run", "runc"), "pause", cid], check=True)
    os.kill(shim, signal.SIGKILL)
    assert wait_gone(shim)
    assert state(strata, "fz")[:2] == ["exited", "false"]  # the command's reconcile
    assert wait_gone(pid), "the container's process outlived its recorded exit"
    assert mounts_under(strata.root) == []
    strata("rm", "fz")


@pytest.mark.parametrize("cleanup", ["rm", "check"])
def test_a_start_cut_short_whose_monitor_died_leaves_no_process(strata, cleanup):
    """CLI killed after `runc create`, then its monitor killed: `runc init` waits on its fifo with
    nobody to start or stop it. rm -f of the container, or system check --repair, ends it."""
    cid = strata.out("create", "--name", "c1", "busybox", "sleep", "60").strip()
    p = armed(strata, "start.created", "start", "c1")
    assert p.returncode == -signal.SIGKILL, p.stderr
    init, shim = monitor_pids(strata, cid)
    os.kill(shim, signal.SIGKILL)
    assert wait_gone(shim)
    assert alive(init)  # runc init, waiting to be started
    if cleanup == "rm":
        strata("rm", "-f", "c1")
    else:
        out = strata.out("system", "check", "--repair")
        assert f"removed the runtime state and processes of container {cid}" in out, out
    assert wait_gone(init), "runc init outlived " + cleanup
    assert not os.path.exists(strata.path("run", "runc", cid))
    if cleanup == "check":
        strata("rm", "-f", "c1")
    check_clean(strata)


def test_a_late_exit_command_leaves_a_running_container_alone(strata):
    """The exit command of an earlier run (`container cleanup`, run by a monitor that was killed
    meanwhile) can arrive after the container was started again: it must not record an exit or
    unmount the running container (the soak found runc then building a container on the bare dir)."""
    cid = strata.out("run", "-d", "--name", "late", "busybox", "sleep", "60").strip()
    strata("container", "cleanup", cid)
    assert state(strata, "late")[:2] == ["running", "true"]
    assert strata.out("exec", "late", "cat", "/etc/hostname") == cid[:12] + "\n"
    merged = strata.inspect("late", "{{.GraphDriver.Data.MergedDir}}")
    assert os.path.ismount(merged)
    strata("rm", "-f", "late")


def test_check_records_a_dead_monitor(strata):
    cid = strata.out("run", "-d", "--name", "c1", "busybox", "sleep", "60").strip()
    with open(os.path.join(strata.root, "run", "containers", cid, "shim.pid")) as f:
        os.kill(int(f.read()), signal.SIGKILL)
    time.sleep(0.2)
    out = check_finds(strata, f"container {cid} is marked running but its monitor is gone")
    assert f"recorded the exit of container {cid}" in out
    assert state(strata, "c1")[:2] == ["exited", "false"]
    assert mounts_under(strata.root) == []
