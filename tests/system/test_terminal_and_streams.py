"""Interactive terminals, attach and follow: run -it, start -a/-i, logs -f,
exec -d, restart, --network none."""
import os
import pty
import select
import subprocess
import time

from conftest import STRATA


def read_until(fd, needle, timeout=10):
    buf = b""
    end = time.time() + timeout
    while needle not in buf and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf


def test_run_it_is_an_interactive_shell_in_a_terminal(strata):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(STRATA, [STRATA, "--root", strata.root, "run", "-it", "--name", "tty1", "busybox", "sh"])
    assert b"# " in read_until(fd, b"# ")
    os.write(fd, b"tty; echo marker-$((6*7))\n")
    out = read_until(fd, b"marker-42")
    assert b"/dev/pts/0" in out and b"marker-42" in out
    os.write(fd, b"exit 5\n")
    read_until(fd, b"zzz", timeout=3)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 5
    assert strata.inspect("tty1", "{{.State.ExitCode}}") == "5"


def test_run_d_t_keeps_running_and_start_a_attaches(strata):
    strata("run", "-d", "-t", "--name", "bg", "busybox")
    time.sleep(0.3)
    assert strata.inspect("bg", "{{.State.Running}}") == "true"
    strata("create", "--name", "once", "busybox", "sh", "-c", "echo attached-out; exit 4")
    p = strata("start", "-a", "once", check=False)
    assert p.returncode == 4 and p.stdout == "attached-out\n"


def test_start_i_forwards_stdin(strata):
    strata("create", "-i", "--name", "cat1", "busybox", "cat")
    p = strata("start", "-a", "-i", "cat1", input="through stdin\n")
    assert p.stdout == "through stdin\n"


def test_logs_follow_until_exit(strata):
    strata("run", "-d", "--name", "fol", "busybox", "sh", "-c", "echo a; sleep 1; echo b")
    p = subprocess.run([STRATA, "--root", strata.root, "logs", "-f", "fol"], capture_output=True, text=True, timeout=20)
    assert p.stdout == "a\nb\n"


def test_exec_detach_runs_in_background(strata):
    strata("run", "-d", "-t", "--name", "ed", "busybox")
    assert strata.out("exec", "-d", "ed", "sh", "-c", "sleep 0.2; echo done > /tmp/flag") == ""
    time.sleep(1)
    assert strata.out("exec", "ed", "cat", "/tmp/flag") == "done\n"


def test_restart_runs_again_with_same_layer(strata):
    strata("run", "-d", "-t", "--name", "rs", "busybox")
    pid1 = strata.inspect("rs", "{{.State.Pid}}")
    strata("exec", "rs", "touch", "/mark")
    assert strata.out("restart", "-t", "0", "rs") == "rs\n"
    assert strata.inspect("rs", "{{.State.Pid}}") != pid1
    assert strata.out("exec", "rs", "ls", "/mark") == "/mark\n"


def test_network_none_has_only_loopback(strata):
    out = strata.out("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net")
    assert out.split() == ["lo"]
    host = sorted(os.listdir("/sys/class/net"))
    assert strata.out("run", "--rm", "busybox", "ls", "/sys/class/net").split() == host


def test_stop_on_stopped_and_created_is_quiet(strata):
    strata("create", "--name", "never", "busybox")
    assert strata.out("stop", "never") == "never\n"
    assert strata.inspect("never", "{{.State.Status}}") == "created"
