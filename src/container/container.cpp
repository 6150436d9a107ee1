#include "container/container.h"

#include <chrono>

#include "format/human.h"

namespace strata::container {

std::string status_text(const State& s) {
  auto since = [](const std::string& rfc3339) {
    auto d = std::chrono::system_clock::now() - format::parse_rfc3339(rfc3339);
    return format::human_duration(std::chrono::duration_cast<std::chrono::nanoseconds>(d));
  };
  if (s.running) return "Up " + since(s.started_at) + (s.paused ? " (Paused)" : "");
  if (s.status == "exited") return "Exited (" + std::to_string(s.exit_code) + ") " + since(s.finished_at) + " ago";
  return "Created";
}

Json state_to_json(const State& s) {
  Json j;
  j["Status"] = s.status;
  j["Running"] = s.running;
  j["Paused"] = s.paused;
  j["Restarting"] = false;
  j["OOMKilled"] = false;
  j["Dead"] = s.status == "dead";
  j["Pid"] = s.pid;
  j["ExitCode"] = s.exit_code;
  j["Error"] = s.error;
  j["StartedAt"] = s.started_at;
  j["FinishedAt"] = s.finished_at;
  return j;
}

Json state_to_record(const State& s) {
  Json j = state_to_json(s);
  j["RestartCount"] = s.restart_count;
  j["HasBeenManuallyStopped"] = s.manually_stopped;
  return j;
}

State state_from_json(const Json& j) {
  State s;
  s.status = j.value("Status", "created");
  s.running = j.value("Running", false);
  s.paused = s.running && j.value("Paused", false);
  s.pid = j.value("Pid", 0);
  s.exit_code = j.value("ExitCode", 0);
  s.error = j.value("Error", "");
  s.started_at = j.value("StartedAt", s.started_at);
  s.finished_at = j.value("FinishedAt", s.finished_at);
  s.restart_count = j.value("RestartCount", 0);
  s.manually_stopped = j.value("HasBeenManuallyStopped", false);
  return s;
}

}  // namespace strata::container
