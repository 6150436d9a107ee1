"""Container commands and their errors, as Docker words them."""
import json
import os
import time

import pytest


def test_run_foreground_output_and_exit_status(strata):
    p = strata("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3", check=False)
    assert p.returncode == 3
    assert p.stdout == "out\n"
    assert p.stderr == "err\n"
    assert strata.out("ps", "-aq") == ""  # --rm removed it


def test_run_defaults_path_workdir_hostname_user(strata):
    out = strata.out("run", "--name", "cd", "busybox", "sh", "-c", 'echo "$PATH"; pwd; hostname; id -u')
    path, cwd, host, uid = out.splitlines()
    assert path == "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    assert cwd == "/"
    cid = strata.inspect("cd", "{{.Id}}")
    assert host == cid[:12]
    assert uid == "0"


def test_users_get_dockers_groups_in_run_and_exec(strata):
    # Docker gives a process its primary group as a supplementary one too (`id`: groups=GID);
    # an exec as another user gets that user's groups only, never the container's.
    assert strata.out("run", "--rm", "busybox", "id").strip() == "uid=0(root) gid=0(root) groups=0(root)"
    assert strata.out("run", "--rm", "--user", "1234:5678", "busybox", "id").strip() == "uid=1234 gid=5678 groups=5678"
    strata("run", "-d", "--name", "ids", "--user", "1234:5678", "busybox", "sleep", "100")
    assert strata.out("exec", "ids", "id").strip() == "uid=1234 gid=5678 groups=5678"
    assert (strata.out("exec", "-u", "nobody", "ids", "id").strip()
            == "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)")
    assert strata.out("exec", "-u", "7:8", "ids", "id").strip() == "uid=7 gid=8 groups=8"
    assert strata.out("exec", "-e", "A=2", "-w", "/tmp", "ids", "sh", "-c", "echo $A $(pwd)").strip() == "2 /tmp"


def test_run_env_workdir_entrypoint_hostname(strata):
    out = strata.out("run", "--rm", "-e", "A=1", "-w", "/new/dir", "--hostname", "box",
                     "--entrypoint", "sh", "busybox", "-c", 'echo $A; pwd; hostname')
    assert out.splitlines() == ["1", "/new/dir", "box"]


def test_unknown_command_exits_127(strata):
    p = strata("run", "--rm", "busybox", "nosuchcmd", check=False)
    assert p.returncode == 127
    assert "executable file not found" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_unknown_strata_command_is_named_and_exits_1(strata):
    # Docker 20.10: "docker: unknown command: docker nosuch", status 1.
    p = strata("nosuch", "arg", check=False)
    assert p.returncode == 1
    assert p.stderr == "Error: unknown command: strata nosuch\nSee 'strata --help'.\n"
    assert strata("container", "ls", check=False).returncode == 0  # aliases still resolve


def test_unknown_image_exits_125(strata):
    p = strata("run", "--rm", "nosuchimage", check=False)
    assert p.returncode == 125
    assert "Unable to find image 'nosuchimage:latest' locally" in p.stderr
    assert strata.out("ps", "-aq") == ""


