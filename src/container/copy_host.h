// The host side of `cp`, as Docker's CLI sees it: what a local source or destination path is.
#pragma once
#include <string>

#include "container/copy_paths.h"

namespace strata::container::cp {

// Absolute, cleaned, with a trailing "/" or "/." kept (Docker's resolveLocalPath).
std::string host_abs(const std::string& path);
// Docker's ValidateOutputPath: the parent must exist; an existing path must be a directory or a
// regular file. Throws Errc::invalid_argument with Docker's texts.
void validate_output_path(const std::string& path);
// Docker's CopyInfoDestinationPath: follows a symlink at `path` (up to 10), requires the parent.
CopyInfo destination_info(const std::string& path);
// Docker's CopyInfoSourcePath: the parent's symlinks resolved; the last one too with follow_link.
CopyInfo source_info(const std::string& path, bool follow_link);

}  // namespace strata::container::cp
