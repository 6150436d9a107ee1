#include "image/load_plan.h"

#include <algorithm>

#include "common/error.h"
#include "common/id.h"
#include "image/config.h"
#include "image/oci.h"
#include "image/reference.h"

namespace strata::image {

namespace {

[[noreturn]] void bad(const std::string& why) { throw Error(Errc::invalid_argument, why); }

Json parse_doc(ScannedBlob* b, const std::string& what) {
  if (b && !b->is_doc && b->dir.empty() && b->error.empty())
    bad("invalid archive: " + what + " is larger than " + std::to_string(kMaxDocumentSize >> 20) + " MiB");
  if (!b || !b->is_doc) bad("invalid archive: " + what + " is missing or not a JSON document");
  auto j = Json::parse(b->bytes, nullptr, false);
  if (j.is_discarded()) bad("invalid archive: " + what + " (" + b->name + ") is not valid JSON");
  return j;
}

// A blob named blobs/<alg>/<hex> must hash to its name (what OCI layouts promise).
void check_named_digest(const ScannedBlob& b) {
  if (b.name.rfind("blobs/sha256/", 0) == 0 && b.digest != "sha256:" + b.name.substr(13))
    bad("invalid archive: " + b.name + " does not match its digest (" + b.digest + ")");
}

// The config: parsed, for this OS, its diff IDs.
LoadedImage from_config(ScannedBlob* cfg_blob, const std::string& what) {
  Json cfg = parse_doc(cfg_blob, what);
  check_named_digest(*cfg_blob);
  LoadedImage img;
  img.config = cfg_blob->bytes;
  img.id = cfg_blob->digest;
  if (!cfg.is_object()) bad("invalid image config " + cfg_blob->name + ": not an object");
  std::string os = cfg.value("os", "");
  if (os != "linux") bad("cannot load " + (os.empty() ? std::string("unknown OS") : os) + " image on linux");
  img.created = cfg.value("created", "");
  auto ids = cfg.value("rootfs", Json::object()).value("diff_ids", Json::array());
  for (auto& d : ids) {
    std::string s = d.is_string() ? d.get<std::string>() : "";
    if (s.size() != 71 || s.rfind("sha256:", 0) != 0 || !is_full_hex_id(s.substr(7)))
      bad("invalid image config " + cfg_blob->name + ": bad diff ID " + d.dump());
    img.diff_ids.push_back(s);
  }
  return img;
}

ScannedBlob* layer_blob(LoadScan& scan, const std::string& path, size_t i, const std::string& diff_id) {
  ScannedBlob* b = scan.find(path);
  if (!b) bad("invalid manifest: layer " + std::to_string(i) + " (" + path + ") is not in the archive");
  if (!b->error.empty()) throw Error(Errc::invalid_argument, b->error);
  if (b->dir.empty() && b->layer.diff_id.empty()) bad("invalid archive: " + b->name + " is not a layer tar");
  if (b->layer.diff_id != diff_id)
    bad("invalid diffID for layer " + std::to_string(i) + ": expected \"" + diff_id + "\", got \"" + b->layer.diff_id + "\"");
  check_named_digest(*b);
  return b;
}

std::string tag_of(const std::string& name) {
  auto ref = parse_reference(oci::familiar(name));
  if (name.find(':', name.rfind('/') == std::string::npos ? 0 : name.rfind('/')) == std::string::npos)
    bad("invalid tag \"" + name + "\"");
  return ref.str();
}

// The image's name: containerd's full name, its tag replaced by the OCI ref name when that is a
// bare tag (OCI tools such as umoci tag by ref name and copy the other annotation along);
// a ref name alone only if it is a whole reference ("busybox:latest").
std::string tag_from(const Json& ann) {
  auto get = [&](const char* k) { return ann.contains(k) && ann[k].is_string() ? ann[k].get<std::string>() : ""; };
  std::string name = get(oci::kAnnotationImageName), ref = get(oci::kAnnotationRefName);
  if (!name.empty()) {
    std::string full = tag_of(name);
    if (ref.empty() || ref.find_first_of(":/") != std::string::npos) return full;
    return tag_of(full.substr(0, full.rfind(':')) + ":" + ref);
  }
  return ref.find(':') != std::string::npos ? tag_of(ref) : "";
}

std::vector<LoadedImage> from_docker(LoadScan& scan, const Json& manifest) {
  if (!manifest.is_array()) bad("invalid manifest, manifest cannot be null (but can be [])");
  std::vector<LoadedImage> out;
  for (auto& m : manifest) {
    if (!m.is_object() || !m.value("Config", Json()).is_string() || !m.value("Layers", Json::array()).is_array())
      bad("invalid manifest: an entry has no Config or Layers");
    LoadedImage img = from_config(scan.find(m["Config"].get<std::string>()), "config " + m["Config"].get<std::string>());
    auto layers = m.value("Layers", Json::array());
    if (layers.size() != img.diff_ids.size())
      bad("invalid manifest, layers length mismatch: expected " + std::to_string(layers.size()) + ", got " +
          std::to_string(img.diff_ids.size()));
    for (size_t i = 0; i < layers.size(); ++i)
      img.layers.push_back(layer_blob(scan, layers[i].is_string() ? layers[i].get<std::string>() : "", i, img.diff_ids[i]));
    for (auto& t : m.value("RepoTags", Json::array()))
      if (t.is_string()) img.tags.push_back(tag_of(t.get<std::string>()));
    img.parent = m.value("Parent", "");
    out.push_back(std::move(img));
  }
  return out;
}

// A descriptor's blob, checked against its digest and size.
ScannedBlob* described(LoadScan& scan, const Json& d, const std::string& what) {
  std::string digest = d.value("digest", "");
  if (digest.rfind("sha256:", 0) != 0 || !is_full_hex_id(digest.substr(7))) bad("invalid " + what + ": bad digest \"" + digest + "\"");
  ScannedBlob* b = scan.find(oci::blob_path(digest));
  if (!b) bad("invalid archive: " + what + " " + digest + " is not in the archive");
  if (b->digest != digest) bad("invalid archive: " + b->name + " does not match its digest (" + b->digest + ")");
  if (d.contains("size") && d["size"] != b->size) bad("invalid archive: " + b->name + " has the wrong size");
  return b;
}

void from_oci_manifest(LoadScan& scan, const Json& desc, std::vector<LoadedImage>& out, int depth) {
  if (depth > 4) bad("invalid OCI layout: indexes nested too deep");
  Json doc = parse_doc(described(scan, desc, "manifest"), "manifest " + desc.value("digest", ""));
  std::string tag = tag_from(desc.value("annotations", Json::object()));
  if (doc.contains("manifests")) {  // a nested index: this machine's platform
    for (auto& d : doc["manifests"]) {
      auto plat = d.value("platform", Json::object());
      if (!plat.empty() && (plat.value("os", "") != "linux" || plat.value("architecture", "") != new_config({}, "")["architecture"])) continue;
      Json inner = d;
      if (!tag.empty()) inner["annotations"][oci::kAnnotationImageName] = tag;
      return from_oci_manifest(scan, inner, out, depth + 1);
    }
    bad("invalid OCI layout: no manifest for linux/" + new_config({}, "")["architecture"].get<std::string>());
  }
  LoadedImage img = from_config(described(scan, doc.value("config", Json::object()), "config"), "config");
  auto layers = doc.value("layers", Json::array());
  if (layers.size() != img.diff_ids.size())
    bad("invalid manifest, layers length mismatch: expected " + std::to_string(layers.size()) + ", got " +
        std::to_string(img.diff_ids.size()));
  for (size_t i = 0; i < layers.size(); ++i) {
    described(scan, layers[i], "layer");
    img.layers.push_back(layer_blob(scan, oci::blob_path(layers[i].value("digest", "")), i, img.diff_ids[i]));
  }
  for (auto& o : out)
    if (o.id == img.id) {  // the same image, maybe under another tag
      if (!tag.empty() && std::find(o.tags.begin(), o.tags.end(), tag) == o.tags.end()) o.tags.push_back(tag);
      return;
    }
  if (!tag.empty()) img.tags.push_back(tag);
  out.push_back(std::move(img));
}

}  // namespace

std::vector<LoadedImage> plan_load(LoadScan& scan) {
  // A Docker 25+ archive (and save's) has both, naming the same images; an OCI tool that changed
  // the layout (umoci) updated only index.json: its images are added to manifest.json's.
  ScannedBlob* m = scan.find("manifest.json");
  ScannedBlob* idx = scan.find("index.json");
  if (!m && !idx) bad("invalid archive: no manifest.json or index.json (not made by docker save or an OCI tool)");
  std::vector<LoadedImage> out;
  if (m) out = from_docker(scan, parse_doc(m, "manifest.json"));
  if (idx)
    for (auto& d : parse_doc(idx, "index.json").value("manifests", Json::array())) from_oci_manifest(scan, d, out, 0);
  return out;
}

}  // namespace strata::image
