// How much of a file the page cache holds, for readers that choose between buffered and direct
// I/O (save and commit re-tar layers of GiBs).
#pragma once
#include <cstdint>

namespace strata {

// Files at least this large go around the page cache when a layer is written (commit) or read
// while not cached (save): see archive/tree_copy.cpp and archive/diff_tar.cpp.
constexpr uint64_t kDirectIoMin = 1 << 20;

// True when at least half of the file's pages are in the page cache, or when the kernel cannot
// say (cachestat(2) is Linux 6.5+; an overlayfs file's pages belong to its layer's file): then
// buffered reads are the safe choice.
bool mostly_cached(int fd, uint64_t size);

}  // namespace strata
