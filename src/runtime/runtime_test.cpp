#include "runtime/runtime.h"

#include <regex>

#include "runtime/test_support.h"
#include "shim/protocol.h"

namespace strata::runtime {
namespace {

using testing::RuntimeTest;
using nlohmann::json;

TEST(RuntimeErrors, DockerMapping) {
  EXPECT_EQ(classify_runtime_error("exec: \"nosuch\": executable file not found in $PATH", "nosuch"),
            Errc::command_not_found);
  EXPECT_EQ(classify_runtime_error("exec: \"/x/y\": stat /x/y: no such file or directory", "/x/y"),
            Errc::command_not_found);
  EXPECT_EQ(classify_runtime_error("mount /a: no such file or directory", "sh"), Errc::system);
  EXPECT_EQ(classify_runtime_error("exec: \"/etc\": permission denied", "/etc"), Errc::cannot_invoke);
  EXPECT_EQ(classify_runtime_error("cgroup: invalid argument", "sh"), Errc::system);
}

TEST(RuntimeExitFile, ReadsCodeAndTime) {
  auto d = std::filesystem::temp_directory_path() / ("strata-exit-" + random_hex(4));
  std::filesystem::create_directories(d);
  EXPECT_FALSE(read_exit_file(d));
  fs::write_file_atomic(d / "exit", "137 2026-11-28T09:01:02.123456789Z\n", false);
  auto e = read_exit_file(d);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, 137);
  EXPECT_EQ(e->finished_at, "2026-11-28T09:01:02.123456789Z");
  fs::remove_all(d);
}

struct Frames {
  std::string out, err;
  int code = -1;
};

Frames collect(AttachSession& s) {
  Frames f;
  char type;
  std::string payload;
  while (s.next(type, payload)) {
    if (type == shimproto::kStdout) f.out += payload;
    if (type == shimproto::kStderr) f.err += payload;
    if (type == shimproto::kExit) {
      f.code = std::stoi(payload);
      break;
    }
  }
  return f;
}

std::vector<json> log_lines(const std::filesystem::path& p) {
  std::vector<json> out;
  std::istringstream in(fs::read_file(p));
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

TEST_F(RuntimeTest, CreateAttachStartGivesOutputExitCodeAndJsonLog) {
  auto cfg = config("basic");
  int pid = rt->create(cfg, make_spec(spec("basic", {"sh", "-c", "echo out; echo err >&2; exit 3"})));
  EXPECT_GT(pid, 0);
  EXPECT_TRUE(rt->shim_alive(cfg.state_dir));
  EXPECT_EQ(read_pid_file(cfg.state_dir / "pid"), pid);
  EXPECT_NE(runc_list().find("basic"), std::string::npos);
  auto session = rt->attach(cfg.state_dir);
  rt->start(cfg.state_dir);
  Frames f = collect(*session);
  EXPECT_EQ(f.out, "out\n");
  EXPECT_EQ(f.err, "err\n");
  EXPECT_EQ(f.code, 3);
  ASSERT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  EXPECT_FALSE(rt->shim_alive(cfg.state_dir));
  auto exit = read_exit_file(cfg.state_dir);
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->code, 3);
  std::regex rfc3339nano(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z)");
  EXPECT_TRUE(std::regex_match(exit->finished_at, rfc3339nano)) << exit->finished_at;
  auto lines = log_lines(cfg.log_path);
  ASSERT_EQ(lines.size(), 2u);
  json out = lines[0]["stream"] == "stdout" ? lines[0] : lines[1], err = lines[0]["stream"] == "stdout" ? lines[1] : lines[0];
  EXPECT_EQ(out["log"], "out\n");
  EXPECT_EQ(err["log"], "err\n");
  EXPECT_EQ(err["stream"], "stderr");
  EXPECT_TRUE(std::regex_match(out["time"].get<std::string>(), rfc3339nano));
  EXPECT_EQ(runc_list(), "");
  EXPECT_FALSE(std::filesystem::exists(cfg.state_dir / "attach.sock"));
  EXPECT_THROW(rt->attach(cfg.state_dir), Error);
}

TEST_F(RuntimeTest, LogSplitsLongLinesEscapesAndKeepsPartialLastLine) {
  auto cfg = config("logfmt");
  rt->create(cfg, make_spec(spec("logfmt", {"sh", "-c",
                                            "printf 'a\"b\\\\c\\t<&>\\001\\n'; head -c 20000 /dev/zero | tr '\\0' x"})));
  rt->start(cfg.state_dir);
  ASSERT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(10)));
  std::string raw = fs::read_file(cfg.log_path);
  EXPECT_NE(raw.find(R"({"log":"a\"b\\c\u0009\u003c\u0026\u003e\u0001\n","stream":"stdout","time":")"),
            std::string::npos) << raw.substr(0, 200);
  auto lines = log_lines(cfg.log_path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1]["log"], std::string(16384, 'x'));  // cut at 16 KiB, no "\n"
  EXPECT_EQ(lines[2]["log"], std::string(20000 - 16384, 'x'));  // partial at EOF
}

TEST_F(RuntimeTest, CommandNotFoundAndNotExecutable) {
  auto cfg = config("nf");
  try {
    rt->create(cfg, make_spec(spec("nf", {"nosuchcmd"})));
    ADD_FAILURE() << "created";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::command_not_found) << e.what();
    EXPECT_NE(std::string(e.what()).find("executable file not found"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(rt->wait_shim_exit(cfg.state_dir, std::chrono::seconds(5)));
  EXPECT_FALSE(std::filesystem::exists(cfg.state_dir / "attach.sock"));
  auto cfg2 = config("noexec");
  try {
    rt->create(cfg2, make_spec(spec("noexec", {"/etc/passwd"})));
    ADD_FAILURE() << "created";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::cannot_invoke) << e.what();
  }
  EXPECT_TRUE(rt->wait_shim_exit(cfg2.state_dir, std::chrono::seconds(5)));
  EXPECT_EQ(runc_list(), "");
}

}  // namespace
}  // namespace strata::runtime
