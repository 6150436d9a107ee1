// top: the host's ps, filtered to the container's processes (Docker's ContainerTop).
#include <algorithm>
#include <sstream>

#include "common/error.h"
#include "common/fs.h"
#include "container/service.h"
#include "runtime/process.h"
#include "runtime/runtime.h"

namespace strata::container {

namespace {
// The first `n - 1` whitespace-separated fields, then the rest of the line as the last one.
std::vector<std::string> fields(const std::string& line, size_t n) {
  std::vector<std::string> out;
  size_t i = 0;
  while (out.size() + 1 < n) {
    i = line.find_first_not_of(" \t", i);
    if (i == std::string::npos) return out;
    size_t j = line.find_first_of(" \t", i);
    out.push_back(line.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) return out;
    i = j;
  }
  i = line.find_first_not_of(" \t", i);
  if (i != std::string::npos) out.push_back(line.substr(i));
  return out;
}
}  // namespace

ContainerService::TopResult ContainerService::top(const std::string& ref, const std::vector<std::string>& ps_args) {
  Container c = get(ref);
  if (!c.state.running) throw Error(Errc::conflict, "Container " + c.id + " is not running");
  std::vector<int> pids = d_.runtime.pids(c.id);
  auto ps = fs::find_executable("ps");  // the host's (procps)
  if (ps.empty()) throw Error(Errc::system, "Error running ps: ps not found (apt-get install procps)");
  std::vector<std::string> argv{ps.string()};
  if (ps_args.empty()) argv.push_back("-ef");
  for (auto& a : ps_args) {  // Docker splits the arguments on whitespace
    std::istringstream words(a);
    for (std::string w; words >> w;) argv.push_back(w);
  }
  int st = 0;
  std::string out;
  try {
    out = runtime::capture_output(argv, &st);
  } catch (const Error& e) {
    throw Error(Errc::system, std::string("Error running ps: ") + e.what());
  }
  if (st != 0) throw Error(Errc::system, "ps: exit status " + std::to_string(runtime::status_code(st)));
  std::istringstream lines(out);
  std::string line;
  TopResult r;
  if (!std::getline(lines, line)) return r;
  std::istringstream head(line);
  for (std::string t; head >> t;) r.titles.push_back(t);
  auto pid_col = std::find(r.titles.begin(), r.titles.end(), "PID");
  if (pid_col == r.titles.end()) throw Error(Errc::system, "Couldn't find PID field in ps output");
  size_t k = static_cast<size_t>(pid_col - r.titles.begin());
  while (std::getline(lines, line)) {
    auto f = fields(line, r.titles.size());
    if (f.size() <= k) continue;
    int pid = 0;
    try {
      pid = std::stoi(f[k]);
    } catch (const std::exception&) {
      throw Error(Errc::system, "Unexpected pid '" + f[k] + "'");
    }
    if (std::find(pids.begin(), pids.end(), pid) != pids.end()) r.processes.push_back(std::move(f));
  }
  return r;
}

}  // namespace strata::container
