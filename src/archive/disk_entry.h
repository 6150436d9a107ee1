// Tar entries describing files of a layer directory (used by write_tar).
#pragma once
#include <sys/stat.h>

#include <string>

#include "archive/la_util.h"

namespace strata::archive {

// A libarchive disk reader that does not follow symlinks and skips ACLs, file flags and sparse
// maps; with no name lookup set, ownership stays numeric.
ReadPtr new_disk_reader();

// The entry for `rel` ("etc/passwd"; a directory gets "etc/"), from `st` plus what it links to and
// its xattrs, read through `fd` if valid or path `abs` otherwise. The mtime is cut to whole
// seconds (like Docker); xattrs are sorted, trusted.overlay.* dropped, and `opaque` tells whether
// trusted.overlay.opaque was "y".
EntryPtr disk_entry(::archive* disk, int fd, const std::string& abs, const std::string& rel,
                    const struct stat& st, bool& opaque);

// An empty regular entry, mode 0600, owned like `st` and with its mtime: a whiteout or opaque marker.
EntryPtr marker_entry(const std::string& name, const struct stat& st);

}  // namespace strata::archive
