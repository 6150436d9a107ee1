// --env-file and --label-file, read by the front end as Docker's CLI reads them.
#pragma once
#include <string>
#include <vector>

namespace strata::cli {

// Lines of KEY=VALUE; blank lines and lines starting with '#' are skipped; a bare KEY takes its
// value from our environment when `from_env` (env files) and is skipped if unset there, or stays
// KEY (label files). Fails on a key with white space, or a file that cannot be read.
std::vector<std::string> read_kv_file(const std::string& path, bool from_env);

// "-e NAME" without '=': NAME's value from our environment, dropped when unset (Docker's rule).
std::vector<std::string> expand_env(const std::vector<std::string>& given);

}  // namespace strata::cli
