#include "build/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "build/builder.h"
#include "common/error.h"

namespace strata::build {

namespace {
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
std::atomic<int> g_wr{-1};
struct sigaction g_old[3];

void on_signal(int sig) {
  int fd = g_wr.load();
  char c = static_cast<char>(sig);
  if (fd >= 0) [[maybe_unused]] auto n = ::write(fd, &c, 1);
}
}  // namespace

Interrupts::Interrupts() {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throw_errno("pipe");
  rd_.reset(p[0]);
  g_wr = p[1];
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &sa, &g_old[i]);
  watcher_ = std::thread([this] {
    char c;
    while (::read(rd_.get(), &c, 1) == 1) {
      if (c == 0) return;  // the destructor's "stop"
      fired_ = true;
      if (int pid = pid_.load(); pid > 0) ::kill(pid, SIGKILL);
    }
  });
}

Interrupts::~Interrupts() {
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &g_old[i], nullptr);
  int wr = g_wr.exchange(-1);
  char stop = 0;
  [[maybe_unused]] auto n = ::write(wr, &stop, 1);
  watcher_.join();
  ::close(wr);
}

void Interrupts::watch(int pid) {
  pid_ = pid;
  if (pid > 0 && fired_) ::kill(pid, SIGKILL);
}

StepFailed interrupted() { return StepFailed("Error: build interrupted", 130); }

}  // namespace strata::build
