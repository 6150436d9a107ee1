// Memory aligned for O_DIRECT I/O (out_file, read_ahead).
#pragma once
#include <cstddef>
#include <cstdlib>
#include <memory>

#include "common/error.h"

namespace strata {

using AlignedBuffer = std::unique_ptr<char, void (*)(void*)>;

inline AlignedBuffer aligned_buffer(size_t align, size_t size) {
  void* p = nullptr;
  if (::posix_memalign(&p, align, size) != 0) throw Error(Errc::system, "out of memory");
  return AlignedBuffer(static_cast<char*>(p), std::free);
}

}  // namespace strata
