#include "runtime/attach.h"

#include <fcntl.h>

#include "runtime/test_support.h"
#include "shim/protocol.h"

namespace strata::runtime {
namespace {

using testing::RuntimeTest;

// Reads frames until 'X' or until `want` appears in the output.
std::string read_until(AttachSession& s, const std::string& want, int* code = nullptr) {
  std::string out;
  char type;
  std::string payload;
  while (s.next(type, payload)) {
    if (type == shimproto::kStdout || type == shimproto::kStderr) out += payload;
    if (type == shimproto::kExit) {
      if (code) *code = std::stoi(payload);
      break;
    }
    if (!want.empty() && out.find(want) != std::string::npos) break;
  }
  return out;
}

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, n);
  return out;
}

TEST_F(RuntimeTest, TtyWithStdinResizeAndLongStateDir) {
  // Longer than sun_path's 108 bytes: attach.sock and console.sock must still work.
  auto cfg = config("tty", dir / std::string(120, 'd') / "tty");
  cfg.tty = cfg.stdin_open = true;
  auto in = spec("tty", {"sh", "-c", "tty; stty size; read x; echo \"got $x\"; echo oops >&2"});
  in.process.terminal = true;
  rt->create(cfg, make_spec(in));
  auto s = rt->attach(cfg.state_dir);
  s->send(shimproto::kResize, shimproto::resize_payload(30, 100));
  rt->start(cfg.state_dir);
  std::string out = read_until(*s, "30 100\r\n");
  EXPECT_NE(out.find("/dev/pts/0\r\n"), std::string::npos) << out;
  s->send(shimproto::kStdin, "abc\n");
  int code = -1;
  out += read_until(*s, "", &code);
  EXPECT_EQ(code, 0);
  EXPECT_NE(out.find("got abc\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("oops\r\n"), std::string::npos) << out;
  ASSERT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  std::string log = fs::read_file(cfg.log_path);
  EXPECT_EQ(log.find("\"stream\":\"stderr\""), std::string::npos);  // a tty has one stream
  EXPECT_NE(log.find(R"({"log":"got abc\r\n","stream":"stdout")"), std::string::npos) << log;
  EXPECT_EQ(runc_list(), "");
}

TEST_F(RuntimeTest, StdinThroughCatEndsWithCloseStdin) {
  auto cfg = config("cat");
  cfg.stdin_open = true;
  rt->create(cfg, make_spec(spec("cat", {"cat"})));
  auto s = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  int in[2], out[2], err[2];
  ASSERT_EQ(::pipe(in), 0);
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  ASSERT_EQ(::write(in[1], "hello\nworld", 11), 11);
  ::close(in[1]);  // EOF -> 'C' -> cat's stdin closes -> cat exits
  int code = s->run(true, false, AttachSession::Io{in[0], out[1], err[1]});
  ::close(out[1]), ::close(err[1]), ::close(in[0]);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(drain(out[0]), "hello\nworld");
  EXPECT_EQ(drain(err[0]), "");
  ::close(out[0]), ::close(err[0]);
  ASSERT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  std::string log = fs::read_file(cfg.log_path);
  EXPECT_NE(log.find(R"({"log":"hello\n","stream":"stdout")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"({"log":"world","stream":"stdout")"), std::string::npos) << log;
}

TEST_F(RuntimeTest, LateAttachAndSeveralClients) {
  auto cfg = config("multi");
  cfg.stdin_open = true;
  rt->create(cfg, make_spec(spec("multi", {"sh", "-c", "read x; echo got $x; read y; echo then $y >&2; exit 4"})));
  auto a = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  a->send(shimproto::kStdin, "one\n");
  EXPECT_EQ(read_until(*a, "got one\n"), "got one\n");
  auto b = rt->attach(cfg.state_dir);  // attaches while it runs: sees what comes next
  b->send(shimproto::kStdin, "two\n");
  int ca = -1, cb = -1;
  EXPECT_EQ(read_until(*a, "", &ca), "then two\n");
  EXPECT_EQ(read_until(*b, "", &cb), "then two\n");
  EXPECT_EQ(ca, 4);
  EXPECT_EQ(cb, 4);
}

TEST_F(RuntimeTest, RunThrowsWhenTheShimDiesWithoutAnExit) {
  auto cfg = config("shimdies");
  rt->create(cfg, make_spec(spec("shimdies", {"sleep", "100"})));
  auto s = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  auto shim = read_pid_file(cfg.state_dir / "shim.pid");
  ASSERT_TRUE(shim);
  ::kill(*shim, SIGKILL);
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  EXPECT_THROW(s->run(false, false, AttachSession::Io{-1, out[1], out[1]}), Error);
  ::close(out[0]), ::close(out[1]);
  EXPECT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(5)));
}

TEST_F(RuntimeTest, SlowClientLosesNothingAndLogIsComplete) {
  auto cfg = config("big");
  const size_t total = 3000000;  // far over the shim's 256 KiB per-client backlog
  rt->create(cfg, make_spec(spec("big", {"sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' y"})));
  auto s = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  ::usleep(300000);  // let the backlog fill: the shim must hold the container back, not buffer it all
  long rss = shim_rss_kb(cfg.state_dir);
  EXPECT_GT(rss, 0);
  EXPECT_LT(rss, 2048);
  int code = -1;
  std::string out = read_until(*s, "", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.size(), total);
  EXPECT_EQ(out.find_first_not_of('y'), std::string::npos);
  ASSERT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  size_t logged = 0, entries = 0;
  std::istringstream log(fs::read_file(cfg.log_path));
  std::string line;
  while (std::getline(log, line)) logged += nlohmann::json::parse(line)["log"].get<std::string>().size(), ++entries;
  EXPECT_EQ(logged, total);
  EXPECT_EQ(entries, (total + 16383) / 16384);
}

}  // namespace
}  // namespace strata::runtime
