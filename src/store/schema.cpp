#include "store/schema.h"

#include "store/db.h"

namespace strata::store {

namespace {
// Each entry moves the schema one version up; never edit a shipped entry.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE layers(
      chain_id TEXT PRIMARY KEY,      -- OCI chain ID: identity of the layer stack
      diff_id TEXT NOT NULL,          -- sha256 of the uncompressed layer tar
      parent TEXT REFERENCES layers(chain_id),
      cache_id TEXT NOT NULL UNIQUE,  -- directory name under overlay2/
      size INTEGER NOT NULL,          -- bytes of content in the layer
      tar_size INTEGER NOT NULL);
    CREATE TABLE images(
      id TEXT PRIMARY KEY,            -- sha256:<hex> of the config JSON
      config TEXT NOT NULL,           -- the OCI image config, byte for byte
      top_layer TEXT REFERENCES layers(chain_id),
      created TEXT NOT NULL);
    CREATE TABLE tags(
      name TEXT PRIMARY KEY,          -- repository:tag
      image_id TEXT NOT NULL REFERENCES images(id));
    CREATE TABLE containers(
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      image_id TEXT NOT NULL REFERENCES images(id),
      mount_id TEXT NOT NULL,         -- overlay2 directory of the writable layer
      config TEXT NOT NULL,           -- Docker's Config (JSON)
      host_config TEXT NOT NULL,      -- Docker's HostConfig (JSON)
      state TEXT NOT NULL,            -- Docker's State (JSON)
      created TEXT NOT NULL);
    CREATE INDEX containers_image ON containers(image_id);
    )sql",
    R"sql(
    ALTER TABLE images ADD COLUMN parent TEXT;  -- Docker's image Parent (commit, build, load), NULL if none
    CREATE INDEX images_parent ON images(parent);
    )sql",
    // Volumes and the containers' mount points (issue 3).
    R"sql(
    CREATE TABLE volumes(
      name TEXT PRIMARY KEY,          -- directory under volumes/
      driver TEXT NOT NULL,           -- "local"
      created TEXT NOT NULL,          -- CreatedAt, RFC 3339
      labels TEXT NOT NULL,           -- JSON object, or null
      options TEXT NOT NULL,          -- driver options (JSON object), or null
      anonymous INTEGER NOT NULL);    -- made without a name: what `volume prune` removes by default
    CREATE TABLE mount_points(
      container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,      -- order given by the user
      destination TEXT NOT NULL,
      volume TEXT REFERENCES volumes(name),  -- set for volume mounts: a volume in use cannot go
      spec TEXT NOT NULL,             -- the mount point (JSON)
      PRIMARY KEY(container_id, position));
    CREATE INDEX mount_points_volume ON mount_points(volume);
    )sql",
};
}  // namespace

void migrate(Db& db) {
  int64_t version = [&] {  // the statement ends here: no read lock held into the transaction
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return st.int64(0);
  }();
  const int64_t target = sizeof kMigrations / sizeof kMigrations[0];
  if (version >= target) return;
  db.transaction([&] {
    auto again = db.prepare("PRAGMA user_version");
    again.step();
    for (int64_t v = again.int64(0); v < target; ++v) {
      db.exec(kMigrations[v]);
      db.exec("PRAGMA user_version=" + std::to_string(v + 1));
    }
  });
}

}  // namespace strata::store
