"""logs --tail/-n, --since, --until, -t as Docker reads its json-file log."""
import time


def test_tail_since_until(strata):
    strata("run", "--name", "lg", "busybox", "sh", "-c", "for i in 1 2 3; do echo out$i; done")
    assert strata.out("logs", "--tail", "2", "lg") == "out2\nout3\n"
    p = strata("logs", "-n", "0", "lg")
    assert p.stdout == "" and p.stderr == ""
    assert strata.out("logs", "--tail", "all", "lg") == "out1\nout2\nout3\n"
    stamped = strata.out("logs", "-t", "lg").splitlines()
    assert len(stamped) == 3 and stamped[0].endswith(" out1") and stamped[0][:4].isdigit()
    # --since/--until by the entries' own times: RFC 3339 or a duration before now.
    first = stamped[0].split()[0]
    assert strata.out("logs", "--since", first, "lg").splitlines()[0] == "out1"
    assert strata.out("logs", "--since", "1h", "lg") == "out1\nout2\nout3\n"
    time.sleep(1.1)
    assert strata.out("logs", "--since", "1s", "lg") == ""
    assert strata.out("logs", "--until", "1h", "lg") == ""
    assert strata.out("logs", "--until", str(int(time.time())), "lg") == "out1\nout2\nout3\n"
    p = strata("logs", "--since", "yesterday", "lg", check=False)
    assert p.returncode == 1 and p.stderr == 'Error: failed to parse value as time or duration: "yesterday"\n'


def test_follow_with_tail(strata):
    strata("run", "-d", "--name", "lf", "busybox", "sh", "-c", "echo a; echo b; sleep 1; echo c")
    for _ in range(100):  # until a and b are logged (c comes a second later)
        if strata.out("logs", "lf") == "a\nb\n":
            break
        time.sleep(0.02)
    assert strata.out("logs", "-f", "--tail", "1", "lf") in ("b\nc\n", "c\n")
