#include <fcntl.h>

#include <algorithm>
#include <chrono>

#include "runtime/test_support.h"

namespace strata::runtime {
namespace {

using testing::RuntimeTest;
namespace stdfs = std::filesystem;

// Runs exec with stdout captured in a file.
int exec_capture(Runtime& rt, const std::string& id, const ExecSpec& spec, std::string& out, const stdfs::path& tmp) {
  int saved = ::dup(1);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ::dup2(fd, 1);
  int code = -1;
  try {
    code = rt.exec(id, spec);
  } catch (...) {
    ::dup2(saved, 1), ::close(saved), ::close(fd);
    throw;
  }
  ::dup2(saved, 1), ::close(saved), ::close(fd);
  out = fs::read_file(tmp);
  return code;
}

TEST_F(RuntimeTest, ExecInRunningContainerAndKill137) {
  auto cfg = config("exec");
  int pid = rt->create(cfg, make_spec(spec("exec", {"sleep", "100"})));
  auto session = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  ExecSpec e;
  e.bundle = cfg.bundle;
  e.args = {"sh", "-c", "echo \"$FOO $(pwd) $(id -u):$(id -g)\"; exit 7"};
  e.env = {"FOO=bar"};
  e.cwd = "/tmp";
  e.uid = 65534, e.gid = 65534;
  std::string out;
  EXPECT_EQ(exec_capture(*rt, "exec", e, out, dir / "exec.out"), 7);
  EXPECT_EQ(out, "bar /tmp 65534:65534\n");
  ExecSpec d;  // detached: returns at once, the process runs on
  d.bundle = cfg.bundle;
  std::string name = "strata-detached-" + dir.filename().string();
  d.args = {"sh", "-c", "sleep 0.1; echo hi > /tmp/" + name};
  d.detach = true;
  EXPECT_EQ(rt->exec("exec", d), 0);
  auto written = suite_dir() / "rootfs/tmp" / name;
  EXPECT_FALSE(stdfs::exists(written));  // returned before the process finished
  for (int i = 0; i < 100 && !stdfs::exists(written); ++i) ::usleep(20000);
  EXPECT_TRUE(stdfs::exists(written));
  stdfs::remove(written);
  ExecSpec t;  // -t: runc makes the pty and copies it to our stdio
  t.bundle = cfg.bundle;
  t.args = {"sh", "-c", "tty && exit 9"};
  t.tty = true;
  EXPECT_EQ(exec_capture(*rt, "exec", t, out, dir / "exec.out"), 9);
  EXPECT_NE(out.find("/dev/pts/"), std::string::npos) << out;
  ExecSpec nf;
  nf.bundle = cfg.bundle;
  nf.args = {"nosuchcmd"};
  try {
    rt->exec("exec", nf);
    ADD_FAILURE();
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), Errc::command_not_found) << err.what();
  }
  rt->kill(pid, SIGKILL);
  EXPECT_EQ(session->run(false, false, AttachSession::Io{-1, -1, -1}), 137);
  ASSERT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  EXPECT_EQ(read_exit_file(cfg.state_dir)->code, 137);
  EXPECT_THROW(rt->kill(pid, SIGKILL), Error);
  EXPECT_THROW(rt->exec("exec", e), Error);  // gone from runc
  EXPECT_EQ(runc_list(), "");
}

TEST_F(RuntimeTest, ShimAliveUntilExitThenExitCommandRuns) {
  auto cfg = config("alive");
  auto marker = dir / "marker";
  cfg.exit_command = {"/bin/sh", "-c", "cat exit > " + marker.string()};  // cwd: the state dir
  int pid = rt->create(cfg, make_spec(spec("alive", {"sleep", "100"})));
  EXPECT_TRUE(rt->shim_alive(cfg.state_dir));
  EXPECT_FALSE(rt->wait_shim_exit(cfg.state_dir, std::chrono::milliseconds(100)));
  try {
    rt->create(cfg, make_spec(spec("alive", {"true"})));
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
  rt->kill(pid, SIGKILL);  // never started: dies in the created state
  EXPECT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  EXPECT_FALSE(rt->shim_alive(cfg.state_dir));
  EXPECT_EQ(read_exit_file(cfg.state_dir)->code, 137);
  EXPECT_EQ(fs::read_file(marker).substr(0, 4), "137 ");  // ran after the exit file was written
  EXPECT_THROW(rt->start(cfg.state_dir), Error);
  EXPECT_EQ(runc_list(), "");
}

TEST_F(RuntimeTest, StartTwiceFailsAndContainerRuns) {
  auto cfg = config("twice");
  rt->create(cfg, make_spec(spec("twice", {"sleep", "100"})));
  rt->start(cfg.state_dir);
  EXPECT_THROW(rt->start(cfg.state_dir), Error);
  std::string list = runc_list();
  EXPECT_NE(list.find("twice"), std::string::npos);
  std::string st;
  FILE* f = ::popen((std::string(testing::kRunc) + " --root " + (dir / "runc").string() + " state twice").c_str(), "r");
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, f)) st.append(buf, n);
  ::pclose(f);
  EXPECT_EQ(nlohmann::json::parse(st)["status"], "running");  // the exec fifo is consumed like `runc start`
}

TEST_F(RuntimeTest, ShimStaysSmall) {
  auto cfg = config("rss");
  rt->create(cfg, make_spec(spec("rss", {"sh", "-c", "while true; do echo tick; sleep 0.05; done"})));
  auto s = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  ::usleep(300000);
  long rss_kb = shim_rss_kb(cfg.state_dir);
  std::printf("strata-shim VmRSS while a container runs: %ld kB\n", rss_kb);
  EXPECT_GT(rss_kb, 0);
  EXPECT_LE(rss_kb, 2048);
}

}  // namespace
}  // namespace strata::runtime
