#include "cli/kv_files.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "common/error.h"

namespace strata::cli {

std::vector<std::string> read_kv_file(const std::string& path, bool from_env) {
  std::ifstream in(path);
  if (!in) {
    std::string why = std::strerror(errno == 0 ? ENOENT : errno);
    why[0] = static_cast<char>(std::tolower(why[0]));  // Go's wording: "no such file or directory"
    throw Error(Errc::invalid_argument, "open " + path + ": " + why);
  }
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line = line.substr(start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t eq = line.find('=');
    std::string key = line.substr(0, eq);
    if (key.empty()) throw Error(Errc::invalid_argument, "invalid variable: " + line);  // "=x"
    if (key.find_first_of(" \t") != std::string::npos)
      throw Error(Errc::invalid_argument, "variable '" + key + "' contains whitespaces");
    if (eq != std::string::npos || !from_env) out.push_back(line);
    else if (const char* v = std::getenv(key.c_str())) out.push_back(key + "=" + v);
  }
  return out;
}

std::vector<std::string> expand_env(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (auto& e : given) {
    if (e.find('=') != std::string::npos) out.push_back(e);
    else if (const char* v = std::getenv(e.c_str())) out.push_back(e + "=" + v);
  }
  return out;
}

}  // namespace strata::cli
