"""The chapter's second exercise (a read-only container writing into a named
volume), replayed with strata in place of docker and compared line by line with
the output the chapter shows."""
import os
import re
import subprocess


def find(path):
    return subprocess.run(["find", path], capture_output=True, text=True, check=True).stdout


def test_second_exercise(strata):
    vols = strata.path("volumes")
    cid = strata.out("run", "--detach", "--name", "test", "--read-only", "--tty",
                     "--volume", "myvolume:/mydata/", "busybox").strip()
    assert len(cid) == 64

    # $ docker exec test ls /mydata/ -l
    assert strata.out("exec", "test", "ls", "/mydata/", "-l") == "total 0\n"
    # $ find /var/lib/docker/volumes/myvolume/
    assert find(vols + "/myvolume/") == f"{vols}/myvolume/\n{vols}/myvolume/_data\n"

    # $ docker exec test touch hello-world.txt
    p = strata("exec", "test", "touch", "hello-world.txt", check=False)
    assert p.returncode == 1
    assert p.stderr == "touch: hello-world.txt: Read-only file system\n"

    # $ docker exec test touch /mydata/hello-world.txt
    assert strata("exec", "test", "touch", "/mydata/hello-world.txt").stdout == ""
    lines = strata.out("exec", "test", "ls", "/mydata/", "-l").splitlines()
    assert lines[0] == "total 0"
    # -rw-r--r--    1 root     root             0 May 13 02:29 hello-world.txt
    assert re.fullmatch(r"-rw-r--r--    1 root     root             0 \w{3} [ \d]\d \d\d:\d\d hello-world.txt",
                        lines[1]), lines[1]
    assert len(lines) == 2
    assert find(vols + "/myvolume/") == (f"{vols}/myvolume/\n{vols}/myvolume/_data\n"
                                         f"{vols}/myvolume/_data/hello-world.txt\n")

    # $ docker diff test  ->  A /mydata   (the volume's content is not in the container layer)
    assert strata.out("diff", "test") == "A /mydata\n"
    upper = strata.inspect("test", "{{.GraphDriver.Data.UpperDir}}")
    assert os.listdir(os.path.join(upper, "mydata")) == []

    # The volume outlives the container.
    strata("rm", "-f", "test")
    assert os.path.exists(f"{vols}/myvolume/_data/hello-world.txt")
    assert strata.out("volume", "ls", "-q") == "myvolume\n"


def test_inspect_mounts_like_docker(strata):
    strata("create", "--name", "mm", "-v", "myvolume:/mydata/", "-v", "/tmp:/host:ro", "-v", "/anon", "busybox")
    vols = strata.path("volumes")
    mounts = strata.inspect("mm", "{{json .Mounts}}")
    anon = strata.inspect("mm", '{{range .Mounts}}{{if eq .Destination "/anon"}}{{.Name}}{{end}}{{end}}')
    assert re.fullmatch(r"[0-9a-f]{64}", anon)
    assert mounts == (
        '[{"Type":"volume","Name":"myvolume","Source":"' + vols + '/myvolume/_data","Destination":"/mydata",'
        '"Driver":"local","Mode":"z","RW":true,"Propagation":""},'
        '{"Type":"bind","Source":"/tmp","Destination":"/host","Mode":"ro","RW":false,"Propagation":"rprivate"},'
        '{"Type":"volume","Name":"' + anon + '","Source":"' + vols + '/' + anon + '/_data","Destination":"/anon",'
        '"Driver":"local","Mode":"","RW":true,"Propagation":""}]')
    assert strata.inspect("mm", "{{json .HostConfig.Binds}}") == '["myvolume:/mydata/","/tmp:/host:ro"]'
    assert strata.inspect("mm", "{{json .Config.Volumes}}") == '{"/anon":{}}'
