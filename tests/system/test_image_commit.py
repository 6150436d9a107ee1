"""commit: a container's writable layer as a new image (Docker's rules and texts), history,
rmi/image prune of what commit makes."""
import json
import os
import subprocess
import tarfile

import pytest

CHANGES = ("echo new > /new; echo more >> /etc/passwd; rm /bin/ls; "
           "rm -rf /root; mkdir /root; echo only > /root/only; mkdir -p /d/e; ln -s /new /d/link")


def layers(strata, ref):
    return json.loads(strata.inspect(ref, "{{json .RootFS.Layers}}"))


def layer_dirs(strata):
    return sorted(d for d in os.listdir(strata.path("overlay2")) if d != "l")


def test_commit_makes_an_image_with_exactly_the_changes(strata):
    strata("run", "--name", "src", "busybox", "sh", "-c", CHANGES)
    out = strata.out("commit", "-a", "me <me@x>", "-m", "my change", "-c", "ENV A=1", "-c", 'CMD ["cat", "/new"]',
                     "src", "mine:v1").strip()
    assert out.startswith("sha256:") and len(out) == 71
    assert strata.inspect("mine:v1", "{{.Id}}") == out
    info = json.loads(strata.out("image", "inspect", "mine:v1"))[0]
    assert info["Author"] == "me <me@x>"
    assert info["Comment"] == "my change"
    assert "A=1" in info["Config"]["Env"]
    assert info["Config"]["Cmd"] == ["cat", "/new"]
    assert layers(strata, "mine:v1")[:-1] == layers(strata, "busybox")
    assert len(layers(strata, "mine:v1")) == 2
    # A container of the new image sees exactly the committed changes.
    assert strata.out("run", "--rm", "mine:v1") == "new\n"
    script = ("tail -n1 /etc/passwd; ls /bin/ls 2>&1; ls -A /root; readlink /d/link; ls /bin/cat; echo $A; "
              "ls -d /root /d/e")
    out = strata.out("run", "--rm", "mine:v1", "sh", "-c", script)
    assert out.splitlines() == ["more", "ls: /bin/ls: No such file or directory", "only", "/new", "/bin/cat", "1",
                                "/d/e", "/root"]


def test_commit_layer_has_no_init_files_and_whiteouts_as_oci(strata, tmp_path):
    strata("run", "--name", "src", "busybox", "sh", "-c", CHANGES)
    strata("commit", "src", "mine:v1")
    strata("save", "-o", str(tmp_path / "a.tar"), "mine:v1")
    with tarfile.open(tmp_path / "a.tar") as outer:
        top = layers(strata, "mine:v1")[-1][7:]
        inner = tarfile.open(fileobj=outer.extractfile(f"blobs/sha256/{top}"))
        names = inner.getnames()
    for init in (".dockerenv", "etc/hosts", "etc/hostname", "etc/resolv.conf", "dev/console", "proc/", "sys/"):
        assert init not in names
    assert "bin/.wh.ls" in names
    assert "root/.wh..wh..opq" in names
    assert "new" in names and "etc/passwd" in names


def test_commit_without_changes_adds_no_layer(strata):
    strata("create", "--name", "idle", "busybox")
    strata("commit", "idle", "same:v1")
    assert layers(strata, "same:v1") == layers(strata, "busybox")
    rows = strata.lines("history", "--format", "{{.Size}}|{{.CreatedBy}}", "same:v1")
    assert rows[0] == "0B|sh"
    assert strata.out("run", "--rm", "same:v1", "echo", "ok") == "ok\n"


def test_commit_running_container_pauses_and_resumes_it(strata):
    strata("run", "-d", "--name", "up", "busybox", "sh", "-c", "echo live > /live; sleep 300")
    strata("exec", "up", "sh", "-c", "test -f /live")
    strata("commit", "up", "live:v1")
    assert strata.inspect("up", "{{.State.Status}}") == "running"
    assert strata.out("exec", "up", "echo", "still") == "still\n"  # not left frozen
    strata("commit", "--pause=false", "up", "live:v2")
    assert strata.out("run", "--rm", "live:v1", "cat", "/live") == "live\n"
    assert strata.out("run", "--rm", "live:v2", "cat", "/live") == "live\n"


