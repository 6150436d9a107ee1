"""save / load / export: the round trip of the issue, the archive's two faces (Docker archive and
OCI layout), the formats load accepts, and export -> import."""
import gzip
import hashlib
import json
import os
import subprocess
import tarfile

from conftest import BUSYBOX_TAR
from image_archives import docker_archive, layer, oci_layout, sha


def ids(strata, ref):
    return strata.inspect(ref, "{{.Id}}"), strata.inspect(ref, "{{json .RootFS.Layers}}")


def layer_dirs(strata):
    return sorted(d for d in os.listdir(strata.path("overlay2")) if d != "l")


def make_three_commits(strata):
    steps = ["echo one > /one; rm /bin/ls", "rm -rf /etc; mkdir -p /etc; echo two > /etc/two || true",
             "echo three > /one; mkdir /d; echo x > /d/x"]
    ref = "busybox"
    for i, s in enumerate(steps):
        strata("run", "--name", f"c{i}", ref, "sh", "-c", s)
        ref = f"step:{i}"
        strata("commit", f"c{i}", ref)
    return ref


CHECK = "cat /one; ls /bin/ls 2>&1; ls /etc; cat /d/x"


def test_round_trip_gives_same_ids_and_files(strata, tmp_path):
    top = make_three_commits(strata)
    want_ids = ids(strata, top)
    want = strata.out("run", "--rm", top, "sh", "-c", CHECK)
    archive = tmp_path / "img.tar"
    strata("save", "-o", str(archive), top)
    strata("rm", "c0", "c1", "c2")
    strata("rmi", "step:2", "step:1", "step:0", "busybox")
    assert strata.out("images", "-q") == ""
    assert layer_dirs(strata) == []
    out = strata.out("load", "-i", str(archive))
    assert out == f"Loaded image: {top}\n"
    assert ids(strata, top) == want_ids
    assert strata.out("run", "--rm", top, "sh", "-c", CHECK) == want
    assert "No such file" in want and "two" not in want.split("\n")[0]


def test_saved_archive_is_a_docker_archive_and_an_oci_layout(strata, tmp_path):
    top = make_three_commits(strata)
    strata("tag", top, "other:x")
    archive = tmp_path / "img.tar"
    strata("save", "-o", str(archive), top, "other:x", "busybox")
    with tarfile.open(archive) as t:
        names = t.getnames()
        read = lambda n: t.extractfile(n).read()
        manifest = json.loads(read("manifest.json"))
        index = json.loads(read("index.json"))
        assert json.loads(read("oci-layout")) == {"imageLayoutVersion": "1.0.0"}
        for n in names:
            if n.startswith("blobs/sha256/") and t.getmember(n).isfile():
                assert hashlib.sha256(read(n)).hexdigest() == n.split("/")[-1], n
        by_tag = {m["RepoTags"][0] if len(m["RepoTags"]) == 1 else tuple(sorted(m["RepoTags"])): m for m in manifest}
    assert len(manifest) == 2  # step:2 and other:x are one image
    assert tuple(sorted([top, "other:x"])) in by_tag and "busybox:latest" in by_tag
    assert by_tag["busybox:latest"]["Layers"][0] in names
    refs = sorted(d["annotations"]["io.containerd.image.name"] for d in index["manifests"])
    assert refs == ["docker.io/library/busybox:latest", "docker.io/library/other:x", f"docker.io/library/{top}"]
    # Each layer once, though both images share busybox's.
    layer_blobs = [n for n in names if n.startswith("blobs/sha256/")]
    assert len(layer_blobs) == len(set(layer_blobs))


def test_whiteouts_and_opaque_dirs_survive(strata, tmp_path):
    strata("run", "--name", "cw", "busybox", "sh", "-c",
           "rm /bin/cat; mkdir -p /data/old; echo o > /data/old/f; echo k > /data/keep")
    strata("commit", "cw", "w:1")
    strata("run", "--name", "c2", "w:1", "sh", "-c", "rm -rf /data; mkdir /data; echo n > /data/new")
    strata("commit", "c2", "w:2")
    strata("save", "-o", str(tmp_path / "w.tar"), "w:2")
    strata("rm", "cw", "c2")
    strata("rmi", "w:2", "w:1")
    strata("load", "-i", str(tmp_path / "w.tar"))
    out = strata.out("run", "--rm", "w:2", "sh", "-c", "ls -A /data; ls /bin/cat 2>&1; true")
    assert out.splitlines() == ["new", "ls: /bin/cat: No such file or directory"]


