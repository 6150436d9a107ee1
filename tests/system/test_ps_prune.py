"""Labels and env files on run/create, `ps` selection (--filter, -n, -l, -s, Mounts, Labels),
`container prune` and `system prune`, with Docker's texts."""
import os

import pytest


def names(strata, *args):
    return strata.out("ps", *args, "--format", "{{.Names}}").split()


def test_labels_and_env_files(strata, tmp_path):
    (tmp_path / "env").write_text("# comment\n\nA=1\nFROM_HOST\nUNSET_VAR\nB=two words\n")
    (tmp_path / "labels").write_text("tier=back\nbare\n")
    env = dict(os.environ, FROM_HOST="host")
    env.pop("UNSET_VAR", None)
    out = strata.out("run", "--name", "c1", "--env-file", str(tmp_path / "env"), "-e", "A=2",
                     "--label-file", str(tmp_path / "labels"), "-l", "app=web", "busybox", "env", env=env)
    got = set(out.splitlines())
    assert {"A=2", "FROM_HOST=host", "B=two words"} <= got and not any(l.startswith("UNSET_VAR") for l in got)
    assert strata.inspect("c1", "{{json .Config.Labels}}") == '{"app":"web","bare":"","tier":"back"}'
    p = strata("run", "--env-file", str(tmp_path / "nosuch"), "busybox", "true", check=False)
    assert p.returncode == 125 and p.stderr.strip() == f"Error: open {tmp_path}/nosuch: no such file or directory"
    (tmp_path / "bad").write_text("MY VAR=1\n")
    p = strata("run", "--env-file", str(tmp_path / "bad"), "busybox", "true", check=False)
    assert p.returncode == 125 and p.stderr.strip() == "Error: variable 'MY VAR' contains whitespaces"
    assert names(strata, "-a") == ["c1"]  # the failed runs made nothing


def test_ps_filters(strata):
    strata("run", "--name", "web1", "-l", "app=web", "-v", "data:/data", "busybox", "true")
    strata("run", "--name", "db1", "-l", "app=db", "busybox", "sh", "-c", "exit 3", check=False)
    strata("run", "-d", "--name", "up1", "-l", "app=web", "busybox", "sleep", "60")
    strata("create", "--name", "new1", "busybox")
    assert names(strata) == ["up1"]
    assert names(strata, "-a") == ["new1", "up1", "db1", "web1"]  # newest first
    assert names(strata, "--filter", "status=exited") == ["db1", "web1"]  # a status filter shows stopped ones
    assert names(strata, "-a", "--filter", "exited=3") == ["db1"]
    assert names(strata, "--filter", "exited=3") == []  # without -a: running ones only, as Docker
    assert names(strata, "-a", "--filter", "label=app=web") == ["up1", "web1"]
    assert names(strata, "-a", "--filter", "label=app") == ["up1", "db1", "web1"]
    assert names(strata, "-a", "--filter", "label=app", "--filter", "label=app=db") == ["db1"]
    assert names(strata, "-a", "--filter", "name=1$", "--filter", "status=created") == ["new1"]
    assert names(strata, "-a", "--filter", "name=^/db") == ["db1"]  # Docker matches "/name"
    assert names(strata, "-a", "--filter", "volume=data") == ["web1"]
    assert names(strata, "-a", "--filter", "volume=/data") == ["web1"]
    assert names(strata, "-a", "--filter", "ancestor=busybox") == ["new1", "up1", "db1", "web1"]
    assert names(strata, "-a", "--filter", "before=db1") == ["web1"]
    assert names(strata, "-a", "--filter", "since=db1") == ["new1", "up1"]
    assert names(strata, "-n", "2") == ["new1", "up1"]
    assert names(strata, "-l") == ["new1"]
    web = strata.inspect("web1", "{{.Id}}")
    assert strata.out("ps", "-aq", "--no-trunc", "--filter", "id=" + web[:5]).split() == [web]
    for bad, text in [("foo=bar", "Invalid filter 'foo'"), ("status=bogus", "Invalid filter 'status=bogus'")]:
        p = strata("ps", "--filter", bad, check=False)
        assert p.returncode == 1 and p.stderr.strip() == "Error: " + text
    row = strata.out("ps", "-a", "--filter", "name=web1", "--format", "{{.Mounts}}|{{.Labels}}")
    assert row.strip() == "data|app=web"


