"""attach: to a running container's output (and stdin when it was run with -i), its exit status;
ctrl-p ctrl-q detaches and leaves it running; a stopped container is refused."""
import time


def test_attach_follows_output_and_returns_status(strata):
    # The output can only come after attach connects: the container waits for a line on stdin.
    strata("run", "-d", "-i", "--name", "at", "busybox", "sh", "-c", "read x; echo late; exit 4")
    p = strata("attach", "at", input="go\n", check=False)
    assert p.returncode == 4 and p.stdout == "late\n"
    p = strata("attach", "at", check=False)
    assert p.returncode == 1
    assert p.stderr == "Error: You cannot attach to a stopped container, start it first\n"


def test_attach_stdin_and_detach_keys(strata):
    strata("run", "-d", "-i", "-t", "--name", "ai", "busybox", "sh")
    p = strata("attach", "ai", input="echo hi-$((1+1))\n\x10\x11", check=False)
    assert p.returncode == 0 and "read escape sequence" in p.stderr
    assert strata.inspect("ai", "{{.State.Running}}") == "true"  # still running after the detach
    p = strata("attach", "ai", input="echo again-$((2+2)); exit 3\n", check=False)
    assert p.returncode == 3 and "again-4" in p.stdout
    for _ in range(100):  # the exit is recorded by the monitor's exit command
        if strata.inspect("ai", "{{.State.Status}}") == "exited":
            break
        time.sleep(0.05)
    assert strata.inspect("ai", "{{.State.Status}}") == "exited"
    assert "hi-2" in strata.out("logs", "ai")  # the detached session's input ran too


def test_run_it_detach_keys_leave_the_container_running(strata):
    # `docker run -it` + ctrl-p ctrl-q: back to the shell, status 0, nothing printed; the container
    # goes on, and its exit is recorded when it comes.
    p = strata("run", "-i", "-t", "--name", "rd", "busybox", "sh", input="echo hi-$((1+2))\n\x10\x11", check=False)
    assert p.returncode == 0 and p.stderr == ""
    assert strata.inspect("rd", "{{.State.Running}}") == "true"
    for _ in range(100):  # the shell runs the line after we left
        if "hi-3" in strata.out("logs", "rd"):
            break
        time.sleep(0.05)
    assert "hi-3" in strata.out("logs", "rd")
    strata("kill", "rd")
    assert strata.inspect("rd", "{{.State.Status}} {{.State.ExitCode}}") == "exited 137"
