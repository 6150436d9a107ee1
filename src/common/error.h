// Errors: one exception type carrying a kind, so every front end can map it
// to its own status (the CLI to Docker's exit codes, an API server to HTTP).
#pragma once
#include <stdexcept>
#include <string>

namespace strata {

enum class Errc {
  invalid_argument,  // bad user input (exit 125 / HTTP 400)
  not_found,         // no such object (125 / 404)
  conflict,          // name in use, object in use, wrong state (125 / 409)
  system,            // the OS or a dependency failed (125 / 500)
  cannot_invoke,     // container command cannot be invoked (126)
  command_not_found, // container command not found (127)
};

class Error : public std::runtime_error {
 public:
  Error(Errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Errc code() const { return code_; }

 private:
  Errc code_;
};

// Throws Errc::system with "what: strerror(errno)".
[[noreturn]] void throw_errno(const std::string& what);
// Throws Errc::system with "what: strerror(err)".
[[noreturn]] void throw_errno(const std::string& what, int err);

}  // namespace strata
