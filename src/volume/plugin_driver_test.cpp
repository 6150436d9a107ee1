#include "volume/plugin_driver.h"

#include <gtest/gtest.h>

#include "common/error_test_util.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fstream>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata::volume {

namespace {
// Answers each call from a table and records what was sent.
struct FakeTransport : PluginTransport {
  std::map<std::string, PluginResponse> answers;
  std::vector<std::pair<std::string, Json>>* calls;
  PluginResponse post(const std::string& method, const std::string& body, int timeout_s) override {
    calls->push_back({method, Json::parse(body)});
    EXPECT_GT(timeout_s, 0);
    auto it = answers.find(method);
    if (it == answers.end()) throw Error(Errc::system, "Post \"http://x/" + method + "\": context deadline exceeded");
    return it->second;
  }
};

using strata::testing_util::error_of;
}  // namespace

class PluginDriverTest : public ::testing::Test {
 protected:
  PluginDriver make(std::map<std::string, PluginResponse> answers) {
    auto t = std::make_unique<FakeTransport>();
    t->answers = std::move(answers);
    t->calls = &calls;
    return PluginDriver(std::move(t));
  }
  std::vector<std::pair<std::string, Json>> calls;
};

TEST_F(PluginDriverTest, SendsDockersRequestBodies) {
  auto d = make({{"VolumeDriver.Create", {200, R"({"Err":""})"}},
                 {"VolumeDriver.Mount", {200, R"({"Mountpoint":"/data/v1","Err":""})"}},
                 {"VolumeDriver.Unmount", {200, "{}"}},
                 {"VolumeDriver.Remove", {200, ""}}});
  d.create("v1", {});
  d.create("v2", {{"size", "1g"}});
  EXPECT_EQ(d.mount("v1", "abc"), "/data/v1");
  d.unmount("v1", "abc");
  d.remove("v1");
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0].second.dump(), R"({"Name":"v1","Opts":null})");
  EXPECT_EQ(calls[1].second.dump(), R"({"Name":"v2","Opts":{"size":"1g"}})");
  EXPECT_EQ(calls[2].second.dump(), R"({"Name":"v1","ID":"abc"})");
  EXPECT_EQ(calls[3].first, "VolumeDriver.Unmount");
  EXPECT_EQ(calls[3].second.dump(), R"({"Name":"v1","ID":"abc"})");
  EXPECT_EQ(calls[4].second.dump(), R"({"Name":"v1"})");
}

TEST_F(PluginDriverTest, ReadsGetListAndCapabilities) {
  auto d = make({{"VolumeDriver.Get",
                  {200, R"({"Volume":{"Name":"v1","Mountpoint":"/m","CreatedAt":"2026-01-02T03:04:05Z","Status":{"a":1}}})"}},
                 {"VolumeDriver.List", {200, R"({"Volumes":[{"Name":"a"},{"Name":"b","Mountpoint":"/b"}]})"}},
                 {"VolumeDriver.Capabilities", {200, R"({"Capabilities":{"Scope":"global"}})"}},
                 {"VolumeDriver.Path", {200, R"({"Mountpoint":"/m"})"}}});
  auto v = d.get("v1");
  EXPECT_EQ(v.mountpoint, "/m");
  EXPECT_EQ(v.created_at, "2026-01-02T03:04:05Z");
  EXPECT_EQ(v.status.dump(), R"({"a":1})");
  auto l = d.list();
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[1].mountpoint, "/b");
  EXPECT_EQ(d.scope(), "global");
  EXPECT_EQ(d.path("v1"), "/m");
}

