"""--restart with Docker's parsing and texts, HostConfig.RestartPolicy as
inspect shows it, restarts on the container's own exit, and `start
--all-restartable` after a reboot (every engine process killed, every mount
under the root gone) bringing back exactly the containers Docker would."""
import json
import os
import signal
import time

import pytest

from conftest import mounts_under


@pytest.mark.parametrize("flag,error", [
    ("foo", "invalid restart policy 'foo'"),
    ("always:3", "maximum retry count cannot be used with restart policy 'always'"),
    ("no:1", "maximum retry count cannot be used with restart policy 'no'"),
    ("on-failure:x", "invalid restart policy format: maximum retry count must be an integer"),
    ("a:b:c", "invalid restart policy format: maximum retry count must be an integer"),
    ("on-failure:-1", "maximum retry count cannot be negative"),
])
def test_bad_policies_are_refused_with_dockers_text(strata, flag, error):
    p = strata("run", "-d", "--restart", flag, "busybox", check=False)
    assert p.returncode == 125 and p.stderr == f"Error: {error}\n"
    p = strata("create", "--restart", flag, "busybox", check=False)
    assert p.returncode != 0 and p.stderr == f"Error: {error}\n"
    assert strata.out("ps", "-aq") == ""


def test_restart_conflicts_with_rm(strata):
    p = strata("run", "--rm", "--restart", "always", "busybox", "true", check=False)
    assert p.returncode == 125 and p.stderr == "Error: Conflicting options: --restart and --rm\n"
    assert strata.out("ps", "-aq") == ""
    strata("create", "--rm", "--restart", "no", "busybox")  # "no" is no policy


@pytest.mark.parametrize("flag,name,count", [
    (None, "no", 0), ("", "", 0), ("always", "always", 0), ("unless-stopped", "unless-stopped", 0),
    ("on-failure", "on-failure", 0), ("on-failure:", "on-failure", 0), ("on-failure:5", "on-failure", 5),
])
def test_policy_shown_by_inspect(strata, flag, name, count):
    args = [] if flag is None else ["--restart", flag]
    cid = strata.out("create", *args, "busybox").strip()
    data = json.loads(strata.out("inspect", cid))[0]
    assert data["HostConfig"]["RestartPolicy"] == {"Name": name, "MaximumRetryCount": count}
    assert data["RestartCount"] == 0
    assert "HasBeenManuallyStopped" not in data["State"]


def wait_for(pred, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.1)
    return False


def test_monitor_restarts_a_container_that_exits_on_its_own(strata):
    strata("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3")
    strata("run", "-d", "--name", "good", "--restart", "on-failure", "busybox", "true")
    # Two restarts, then it stays down with its status.
    assert wait_for(lambda: strata.inspect("flaky", "{{.RestartCount}} {{.State.Status}}") == "2 exited")
    time.sleep(1.5)
    assert strata.inspect("flaky", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}") == "2 exited 3"
    assert strata.inspect("good", "{{.RestartCount}} {{.State.Status}}") == "0 exited"


def test_a_foreground_run_returns_the_status_and_its_policy_still_restarts_it(strata):
    # Docker: `docker run --restart on-failure:2 busybox sh -c 'exit 3'` exits 3, then dockerd
    # restarts the container twice in the background.
    p = strata("run", "--name", "fg", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3", check=False)
    assert p.returncode == 3
    assert wait_for(lambda: strata.inspect("fg", "{{.RestartCount}} {{.State.Status}}") == "2 exited")
    assert strata.inspect("fg", "{{.State.ExitCode}}") == "3"


def test_always_comes_back_after_its_process_dies_but_not_after_stop(strata):
    strata("run", "-d", "--name", "al", "--restart", "always", "busybox", "sleep", "1000")
    pid = int(strata.inspect("al", "{{.State.Pid}}"))
    os.kill(pid, signal.SIGKILL)
    assert wait_for(lambda: strata.inspect("al", "{{.RestartCount}} {{.State.Running}}") == "1 true")
    assert int(strata.inspect("al", "{{.State.Pid}}")) != pid
    strata("stop", "-t", "1", "al")
    time.sleep(1)
    assert strata.inspect("al", "{{.State.Status}}") == "exited"
    strata("start", "al")  # a user's start resets the count
    assert strata.inspect("al", "{{.RestartCount}} {{.State.Running}}") == "0 true"


def reboot(strata):
    """What a power cut does: every monitor and container process gone, no mount left."""
    for cid in strata.lines("ps", "-q", "--no-trunc"):
        rundir = strata.path("run", "containers", cid)
        pid = int(strata.inspect(cid, "{{.State.Pid}}"))
        shim = int(open(os.path.join(rundir, "shim.pid")).read())
        os.kill(shim, signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.3)
    for m in sorted(mounts_under(strata.root), key=len, reverse=True):
        os.system(f"umount -l {m} 2>/dev/null")
    assert mounts_under(strata.root) == []


def test_start_all_restartable_after_a_reboot(strata):
    def run(name, *args, cmd=("sleep", "1000")):
        strata("run", "-d", "--name", name, *args, "busybox", *cmd)
    run("always", "--restart", "always")
    run("always-stopped", "--restart", "always")  # dockerd's start-up brings it back too
    strata("stop", "-t", "1", "always-stopped")
    run("unless", "--restart", "unless-stopped")
    run("unless-stopped-by-user", "--restart", "unless-stopped")
    strata("stop", "-t", "1", "unless-stopped-by-user")
    run("unless-killed-by-user", "--restart", "unless-stopped")
    strata("kill", "unless-killed-by-user")
    run("onfail-running", "--restart", "on-failure:1")  # the crash records 255: retries remain
    run("onfail-ok", "--restart", "on-failure", cmd=("true",))
    run("onfail-spent", "--restart", "on-failure:1", cmd=("sh", "-c", "exit 4"))
    run("none")
    strata("create", "--name", "never-started", "--restart", "always", "busybox")
    assert wait_for(lambda: strata.inspect("onfail-spent", "{{.RestartCount}} {{.State.Status}}") == "1 exited")
    assert wait_for(lambda: strata.inspect("onfail-ok", "{{.State.Status}}") == "exited")

    reboot(strata)
    p = strata("start", "--all-restartable")
    want = {"always", "always-stopped", "unless", "onfail-running"}
    assert set(p.stdout.split()) == want and p.stderr == ""
    state = dict(l.split() for l in strata.lines("ps", "-a", "--format", "{{.Names}} {{.State}}"))
    assert {n for n, s in state.items() if s == "running"} == want
    for name in want:  # really running, with their mounts
        assert strata.out("exec", name, "echo", "up") == "up\n"
    assert strata.inspect("onfail-running", "{{.RestartCount}}") == "1"
    # Once more does nothing: they are running.
    assert strata.out("start", "--all-restartable") == ""


def test_start_all_restartable_takes_no_container(strata):
    p = strata("start", "--all-restartable", "x", check=False)
    assert p.returncode != 0 and p.stderr.startswith("Error: ")
