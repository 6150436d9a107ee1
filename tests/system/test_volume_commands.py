"""volume create/ls/inspect/rm/prune and system df, with Docker's outputs and texts."""
import json
import os
import re


def test_create_ls_inspect_rm(strata):
    assert strata.out("volume", "create", "myvolume") == "myvolume\n"
    assert strata.out("volume", "create", "myvolume") == "myvolume\n"  # exists: returned as it is
    assert strata.out("volume", "create", "--label", "k=v", "--label", "e", "labelled") == "labelled\n"
    anon = strata.out("volume", "create").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", anon)
    vols = strata.path("volumes")
    assert oct(os.stat(f"{vols}/myvolume").st_mode & 0o7777) == "0o701"
    assert oct(os.stat(f"{vols}/myvolume/_data").st_mode & 0o7777) == "0o755"
    assert strata.out("volume", "ls") == (
        "DRIVER    VOLUME NAME\n"
        f"local     {anon}\n"
        "local     labelled\n"
        "local     myvolume\n")
    assert strata.out("volume", "ls", "-q", "--filter", "label=k=v") == "labelled\n"
    assert strata.out("volume", "ls", "--filter", "name=vol", "--format", "{{.Name}} {{.Labels}} {{.Scope}}") == \
        "myvolume  local\n"
    assert strata.out("volume", "ls", "--format", "table {{.Name}}\t{{.Labels}}\t{{.Links}}", "-f", "label=e") == (
        "VOLUME NAME   LABELS    LINKS\n"
        "labelled      e=,k=v    N/A\n")
    p = strata("volume", "ls", "--filter", "foo=bar", check=False)
    assert (p.returncode, p.stderr) == (1, "Error: Invalid filter 'foo'\n")
    p = strata("volume", "ls", "--filter", "dangling=maybe", check=False)
    assert p.stderr == "Error: Invalid filter 'dangling=[maybe]'\n"

    info = json.loads(strata.out("volume", "inspect", "labelled"))
    assert list(info[0]) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert info[0]["Labels"] == {"e": "", "k": "v"}
    assert info[0]["Mountpoint"] == f"{vols}/labelled/_data"
    assert info[0]["Options"] is None and info[0]["Scope"] == "local"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", info[0]["CreatedAt"])
    assert strata.out("volume", "inspect", "-f", "{{.Name}} {{.Driver}}", "myvolume") == "myvolume local\n"
    p = strata("volume", "inspect", "nosuch", check=False)
    assert (p.returncode, p.stdout, p.stderr) == (1, "[]\n", "Error: get nosuch: no such volume\n")

    p = strata("volume", "rm", "nosuch", "myvolume", check=False)
    assert (p.returncode, p.stdout, p.stderr) == (1, "myvolume\n", "Error: get nosuch: no such volume\n")
    assert strata.out("volume", "rm", "-f", "nosuch") == "nosuch\n"
    assert not os.path.exists(f"{vols}/myvolume")


def test_bad_names_and_options_make_nothing(strata):
    cases = {
        ("x",): "Error: create x: volume name is too short, names should be at least two alphanumeric characters\n",
        ("my vol",): 'Error: create my vol: "my vol" includes invalid characters for a local volume name, only '
                     '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path\n',
        ("../../etc",): None,
        ("--opt", "foo=bar", "vv"): 'Error: create vv: invalid option: "foo"\n',
        ("--opt", "type=tmpfs", "vv"): 'Error: create vv: missing required option: "device"\n',
        ("--opt", "o=size=1m", "vv"): 'Error: create vv: missing required option: "device"\n',
        ("-d", "foo", "vv"): 'Error: create vv: error looking up volume plugin foo: plugin "foo" not found\n',
    }
    for args, text in cases.items():
        p = strata("volume", "create", *args, check=False)
        assert p.returncode == 1, args
        if text:
            assert p.stderr == text
    assert os.listdir(strata.path("volumes")) == []
    # A run with a bad volume name makes no container and no volume.
    p = strata("run", "-v", "bad name:/x", "busybox", "true", check=False)
    assert p.returncode == 125
    assert "includes invalid characters for a local volume name" in p.stderr
    p = strata("run", "-v", "good:/x", "-v", "/etc:/x", "busybox", "true", check=False)
    assert (p.returncode, p.stderr) == (125, "Error: Duplicate mount point: /x\n")
    assert strata.out("ps", "-aq") == ""
    assert strata.out("volume", "ls", "-q") == ""
    assert os.listdir(strata.path("volumes")) == [] and os.listdir(strata.path("containers")) == []


def test_prune_rules_and_prompt(strata):
    anon = strata.out("volume", "create").strip()
    strata("volume", "create", "named")
    strata("volume", "create", "--label", "env=test", "tagged")
    strata("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "outside")
    strata("create", "--name", "user", "-v", "/used", "busybox")
    used = strata.inspect("user", "{{range .Mounts}}{{.Name}}{{end}}")
    # No: nothing deleted.
    p = strata("volume", "prune", input="n\n")
    assert p.stdout == ("WARNING! This will remove anonymous local volumes not used by at least one container.\n"
                        "This volume will be deleted:\n"
                        f"  {anon}\n"
                        "Are you sure you want to continue? [y/N] ")
    assert anon in strata.out("volume", "ls", "-q")
    # Default: the unused anonymous volume only.
    p = strata("volume", "prune", input="y\n")
    assert p.stdout.endswith(f"[y/N] Deleted Volumes:\n{anon}\n\nTotal reclaimed space: 0B\n")
    # --filter label: with --all, named ones too.
    p = strata("volume", "prune", "--all", "--filter", "label=env=test", input="y\n")
    assert p.stdout == ("WARNING! This will remove all local volumes not used by at least one container.\n"
                        "This volume will be deleted:\n  tagged\nAre you sure you want to continue? [y/N] "
                        "Deleted Volumes:\ntagged\n\nTotal reclaimed space: 0B\n")
    open(strata.path("volumes", "named", "_data", "f"), "w").write("x" * 2000)
    p = strata("volume", "prune", "-a", "-f")
    assert p.stdout == "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 2kB\n"
    # Left: the volume in use and the one with driver options (its data lives elsewhere).
    assert sorted(strata.out("volume", "ls", "-q").split()) == sorted([used, "outside"])
    assert strata.out("volume", "prune", "-f", "-a") == "Total reclaimed space: 0B\n"


def test_system_df(strata):
    strata("run", "--name", "df1", "-v", "dfvol:/d", "busybox", "sh", "-c", "echo 12345 > /d/f; echo abc > /x")
    strata("volume", "create", "idle")
    out = strata.out("system", "df").splitlines()
    assert out[0].split() == ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"]
    assert out[1].startswith("Images          1         1 ")
    assert out[2].split() == ["Containers", "1", "0", "4B", "4B", "(100%)"]
    assert out[3].split() == ["Local", "Volumes", "2", "1", "6B", "0B", "(0%)"]
    assert out[4].split() == ["Build", "Cache", "0", "0", "0B", "0B"]
    v = strata.out("system", "df", "-v")
    assert "\nLocal Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\ndfvol         1         6B\nidle          0         0B\n" in v
    assert re.search(r"\n[0-9a-f]{12}   busybox   \"sh -c 'echo 12345 >…\"   1               4B ", v)
    rows = [json.loads(l) for l in strata.lines("system", "df", "--format", "{{json .}}")]
    assert [r["Type"] for r in rows] == ["Images", "Containers", "Local Volumes", "Build Cache"]
