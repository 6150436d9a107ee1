// The build context: the directory COPY and ADD read from, with .dockerignore applied. Every
// source is resolved inside it (openat2 RESOLVE_IN_ROOT): a symlink in the context can never
// make the build read a file outside it.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "build/dockerignore.h"
#include "common/fd.h"

namespace strata::archive {
class TarStream;
}

namespace strata::build {

struct Source {
  std::string rel;     // clean, relative to the context, symlinks resolved ("" = the context itself)
  bool is_dir = false;
  std::string name;    // the name it was asked by (its base name), what a file copy is called
};

class BuildContext {
 public:
  // Throws Errc::not_found `unable to prepare context: path "DIR" not found`.
  explicit BuildContext(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const IgnoreRules& ignore() const { return ignore_; }

  // One COPY/ADD source (variables already replaced): wildcards expanded in name order.
  // Throws Docker's texts: "forbidden path outside the build context: ../a ()", "file not found
  // in build context or excluded by .dockerignore: stat x: file does not exist", "no source
  // files were specified".
  std::vector<Source> sources(const std::string& src) const;

  // "sha256:…" over the sources' names, modes, link targets and content (not times or owners):
  // what the build cache keys a COPY on.
  std::string hash(const std::vector<Source>& sources) const;

  // Writes `s` (a directory: with everything below it that is not ignored) as tar entries whose
  // top is named `tar_name` ("." for a directory's contents).
  void write(archive::TarStream& out, const Source& s, const std::string& tar_name) const;

  // Opens source `s` for reading (a regular file).
  UniqueFd open(const Source& s) const;

 private:
  std::vector<std::string> glob(const std::string& pattern) const;

  std::filesystem::path dir_;
  UniqueFd root_;
  IgnoreRules ignore_;
};

}  // namespace strata::build