TEST_F(PluginDriverTest, ErrorsReadAsDockersClientShowsThem) {
  auto d = make({{"VolumeDriver.Create", {500, R"({"Err":"no space on the array"})"}},
                 {"VolumeDriver.Mount", {200, R"({"Mountpoint":"","Err":"busy"})"}},
                 {"VolumeDriver.Remove", {404, "404 page not found\n"}},
                 {"VolumeDriver.Get", {200, "not json"}},
                 {"Plugin.Activate", {200, R"({"Implements":["NetworkDriver"]})"}}});
  // A non-200 answer carries the method (pkg/plugins statusError); a 200 with Err is the Err.
  EXPECT_EQ(error_of([&] { d.create("v", {}); }), "VolumeDriver.Create: no space on the array");
  EXPECT_EQ(error_of([&] { d.mount("v", "id"); }), "busy");
  EXPECT_EQ(error_of([&] { d.remove("v"); }), "VolumeDriver.Remove: 404 page not found");
  EXPECT_EQ(error_of([&] { d.get("v"); }), "VolumeDriver.Get: invalid answer from plugin: not json");
  EXPECT_EQ(error_of([&] { d.unmount("v", "id"); }), "Post \"http://x/VolumeDriver.Unmount\": context deadline exceeded");
  EXPECT_EQ(d.scope(), "local");  // no Capabilities: local, as Docker
  EXPECT_EQ(error_of([&] { d.activate("nfs"); }),
            "error looking up volume plugin nfs: plugin does not implement the requested driver");
}

TEST(PluginDiscovery, SocketsFirstThenSpecFiles) {
  auto base = std::filesystem::temp_directory_path() / ("strata-plugins-" + random_hex(6));
  auto own = base / "own", docker = base / "docker", specs = base / "specs";
  for (auto& d : {own, docker, specs / "nested"}) std::filesystem::create_directories(d);
  auto bind_socket = [](const std::filesystem::path& p) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", p.c_str());
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ::close(fd);
  };
  bind_socket(docker / "both.sock");
  bind_socket(own / "both.sock");
  std::ofstream(own / "notsock.sock") << "a file, not a socket";
  std::ofstream(specs / "tcp.spec") << "tcp://127.0.0.1:8080\n";
  std::ofstream(specs / "nested" / "nested.json") << R"({"Name":"nested","Addr":"unix:///run/x.sock"})";
  std::ofstream(specs / "bad.spec") << "127.0.0.1:8080";
  std::vector<std::filesystem::path> sockets{own, docker}, spec_dirs{own, specs};
  EXPECT_EQ(find_plugin("both", sockets, spec_dirs), "unix://" + (own / "both.sock").string());
  EXPECT_EQ(find_plugin("notsock", sockets, spec_dirs), "");
  EXPECT_EQ(find_plugin("tcp", sockets, spec_dirs), "tcp://127.0.0.1:8080");
  EXPECT_EQ(find_plugin("nested", sockets, spec_dirs), "unix:///run/x.sock");
  EXPECT_EQ(find_plugin("../docker/both", sockets, spec_dirs), "");
  EXPECT_EQ(find_plugin("absent", sockets, spec_dirs), "");
  EXPECT_EQ(error_of([&] { find_plugin("bad", sockets, spec_dirs); }), "error looking up volume plugin bad: Unknown protocol");
  EXPECT_EQ(error_of([&] { plugin_lookup(base)("absent-plugin-x"); }),
            "error looking up volume plugin absent-plugin-x: plugin \"absent-plugin-x\" not found");
  fs::remove_all(base);
}

TEST(PluginTransport, DeadSocketIsOneClearError) {
  auto base = std::filesystem::temp_directory_path() / ("strata-plugins-" + random_hex(6));
  std::filesystem::create_directories(base);
  auto sock = base / "dead.sock";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::snprintf(a.sun_path, sizeof a.sun_path, "%s", sock.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ::close(fd);  // bound, never listening: connect is refused
  auto t = http_transport("unix://" + sock.string());
  std::string escaped;
  for (char c : sock.string()) escaped += c == '/' ? std::string("%2F") : std::string(1, c);
  EXPECT_EQ(error_of([&] { t->post("Plugin.Activate", "{}", 5); }),
            "Post \"http://" + escaped + "/Plugin.Activate\": dial unix " + sock.string() + ": connect: connection refused");
  fs::remove_all(base);
}

}  // namespace strata::volume