def test_name_conflict(strata):
    cid = strata.out("create", "--name", "same", "busybox").strip()
    p = strata("create", "--name", "same", "busybox", check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == (
        f'Error: Conflict. The container name "/same" is already in use by container "{cid}". '
        "You have to remove (or rename) that container to be able to reuse that name.")
    assert strata.out("ps", "-aq", "--no-trunc").split() == [cid]


def test_bad_name_makes_nothing(strata):
    p = strata("create", "--name", "bad name", "busybox", check=False)
    assert p.returncode == 1
    assert "Invalid container name (bad name)" in p.stderr
    assert strata.out("ps", "-aq") == ""
    assert os.listdir(strata.path("containers")) == []


def test_rm_running_needs_force(strata):
    cid = strata.out("run", "-d", "-t", "--name", "cr", "busybox").strip()
    p = strata("rm", "cr", check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == (f"Error: You cannot remove a running container {cid}. "
                                "Stop the container before attempting removal or force remove")
    assert strata.out("rm", "-f", "cr") == "cr\n"
    assert strata.out("ps", "-aq") == ""
    assert not os.path.exists(strata.path("containers", cid))


def test_exec_into_stopped_container(strata):
    cid = strata.out("create", "--name", "cs", "busybox").strip()
    p = strata("exec", "cs", "true", check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == f"Error: Container {cid} is not running"


def test_exec_status_env_workdir(strata):
    strata("run", "-d", "-t", "--name", "ce", "busybox")
    assert strata("exec", "ce", "sh", "-c", "exit 7", check=False).returncode == 7
    assert strata.out("exec", "-e", "X=y", "-w", "/tmp", "ce", "sh", "-c", "echo $X; pwd") == "y\n/tmp\n"
    assert strata("exec", "-i", "ce", "cat", input="piped\n").stdout == "piped\n"


@pytest.mark.parametrize("args,text", [
    (["/nosuch"], 'exec: "/nosuch": stat /nosuch: no such file or directory'),
    (["/etc"], 'exec: "/etc": permission denied'),
    (["nosuch"], 'exec: "nosuch": executable file not found in $PATH'),
    (["-e", "PATH=/nowhere", "ce", "sh"], 'exec: "sh": executable file not found in $PATH'),
    (["-w", "/data", "ce", "./missing"], 'exec: "./missing": stat ./missing: no such file or directory'),
])
def test_exec_command_errors_are_one_line_126(strata, args, text):
    # Docker 20.10's words and status; a command in a volume is found (the container's own view).
    strata("run", "-d", "--name", "ce", "-v", "ev:/data", "busybox", "sh", "-c",
           "printf '#!/bin/sh\\necho found\\n' > /data/hi; chmod +x /data/hi; sleep 60")
    p = strata("exec", *(args if "ce" in args else ["ce", *args]), check=False)
    assert p.returncode == 126
    assert p.stderr == ("Error: OCI runtime exec failed: exec failed: unable to start container process: "
                        f"{text}: unknown\n")
    for _ in range(50):
        if strata("exec", "ce", "test", "-x", "/data/hi", check=False).returncode == 0:
            break
        time.sleep(0.1)
    assert strata.out("exec", "-w", "/data", "ce", "./hi") == "found\n"
    assert strata.out("exec", "ce", "/data/hi") == "found\n"


def test_no_such_container_errors(strata):
    for cmd in (["diff"], ["stop"], ["rm"], ["inspect"], ["logs"], ["start"], ["kill"], ["wait"], ["exec", "x"]):
        args = cmd[:1] + ["nosuch"] + cmd[1:]
        p = strata(*args, check=False)
        assert p.returncode == 1, cmd
        assert "No such container: nosuch" in p.stderr or "No such object: nosuch" in p.stderr, cmd
    # Docker prefixes kill's failures.
    assert strata("kill", "nosuch", check=False).stderr == "Error: Cannot kill container: nosuch: No such container: nosuch\n"


def test_stop_start_keeps_layer(strata):
    strata("run", "-d", "-t", "--name", "ck", "busybox")
    strata("exec", "ck", "sh", "-c", "echo data > /kept")
    strata("stop", "-t", "1", "ck")
    assert strata.inspect("ck", "{{.State.Status}}") == "exited"
    strata("start", "ck")
    assert strata.inspect("ck", "{{.State.Running}}") == "true"
    assert strata.out("exec", "ck", "cat", "/kept") == "data\n"


def test_kill_and_wait(strata):
    strata("run", "-d", "-t", "--name", "cw", "busybox")
    assert strata.out("kill", "cw") == "cw\n"
    assert strata.out("wait", "cw") == "137\n"
    assert strata.inspect("cw", "{{.State.ExitCode}}") == "137"
    p = strata("kill", "cw", check=False)
    assert p.returncode == 1 and "is not running" in p.stderr


def test_logs_json_file(strata):
    strata("run", "--name", "cl", "busybox", "sh", "-c", "echo one; echo two >&2")
    p = strata("logs", "cl")
    assert p.stdout == "one\n" and p.stderr == "two\n"
    cid = strata.inspect("cl", "{{.Id}}")
    with open(strata.path("containers", cid, cid + "-json.log")) as f:
        entries = [json.loads(l) for l in f]
    assert {e["stream"] for e in entries} == {"stdout", "stderr"}
    assert all(e["time"].endswith("Z") for e in entries)


def test_ps_columns_and_format(strata):
    strata("run", "-d", "-t", "--name", "p1", "busybox")
    strata("create", "--name", "p2", "busybox")
    lines = strata.lines("ps")
    assert lines[0].split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert len(lines) == 2 and lines[1].endswith("p1") and '"sh"' in lines[1] and "Up " in lines[1]
    assert len(strata.lines("ps", "-a")) == 3
    assert sorted(strata.lines("ps", "-a", "--format", "{{.Names}} {{.State}}")) == ["p1 running", "p2 created"]


def test_inspect_graphdriver_and_state(strata):
    strata("run", "-d", "-t", "--name", "ci", "busybox")
    data = json.loads(strata.out("inspect", "ci"))
    assert isinstance(data, list) and len(data) == 1
    c = data[0]
    assert c["Name"] == "/ci"
    assert c["State"]["Status"] == "running" and c["State"]["Pid"] > 0
    gd = c["GraphDriver"]
    assert gd["Name"] == "overlay2"
    for key in ("LowerDir", "UpperDir", "WorkDir", "MergedDir"):
        assert gd["Data"][key].startswith(strata.path("overlay2"))
    assert os.path.ismount(gd["Data"]["MergedDir"])
    assert gd["Data"]["LowerDir"].split(":")[0].endswith("-init/diff")
    assert c["Config"]["Cmd"] == ["sh"] and c["Config"]["Tty"] is True


def test_etc_files_are_written_at_first_start_as_docker_does(strata):
    # docker create writes no hosts/hostname/resolv.conf and inspect shows "" paths until start.
    cid = strata.out("create", "--name", "ce", "-h", "box1", "busybox", "cat", "/etc/hostname").strip()
    assert strata.inspect("ce", "{{.HostsPath}}|{{.HostnamePath}}|{{.ResolvConfPath}}") == "||"
    assert sorted(os.listdir(strata.path("containers", cid))) == []
    assert strata.out("start", "-a", "ce") == "box1\n"
    assert strata.inspect("ce", "{{.HostnamePath}}") == strata.path("containers", cid, "hostname")
    with open(strata.path("containers", cid, "hosts")) as f:
        assert "127.0.1.1\tbox1\n" in f.read()
    assert strata.out("start", "-a", "ce") == "box1\n"  # a second start keeps them


def test_restart_after_engine_crash(strata):
    """Every engine process killed and the mounts gone (what a reboot does):
    ps -a shows the container exited, and start works."""
    strata("run", "-d", "-t", "--name", "boot", "busybox")
    strata("exec", "boot", "touch", "/survives")
    pid = int(strata.inspect("boot", "{{.State.Pid}}"))
    shim = int(open(strata.path("run", "containers", strata.inspect("boot", "{{.Id}}"), "shim.pid")).read())
    os.kill(shim, 9)
    os.kill(pid, 9)
    merged = strata.inspect("boot", "{{.GraphDriver.Data.MergedDir}}")
    time.sleep(0.2)
    os.system(f"umount -l {merged} 2>/dev/null")
    out = strata.out("ps", "-a", "--format", "{{.Names}} {{.State}}")
    assert out == "boot exited\n"
    strata("start", "boot")
    assert strata.out("exec", "boot", "ls", "/survives") == "/survives\n"


def test_rename(strata):
    a = strata.out("create", "--name", "ra", "busybox").strip()
    strata("create", "--name", "rb", "busybox")
    for new, text in [("rb", 'Error when allocating new name: Conflict. The container name "/rb" is already in use'),
                      ("ra", "Renaming a container with the same name as its current name"),
                      ("b@d", "Invalid container name (b@d), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")]:
        p = strata("rename", "ra", new, check=False)
        assert p.returncode == 1 and p.stderr.startswith("Error: " + text) and len(p.stderr.splitlines()) == 1
    strata("container", "rename", "ra", "rc")
    assert strata.inspect("rc", "{{.Id}}") == a and strata.inspect(a, "{{.Name}}") == "/rc"
    strata("create", "--name", "ra", "busybox")  # the old name is free again
    assert strata("rename", "nosuch", "x1", check=False).stderr == "Error: No such container: nosuch\n"
    assert strata("rename", "nosuch", "b@d", check=False).stderr == "Error: No such container: nosuch\n"  # looked up first


def test_pause_and_unpause(strata):
    """Docker's pause: the processes freeze (nothing runs), ps shows "(Paused)", exec and rm refuse
    with Docker's words, unpause lets them go on; stop of a paused container works."""
    cid = strata.out("run", "-d", "--name", "pz", "busybox", "sh", "-c",
                     "while true; do echo x >> /tmp/ticks; sleep 0.05; done").strip()
    strata("pause", "pz")
    assert strata.inspect("pz", "{{.State.Status}} {{.State.Paused}} {{.State.Running}}") == "paused true true"
    assert strata.out("ps", "--format", "{{.Names}}|{{.Status}}").strip().endswith("(Paused)")
    assert strata.lines("ps", "-q", "--filter", "status=paused") == [cid[:12]]
    assert strata.lines("ps", "-q", "--filter", "status=running") == []
    upper = strata.inspect("pz", "{{.GraphDriver.Data.UpperDir}}")
    ticks = os.path.join(upper, "tmp", "ticks")
    size = os.path.getsize(ticks)
    time.sleep(0.3)
    assert os.path.getsize(ticks) == size  # frozen: nothing written meanwhile
    p = strata("exec", "pz", "true", check=False)
    assert p.returncode == 1 and p.stderr == "Error: Container pz is paused, unpause the container before exec\n"
    p = strata("rm", "pz", check=False)
    assert p.stderr.startswith(f"Error: You cannot remove a paused container {cid}. Unpause and then stop")
    assert strata("pause", "pz", check=False).stderr == f"Error: Container {cid} is already paused\n"
    assert strata("start", "pz", check=False).stderr == (  # Docker's two lines
        "Error: cannot start a paused container, try unpause instead\nError: failed to start containers: pz\n")
    strata("commit", "pz", "pz:img")  # commit pauses on its own; a user's pause stays
    assert strata.inspect("pz", "{{.State.Status}}") == "paused" and os.path.getsize(ticks) == size
    strata("unpause", "pz")
    assert strata.inspect("pz", "{{.State.Status}} {{.State.Paused}}") == "running false"
    assert strata("unpause", "pz", check=False).stderr == f"Error: Container {cid} is not paused\n"
    for _ in range(100):
        if os.path.getsize(ticks) > size:
            break
        time.sleep(0.05)
    assert os.path.getsize(ticks) > size  # running again
    strata("pause", "pz")
    strata("stop", "-t", "1", "pz")  # a paused container stops: thawed, then signalled
    assert strata.inspect("pz", "{{.State.Status}} {{.State.Paused}}") == "exited false"
    assert strata("pause", "pz", check=False).stderr == f"Error: Container {cid} is not running\n"
    strata("rm", "pz")


def test_top_and_port(strata):
    """top: the host's ps limited to the container's processes, Docker's columns (ps -ef by default,
    the ps options given otherwise) and table padding; port: nothing is published."""
    cid = strata.out("run", "-d", "--name", "tp", "busybox", "sh", "-c", "sleep 301 & sleep 302").strip()
    pid = int(strata.inspect("tp", "{{.State.Pid}}"))
    lines = strata.lines("top", "tp")
    assert lines[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert lines[0].startswith("UID" + " " * 17 + "PID")  # columns at least 20 wide, as Docker's
    cmds = sorted(line.split(None, 7)[7] for line in lines[1:])
    assert cmds == ["sleep 301", "sleep 302"]  # busybox sh execs its last command
    assert str(pid) in [line.split()[1] for line in lines[1:]]
    assert strata.lines("top", "tp", "-o", "pid,comm")[0].split() == ["PID", "COMMAND"]
    assert len(strata.lines("container", "top", "tp", "-o", "pid")) == 3  # header + 2 processes
    assert strata.out("port", "tp") == ""
    p = strata("port", "tp", "80", check=False)
    assert p.returncode == 1 and p.stderr == "Error: No public port '80' published for tp\n"
    strata("stop", "-t", "0", "tp")
    p = strata("top", "tp", check=False)
    assert p.returncode == 1 and p.stderr == f"Error: Container {cid} is not running\n"
    assert strata("top", "nosuch", check=False).stderr == "Error: No such container: nosuch\n"
    strata("rm", "tp")
