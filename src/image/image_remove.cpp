// rmi with Docker's rules (daemon/images/image_delete.go): a tag is untagged; the image goes when
// its last reference does and nothing depends on it; untagged parents left unused go with it.
#include "common/error.h"
#include "common/fault.h"
#include "common/id.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::image {

namespace {

bool matched_by_tag(const ImageRecord& img, const std::string& ref, std::string* tag) {
  // An ID or ID prefix wins (Docker's isImageIDPrefix).
  if (!ref.empty() && (img.id.rfind(ref, 0) == 0 || img.id.rfind("sha256:" + ref, 0) == 0)) return false;
  try {
    auto r = parse_reference(ref).str();
    for (auto& t : img.tags)
      if (t == r) return *tag = t, true;
  } catch (const Error&) {
  }
  return false;
}

struct Conflict {
  std::string message;
  bool hard = false, used = false;
};
enum Mask { kChild = 1, kRunning = 2, kReference = 4, kStopped = 8, kHard = kChild | kRunning, kSoft = kReference | kStopped };

[[noreturn]] void raise(const std::string& id, const Conflict& c) {
  throw Error(Errc::conflict, "conflict: unable to delete " + short_id(id) + " (" +
                                  (c.hard ? "cannot be forced" : "must be forced") + ") - " + c.message);
}

}  // namespace

class Remover {
 public:
  Remover(ImageStore& s, std::vector<std::string>& out, std::vector<LayerRecord>& gone) : s_(s), out_(out), gone_(gone) {}

  std::optional<Conflict> conflict(const ImageRecord& img, int mask) {
    if ((mask & kChild) && !s_.children(img.id).empty()) return Conflict{"image has dependent child images", true, false};
    auto users = s_.users(img.id);
    for (auto& [id, running] : users)
      if ((mask & kRunning) && running)
        return Conflict{"image is being used by running container " + short_id(id), true, true};
    if ((mask & kReference) && !img.tags.empty()) return Conflict{"image is referenced in multiple repositories", false, false};
    for (auto& [id, running] : users)
      if ((mask & kStopped) && !running)
        return Conflict{"image is being used by stopped container " + short_id(id), false, true};
    return std::nullopt;
  }

  void untag(const std::string& tag) {
    s_.remove_tag(tag);
    out_.push_back("Untagged: " + tag);
  }

  // Docker's imageDeleteHelper; `quiet` (pruning parents) stops at a conflict silently unless the
  // image is dangling and unused.
  void remove(const std::string& id, bool force, bool quiet) {
    ImageRecord img = s_.resolve(id);
    if (auto c = conflict(img, kHard | (force ? 0 : kSoft))) {
      bool dangling = img.tags.empty() && s_.children(img.id).empty();
      if (quiet && (!dangling || c->used)) return;
      raise(img.id, *c);
    }
    for (auto& t : img.tags) untag(t);
    s_.remove_image(img.id);
    out_.push_back("Deleted: " + img.id);
    for (auto& l : s_.remove_unused_layers()) {
      out_.push_back("Deleted: " + l.chain_id);
      gone_.push_back(l);
    }
    if (!img.parent.empty() && s_.find(img.parent)) remove(img.parent, false, true);
  }

 private:
  ImageStore& s_;
  std::vector<std::string>& out_;
  std::vector<LayerRecord>& gone_;
};

std::vector<std::string> ImageService::remove_locked(const std::string& ref, bool force,
                                                     std::vector<LayerRecord>* gone) {
  std::vector<std::string> out;
  Remover r(store_, out, *gone);
  auto img = store_.resolve(ref);
  std::string tag;
  bool removed_ref = false;
  if (matched_by_tag(img, ref, &tag)) {
    auto users = store_.users(img.id);
    if (!force && img.tags.size() == 1 && !users.empty())
      throw Error(Errc::conflict, "conflict: unable to remove repository reference \"" + ref +
                                      "\" (must force) - container " + short_id(users[0].first) +
                                      " is using its referenced image " + short_id(img.id));
    r.untag(tag);
    if (img.tags.size() > 1) return out;
    removed_ref = true;
  } else if (img.tags.size() == 1) {
    if (auto c = r.conflict(img, kHard | (force ? 0 : kStopped))) raise(img.id, *c);
    r.untag(img.tags[0]);
  }
  r.remove(img.id, force, removed_ref);
  return out;
}

std::vector<std::string> ImageService::remove(const std::string& ref, bool force) {
  std::vector<std::string> out;
  std::vector<LayerRecord> gone;
  auto intent = db_.journal().begin("rmi");
  db_.transaction([&] {
    gone.clear();
    out = remove_locked(ref, force, &gone);
  });
  // After the commit: a crash here leaves unreachable directories that recovery collects, never
  // a record pointing at a missing directory.
  STRATA_FAULT("rmi.committed");
  for (auto& l : gone) {
    driver_.remove(l.cache_id);
    STRATA_FAULT("rmi.layer-removed");
  }
  return out;
}

}  // namespace strata::image
