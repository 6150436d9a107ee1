"""import, images, tag, rmi, image inspect: Docker's behaviour and texts."""
import gzip
import json
import os
import subprocess

import pytest

from conftest import BUSYBOX_TAR


def test_import_compressed_forms_share_one_layer(strata, tmp_path):
    raw = open(BUSYBOX_TAR, "rb").read()
    gz = tmp_path / "bb.tar.gz"
    gz.write_bytes(gzip.compress(raw))
    zst = tmp_path / "bb.tar.zst"
    subprocess.run(["zstd", "-q", "-o", str(zst), BUSYBOX_TAR], check=True) if shutil_which("zstd") else None
    xz = tmp_path / "bb.tar.xz"
    subprocess.run(f"xz -c {BUSYBOX_TAR} > {xz}", shell=True, check=True)
    layers_before = set(os.listdir(strata.path("overlay2")))
    strata("import", str(gz), "bb:gz")
    strata("import", str(xz), "bb:xz")
    if zst.exists():
        strata("import", str(zst), "bb:zst")
    # The same uncompressed tar: one diff ID, stored once.
    assert set(os.listdir(strata.path("overlay2"))) == layers_before
    ids = {strata.inspect(t, "{{json .RootFS.Layers}}") for t in ("busybox", "bb:gz", "bb:xz")}
    assert len(ids) == 1


def shutil_which(name):
    import shutil
    return shutil.which(name)


def test_import_from_stdin_with_changes_and_message(strata):
    with open(BUSYBOX_TAR, "rb") as f:
        p = subprocess.run([*strata_cmd(strata), "import", "-c", "ENV A=1", "-c", "WORKDIR /tmp",
                            "-c", 'ENTRYPOINT ["/bin/echo"]', "-m", "my message", "-", "mine:v1"],
                           stdin=f, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("sha256:") and len(p.stdout.strip()) == 71
    cfg = json.loads(strata.out("image", "inspect", "mine:v1"))[0]
    assert cfg["Config"]["Env"] == ["A=1"]
    assert cfg["Config"]["WorkingDir"] == "/tmp"
    assert cfg["Comment"] == "my message"
    assert strata.out("run", "--rm", "mine:v1", "hi") == "hi\n"


def strata_cmd(strata):
    from conftest import STRATA
    return [STRATA, "--root", strata.root]


def test_import_rejects_bad_change_and_makes_nothing(strata):
    before = strata.out("images", "-q")
    p = strata("import", "-c", "FROB x", BUSYBOX_TAR, "bad:1", check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == "Error: FROB is not a valid change command"
    assert strata.out("images", "-q") == before


def test_images_columns_and_short_ids(strata):
    lines = strata.lines("images")
    assert lines[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"]
    cols = lines[1].split()
    assert cols[0] == "busybox" and cols[1] == "latest" and len(cols[2]) == 12
    full = strata.inspect("busybox", "{{.Id}}")
    assert full.startswith("sha256:") and full[7:19] == cols[2]


def test_tag_and_rmi_rules(strata):
    strata("tag", "busybox", "other:v2")
    img = strata.inspect("busybox", "{{.Id}}")
    assert strata.inspect("other:v2", "{{.Id}}") == img
    # Untagging one of two names keeps the image.
    assert strata.out("rmi", "other:v2") == "Untagged: other:v2\n"
    cid = strata.out("create", "busybox").strip()
    p = strata("rmi", "busybox", check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == (f'Error: conflict: unable to remove repository reference "busybox" (must force) - '
                                f"container {cid[:12]} is using its referenced image {img[7:19]}")
    p = strata("rmi", img[7:19], check=False)
    assert "image is being used by stopped container" in p.stderr and p.returncode == 1
    strata("rm", cid)
    out = strata.lines("rmi", "busybox")
    assert out[0] == "Untagged: busybox:latest"
    assert out[1] == f"Deleted: {img}"
    assert out[2].startswith("Deleted: sha256:")
    assert strata.out("images", "-q") == ""
    assert [d for d in os.listdir(strata.path("overlay2")) if d != "l"] == []


def test_rmi_running_cannot_be_forced(strata):
    strata("run", "-d", "-t", "--name", "up", "busybox")
    img = strata.inspect("busybox", "{{.Id}}")
    p = strata("rmi", "-f", img[7:19], check=False)
    assert p.returncode == 1
    assert "(cannot be forced) - image is being used by running container" in p.stderr


def test_unknown_image_and_bad_reference(strata):
    p = strata("rmi", "nosuch", check=False)  # Docker names the reference it looked for
    assert p.returncode == 1 and p.stderr.strip() == "Error: No such image: nosuch:latest"
    for ref, shown in (("library/nosuch", "nosuch:latest"), ("nosuch:v1", "nosuch:v1"), ("0123456789ab", "0123456789ab:latest")):
        assert strata("rmi", ref, check=False).stderr.strip() == "Error: No such image: " + shown
    assert strata("tag", "nosuch", "x:1", check=False).stderr.strip() == "Error: No such image: nosuch:latest"
    p = strata("tag", "busybox", "Bad:Name", check=False)
    assert p.returncode == 1 and "invalid reference format" in p.stderr
    p = strata("create", "Nope", check=False)
    assert p.returncode == 1


def test_hostile_tar_is_refused_and_leaves_nothing(strata, tmp_path):
    evil = tmp_path / "evil.tar"
    src = tmp_path / "src"
    src.mkdir()
    os.symlink("/", src / "escape")
    subprocess.run(["tar", "-C", str(src), "-cf", str(evil), "escape"], check=True)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "pwned").write_text("x")
    subprocess.run(["tar", "-C", str(tmp_path / "x"), "--transform", "s|^|escape/tmp/|", "-rf", str(evil), "pwned"],
                   check=True)
    layers = sorted(os.listdir(strata.path("overlay2")))
    p = strata("import", str(evil), "evil", check=False)
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1 and "symlink" in p.stderr
    assert not os.path.exists("/tmp/pwned")
    assert sorted(os.listdir(strata.path("overlay2"))) == layers
    assert strata.out("images", "-q", "evil") == ""


def test_non_root_fails_at_once(strata):
    p = subprocess.run([*strata_cmd(strata), "ps"], capture_output=True, text=True,
                       preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
    assert p.returncode != 0
    assert p.stderr.strip().splitlines() == ["Error: strata needs root privileges: run it as root (e.g. with sudo)"]


def test_layer_dirs_spread_over_block_groups(strata):
    # ext4: the layer home is an Orlov top dir (chattr +T), so a new layer does not land among
    # the inodes the last rmi freed (without a journal ext4 skips those one by one for 30 s).
    p = subprocess.run(["lsattr", "-d", strata.path("overlay2")], capture_output=True, text=True)
    fs = subprocess.run(["stat", "-f", "-c", "%T", strata.path("overlay2")], capture_output=True, text=True).stdout
    if p.returncode != 0 or "ext2/ext3" not in fs:
        pytest.skip("not ext4: no top-dir hint to check")
    assert "T" in p.stdout.split()[0]
