// The tar of a stored layer, byte for byte the one its diff ID is the digest of: kept as
// overlay2/<id>/layer.tar when it came from outside (import, load: the tar's own choices of
// headers cannot be made again), made again from diff/ by write_tar for a committed layer.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>

#include "image/image_store.h"

namespace strata::graphdriver {
class Overlay2;
}

namespace strata::image {

using WriteFn = std::function<void(const void*, size_t)>;

// The file a layer's tar is kept in, in the layer's directory (`diff_dir`'s parent): built with
// the layer under its temporary name and renamed, and removed, with it.
std::filesystem::path layer_tar_path(const std::filesystem::path& diff_dir);

// Writes layer `l`'s tar (exactly l.tar_size bytes) through `out`. Throws Errc::system naming the
// layer if what is on disk no longer gives its diff ID (checked while streaming, on another core).
void write_layer_tar(graphdriver::Overlay2& driver, const LayerRecord& l, const WriteFn& out);

// Bytes a new layer may take on the filesystem of `dir`: its free space less a reserve of a tenth
// of its size, so a bomb fails with a clear error before the disk is full (never 0: no limit).
uint64_t layer_space(const std::filesystem::path& dir);

}  // namespace strata::image
