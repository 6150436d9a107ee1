#include "container/copy_ops.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <exception>
#include <thread>

#include "common/error.h"
#include "container/copy_fs.h"
#include "container/copy_paths.h"

namespace strata::container::cp {

Source stat_in(const RootView& r, const std::string& abs, const std::string& shown, const std::string& ref) {
  auto missing = [&](int err) {
    if (err == ENOENT) throw Error(Errc::not_found, "Could not find the file " + shown + " in container " + ref);
    if (err == ENOTDIR) throw Error(Errc::invalid_argument, "lstat " + abs + ": not a directory");
    throw_errno("lstat " + abs, err);
  };
  Source s;
  s.path = abs;
  if (abs == "/" || abs.back() == '/' || specifies_current_dir(abs)) {
    s.parent = open_dir_in(r.fd.get(), abs);
    if (!s.parent.valid()) missing(errno);
    s.name = ".";
    s.is_dir = true;
    return s;
  }
  auto [d, b] = split_dir_entry(abs);
  s.parent = open_dir_in(r.fd.get(), d);
  if (!s.parent.valid()) missing(errno);
  struct stat st {};
  if (::fstatat(s.parent.get(), b.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) missing(errno);
  s.name = b;
  s.is_dir = S_ISDIR(st.st_mode);
  s.is_link = S_ISLNK(st.st_mode);
  return s;
}

std::string resolve_in(const RootView& r, const std::string& abs) {
  UniqueFd t(open_in(r.fd.get(), abs, O_PATH));
  return t.valid() ? path_in_root(r.path.string(), t.get()) : "";
}

void pipe_copy(const std::function<void(int)>& produce, const std::function<void(int)>& consume) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throw_errno("pipe");
  UniqueFd rd(p[0]), wr(p[1]);
  std::atomic<bool> reader_closed = false;
  std::exception_ptr werr, rerr;
  bool werr_late = false;
  std::thread writer([&] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // a closed reader gives EPIPE, not a dead process
    try {
      produce(wr.get());
    } catch (...) {
      werr = std::current_exception();
      werr_late = reader_closed.load();
    }
    wr.reset();
  });
  try {
    consume(rd.get());
    char buf[4096];  // the rest (end-of-archive padding), so the writer finishes cleanly
    while (::read(rd.get(), buf, sizeof buf) > 0) {
    }
  } catch (...) {
    rerr = std::current_exception();
  }
  reader_closed = true;
  rd.reset();
  writer.join();
  if (werr && !werr_late) std::rethrow_exception(werr);
  if (rerr) std::rethrow_exception(rerr);
  if (werr) std::rethrow_exception(werr);
}

}  // namespace strata::container::cp
