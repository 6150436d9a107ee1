// OCI image layout and Docker archive vocabulary shared by save and load: media types, the JSON
// documents, familiar names.
#pragma once
#include <string>
#include <vector>

#include "image/config.h"
#include "image/image_store.h"

namespace strata::image::oci {

inline constexpr const char* kLayoutFile = "oci-layout";
inline constexpr const char* kLayoutContent = R"({"imageLayoutVersion": "1.0.0"})";
inline constexpr const char* kIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr const char* kManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr const char* kLayer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr const char* kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr const char* kDockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr const char* kAnnotationRefName = "org.opencontainers.image.ref.name";
inline constexpr const char* kAnnotationImageName = "io.containerd.image.name";

// "blobs/sha256/<hex>" for "sha256:<hex>".
std::string blob_path(const std::string& digest);

// The OCI manifest of an image: its config and layers (uncompressed tars, bottom first).
Json manifest(const ImageRecord& img, const std::vector<LayerRecord>& layers_bottom_first);
// A descriptor of a manifest for index.json, with the tag annotations when `tag` is given
// ("busybox:latest" -> io.containerd.image.name docker.io/library/busybox:latest, ref.name latest).
Json index_entry(const std::string& manifest_bytes, const std::string& tag);

// "busybox:latest" -> "docker.io/library/busybox:latest"; and back with familiar().
std::string fully_qualified(const std::string& tag);
std::string familiar(const std::string& name);

}  // namespace strata::image::oci