def test_ps_size(strata):
    strata("run", "--name", "sz", "busybox", "sh", "-c", "head -c 3000 /dev/zero > /f")
    lines = strata.lines("ps", "-a", "-s")
    assert lines[0].split()[-1] == "SIZE"
    size = strata.out("ps", "-a", "--format", "{{.Size}}").strip()
    assert size.startswith("3kB (virtual ") and lines[1].rstrip().endswith(size), lines[1]
    assert strata.out("ps", "-a", "--format", "{{.Size}}").startswith("3kB (virtual ")
    rw, root_fs = map(int, strata.out("inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "sz").split())
    assert rw == 3000 and root_fs == 3000 + int(strata.inspect("busybox", "{{.Size}}"))
    assert strata.out("ps", "-a", "--format", "{{.Names}}{{.Size}}").strip() == "sz" + \
        strata.out("ps", "-a", "--format", "{{.Size}}").strip()


def test_container_prune(strata):
    strata("run", "--name", "old1", "-l", "keep=yes", "busybox", "true")
    strata("run", "--name", "old2", "-v", "named:/n", "-v", "/anon", "busybox", "sh", "-c", "echo x > /n/f")
    strata("create", "--name", "new1", "busybox")
    strata("run", "-d", "--name", "up1", "busybox", "sleep", "60")
    p = strata("container", "prune", input="n\n")
    assert p.stdout == "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "
    assert len(names(strata, "-a")) == 4
    ids = {n: strata.inspect(n, "{{.Id}}") for n in ["old2", "new1"]}
    out = strata.out("container", "prune", "-f", "--filter", "label!=keep")
    lines = out.splitlines()
    assert lines[0] == "Deleted Containers:" and set(lines[1:3]) == set(ids.values())
    assert lines[3] == "" and lines[4].startswith("Total reclaimed space: ")
    assert sorted(names(strata, "-a")) == ["old1", "up1"]
    assert strata.out("volume", "ls", "-q").split().count("named") == 1  # volumes stay
    assert strata.out("container", "prune", "-f", "--filter", "until=1h").strip() == "Total reclaimed space: 0B"
    p = strata("container", "prune", "-f", "--filter", "foo=1", check=False)
    assert p.returncode == 1 and p.stderr.strip() == "Error: Invalid filter 'foo'"
    strata("container", "prune", "-f")
    assert names(strata, "-a") == ["up1"]


def test_system_prune(strata, tmp_path):
    strata("run", "--name", "c1", "-v", "/anon", "-v", "named:/n", "busybox", "sh", "-c", "echo x > /f")
    strata("commit", "c1", "kept:1")
    strata("run", "--name", "c2", "busybox", "true")
    strata("commit", "c2")  # a dangling image
    p = strata("system", "prune", "--volumes", input="n\n")
    assert p.stdout.startswith("WARNING! This will remove:\n  - all stopped containers\n"
                               "  - all anonymous volumes not used by at least one container\n  - all dangling images\n")
    assert len(names(strata, "-a")) == 2
    out = strata.out("system", "prune", "-f", "--volumes")
    assert "Deleted Containers:" in out and "Deleted Volumes:" in out and "Deleted Images:" in out
    assert names(strata, "-a") == []
    assert strata.out("volume", "ls", "-q").split() == ["named"]
    assert sorted(strata.out("images", "--format", "{{.Repository}}").split()) == ["busybox", "kept"]
    out = strata.out("system", "prune", "-f", "-a")
    assert "untagged: kept:1" in out and "untagged: busybox:latest" in out
    assert strata.out("images", "-q") == ""
    assert sorted(os.listdir(strata.path("overlay2"))) == ["l"]


def test_management_command_forms_and_inspect_of_volumes(strata):
    strata("container", "run", "--name", "m1", "-v", "mv:/d", "busybox", "true")
    assert strata.out("container", "ls", "-a", "--format", "{{.Names}}") == "m1\n"
    assert strata.out("image", "ls", "--format", "{{.Repository}}") == "busybox\n"
    assert strata.out("container", "inspect", "-f", "{{.Name}}", "m1") == "/m1\n"
    p = strata("container", "inspect", "busybox", check=False)
    assert p.returncode == 1 and p.stderr == "Error: No such container: busybox\n"
    assert strata.out("inspect", "-f", "{{.Mountpoint}}", "mv") == strata.path("volumes", "mv", "_data") + "\n"
    assert strata.out("inspect", "--type", "volume", "-f", "{{.Name}}", "mv") == "mv\n"
    strata("image", "tag", "busybox", "other:1")
    strata("container", "rm", "m1")
    assert "Untagged: other:1" in strata.out("image", "rm", "other:1")
    assert strata.out("container", "ls", "-aq") == ""


def test_info_reports_storage_like_docker(strata):
    strata("run", "--name", "i1", "busybox", "true")
    strata("run", "-d", "--name", "i2", "busybox", "sleep", "60")
    out = strata.out("info")
    for line in [" Containers: 2", "  Running: 1", "  Stopped: 1", " Images: 1", " Storage Driver: overlay2",
                 "  Supports d_type: true", " Logging Driver: json-file", f" Docker Root Dir: {strata.root}"]:
        assert line in out.splitlines(), line
    assert strata.out("info", "-f", "{{.Driver}} {{.ContainersRunning}}") == "overlay2 1\n"
    assert strata.out("system", "info", "--format", "{{.DockerRootDir}}") == strata.root + "\n"
    assert strata.out("version", "-f", "{{.Server.Version}}").strip() != ""
