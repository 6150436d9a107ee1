#include <fcntl.h>

#include <chrono>

#include "archive/extract.h"
#include "common/error.h"
#include "common/fault.h"
#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"
#include "format/human.h"
#include "format/json.h"
#include "graphdriver/overlay2.h"
#include "image/config.h"
#include "image/image_service.h"
#include "image/layer_tar.h"
#include "store/db.h"

namespace strata::image {

std::string chain_id(const std::string& parent_chain, const std::string& diff_id) {
  if (parent_chain.empty()) return diff_id;
  return sha256_digest(parent_chain + " " + diff_id);
}

std::string ImageService::import(int fd, const ImportOptions& opts) {
  // Check everything the user typed before any work is done.
  Json changes = Json::object();
  for (auto& c : opts.changes) apply_change(changes, c);

  auto intent = db_.journal().begin("import");
  auto tmp = driver_.new_layer_dir();
  archive::ExtractResult res;
  try {
    // The tar is kept beside the layer (see layer_tar.h): the layer and its tar take at most
    // twice the tar's size, which must fit in the space left.
    UniqueFd kept(::open(layer_tar_path(tmp / "diff").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!kept.valid()) throw_errno("create " + layer_tar_path(tmp / "diff").string());
    archive::ExtractOptions o;
    o.tee_fd = kept.get();
    o.max_tar_size = layer_space(tmp) / 2;
    res = archive::extract_layer(fd, tmp / "diff", o);
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  STRATA_FAULT("import.extracted");
  std::string created = format::time_rfc3339nano(std::chrono::system_clock::now());
  std::string chain = chain_id("", res.diff_id);
  std::string comment = opts.message.empty() ? "Imported from " + opts.source : opts.message;
  // Docker's import config; its keys come out sorted (Docker marshals the image through a map).
  Json base = new_config({res.diff_id}, created);
  Json config;
  config["architecture"] = base["architecture"];
  config["comment"] = comment;
  config["config"] = changes;
  config["created"] = created;
  config["history"] = Json::array({Json{{"created", created}, {"comment", comment}}});
  config["os"] = "linux";
  config["rootfs"] = base["rootfs"];
  std::string config_text = format::json_compact(config, true);
  ImageRecord img{sha256_digest(config_text), config_text, chain, created, {}, 0, ""};

  bool placed = false;
  try {
    db_.transaction([&] {
      if (!store_.layer(chain)) {
        driver_.commit_layer(tmp, chain.substr(7), "");
        placed = true;
        store_.insert_layer({chain, res.diff_id, "", chain.substr(7), static_cast<int64_t>(res.content_size),
                             static_cast<int64_t>(res.tar_size)});
      }
      store_.insert_image(img);
      if (opts.tag) store_.set_tag(*opts.tag, img.id);
      STRATA_FAULT("import.renamed");
    });
  } catch (...) {
    if (placed) driver_.remove(chain.substr(7));  // rolled back: the renamed layer has no record
    fs::remove_all(tmp);
    throw;
  }
  STRATA_FAULT("import.committed");  // after the commit: the records own the layer now
  fs::remove_all(tmp);  // a no-op when the layer took it
  return img.id;
}

void ImageService::tag(const std::string& source_ref, const std::string& target) {
  auto ref = parse_reference(target);
  db_.transaction([&] {
    auto img = store_.resolve(source_ref);
    store_.set_tag(ref, img.id);
  });
}

}  // namespace strata::image
