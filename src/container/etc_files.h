// The files a container gets bind-mounted over /etc/hosts, /etc/hostname and
// /etc/resolv.conf, kept in its directory as Docker keeps them.
#pragma once
#include <filesystem>
#include <string>

namespace strata::container {

void write_etc_files(const std::filesystem::path& container_dir, const std::string& hostname, bool host_network);

}  // namespace strata::container
