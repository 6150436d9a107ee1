#include "runtime/terminal.h"

#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <thread>

#include "runtime/test_support.h"

namespace strata::runtime {
namespace {

using testing::RuntimeTest;

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  return out;
}

TEST(Terminal, WindowSizePayload) {
  int m, s;
  winsize ws{33, 120, 0, 0};
  ASSERT_EQ(::openpty(&m, &s, nullptr, nullptr, &ws), 0);
  EXPECT_EQ(window_size(s, -1), std::string("\0\x21\0\x78", 4));
  EXPECT_FALSE(window_size(-1, -1));
  ::close(m), ::close(s);
}

TEST_F(RuntimeTest, RunOnATerminalGoesRawAndForwardsSigwinch) {
  auto cfg = config("winch");
  cfg.tty = cfg.stdin_open = true;
  auto in = spec("winch", {"sh", "-c", "read a; stty size; read b; stty size"});
  in.process.terminal = true;
  rt->create(cfg, make_spec(in));
  int master, slave;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  winsize ws{20, 60, 0, 0};
  ::ioctl(master, TIOCSWINSZ, &ws);
  termios before{};
  ::tcgetattr(slave, &before);
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  auto s = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  int code = -1;
  std::thread t([&] { code = s->run(true, true, AttachSession::Io{slave, out[1], out[1]}); });
  ASSERT_EQ(::write(master, "x\r", 2), 2);  // raw mode: the \r reaches the container as typed
  std::string got;
  char buf[256];
  while (got.find("20 60") == std::string::npos) {
    ssize_t n = ::read(out[0], buf, sizeof buf);
    ASSERT_GT(n, 0);
    got.append(buf, n);
  }
  termios during{};
  ::tcgetattr(slave, &during);
  EXPECT_EQ(during.c_lflag & (ICANON | ECHO), 0u);
  ws = {25, 70, 0, 0};
  ::ioctl(master, TIOCSWINSZ, &ws);
  ::kill(::getpid(), SIGWINCH);  // the session's handler sends 'R' with the new size
  ::usleep(100000);
  ASSERT_EQ(::write(master, "y\r", 2), 2);
  t.join();
  ::close(out[1]);
  got += drain(out[0]);
  EXPECT_EQ(code, 0);
  EXPECT_NE(got.find("25 70"), std::string::npos) << got;
  termios after{};
  ::tcgetattr(slave, &after);
  EXPECT_EQ(after.c_lflag, before.c_lflag);  // restored
  ::close(out[0]), ::close(master), ::close(slave);
}

}  // namespace
}  // namespace strata::runtime
