"""`build` failures: Docker's texts and exit statuses, and nothing left behind (no build
containers, no intermediate images); hostile context symlinks and tars refused."""
import io
import os
import signal
import subprocess
import tarfile

import pytest

from conftest import STRATA


def build(strata, ctx, dockerfile, *args, files=None):
    (ctx / "Dockerfile").write_text(dockerfile)
    for name, data in (files or {}).items():
        (ctx / name).parent.mkdir(parents=True, exist_ok=True)
        (ctx / name).write_bytes(data) if isinstance(data, bytes) else (ctx / name).write_text(data)
    return strata("build", *args, str(ctx), check=False)


def assert_clean(strata):
    # Only busybox's layer and nothing of the build: no containers, images, volumes or layers.
    assert len(os.listdir(strata.path("overlay2"))) == 2  # busybox's layer and l/
    assert strata.out("ps", "-aq") == ""
    assert strata.out("images", "-q").split() == [strata.inspect("busybox", "{{.Id}}")[7:19]]
    assert strata.out("volume", "ls", "-q") == ""


@pytest.mark.parametrize("dockerfile,status,message", [
    ("FROM busybox\nRUN false\n", 1, "The command '/bin/sh -c false' returned a non-zero code: 1"),
    ("FROM busybox\nCOPY a /a\nRUN exit 3\n", 3, "The command '/bin/sh -c exit 3' returned a non-zero code: 3"),
    ("FROM busybox\nCOPY nofile /x\n", 1,
     "COPY failed: file not found in build context or excluded by .dockerignore: stat nofile: file does not exist"),
    ("FROM busybox\nCOPY ../a /x\n", 1, "COPY failed: forbidden path outside the build context: ../a ()"),
    ("FROM busybox\nCOPY --chown=nosuch a /x\n", 1, "COPY failed: unable to convert uid/gid chown string to host mapping"),
    ("FROM busybox\nRUN [\"nosuchcmd\"]\n", 1, "executable file not found"),
    ("FROM nosuchimage\n", 1, "No such image: nosuchimage"),
    ("ARG BASE\nFROM $BASE\n", 1, "base name ($BASE) should not be blank"),
])
def test_failed_step(strata, tmp_path, dockerfile, status, message):
    p = build(strata, tmp_path, dockerfile, "-t", "never", files={"a": "a"})
    assert p.returncode == status
    assert message in p.stderr and len(p.stderr.splitlines()) == 1, p.stderr
    assert_clean(strata)


@pytest.mark.parametrize("dockerfile,message", [
    ("", "Error: the Dockerfile (Dockerfile) cannot be empty"),
    ("RUN true\n", "Error: no build stage in current context"),
    ("FROM busybox\nFOO bar\n", "Error: dockerfile parse error line 2: unknown instruction: FOO"),
    ("FROM busybox\nENV\n", "Error: dockerfile parse error line 2: ENV requires at least one argument"),
    ("FROM busybox\nCOPY a\n", "Error: dockerfile parse error line 2: COPY requires at least two arguments, "
                               "but only one was provided. Destination could not be determined"),
])
def test_parse_errors_fail_before_any_step(strata, tmp_path, dockerfile, message):
    p = build(strata, tmp_path, dockerfile)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.strip() == message
    assert_clean(strata)


def test_context_errors(strata, tmp_path):
    p = strata("build", str(tmp_path / "nonexistent"), check=False)
    assert p.stderr.strip() == f'Error: unable to prepare context: path "{tmp_path}/nonexistent" not found'
    p = strata("build", "-f", str(tmp_path / "nosuch"), str(tmp_path), check=False)
    assert p.stderr.strip() == ("Error: unable to prepare context: unable to evaluate symlinks in Dockerfile path: "
                                f"lstat {tmp_path}/nosuch: no such file or directory")


def test_context_symlinks_cannot_leave_the_context(strata, tmp_path):
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (tmp_path / "outside").write_text("host file\n")
    os.symlink("/etc", ctx / "etc-link")
    os.symlink("../outside", ctx / "up-link")
    p = build(strata, ctx, "FROM busybox\nCOPY etc-link/hostname /x\n")
    assert p.returncode == 1 and "file not found in build context" in p.stderr
    p = build(strata, ctx, "FROM busybox\nCOPY up-link /x\n")
    assert p.returncode == 1 and "file not found in build context" in p.stderr
    assert_clean(strata)


def test_hostile_tar_in_add_is_refused(strata, tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        ti = tarfile.TarInfo("../../../../../../../escaped-by-add")
        ti.size = 1
        t.addfile(ti, io.BytesIO(b"x"))
    p = build(strata, tmp_path, "FROM busybox\nADD evil.tar /t/\n", files={"evil.tar": buf.getvalue()})
    assert p.returncode == 1
    assert p.stderr.startswith("ADD failed: Error processing tar file:") and "is outside of" in p.stderr
    assert not os.path.exists("/escaped-by-add")
    assert_clean(strata)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_nothing(strata, tmp_path, sig):
    # Ctrl-C during a RUN: the step's process is killed, the build fails at once with one line,
    # and its build container, intermediate images and layers go as for any failed step.
    (tmp_path / "Dockerfile").write_text("FROM busybox\nRUN echo made > /f\nRUN echo started; sleep 60\n")
    p = subprocess.Popen([STRATA, "--root", strata.root, "build", "-t", "never", str(tmp_path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    while "started" not in seen:
        line = p.stdout.readline()
        assert line, p.stderr.read()
        seen += line
    p.send_signal(sig)
    out, err = p.communicate(timeout=20)
    assert p.returncode == 130, err
    assert err.strip() == "Error: build interrupted"
    assert_clean(strata)
