// Shared fixture of the runtime's integration tests: as root, a busybox rootfs
// extracted once per run, a private runc root, and cleanup of every container
// (SIGKILL, wait for the shim, runc delete) even when a test fails.
#pragma once
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <string>

#include "common/fs.h"
#include "common/id.h"
#include "runtime/attach.h"
#include "runtime/shim_client.h"
#include "runtime/runtime.h"
#include "runtime/spec.h"

namespace strata::runtime::testing {

namespace stdfs = std::filesystem;
inline const char* kRunc = "/usr/sbin/runc";

class RuntimeTest : public ::testing::Test {
 protected:
  static stdfs::path& suite_dir() {
    static stdfs::path dir;
    return dir;
  }
  static void SetUpTestSuite() {
    if (::geteuid() != 0 || !stdfs::exists(kRunc)) return;
    stdfs::path src = stdfs::path(STRATA_TEST_DATA_DIR).parent_path().parent_path();
    stdfs::path tar = std::getenv("STRATA_BUSYBOX_TAR") ? std::getenv("STRATA_BUSYBOX_TAR") : src / "build/busybox-rootfs.tar";
    suite_dir() = stdfs::temp_directory_path() / ("strata-rt-" + random_hex(4));
    stdfs::create_directories(suite_dir() / "rootfs");
    if (!stdfs::exists(tar)) {
      tar = suite_dir() / "busybox.tar";
      std::system(("sh " + (src / "scripts/make-busybox-rootfs.sh").string() + " " + tar.string()).c_str());
    }
    std::system(("tar -C " + (suite_dir() / "rootfs").string() + " -xf " + tar.string()).c_str());
  }
  static void TearDownTestSuite() {
    if (!suite_dir().empty()) fs::remove_all(suite_dir());
  }

  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    if (!stdfs::exists(kRunc)) GTEST_SKIP() << "needs " << kRunc;
    ASSERT_TRUE(stdfs::exists(suite_dir() / "rootfs/bin/busybox"));
    ASSERT_TRUE(stdfs::exists(default_shim_path())) << "build strata-shim next to the test binary";
    dir = suite_dir() / random_hex(4);
    rt = make_runc_runtime(kRunc, "", dir / "runc");
    // A feature that is broken must fail the test, not hang it: after 30 s
    // kill every container (their sessions then end with 137).
    watchdog = std::thread([this] {
      std::unique_lock<std::mutex> l(mu);
      if (cv.wait_for(l, std::chrono::seconds(30), [this] { return done; })) return;
      ADD_FAILURE() << "watchdog: test timed out, killing its containers";
      for (const auto& id : ids)
        if (auto pid = read_pid_file(state(id) / "pid")) ::kill(*pid, SIGKILL);
    });
  }

  void TearDown() override {
    if (watchdog.joinable()) {
      {
        std::lock_guard<std::mutex> l(mu);
        done = true;
      }
      cv.notify_all();
      watchdog.join();
    }
    for (const auto& id : ids) {
      auto st = state(id);
      if (rt->shim_alive(st)) {
        if (auto pid = read_pid_file(st / "pid")) ::kill(*pid, SIGKILL);
        if (!rt->wait_shim_exit(st, std::chrono::seconds(5)))
          if (auto shim = read_pid_file(st / "shim.pid")) ::kill(*shim, SIGKILL);
      }
      std::system((std::string(kRunc) + " --root " + (dir / "runc").string() + " delete --force " + id +
                   " >/dev/null 2>&1").c_str());
    }
    if (!dir.empty()) fs::remove_all(dir);
  }

  stdfs::path state(const std::string& id) { return states.count(id) ? states[id] : dir / "state" / id; }

  ShimConfig config(const std::string& id, stdfs::path state_dir = {}) {
    {
      std::lock_guard<std::mutex> l(mu);  // the watchdog reads them
      ids.push_back(id);
      if (!state_dir.empty()) states[id] = state_dir;
    }
    ShimConfig c;
    c.id = id;
    c.bundle = dir / "bundle" / id;
    c.state_dir = state(id);
    c.log_path = state(id) / "ctr-json.log";
    c.runtime_root = dir / "runc";
    return c;
  }

  SpecInput spec(const std::string& id, std::vector<std::string> args) {
    SpecInput in;
    in.id = id;
    in.rootfs = (suite_dir() / "rootfs").string();
    in.process.args = std::move(args);
    in.process.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    in.hostname = "strata-test";
    in.cgroups_path = "/strata-test/" + id;
    return in;
  }

  // runc's container list under our root ("" when empty).
  std::string runc_list() {
    std::string cmd = std::string(kRunc) + " --root " + (dir / "runc").string() + " list -q 2>&1";
    std::string out;
    if (FILE* f = ::popen(cmd.c_str(), "r")) {
      char buf[256];
      while (size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
      ::pclose(f);
    }
    return out;
  }

  // VmRSS of the shim of a container, in kB (-1 if unknown).
  long shim_rss_kb(const stdfs::path& state_dir) {
    auto pid = read_pid_file(state_dir / "shim.pid");
    std::string status = pid ? fs::read_file("/proc/" + std::to_string(*pid) + "/status") : "";
    size_t at = status.find("VmRSS:");
    return at == std::string::npos ? -1 : std::atol(status.c_str() + at + 6);
  }

  stdfs::path dir;
  std::unique_ptr<Runtime> rt;
  std::vector<std::string> ids;
  std::thread watchdog;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::map<std::string, stdfs::path> states;
};

}  // namespace strata::runtime::testing
