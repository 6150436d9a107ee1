#include "common/page_cache.h"

#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace strata {

namespace {
// From linux/mman.h of Linux 6.5; Debian 12's headers predate it.
struct CachestatRange {
  uint64_t off, len;
};
struct Cachestat {
  uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};
constexpr long kSysCachestat = 451;  // the same number on every architecture
constexpr long kOverlayfsMagic = 0x794c7630;
}  // namespace

bool mostly_cached(int fd, uint64_t size) {
  // An overlayfs file has no page cache of its own (reads go to the layer's file), so cachestat
  // reports nothing cached for data that is (export reads a container's merged view).
  struct statfs fs {};
  if (::fstatfs(fd, &fs) != 0 || fs.f_type == kOverlayfsMagic) return true;
  CachestatRange range{0, 0};  // len 0: to the end of the file
  Cachestat cs{};
  if (::syscall(kSysCachestat, fd, &range, &cs, 0) != 0) return true;
  uint64_t pages = (size + 4095) / 4096;
  return cs.nr_cache * 2 >= pages;
}

}  // namespace strata
