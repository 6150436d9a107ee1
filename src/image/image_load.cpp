// load: scan the archive (layers extracted as they stream by), plan (every digest checked), then
// one transaction renames the new layers into place and records images and tags. A failure at
// any point leaves nothing: the scan's temporary dirs go with it.
#include <fcntl.h>

#include <map>

#include "archive/extract.h"
#include "common/error.h"
#include "common/fault.h"
#include "common/fd.h"
#include "common/fs.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "image/layer_tar.h"
#include "image/load_plan.h"
#include "store/db.h"

namespace strata::image {

namespace {
static_assert(kMaxImageLayers == graphdriver::kMaxLowers - 1);

// Docker's checkValidParent: the child's history is the parent's plus one entry.
bool valid_parent(const std::string& child_cfg, const std::string& parent_cfg) {
  auto c = Json::parse(child_cfg).value("history", Json::array());
  auto p = Json::parse(parent_cfg).value("history", Json::array());
  if (c.empty() && p.empty()) return true;
  if (c.size() != p.size() + 1) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (c[i] != p[i]) return false;
  return true;
}

// A second directory for a layer blob that two different stacks need (each chain is its own dir).
std::filesystem::path copy_layer(graphdriver::Overlay2& driver, const std::filesystem::path& from) {
  auto tmp = driver.new_layer_dir();
  try {
    UniqueFd in(::open(layer_tar_path(from / "diff").c_str(), O_RDONLY | O_CLOEXEC));
    if (!in.valid()) throw_errno("open " + layer_tar_path(from / "diff").string());
    UniqueFd kept(::open(layer_tar_path(tmp / "diff").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!kept.valid()) throw_errno("create " + layer_tar_path(tmp / "diff").string());
    archive::ExtractOptions o;
    o.tee_fd = kept.get();
    archive::extract_layer(in.get(), tmp / "diff", o);
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  return tmp;
}
}  // namespace

std::vector<std::string> ImageService::load(int fd) {
  auto intent = db_.journal().begin("load");
  LoadScan scan(driver_, fd);
  std::vector<LoadedImage> images = plan_load(scan);
  STRATA_FAULT("load.scanned");
  for (auto& img : images)
    if (img.diff_ids.size() > kMaxImageLayers)
      throw Error(Errc::invalid_argument, "max depth exceeded: image " + img.id + " has " + std::to_string(img.diff_ids.size()) +
                                              " layers; a container can stack at most " + std::to_string(kMaxImageLayers));
  // Which directory each new chain gets: a blob's own for its first stack, a copy for the next.
  std::map<std::string, std::filesystem::path> dirs;  // chain -> temporary layer dir
  std::map<ScannedBlob*, bool> used;
  std::vector<std::filesystem::path> copies;
  struct CopiesGuard {
    std::vector<std::filesystem::path>& v;
    ~CopiesGuard() {
      for (auto& p : v) fs::remove_all(p);
    }
  } guard{copies};
  for (auto& img : images) {
    std::string chain;
    for (size_t i = 0; i < img.diff_ids.size(); ++i) {
      chain = chain_id(chain, img.diff_ids[i]);
      if (dirs.count(chain) || store_.layer(chain)) continue;
      ScannedBlob* b = img.layers[i];
      if (!used[b]) dirs[chain] = b->dir, used[b] = true;
      else copies.push_back(dirs[chain] = copy_layer(driver_, b->dir));
    }
  }
  std::vector<std::string> out, ids, placed;
  bool last_tagged = false;
  try {
  db_.transaction([&] {
    out.clear(), ids.clear(), placed.clear();
    for (auto& img : images) {
      std::string chain, parent_chain;
      for (size_t i = 0; i < img.diff_ids.size(); ++i) {
        chain = chain_id(parent_chain, img.diff_ids[i]);
        if (!store_.layer(chain)) {
          auto parent_cache = parent_chain.empty() ? "" : store_.layer(parent_chain)->cache_id;
          driver_.commit_layer(dirs[chain], chain.substr(7), parent_cache);
          placed.push_back(chain.substr(7));
          const auto& r = img.layers[i]->layer;
          store_.insert_layer({chain, img.diff_ids[i], parent_chain, chain.substr(7),
                               static_cast<int64_t>(r.content_size), static_cast<int64_t>(r.tar_size)});
        }
        parent_chain = chain;
      }
      store_.insert_image({img.id, img.config, chain, img.created.empty() ? "0001-01-01T00:00:00Z" : img.created, {}, 0, ""});
      ids.push_back("Loaded image ID: " + img.id);
      for (auto& t : img.tags) {
        auto old = store_.set_tag(parse_reference(t), img.id);
        if (old && *old != img.id)
          out.push_back("The image " + t + " already exists, renaming the old one with ID " + *old + " to empty string");
        out.push_back("Loaded image: " + t);
      }
      last_tagged = !img.tags.empty();
    }
    for (auto& img : images)  // parent links, only within the archive and only if consistent
      for (auto& p : images)
        if (!img.parent.empty() && p.id == img.parent && p.id != img.id && valid_parent(img.config, p.config))
          store_.set_parent(img.id, p.id);
    STRATA_FAULT("load.renamed");
  });
  } catch (...) {
    // Rolled back: the layers renamed into place have no record, take them back.
    for (auto& id : placed) driver_.remove(id);
    throw;
  }
  STRATA_FAULT("load.committed");  // after the commit: the records own the layers now
  // Docker prints the IDs when the last image had no tag.
  if (!last_tagged) out.insert(out.end(), ids.begin(), ids.end());
  return out;
}

}  // namespace strata::image
