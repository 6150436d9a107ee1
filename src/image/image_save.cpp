// save: one tar that is a Docker archive (manifest.json, as Docker 25+ writes it: layers and
// configs under blobs/sha256/) and an OCI image layout (oci-layout, index.json, manifests), so
// Docker 20.10+, skopeo and umoci all read it. Layers are uncompressed tars, each stored once;
// the small documents come first, so a streaming reader knows every blob before it arrives.
#include <map>
#include <set>

#include "archive/archive_writer.h"
#include "common/error.h"
#include "format/human.h"
#include "format/json.h"
#include "image/image_service.h"
#include "image/layer_tar.h"
#include "image/oci.h"

namespace strata::image {

namespace {

struct Saved {
  ImageRecord img;
  std::vector<std::string> tags;  // only those named (all of a repository named without a tag)
};

// Docker's parseNames: "repo:tag" that tag; "repo" every tag of the repository; else an ID.
std::vector<Saved> resolve_names(ImageStore& store, const std::vector<std::string>& refs) {
  std::vector<Saved> out;
  auto add = [&](const ImageRecord& img, const std::string& tag) {
    auto it = std::find_if(out.begin(), out.end(), [&](const Saved& s) { return s.img.id == img.id; });
    if (it == out.end()) it = out.insert(out.end(), Saved{img, {}});
    if (!tag.empty() && std::find(it->tags.begin(), it->tags.end(), tag) == it->tags.end()) it->tags.push_back(tag);
  };
  for (const auto& ref : refs) {
    std::optional<Reference> parsed;
    try {
      parsed = parse_reference(ref);
    } catch (const Error&) {
      if (!looks_like_id(ref)) throw;
    }
    bool tagged = parsed && ref.find(':', ref.rfind('/') == std::string::npos ? 0 : ref.rfind('/')) != std::string::npos;
    if (parsed && tagged) {
      auto img = store.find(parsed->str());
      if (!img || std::find(img->tags.begin(), img->tags.end(), parsed->str()) == img->tags.end())
        throw Error(Errc::not_found, "reference does not exist");
      add(*img, parsed->str());
      continue;
    }
    bool any = false;
    for (auto& img : store.list())
      for (auto& t : img.tags)
        if (parsed && t.compare(0, parsed->repository.size() + 1, parsed->repository + ":") == 0) add(img, t), any = true;
    if (any) continue;
    auto img = looks_like_id(ref) ? store.find(ref) : std::nullopt;
    if (!img) throw Error(Errc::not_found, "No such image: " + ref);
    add(*img, "");
  }
  return out;
}

int64_t unix_time(const std::string& rfc3339) {
  try {
    return std::chrono::duration_cast<std::chrono::seconds>(format::parse_rfc3339(rfc3339).time_since_epoch()).count();
  } catch (const Error&) {
    return 0;
  }
}

}  // namespace

void ImageService::save(const std::vector<std::string>& refs, int fd) {
  auto saved = resolve_names(store_, refs);
  Json docker = Json::array(), index = {{"schemaVersion", 2}, {"mediaType", oci::kIndex}, {"manifests", Json::array()}};
  Json repositories = Json::object();
  std::map<std::string, std::string> manifests;  // digest -> bytes
  std::vector<LayerRecord> layers;               // each diff ID once, in order
  std::set<std::string> ids;
  for (auto& s : saved) ids.insert(s.img.id);
  for (auto& s : saved) {
    auto stack = store_.layers(s.img.top_layer);
    std::reverse(stack.begin(), stack.end());
    Json item = {{"Config", oci::blob_path(s.img.id)}, {"RepoTags", s.tags.empty() ? Json() : Json(s.tags)}, {"Layers", Json::array()}};
    for (auto& l : stack) {
      item["Layers"].push_back(oci::blob_path(l.diff_id));
      if (std::none_of(layers.begin(), layers.end(), [&](auto& x) { return x.diff_id == l.diff_id; })) layers.push_back(l);
    }
    if (ids.count(s.img.parent)) item["Parent"] = s.img.parent;  // only links within the archive
    docker.push_back(item);
    std::string m = format::json_compact(oci::manifest(s.img, stack), true);
    manifests[sha256_digest(m)] = m;
    if (s.tags.empty()) index["manifests"].push_back(oci::index_entry(m, ""));
    for (auto& t : s.tags) {
      index["manifests"].push_back(oci::index_entry(m, t));
      auto colon = t.rfind(':');
      if (!stack.empty()) repositories[t.substr(0, colon)][t.substr(colon + 1)] = stack.back().diff_id.substr(7);
    }
  }

  archive::ArchiveWriter w(fd);
  w.add_file(oci::kLayoutFile, oci::kLayoutContent, 0);
  w.add_file("index.json", format::json_compact(index, true), 0);
  w.add_file("manifest.json", format::json_compact(docker, true) + "\n", 0);
  if (!repositories.empty()) w.add_file("repositories", format::json_compact(repositories, true) + "\n", 0);
  w.add_dir("blobs/", 0);
  w.add_dir("blobs/sha256/", 0);
  for (auto& s : saved) w.add_file(oci::blob_path(s.img.id), s.img.config, unix_time(s.img.created));
  for (auto& [digest, bytes] : manifests) w.add_file(oci::blob_path(digest), bytes, 0);
  for (auto& l : layers)
    w.add_file(oci::blob_path(l.diff_id), static_cast<uint64_t>(l.tar_size), 0,
               [&](const archive::WriteFn& out) { write_layer_tar(driver_, l, out); });
  w.close();
}

}  // namespace strata::image