def test_load_old_and_new_docker_forms_oci_layouts_and_compression(strata, tmp_path):
    l1 = open(BUSYBOX_TAR, "rb").read()
    l2 = layer({"a/two": "2\n", "bin/.wh.ls": ""})
    cases = {
        "old.tar": ("old:v1", docker_archive([l1, l2], tags=("old:v1",), old_form=True)),
        "new.tar": ("new:v1", docker_archive([l1, l2], tags=("new:v1",), old_form=False)),
        "oci.tar": ("oci:v1", oci_layout([l1, l2], tag="oci:v1")),
        "ocigz.tar": ("ocigz:v1", oci_layout([l1, l2], tag="ocigz:v1", compress="gzip")),
    }
    for name, (tag, (data, cfg_id)) in cases.items():
        (tmp_path / name).write_bytes(data)
        assert strata.out("load", "-i", str(tmp_path / name)) == f"Loaded image: {tag}\n", name
        assert strata.inspect(tag, "{{.Id}}") == cfg_id
        out = strata.out("run", "--rm", tag, "sh", "-c", "cat /a/two; ls /bin/ls 2>&1; true")
        assert out == "2\nls: /bin/ls: No such file or directory\n", name
    # The whole archive gzip'ed, on stdin.
    (tmp_path / "old.tar.gz").write_bytes(gzip.compress(cases["old.tar"][1][0]))
    with open(tmp_path / "old.tar.gz", "rb") as f:
        p = subprocess.run([*cmd(strata), "load"], stdin=f, capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout == "Loaded image: old:v1\n", p.stderr
    # All the same image on one set of layers (busybox's is the imported one).
    assert len({strata.inspect(t, "{{.Id}}") for t, _ in cases.values()}) == 1
    assert len(layer_dirs(strata)) == 2


def test_load_symlinked_layers_and_untagged(strata, tmp_path):
    l1 = open(BUSYBOX_TAR, "rb").read()

    def mutate(manifest, files):  # Docker 20.10 stores a repeated layer as a symlink to the first
        files["dup/layer.tar"] = (None, ("sym", "../" + manifest[0]["Layers"][0]))
        del files[manifest[0]["Layers"][1]]
        manifest[0]["Layers"][1] = "dup/layer.tar"

    data, cfg = docker_archive([l1, l1], tags=(), old_form=True, mutate=mutate)
    (tmp_path / "u.tar").write_bytes(data)
    assert strata.out("load", "-i", str(tmp_path / "u.tar")) == f"Loaded image ID: {cfg}\n"
    assert strata.out("run", "--rm", cfg[7:19], "echo", "ok") == "ok\n"
    assert len(layer_dirs(strata)) == 2  # the same blob in two stacks: two layer dirs


def test_load_replaces_tag_with_docker_message(strata, tmp_path):
    old = strata.inspect("busybox", "{{.Id}}")
    data, cfg = docker_archive([layer({"x": "1"})], tags=("busybox:latest",))
    (tmp_path / "b.tar").write_bytes(data)
    out = strata.lines("load", "-i", str(tmp_path / "b.tar"))
    assert out == [f"The image busybox:latest already exists, renaming the old one with ID {old} to empty string",
                   "Loaded image: busybox:latest"]


def test_save_errors(strata, tmp_path):
    p = strata("save", "-o", str(tmp_path / "x.tar"), "nosuch", check=False)
    assert p.returncode == 1 and p.stderr == "Error: No such image: nosuch\n"
    p = strata("save", "-o", str(tmp_path / "x.tar"), "busybox:nosuch", check=False)
    assert p.returncode == 1 and p.stderr == "Error: reference does not exist\n"
    p = strata("save", "-o", "/nonexistent/dir/x.tar", "busybox", check=False)
    assert p.returncode == 1
    assert p.stderr == ("Error: failed to save image: invalid output path: stat /nonexistent/dir: "
                        "no such file or directory\n")
    assert os.listdir(tmp_path) == []


def test_export_then_import_gives_an_equivalent_image(strata, tmp_path):
    strata("run", "--name", "cw", "busybox", "sh", "-c", "echo data > /made; rm /bin/ls; echo h > /etc/hosts")
    strata("export", "-o", str(tmp_path / "fs.tar"), "cw")
    with tarfile.open(tmp_path / "fs.tar") as t:
        names = set(t.getnames())
        assert t.getmember("etc/hosts").size == 0  # the init layer's empty file, not the bind mount
        assert t.extractfile("made").read() == b"data\n"
    assert "bin/ls" not in names and "bin/cat" in names and not any(".wh." in n for n in names)
    strata("import", str(tmp_path / "fs.tar"), "flat:v1")
    assert len(json.loads(strata.inspect("flat:v1", "{{json .RootFS.Layers}}"))) == 1
    assert strata.out("run", "--rm", "flat:v1", "sh", "-c", "cat /made; ls /bin/ls 2>&1; true") == \
        "data\nls: /bin/ls: No such file or directory\n"
    # A running container exports too, to stdout.
    strata("run", "-d", "--name", "up", "busybox", "sleep", "300")
    with open(tmp_path / "up.tar", "wb") as f:
        p = subprocess.run([*cmd(strata), "export", "up"], stdout=f, stderr=subprocess.PIPE)
    assert p.returncode == 0, p.stderr
    assert "bin/busybox" in tarfile.open(tmp_path / "up.tar").getnames()
    p = strata("export", "nosuch", "-o", str(tmp_path / "n.tar"), check=False)
    assert p.returncode == 1 and p.stderr == "Error: No such container: nosuch\n"


def cmd(strata):
    from conftest import STRATA
    return [STRATA, "--root", strata.root]