def test_commit_errors_leave_nothing(strata):
    strata("run", "--name", "src", "busybox", "sh", "-c", "echo x > /x")
    before = layer_dirs(strata), strata.out("images", "-q")
    p = strata("commit", "-c", "FROB x", "src", "bad:v1", check=False)
    assert p.returncode == 1 and p.stderr == "Error: FROB is not a valid change command\n"
    p = strata("commit", "nosuch", check=False)
    assert p.returncode == 1 and p.stderr == "Error: No such container: nosuch\n"
    p = strata("commit", "src", "Bad:Tag", check=False)
    assert p.returncode == 1 and "invalid reference format" in p.stderr
    assert (layer_dirs(strata), strata.out("images", "-q")) == before


def test_history_of_commits(strata):
    strata("run", "--name", "c1", "busybox", "sh", "-c", "echo 12345 > /f")
    strata("commit", "-m", "first", "c1", "h:1")
    strata("run", "--name", "c2", "h:1", "sh", "-c", "echo 1 > /g")
    strata("commit", "c2", "h:2")
    lines = strata.lines("history", "h:2")
    assert lines[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    ids = [strata.inspect(r, "{{.Id}}")[7:19] for r in ("h:2", "h:1", "busybox")]
    assert [line.split()[0] for line in lines[1:]] == ids
    rows = strata.lines("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}", "h:2")
    assert rows[0] == f"{strata.inspect('h:2', '{{.Id}}')}|sh -c echo 1 > /g|2B|"
    assert rows[1].split("|")[1:] == ["sh -c echo 12345 > /f", "6B", "first"]
    assert rows[2].split("|")[3].startswith("Imported from ")
    assert strata.lines("history", "-q", "h:2") == ids
    raw = strata.lines("history", "-H=false", "--format", "{{.CreatedSince}} {{.Size}}", "h:2")
    assert raw[0].endswith(" 2") and raw[0][:4].isdigit() and "T" in raw[0]
    p = strata("history", "nosuch", check=False)
    assert p.returncode == 1 and p.stderr == "Error: No such image: nosuch:latest\n"  # Docker's words


def test_rmi_keeps_shared_layers_and_prunes_untagged_parents(strata):
    base = layer_dirs(strata)
    strata("run", "--name", "c1", "busybox", "sh", "-c", "echo 1 > /one")
    mid = strata.out("commit", "c1").strip()  # untagged
    strata("run", "--name", "c2", mid, "sh", "-c", "echo 2 > /two")
    strata("commit", "c2", "top:v1")
    strata("rm", "c1", "c2")
    p = strata("rmi", mid[7:19], check=False)
    assert p.returncode == 1
    assert p.stderr == f"Error: conflict: unable to delete {mid[7:19]} (cannot be forced) - image has dependent child images\n"
    out = strata.lines("rmi", "top:v1")
    assert out[0] == "Untagged: top:v1"
    deleted = [l.split()[1] for l in out[1:]]
    assert mid in deleted  # the untagged parent went too (Docker's prune of parents)
    assert strata.out("images", "-q") == strata.inspect("busybox", "{{.Id}}")[7:19] + "\n"
    assert layer_dirs(strata) == base  # busybox's layer stays, the two new ones are gone


def test_image_prune_dangling_and_all(strata):
    strata("run", "--name", "c1", "busybox", "sh", "-c", "echo 1 > /one")
    dangling = strata.out("commit", "c1").strip()
    kept = strata.out("commit", "c1", "kept:v1").strip()
    strata("rm", "c1")
    p = strata("image", "prune", input="n\n")
    assert "WARNING! This will remove all dangling images." in p.stdout
    assert strata.inspect(dangling, "{{.Id}}") == dangling
    out = strata.out("image", "prune", "-f")
    lines = out.splitlines()
    assert lines[0] == "Deleted Images:"
    assert f"deleted: {dangling}" in lines
    # Both commits of c1 made the same layer (content addressed): it stays with kept:v1.
    assert lines[-1] == "Total reclaimed space: 0B"
    assert strata.inspect("kept:v1", "{{.Id}}") == kept
    assert strata.out("image", "prune", "-f") == "Total reclaimed space: 0B\n"
    strata("create", "--name", "user", "busybox")
    out = strata.out("image", "prune", "-a", "-f")
    assert "untagged: kept:v1" in out and f"deleted: {kept}" in out
    assert strata.out("images", "--format", "{{.Repository}}") == "busybox\n"  # in use: kept
