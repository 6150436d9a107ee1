"""`build`: each Dockerfile instruction, Docker's legacy-builder output, the cache."""
import io
import json
import os
import re
import tarfile

import pytest


def write(ctx, files):
    for name, content in files.items():
        path = ctx / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return ctx


def tar_bytes(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, data in members.items():
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.uid, ti.gid = 7, 8
            t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def config(strata, ref):
    return json.loads(strata.out("image", "inspect", "-f", "{{json .Config}}", ref))


ALL = """\
ARG BASE=busybox
FROM $BASE
ARG V=1
ENV A=hello B=$V
LABEL x=y "z z"="w"
WORKDIR /app
COPY a.txt .
COPY --chown=1:2 sub /s/
ADD t.tar /t/
ADD plain.txt /t/
RUN echo run $A $B && ls /app && echo made > /app/made
USER nobody
EXPOSE 80 53/udp
VOLUME /data
STOPSIGNAL SIGINT
ENTRYPOINT ["sh", "-c"]
CMD ["echo $A from cmd"]
"""


@pytest.fixture
def ctx(tmp_path):
    return write(tmp_path, {"Dockerfile": ALL, "a.txt": "hi\n", "sub/s.txt": "s\n", "plain.txt": "p\n",
                            "t.tar": tar_bytes({"in-tar/f": b"from tar\n"})})


def test_each_instruction(strata, ctx):
    p = strata("build", "-t", "built:1", "--build-arg", "V=2", str(ctx))
    lines = p.stdout.splitlines()
    steps = [l for l in lines if l.startswith("Step ")]
    assert steps[:2] == ["Step 1/17 : ARG BASE=busybox", "Step 2/17 : FROM $BASE"]
    assert steps[-1] == 'Step 17/17 : CMD ["echo $A from cmd"]'
    assert "run hello 2" in lines and "a.txt" in lines
    assert any(re.fullmatch(r" ---> Running in [0-9a-f]{12}", l) for l in lines)
    assert any(re.fullmatch(r"Removing intermediate container [0-9a-f]{12}", l) for l in lines)
    image_id = strata.inspect("built:1", "{{.Id}}")
    assert lines[-2:] == [f"Successfully built {image_id[7:19]}", "Successfully tagged built:1"]
    cfg = config(strata, "built:1")
    assert cfg["Env"] == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=hello", "B=2"]
    assert cfg["Labels"] == {"x": "y", "z z": "w"}
    assert cfg["WorkingDir"] == "/app" and cfg["User"] == "nobody" and cfg["StopSignal"] == "SIGINT"
    assert cfg["ExposedPorts"] == {"80/tcp": {}, "53/udp": {}}
    assert cfg["Volumes"] == {"/data": {}}
    assert cfg["Entrypoint"] == ["sh", "-c"] and cfg["Cmd"] == ["echo $A from cmd"]
    assert strata.out("run", "--rm", "built:1") == "hello from cmd\n"
    listing = strata.out("run", "--rm", "--entrypoint", "sh", "built:1", "-c",
                         "stat -c '%n %u:%g' /app/a.txt /s/s.txt /t/in-tar/f; cat /t/plain.txt /app/made; id -u; pwd")
    assert listing.splitlines() == ["/app/a.txt 0:0", "/s/s.txt 1:2", "/t/in-tar/f 7:8", "p", "made", "65534", "/app"]
    # Nothing of the build is left but the image: no containers, no intermediate images.
    assert strata.out("ps", "-aq") == ""
    assert sorted(strata.out("images", "--format", "{{.Repository}}:{{.Tag}}").split()) == ["built:1", "busybox:latest"]


def test_second_build_reuses_every_layer(strata, ctx):
    first = strata.out("build", "-t", "c:1", str(ctx))
    second = strata.out("build", "-t", "c:2", str(ctx))
    assert "Using cache" not in first
    n = second.count("Step ")
    assert second.count(" ---> Using cache") == n - 2  # every step but the global ARG and FROM
    assert "Running in" not in second
    assert strata.inspect("c:1", "{{.Id}}") == strata.inspect("c:2", "{{.Id}}")
    # A changed file: the steps before it still come from the cache, it and the rest do not.
    (ctx / "sub" / "s.txt").write_text("changed\n")
    third = strata.out("build", "-t", "c:3", str(ctx))
    assert third.count(" ---> Using cache") == 5  # ARG, ENV, LABEL, WORKDIR, COPY a.txt
    assert strata.out("run", "--rm", "--entrypoint", "cat", "c:3", "/s/s.txt") == "changed\n"
    # A different build arg changes what RUN sees: rebuilt from there.
    fourth = strata.out("build", "--build-arg", "V=9", str(ctx))
    assert "run hello 9" in fourth
    assert "Using cache" not in strata.out("build", "--no-cache", str(ctx))


def test_volume_in_built_image(strata, tmp_path):
    write(tmp_path, {"Dockerfile": "FROM busybox\nVOLUME /data\nRUN echo lost > /data/f\nCMD [\"ls\", \"/data\"]\n"})
    strata("build", "-t", "vol", str(tmp_path))
    assert config(strata, "vol")["Volumes"] == {"/data": {}}
    # A RUN after VOLUME writes into a throwaway volume (Docker's rule); a container gets its own.
    assert strata.out("run", "--name", "v1", "vol") == ""
    mounts = json.loads(strata.out("inspect", "-f", "{{json .Mounts}}", "v1"))
    assert [m["Destination"] for m in mounts] == ["/data"] and mounts[0]["Type"] == "volume"


def test_dockerignore(strata, tmp_path):
    write(tmp_path, {"Dockerfile": "FROM busybox\nCOPY . /ctx/\n", ".dockerignore": "*.log\nsecret\n!keep.log\n",
                     "a.log": "x", "keep.log": "k", "secret/key": "s", "ok.txt": "o"})
    strata("build", "-t", "ign", str(tmp_path))
    files = strata.out("run", "--rm", "ign", "find", "/ctx", "-type", "f").split()
    assert sorted(files) == ["/ctx/.dockerignore", "/ctx/Dockerfile", "/ctx/keep.log", "/ctx/ok.txt"]
    (tmp_path / "Dockerfile").write_text("FROM busybox\nCOPY a.log /\n")
    p = strata("build", str(tmp_path), check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == ("COPY failed: file not found in build context or excluded by .dockerignore: "
                                "stat a.log: file does not exist")


def test_copy_rules(strata, tmp_path):
    write(tmp_path, {"Dockerfile": "FROM busybox\nWORKDIR /w\nCOPY d rel/\nCOPY *.txt /many/\nCOPY one.txt /named\n"
                                   "COPY d /existing-dir-gets-contents\n",
                     "d/x": "x", "d/deep/y": "y", "one.txt": "1", "two.txt": "2"})
    strata("build", "-t", "cr", str(tmp_path))
    out = strata.out("run", "--rm", "cr", "sh", "-c",
                     "find /w/rel /many /named /existing-dir-gets-contents | sort")
    assert out.split() == ["/existing-dir-gets-contents", "/existing-dir-gets-contents/deep",
                           "/existing-dir-gets-contents/deep/y", "/existing-dir-gets-contents/x",
                           "/many", "/many/one.txt", "/many/two.txt", "/named",
                           "/w/rel", "/w/rel/deep", "/w/rel/deep/y", "/w/rel/x"]
    (tmp_path / "Dockerfile").write_text("FROM busybox\nCOPY one.txt two.txt /nodir\n")
    p = strata("build", str(tmp_path), check=False)
    assert p.stderr.strip() == ("COPY failed: When using COPY with more than one source file, "
                                "the destination must be a directory and end with a /")


def test_scratch_exec_form_and_quiet(strata, tmp_path):
    write(tmp_path, {"Dockerfile": "FROM scratch\nCOPY a /a\nCMD [\"/a\"]\n", "a": "x"})
    p = strata("build", "-q", "-t", "scr", str(tmp_path))
    assert re.fullmatch(r"sha256:[0-9a-f]{64}\n", p.stdout)
    assert p.stdout.strip() == strata.inspect("scr", "{{.Id}}")
    assert json.loads(strata.out("image", "inspect", "-f", "{{json .RootFS.Layers}}", "scr")).__len__() == 1
    write(tmp_path, {"Dockerfile": 'FROM busybox\nRUN ["sh", "-c", "echo exec form > /f"]\n'})
    strata("build", "-t", "ex", str(tmp_path))
    assert strata.out("run", "--rm", "ex", "cat", "/f") == "exec form\n"
