#include "common/id.h"

#include <gtest/gtest.h>

namespace strata {

TEST(Id, RandomHexHasRequestedLengthAndDiffers) {
  std::string a = random_hex(32), b = random_hex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_TRUE(is_full_hex_id(a));
  EXPECT_NE(a, b);
}

TEST(Id, ShortIdDropsAlgorithmPrefix) {
  EXPECT_EQ(short_id("sha256:0123456789abcdef"), "0123456789ab");
  EXPECT_EQ(short_id("fedcba9876543210"), "fedcba987654");
}

TEST(Id, Sha256KnownVector) {
  EXPECT_EQ(sha256_digest("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 h;
  h.update("a");
  h.update("bc");
  EXPECT_EQ(h.digest(), sha256_digest("abc"));
}

}  // namespace strata
