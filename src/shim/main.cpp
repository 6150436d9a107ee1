// strata-shim: the per-container monitor (like podman's conmon). One runs per
// container for its whole life; it is the container's parent (subreaper),
// owns its stdio, writes its log and records its exit. Static and tiny
// (about 1 MiB RSS): no iostreams, poll(2), small buffers.
//
//   strata-shim --id ID --bundle DIR --state-dir DIR --runtime RUNC
//               --runtime-root DIR --log FILE [--tty] [--stdin]
//               [--sync-fd N] [--unmount DIR] [--cgroup PATH] [--exit-command ARG]...
//   --unmount: the container's rootfs mount, detached as soon as it exited,
//              so no mount outlives the container even if no strata runs again.
//   --cgroup:  its cgroupsPath; with it the shim deletes the stopped container
//              itself (cgroup dirs + runc's state dir, what `runc delete` does
//              for a stopped container), falling back to `runc delete` when a
//              cgroup is still busy. Saves a Go process start per container.
//
// Started by the library (runtime/shim_client.cpp: double fork, setsid, stdio
// /dev/null). Paths should be absolute. In <state-dir> the shim keeps:
//   shim.lock    an OFD write lock held for life: lock free = shim gone (the
//                library probes it with F_OFD_GETLK, which never takes it)
//   shim.pid     the shim's pid;  pid  the container's host pid (from runc)
//   runc.log     runc's json log;  attach.sock  the attach socket (protocol.h)
//   exit         "<code> <finished RFC3339Nano>\n" (tmp + rename); the code is
//                the status, or 128+signal
// Sequence: lock; `runc create` (stdout/stderr pipes and a stdin pipe with
// --stdin, else /dev/null; with --tty the pty master arrives on console.sock,
// dialled through /proc/self/fd/N so long state paths work); "OK <pid>\n" or
// "ERR <runc's message>\n" on --sync-fd (on ERR the shim exits 1 and runs no
// exit command). Then serve attach clients: output goes to the json-file log
// (--log) and to every client; on START the shim opens and reads
// <runtime-root>/<id>/exec.fifo and removes it, which is all `runc start` does
// (checked with runc 1.1.5; saves starting a Go binary). When the container
// exits: drain its output, write `exit`, send 'X', close attach.sock, `runc
// delete --force`, run the exit command (argv, cwd the state dir, waited for:
// it must not wait for the shim) and exit. Lock released = all of that done.
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cstdlib>

#include "shim/shim.h"
#include "shim/util.h"

using namespace strata::shim;

namespace {

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!strcmp(a, "--tty")) { o.tty = true; continue; }
    if (!strcmp(a, "--stdin")) { o.stdin_open = true; continue; }
    if (!v) return false;
    ++i;
    if (!strcmp(a, "--id")) o.id = v;
    else if (!strcmp(a, "--bundle")) o.bundle = v;
    else if (!strcmp(a, "--state-dir")) o.state_dir = v;
    else if (!strcmp(a, "--runtime")) o.runtime = v;
    else if (!strcmp(a, "--runtime-root")) o.runtime_root = v;
    else if (!strcmp(a, "--log")) o.log = v;
    else if (!strcmp(a, "--sync-fd")) o.sync_fd = atoi(v);
    else if (!strcmp(a, "--exit-command")) o.exit_command.push_back(v);
    else if (!strcmp(a, "--unmount")) o.unmount = v;
    else if (!strcmp(a, "--cgroup")) o.cgroup = v;
    else return false;
  }
  return o.id && o.bundle && o.state_dir && o.runtime && o.runtime_root && o.log;
}

void report(int fd, const std::string& line) {
  if (fd < 0) return;
  std::string one = line;
  for (char& c : one)
    if (c == '\n') c = ' ';
  write_all(fd, one + "\n");
}

}  // namespace

int main(int argc, char** argv) {
  while (true) {  // keep 0-2 taken so our pipes never land there
    int fd = ::open("/dev/null", O_RDWR);
    if (fd > 2) { ::close(fd); break; }
    if (fd < 0) break;
  }
  Shim s;
  if (!parse(argc, argv, s.opt)) {
    const char* usage = "usage: strata-shim --id ID --bundle DIR --state-dir DIR --runtime RUNC "
                        "--runtime-root DIR --log FILE [--tty] [--stdin] [--sync-fd N] [--unmount DIR] [--cgroup PATH] "
                        "[--exit-command ARG]...";
    write_all(2, usage, strlen(usage));
    report(s.opt.sync_fd, std::string("ERR ") + usage);
    return 2;
  }
  if (s.opt.sync_fd >= 0) set_cloexec(s.opt.sync_fd, true);
  std::string err;
  if (!setup(s, err) || !create_container(s, err)) {
    if (s.listen_fd >= 0) ::unlink("attach.sock"), ::unlink("console.sock");  // ours: we hold the lock
    report(s.opt.sync_fd, "ERR " + err);
    return 1;
  }
  report(s.opt.sync_fd, "OK " + std::to_string(s.pid));
  if (s.opt.sync_fd >= 0) ::close(s.opt.sync_fd);
  run_loop(s);
  return finish(s);
}
