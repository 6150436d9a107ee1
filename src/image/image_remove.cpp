// rmi with Docker's rules (daemon/images/image_delete.go): a tag is untagged;
// the image goes when its last reference does and no container uses it.
#include "common/error.h"
#include "common/id.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::image {

namespace {
bool matched_by_tag(const ImageRecord& img, const std::string& ref, std::string* tag) {
  try {
    auto r = parse_reference(ref).str();
    for (auto& t : img.tags)
      if (t == r) return *tag = t, true;
  } catch (const Error&) {
  }
  return false;
}

[[noreturn]] void conflict(const std::string& msg) { throw Error(Errc::conflict, "conflict: " + msg); }
}  // namespace

std::vector<std::string> ImageService::remove(const std::string& ref, bool force) {
  std::vector<std::string> out;
  std::vector<LayerRecord> gone;
  auto intent = db_.journal().begin("rmi");
  db_.transaction([&] {
    out.clear();
    auto img = store_.resolve(ref);
    auto users = store_.users(img.id);
    std::string tag;
    bool delete_image = true;
    if (matched_by_tag(img, ref, &tag)) {
      if (img.tags.size() == 1 && !users.empty() && !force)
        conflict("unable to remove repository reference \"" + ref + "\" (must force) - container " +
                 short_id(users[0].first) + " is using its referenced image " + short_id(img.id));
      store_.remove_tag(tag);
      out.push_back("Untagged: " + tag);
      delete_image = img.tags.size() == 1 && users.empty();
    } else {
      if (img.tags.size() > 1 && !force)
        conflict("unable to delete " + short_id(img.id) +
                 " (must be forced) - image is referenced in multiple repositories");
      for (auto& [id, running] : users) {
        if (running)
          conflict("unable to delete " + short_id(img.id) + " (cannot be forced) - image is being used by running container " +
                   short_id(id));
        if (!force)
          conflict("unable to delete " + short_id(img.id) + " (must be forced) - image is being used by stopped container " +
                   short_id(id));
      }
      for (auto& t : img.tags) {
        store_.remove_tag(t);
        out.push_back("Untagged: " + t);
      }
      // A stopped container still needs its image: keep it, untagged.
      delete_image = users.empty();
    }
    if (!delete_image) return;
    store_.remove_image(img.id);
    out.push_back("Deleted: " + img.id);
    gone = store_.remove_unused_layers();
    for (auto& l : gone) out.push_back("Deleted: " + l.chain_id);
  });
  // After the commit: a crash here leaves unreachable directories that
  // recovery collects, never a record pointing at a missing directory.
  for (auto& l : gone) driver_.remove(l.cache_id);
  return out;
}

}  // namespace strata::image
