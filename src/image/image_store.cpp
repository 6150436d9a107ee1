#include "image/image_store.h"

#include <algorithm>

#include "common/error.h"
#include "image/oci.h"
#include "image/reference.h"
#include "store/db.h"

namespace strata::image {

ImageRecord ImageStore::load(const std::string& id) const {
  auto st = db_.prepare(
      "SELECT id, config, coalesce(top_layer,''), created, coalesce(parent,'') FROM images WHERE id=?");
  st.bind(1, id);
  if (!st.step()) throw Error(Errc::not_found, "No such image: " + id);
  ImageRecord r{st.text(0), st.text(1), st.text(2), st.text(3), {}, 0, st.text(4)};
  auto tags = db_.prepare("SELECT name FROM tags WHERE image_id=? ORDER BY name");
  tags.bind(1, id);
  while (tags.step()) r.tags.push_back(tags.text(0));
  for (auto& l : layers(r.top_layer)) r.size += l.size;
  return r;
}

std::optional<ImageRecord> ImageStore::find(std::string_view ref) const {
  std::string s(ref);
  try {
    auto parsed = parse_reference(s);
    auto st = db_.prepare("SELECT image_id FROM tags WHERE name=?");
    st.bind(1, parsed.str());
    if (st.step()) return load(st.text(0));
  } catch (const Error& e) {
    if (!looks_like_id(s)) throw;
  }
  if (!looks_like_id(s)) return std::nullopt;
  std::string hex = s.rfind("sha256:", 0) == 0 ? s.substr(7) : s;
  auto st = db_.prepare("SELECT id FROM images WHERE id >= ? AND id < ? LIMIT 2");
  st.bind(1, "sha256:" + hex).bind(2, "sha256:" + hex + "g");
  std::vector<std::string> hits;
  while (st.step()) hits.push_back(st.text(0));
  if (hits.size() > 1) throw Error(Errc::invalid_argument, "multiple IDs found with provided prefix: " + hex);
  if (hits.empty()) return std::nullopt;
  return load(hits[0]);
}

ImageRecord ImageStore::resolve(std::string_view ref) const {
  auto r = find(ref);
  if (r) return *r;
  // Docker names what it looked for in its familiar form: "busybox:latest" for busybox,
  // library/busybox or docker.io/library/busybox; a digest as given.
  std::string shown(ref);
  if (shown.rfind("sha256:", 0) != 0) {
    try {
      shown = oci::familiar(oci::fully_qualified(parse_reference(ref).str()));
    } catch (const Error&) {
    }
  }
  throw Error(Errc::not_found, "No such image: " + shown);
}

std::vector<ImageRecord> ImageStore::list() const {
  std::vector<ImageRecord> out;
  auto st = db_.prepare("SELECT id FROM images ORDER BY created DESC, id");
  while (st.step()) out.push_back(load(st.text(0)));
  return out;
}

std::vector<LayerRecord> ImageStore::layers(const std::string& top) const {
  std::vector<LayerRecord> out;
  for (std::string cur = top; !cur.empty();) {
    auto l = layer(cur);
    if (!l) throw Error(Errc::system, "layer does not exist: " + cur + " (run `strata system check`)");
    cur = l->parent;
    out.push_back(std::move(*l));
  }
  return out;
}

std::optional<LayerRecord> ImageStore::layer(const std::string& chain_id) const {
  auto st = db_.prepare(
      "SELECT chain_id, diff_id, coalesce(parent,''), cache_id, size, tar_size FROM layers WHERE chain_id=?");
  st.bind(1, chain_id);
  if (!st.step()) return std::nullopt;
  return LayerRecord{st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5)};
}

std::vector<std::pair<std::string, bool>> ImageStore::users(const std::string& image_id) const {
  std::vector<std::pair<std::string, bool>> out;
  auto st = db_.prepare(
      "SELECT id, json_extract(state,'$.Running') FROM containers WHERE image_id=? ORDER BY created");
  st.bind(1, image_id);
  while (st.step()) out.emplace_back(st.text(0), st.int64(1) != 0);
  return out;
}

std::vector<std::string> ImageStore::children(const std::string& image_id) const {
  std::vector<std::string> out;
  auto st = db_.prepare("SELECT id FROM images WHERE parent=? ORDER BY id");
  st.bind(1, image_id);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

void ImageStore::insert_layer(const LayerRecord& l) {
  auto st = db_.prepare(
      "INSERT OR IGNORE INTO layers(chain_id, diff_id, parent, cache_id, size, tar_size) VALUES(?,?,?,?,?,?)");
  st.bind(1, l.chain_id).bind(2, l.diff_id);
  if (l.parent.empty()) st.bind_null(3);
  else st.bind(3, l.parent);
  st.bind(4, l.cache_id).bind(5, l.size).bind(6, l.tar_size).run();
}

void ImageStore::insert_image(const ImageRecord& img) {
  auto st = db_.prepare("INSERT OR IGNORE INTO images(id, config, top_layer, created, parent) VALUES(?,?,?,?,?)");
  st.bind(1, img.id).bind(2, img.config);
  if (img.top_layer.empty()) st.bind_null(3);
  else st.bind(3, img.top_layer);
  st.bind(4, img.created);
  if (img.parent.empty()) st.bind_null(5);
  else st.bind(5, img.parent);
  st.run();
}

void ImageStore::set_parent(const std::string& image_id, const std::string& parent) {
  auto st = db_.prepare("UPDATE images SET parent=? WHERE id=?");
  if (parent.empty()) st.bind_null(1);
  else st.bind(1, parent);
  st.bind(2, image_id).run();
}

std::optional<std::string> ImageStore::set_tag(const Reference& ref, const std::string& image_id) {
  std::optional<std::string> old;
  auto q = db_.prepare("SELECT image_id FROM tags WHERE name=?");
  q.bind(1, ref.str());
  if (q.step()) old = q.text(0);
  db_.prepare("INSERT OR REPLACE INTO tags(name, image_id) VALUES(?,?)").bind(1, ref.str()).bind(2, image_id).run();
  return old;
}

void ImageStore::remove_tag(const std::string& tag) {
  db_.prepare("DELETE FROM tags WHERE name=?").bind(1, tag).run();
}

void ImageStore::remove_image(const std::string& image_id) {
  db_.prepare("DELETE FROM tags WHERE image_id=?").bind(1, image_id).run();
  db_.prepare("DELETE FROM images WHERE id=?").bind(1, image_id).run();
}

std::vector<LayerRecord> ImageStore::remove_unused_layers() {
  // Unreachable from every image's top layer, and nobody's parent: removed
  // leaf first, so a parent reference never dangles.
  const char* sql = R"sql(
    WITH RECURSIVE used(id) AS (
      SELECT top_layer FROM images WHERE top_layer IS NOT NULL
      UNION SELECT l.parent FROM layers l JOIN used u ON l.chain_id = u.id WHERE l.parent IS NOT NULL)
    SELECT chain_id, diff_id, coalesce(parent,''), cache_id, size, tar_size FROM layers
    WHERE chain_id NOT IN (SELECT id FROM used)
      AND chain_id NOT IN (SELECT parent FROM layers WHERE parent IS NOT NULL))sql";
  std::vector<LayerRecord> gone;
  for (;;) {
    std::vector<LayerRecord> batch;
    auto st = db_.prepare(sql);
    while (st.step()) batch.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.int64(5)});
    if (batch.empty()) return gone;
    for (auto& l : batch) {
      db_.prepare("DELETE FROM layers WHERE chain_id=?").bind(1, l.chain_id).run();
      gone.push_back(std::move(l));
    }
  }
}

}  // namespace strata::image
