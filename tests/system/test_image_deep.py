"""Deep images: Docker stops near 125 layers; Strata runs an image of 499 layers (overlayfs' 500
lower layers, one of them the container's init layer) and refuses anything deeper, at load and
at commit, with one clear line and nothing made."""
import os

from conftest import BUSYBOX_TAR
from image_archives import docker_archive, layer

MAX = 499


def deep_archive(n):
    layers = [open(BUSYBOX_TAR, "rb").read()] + [layer({f"deep/{i}": f"{i}\n"}) for i in range(1, n)]
    return docker_archive(layers, tags=(f"deep:{n}",), old_form=False)[0]


def layer_dirs(strata):
    return sorted(d for d in os.listdir(strata.path("overlay2")) if d != "l")


def test_499_layers_run_and_one_more_is_refused(strata, tmp_path):
    (tmp_path / "deep.tar").write_bytes(deep_archive(MAX))
    assert strata.out("load", "-i", str(tmp_path / "deep.tar"), timeout=600) == f"Loaded image: deep:{MAX}\n"
    out = strata.out("run", "--rm", f"deep:{MAX}", "sh", "-c", "ls /deep | wc -l; cat /deep/1 /deep/498")
    assert out.split() == ["498", "1", "498"]
    # A change on top would make layer 500: refused before anything is copied.
    strata("run", "--name", "top", f"deep:{MAX}", "sh", "-c", "echo x > /x")
    before = layer_dirs(strata), strata.out("images", "-q")
    p = strata("commit", "top", "deeper:v1", check=False)
    assert p.returncode == 1
    assert p.stderr.startswith("Error: max depth exceeded: the image would have 500 layers") and \
        len(p.stderr.splitlines()) == 1, p.stderr
    assert (layer_dirs(strata), strata.out("images", "-q")) == before
    # No change, no layer: that commit is fine.
    strata("create", "--name", "idle", f"deep:{MAX}")
    strata("commit", "idle", "same:v1")


def test_load_of_500_layers_is_refused_and_leaves_nothing(strata, tmp_path):
    (tmp_path / "deeper.tar").write_bytes(deep_archive(MAX + 1))
    before = layer_dirs(strata), sorted(os.listdir(strata.path("overlay2", "l")))
    p = strata("load", "-i", str(tmp_path / "deeper.tar"), check=False, timeout=600)
    assert p.returncode == 1
    assert p.stderr.startswith("Error: max depth exceeded: image sha256:") and "has 500 layers" in p.stderr, p.stderr
    assert (layer_dirs(strata), sorted(os.listdir(strata.path("overlay2", "l")))) == before
