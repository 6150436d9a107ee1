// A build container's writable layer -> an image layer on top of the container's image (its
// overlay upper dir written as an OCI layer tar, whiteouts as ".wh." entries, and unpacked into a
// new layer directory, hashing the tar as it passes). Refuses a stack deeper than overlayfs
// allows. Stands in until the container service's `commit` offers a layer-level entry point.
#pragma once
#include <filesystem>
#include <string>

#include "build/build_run.h"

namespace strata::build {

NewLayer commit_upper(Builder::Deps& d, const std::filesystem::path& upper, const std::string& parent_chain);

}  // namespace strata::build
