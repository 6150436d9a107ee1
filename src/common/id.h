// Identifiers and digests: random IDs like Docker's, sha256 via OpenSSL.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace strata {

// n random bytes from the kernel, as 2n lowercase hex characters.
std::string random_hex(size_t n_bytes);
// A new 64-hex object ID (container, anonymous volume, mount ID).
inline std::string new_id() { return random_hex(32); }
// The first 12 hex characters of an ID, as Docker shows it.
inline std::string short_id(std::string_view id) {
  if (id.rfind("sha256:", 0) == 0) id.remove_prefix(7);
  return std::string(id.substr(0, 12));
}
// True for 64 lowercase hex characters.
bool is_full_hex_id(std::string_view s);

// Streaming sha256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, size_t len);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // "sha256:<hex>"; the hasher cannot be updated afterwards.
  std::string digest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "sha256:<hex>" of a byte string.
std::string sha256_digest(std::string_view data);

}  // namespace strata
