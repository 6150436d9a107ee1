#include "container/etc_files.h"

#include <fstream>
#include <sstream>

#include "common/fs.h"

namespace strata::container {

namespace {
std::string host_resolv_conf() {
  std::ifstream in("/etc/resolv.conf");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  // A loopback resolver (systemd-resolved's local listener) is unreachable from a new
  // network namespace; Docker falls back to public resolvers then, we keep
  // the file as it is for the host network.
  return s;
}
}  // namespace

void write_etc_files(const std::filesystem::path& dir, const std::string& hostname, bool host_network) {
  fs::write_file_atomic(dir / "hostname", hostname + "\n", false);
  std::string hosts =
      "127.0.0.1\tlocalhost\n"
      "::1\tlocalhost ip6-localhost ip6-loopback\n"
      "fe00::0\tip6-localnet\n"
      "ff00::0\tip6-mcastprefix\n"
      "ff02::1\tip6-allnodes\n"
      "ff02::2\tip6-allrouters\n"
      "127.0.1.1\t" + hostname + "\n";
  fs::write_file_atomic(dir / "hosts", hosts, false);
  fs::write_file_atomic(dir / "resolv.conf", host_network ? host_resolv_conf() : "", false);
}

}  // namespace strata::container
