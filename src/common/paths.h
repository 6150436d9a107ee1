// Where the store lives on disk. Mirrors Docker's layout under the root:
//   <root>/overlay2/<id>/{diff,link,lower,work,merged}, <root>/overlay2/l/<short>
//   <root>/containers/<id>/{config.json,hosts,hostname,resolv.conf,<id>-json.log}
//   <root>/volumes/<name>/_data
//   <root>/strata.db (SQLite, WAL)
// Runtime state (shim sockets, pid files, runc state) lives under the run root:
// /run/strata by default, <root>/run when --root is given (tests).
#pragma once
#include <filesystem>

namespace strata {

struct Paths {
  std::filesystem::path root;
  std::filesystem::path run_root;

  std::filesystem::path db() const { return root / "strata.db"; }
  std::filesystem::path overlay2() const { return root / "overlay2"; }
  std::filesystem::path containers() const { return root / "containers"; }
  std::filesystem::path volumes() const { return root / "volumes"; }
  std::filesystem::path tmp() const { return root / "tmp"; }
  std::filesystem::path container_dir(const std::string& id) const { return containers() / id; }
  std::filesystem::path container_run_dir(const std::string& id) const { return run_root / "containers" / id; }
  std::filesystem::path runc_root() const { return run_root / "runc"; }

  // Creates the directories above (mode 0700 for the root, like Docker's).
  void ensure() const;
};

}  // namespace strata
