#include "container/container_store.h"

#include "common/error.h"
#include "store/db.h"

namespace strata::container {

namespace {
const char* kColumns = "SELECT id, name, image_id, mount_id, created, config, host_config, state FROM containers ";

Container row(store::Stmt& st) {
  Container c;
  c.id = st.text(0);
  c.name = st.text(1);
  c.image_id = st.text(2);
  c.mount_id = st.text(3);
  c.created = st.text(4);
  c.config = Json::parse(st.text(5));
  c.host_config = Json::parse(st.text(6));
  c.state = state_from_json(Json::parse(st.text(7)));
  return c;
}

bool is_hex(const std::string& s) {
  return !s.empty() && s.size() <= 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}
}  // namespace

std::optional<Container> ContainerStore::find(const std::string& ref) const {
  if (ref.empty()) return std::nullopt;
  auto by_id = db_.prepare(std::string(kColumns) + "WHERE id=?");
  by_id.bind(1, ref);
  if (by_id.step()) return row(by_id);
  auto by_name = db_.prepare(std::string(kColumns) + "WHERE name=?");
  by_name.bind(1, ref[0] == '/' ? ref.substr(1) : ref);
  if (by_name.step()) return row(by_name);
  if (!is_hex(ref)) return std::nullopt;
  auto by_prefix = db_.prepare(std::string(kColumns) + "WHERE id >= ? AND id < ? LIMIT 2");
  by_prefix.bind(1, ref).bind(2, ref + "g");
  if (!by_prefix.step()) return std::nullopt;
  Container c = row(by_prefix);
  if (by_prefix.step())
    throw Error(Errc::invalid_argument, "Multiple IDs found with provided prefix: " + ref);
  return c;
}

Container ContainerStore::get(const std::string& ref) const {
  auto c = find(ref);
  if (!c) throw Error(Errc::not_found, "No such container: " + ref);
  return *c;
}

std::vector<Container> ContainerStore::list() const {
  std::vector<Container> out;
  auto st = db_.prepare(std::string(kColumns) + "ORDER BY created DESC, id");
  while (st.step()) out.push_back(row(st));
  return out;
}

void ContainerStore::insert(const Container& c) {
  auto taken = db_.prepare("SELECT id FROM containers WHERE name=?");
  taken.bind(1, c.name);
  if (taken.step())
    throw Error(Errc::conflict, "Conflict. The container name \"/" + c.name + "\" is already in use by container \"" +
                                    taken.text(0) +
                                    "\". You have to remove (or rename) that container to be able to reuse that name.");
  db_.prepare(
         "INSERT INTO containers(id, name, image_id, mount_id, created, config, host_config, state) "
         "VALUES(?,?,?,?,?,?,?,?)")
      .bind(1, c.id)
      .bind(2, c.name)
      .bind(3, c.image_id)
      .bind(4, c.mount_id)
      .bind(5, c.created)
      .bind(6, c.config.dump())
      .bind(7, c.host_config.dump())
      .bind(8, state_to_record(c.state).dump())
      .run();
}

void ContainerStore::rename(const std::string& id, const std::string& name) {
  auto taken = db_.prepare("SELECT id FROM containers WHERE name=?");
  taken.bind(1, name);
  if (taken.step())
    throw Error(Errc::conflict, "Error when allocating new name: Conflict. The container name \"/" + name +
                                    "\" is already in use by container \"" + taken.text(0) +
                                    "\". You have to remove (or rename) that container to be able to reuse that name.");
  db_.prepare("UPDATE containers SET name=? WHERE id=?").bind(1, name).bind(2, id).run();
}

void ContainerStore::update_state(const std::string& id, const State& s) {
  db_.prepare("UPDATE containers SET state=? WHERE id=?").bind(1, state_to_record(s).dump()).bind(2, id).run();
}

void ContainerStore::remove(const std::string& id) {
  db_.prepare("DELETE FROM containers WHERE id=?").bind(1, id).run();
}

}  // namespace strata::container
