#include "build/layer.h"

#include "archive/diff_tar.h"
#include "archive/extract.h"
#include "common/fs.h"
#include "container/copy_ops.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::build {

NewLayer commit_upper(Builder::Deps& d, const std::filesystem::path& upper, const std::string& parent_chain) {
  auto intent = d.db.journal().begin("build");
  auto& store = d.images.store();
  std::string parent_cache = parent_chain.empty() ? "" : store.layer(parent_chain).value().cache_id;
  auto tmp = d.driver.new_layer_dir();
  try {
    archive::ExtractResult res;
    container::cp::pipe_copy([&](int fd) { archive::write_tar(upper, fd, true); },
                             [&](int fd) { res = archive::extract_layer(fd, tmp / "diff"); });
    std::string chain = image::chain_id(parent_chain, res.diff_id);
    d.db.transaction([&] {
      if (store.layer(chain)) return;  // the same change made before: shared
      d.driver.commit_layer(tmp, chain.substr(7), parent_cache);
      store.insert_layer({chain, res.diff_id, parent_chain, chain.substr(7), static_cast<int64_t>(res.content_size),
                          static_cast<int64_t>(res.tar_size)});
    });
    fs::remove_all(tmp);  // a no-op when the layer took it
    return {chain, res.diff_id};
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
}

}  // namespace strata::build
