// How a step's result becomes an image (and a cache entry), and the build containers.
#include "build/build_run.h"
#include "common/fault.h"
#include "common/id.h"
#include "container/service.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::build {

namespace {
// The image record for `config_text`, inserted if missing; true if this call inserted it.
bool put_image(Builder::Deps& d, const std::string& id, const std::string& config_text, const std::string& top,
               const std::string& created, const std::string& parent) {
  bool inserted = false;
  d.db.transaction([&] {
    auto& store = d.images.store();
    if (store.find(id)) return;
    if (!top.empty() && !store.layer(top)) throw Error(Errc::not_found, "layer " + top + " vanished during the build");
    store.insert_image({id, config_text, top, created, {}, 0, parent});
    inserted = true;
  });
  return inserted;
}
}  // namespace

bool BuildRun::cached(const std::string& created_by) {
  std::string key = BuildCache::key(image_id_, created_by);
  if (o_.no_cache) return false;
  auto hit = cache_.get(key);
  if (!hit) return false;
  if (!hit->top_layer.empty() && !d_.images.store().layer(hit->top_layer)) {
    cache_.drop(key);  // its layer was removed (rmi): build it again
    return false;
  }
  std::string id = sha256_digest(hit->config);
  auto cfg = Json::parse(hit->config, nullptr, false);
  if (cfg.is_discarded()) return false;
  if (put_image(d_, id, hit->config, hit->top_layer, cfg.value("created", ""), image_id_)) transient_.push_back(id);
  config_ = cfg;
  image_id_ = id;
  top_ = hit->top_layer;
  say(" ---> Using cache");
  say(" ---> " + short_id(id));
  return true;
}

std::string BuildRun::commit(const std::string& created_by, const std::filesystem::path& upper) {
  std::string key = BuildCache::key(image_id_, created_by);
  image::CommitRequest req;
  req.upper = upper;
  req.parent_image = image_id_;
  req.config = cfg();
  req.author = author_;
  req.created_by = created_by;
  std::string id = d_.images.commit(req);  // refuses a stack deeper than a container can mount
  STRATA_FAULT("build.step-committed");
  transient_.push_back(id);
  auto img = d_.images.store().resolve(id);
  config_ = Json::parse(img.config);
  image_id_ = id;
  top_ = img.top_layer;
  cache_.put(key, {img.config, top_});
  return id;
}

void BuildRun::say_image(const std::string& id) const { say(" ---> " + short_id(id)); }

void BuildRun::ensure_image() {
  if (!image_id_.empty()) return;
  std::string text = config_.dump();
  image_id_ = sha256_digest(text);
  if (put_image(d_, image_id_, text, top_, config_.value("created", ""), "")) transient_.push_back(image_id_);
}

container::Container BuildRun::make_container(const std::vector<std::string>& cmd, const std::vector<std::string>& env) {
  ensure_image();
  container::CreateOptions o;
  o.image = image_id_;
  o.cmd = cmd;
  o.entrypoint = "";  // RUN ignores the image's ENTRYPOINT
  o.env = env;
  o.attach = true;
  return d_.containers.create(o);
}

void BuildRun::remove_container(const std::string& id) {
  try {
    d_.containers.remove(id, true, true);  // with its anonymous volumes (an image VOLUME)
  } catch (...) {
  }
}

}  // namespace strata::build
