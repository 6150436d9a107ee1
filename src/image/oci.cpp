#include "image/oci.h"

#include "common/id.h"

namespace strata::image::oci {

std::string blob_path(const std::string& digest) {
  auto colon = digest.find(':');
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

Json manifest(const ImageRecord& img, const std::vector<LayerRecord>& layers) {
  Json m;
  m["schemaVersion"] = 2;
  m["mediaType"] = kManifest;
  m["config"] = {{"mediaType", kConfig}, {"digest", img.id}, {"size", img.config.size()}};
  m["layers"] = Json::array();
  for (auto& l : layers) m["layers"].push_back({{"mediaType", kLayer}, {"digest", l.diff_id}, {"size", l.tar_size}});
  return m;
}

Json index_entry(const std::string& manifest_bytes, const std::string& tag) {
  Json d = {{"mediaType", kManifest}, {"digest", sha256_digest(manifest_bytes)}, {"size", manifest_bytes.size()}};
  if (!tag.empty())
    d["annotations"] = {{kAnnotationImageName, fully_qualified(tag)},
                        {kAnnotationRefName, tag.substr(tag.rfind(':') + 1)}};
  return d;
}

std::string fully_qualified(const std::string& tag) {
  auto slash = tag.find('/');
  std::string head = slash == std::string::npos ? "" : tag.substr(0, slash);
  bool has_domain = head.find_first_of(".:") != std::string::npos || head == "localhost";
  if (has_domain) return tag;
  return "docker.io/" + std::string(slash == std::string::npos ? "library/" : "") + tag;
}

std::string familiar(const std::string& name) {
  std::string n = name;
  if (n.rfind("docker.io/", 0) == 0) n = n.substr(10);
  else if (n.rfind("index.docker.io/", 0) == 0) n = n.substr(16);
  else return n;
  if (n.rfind("library/", 0) == 0 && n.find('/', 8) == std::string::npos) n = n.substr(8);
  return n;
}

}  // namespace strata::image::oci
