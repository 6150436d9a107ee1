// logs: the container's json-file log as Docker's `logs` reads it: --tail counts entries from the
// end, --since/--until select by the time each entry was written, -f follows until the
// container stops.
#include <deque>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "container/service.h"
#include "format/human.h"

namespace strata::container {

void ContainerService::logs(const std::string& ref, const LogOptions& o,
                            const std::function<void(const std::string&, const std::string&, const std::string&)>& out) {
  Container c = get(ref);
  std::ifstream in(d_.paths.container_dir(c.id) / (c.id + "-json.log"));
  struct Entry {
    std::string stream, log, time;
  };
  std::deque<Entry> held;  // while reading what is there: the last `tail` entries
  bool backlog = true;
  auto take = [&](const std::string& line) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) return;
    Entry e{j.value("stream", "stdout"), j.value("log", ""), j.value("time", "")};
    if (o.since || o.until) {
      auto t = format::parse_rfc3339(e.time);
      if ((o.since && t < *o.since) || (o.until && t > *o.until)) return;
    }
    if (!backlog) return out(e.stream, e.log, o.timestamps ? e.time : "");
    held.push_back(std::move(e));
    if (o.tail >= 0 && held.size() > static_cast<size_t>(o.tail)) held.pop_front();
  };
  auto flush = [&] {
    for (auto& e : held) out(e.stream, e.log, o.timestamps ? e.time : "");
    held.clear();
    backlog = false;
  };
  std::string line;
  for (;;) {
    std::streampos pos = in.tellg();
    if (std::getline(in, line)) {
      if (!in.eof()) {
        take(line);
        continue;
      }
      in.clear();  // a line still being written: wait for its end
      in.seekg(pos);
    }
    in.clear();
    flush();
    if (!o.follow || (o.until && std::chrono::system_clock::now() > *o.until)) return;
    c = get(c.id);
    if (!c.state.running) {
      while (std::getline(in, line)) take(line);  // what the monitor wrote after our last look
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace strata::container
