// Docker's rules shared by -v, --mount, --tmpfs and --volumes-from
// (moby volume/mounts/linux_parser.go, pkg/mount/flags.go).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace strata::mounts {

// Go's path.Clean: "/a//b/../c/" -> "/a/c", "" -> ".".
std::string clean_path(const std::string& p);

// -v modes: a comma list with at most one of each group {rw|ro}, {z|Z},
// {[r]private|[r]shared|[r]slave}, {nocopy}, {consistent|cached|delegated}.
bool valid_mode(const std::string& mode);
bool mode_read_write(const std::string& mode);       // false when "ro" is in a valid mode
std::string mode_propagation(const std::string& mode);  // "" when none given
std::optional<bool> mode_copy_data(const std::string& mode);  // set when "nocopy" is given: false

// Checks a mount target; returns Docker's message or "" when fine:
// "field Target must not be empty", "invalid specification: destination can't be '/'",
// "invalid mount path: 'x' mount path must be absolute".
std::string target_error(const std::string& target);
// "invalid mount path: 'x' mount path must be absolute" or "".
std::string absolute_error(const std::string& path);
// `invalid mount config for type "<type>": <msg>`
std::string mount_config_error(const std::string& type, const std::string& msg);

// mount(2) flag options: "ro", "nosuid", "bind", "rprivate", … (moby's flags table).
struct MountFlag {
  unsigned long flag;
  bool clear;  // "rw", "suid", "exec", …: the option clears the flag
};
std::optional<MountFlag> mount_flag(const std::string& option);
bool is_propagation_flag(unsigned long flag);

// Splits mount options into flags and the data string the filesystem gets
// ("bind,ro,size=1m" -> MS_BIND|MS_RDONLY, "size=1m").
struct ParsedOptions {
  unsigned long flags = 0;
  std::string data;
};
ParsedOptions parse_mount_options(const std::string& options);

// tmpfs data keys Docker accepts: size, mode, uid, gid, nr_inodes, nr_blocks, mpol.
bool valid_tmpfs_data_key(const std::string& key);
// Docker's MergeTmpfsOptions over {"noexec","nosuid","nodev","rprivate"} + user options:
// later options win per flag (one propagation), duplicates dropped. Throws invalid_argument
// `invalid tmpfs option ["foo"]`.
std::vector<std::string> merge_tmpfs_options(const std::vector<std::string>& user);

std::vector<std::string> split(const std::string& s, char sep);

}  // namespace strata::mounts
