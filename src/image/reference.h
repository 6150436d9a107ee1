// Image references ("busybox", "busybox:1.36", "localhost:5000/team/app:v2")
// parsed and validated by Docker's grammar, before they touch the store.
#pragma once
#include <string>
#include <string_view>

namespace strata::image {

struct Reference {
  std::string repository;  // "busybox", "localhost:5000/team/app"
  std::string tag;         // "latest" when none was given
  std::string str() const { return repository + ":" + tag; }
};

// Throws Errc::invalid_argument with Docker's text ("invalid reference
// format", "invalid reference format: repository name must be lowercase").
Reference parse_reference(std::string_view s);

// True if s could be (a prefix of) an image ID: hex, optionally "sha256:".
bool looks_like_id(std::string_view s);

}  // namespace strata::image
