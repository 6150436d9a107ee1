#include "image/oci.h"

#include <gtest/gtest.h>

namespace strata::image {

TEST(Oci, BlobPathsAndNames) {
  EXPECT_EQ(oci::blob_path("sha256:abc"), "blobs/sha256/abc");
  EXPECT_EQ(oci::fully_qualified("busybox:latest"), "docker.io/library/busybox:latest");
  EXPECT_EQ(oci::fully_qualified("team/app:v1"), "docker.io/team/app:v1");
  EXPECT_EQ(oci::fully_qualified("localhost:5000/app:v1"), "localhost:5000/app:v1");
  EXPECT_EQ(oci::familiar("docker.io/library/busybox:latest"), "busybox:latest");
  EXPECT_EQ(oci::familiar("docker.io/team/app:v1"), "team/app:v1");
  EXPECT_EQ(oci::familiar("quay.io/x/y:z"), "quay.io/x/y:z");
}

TEST(Oci, ManifestAndIndexEntry) {
  ImageRecord img{"sha256:cfg", "{}", "", "", {}, 0, ""};
  LayerRecord l{"sha256:chain", "sha256:diff", "", "c", 5, 1024};
  Json m = oci::manifest(img, {l});
  EXPECT_EQ(m["config"]["digest"], "sha256:cfg");
  EXPECT_EQ(m["config"]["size"], 2);
  EXPECT_EQ(m["layers"][0]["digest"], "sha256:diff");
  EXPECT_EQ(m["layers"][0]["size"], 1024);
  EXPECT_EQ(m["layers"][0]["mediaType"], oci::kLayer);
  Json d = oci::index_entry("{}", "busybox:latest");
  EXPECT_EQ(d["annotations"][oci::kAnnotationRefName], "latest");
  EXPECT_EQ(d["annotations"][oci::kAnnotationImageName], "docker.io/library/busybox:latest");
  EXPECT_FALSE(oci::index_entry("{}", "").contains("annotations"));
}

}  // namespace strata::image
