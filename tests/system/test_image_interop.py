"""Saved images go to and come from other tools: skopeo and umoci (OCI), and Docker itself when
its daemon runs here (those tests skip, saying so, when it does not)."""
import json
import os
import shutil
import subprocess
import tarfile
import uuid

import pytest

from conftest import BUSYBOX_TAR


def need(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (scripts/setup.sh installs it)")


def docker_ok():
    return shutil.which("docker") and subprocess.run(["docker", "info"], capture_output=True).returncode == 0


def sh(*cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{cmd}: {p.stderr}"
    return p.stdout


def saved_image(strata, tmp_path):
    strata("run", "--name", "mk", "busybox", "sh", "-c", "echo made > /made; rm /bin/ls; rm -rf /root; mkdir /root")
    strata("commit", "-c", "ENV FROM=strata", "mk", "interop:v1")
    path = tmp_path / "img.tar"
    strata("save", "-o", str(path), "interop:v1")
    return path


def test_skopeo_reads_both_faces_and_writes_what_strata_loads(strata, tmp_path):
    need("skopeo")
    path = saved_image(strata, tmp_path)
    layers = json.loads(strata.inspect("interop:v1", "{{json .RootFS.Layers}}"))
    for transport in ("docker-archive", "oci-archive"):
        info = json.loads(sh("skopeo", "inspect", f"{transport}:{path}"))
        assert info["Layers"] == layers, transport
        assert "FROM=strata" in info["Env"]
    # skopeo's own OCI archive (its OCI config, manifest and layout) loads back and runs.
    sh("skopeo", "copy", f"docker-archive:{path}", f"oci-archive:{tmp_path / 'sk.tar'}:skopeo:v1")
    out = strata.out("load", "-i", str(tmp_path / "sk.tar"))
    assert out == "Loaded image: skopeo:v1\n"
    assert json.loads(strata.inspect("skopeo:v1", "{{json .RootFS.Layers}}")) == layers
    assert strata.out("run", "--rm", "skopeo:v1", "sh", "-c", "cat /made; echo $FROM") == "made\nstrata\n"


def test_umoci_unpacks_the_layout_and_strata_loads_umoci_changes(strata, tmp_path):
    need("umoci")
    path = saved_image(strata, tmp_path)
    layout = tmp_path / "layout"
    layout.mkdir()
    with tarfile.open(path) as t:
        t.extractall(layout)
    assert "v1" in sh("umoci", "ls", "--layout", str(layout)).split()
    bundle = tmp_path / "bundle"
    sh("umoci", "unpack", "--image", f"{layout}:v1", str(bundle))
    root = bundle / "rootfs"
    assert (root / "made").read_text() == "made\n"
    assert not os.path.lexists(root / "bin/ls") and os.path.lexists(root / "bin/cat")
    assert os.listdir(root / "root") == []
    # umoci adds a (gzip'ed) layer and a tag; the layout, tarred, loads into Strata.
    (root / "by-umoci").write_text("u\n")
    sh("umoci", "repack", "--image", f"{layout}:umoci", str(bundle))
    shutil.rmtree(bundle)
    with tarfile.open(tmp_path / "umoci.tar", "w") as t:
        for name in os.listdir(layout):
            t.add(layout / name, arcname=name)
    out = strata.lines("load", "-i", str(tmp_path / "umoci.tar"))
    # umoci's tag is its OCI ref name on our image name.
    assert out == ["Loaded image: interop:v1", "Loaded image: interop:umoci"]
    ref = "interop:umoci"
    assert strata.out("run", "--rm", ref, "cat", "/by-umoci", "/made") == "u\nmade\n"


@pytest.fixture
def docker_names():
    if not docker_ok():
        pytest.skip("dockerd is not reachable here: the Docker round trips need it")
    tag = uuid.uuid4().hex[:10]
    names = {"base": f"strata-interop-base:{tag}", "img": f"strata-interop:{tag}", "ctr": f"strata-interop-{tag}",
             "from-strata": f"interop:v1"}
    yield names
    subprocess.run(["docker", "rm", "-f", names["ctr"]], capture_output=True)
    subprocess.run(["docker", "rmi", "-f", names["img"], names["base"], names["from-strata"]], capture_output=True)


def test_strata_image_loads_and_runs_in_docker(strata, tmp_path, docker_names):
    path = saved_image(strata, tmp_path)
    sh("docker", "load", "-i", str(path))
    assert sh("docker", "inspect", "-f", "{{.Id}}", "interop:v1").strip() == strata.inspect("interop:v1", "{{.Id}}")
    out = sh("docker", "run", "--rm", "interop:v1", "sh", "-c", "cat /made; echo $FROM; ls /bin/ls 2>&1; ls -A /root")
    assert out == "made\nstrata\nls: /bin/ls: No such file or directory\n"


def test_docker_image_loads_and_runs_in_strata(strata, tmp_path, docker_names):
    n = docker_names
    sh("docker", "import", "-c", 'CMD ["sh"]', BUSYBOX_TAR, n["base"])
    sh("docker", "run", "--name", n["ctr"], n["base"], "sh", "-c", "echo d > /from-docker; rm /bin/cat; rm -rf /etc; mkdir -p /etc")
    sh("docker", "commit", "-c", "ENV BY=docker", n["ctr"], n["img"])
    sh("docker", "save", "-o", str(tmp_path / "d.tar"), n["img"])
    out = strata.out("load", "-i", str(tmp_path / "d.tar"))
    assert out == f"Loaded image: {n['img']}\n"
    want_id = sh("docker", "inspect", "-f", "{{.Id}}", n["img"]).strip()
    assert strata.inspect(n["img"], "{{.Id}}") == want_id
    out = strata.out("run", "--rm", n["img"], "sh", "-c", "cat /from-docker; echo $BY; ls /bin/cat 2>&1; ls /etc; true")
    assert out.splitlines()[:3] == ["d", "docker", "ls: /bin/cat: No such file or directory"]
    assert "passwd" not in out  # Docker's opaque /etc kept the image's out
    # And history reads Docker's config like Docker does.
    ours = strata.lines("history", "--format", "{{.CreatedBy}}|{{.Size}}|{{.Comment}}", n["img"])
    theirs = sh("docker", "history", "--format", "{{.CreatedBy}}|{{.Size}}|{{.Comment}}", n["img"]).splitlines()
    assert ours == theirs
