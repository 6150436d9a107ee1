// Containers in the metadata store, found as Docker finds them: full ID,
// then name, then unique ID prefix.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "container/container.h"

namespace strata::store {
class Db;
}

namespace strata::container {

class ContainerStore {
 public:
  explicit ContainerStore(store::Db& db) : db_(db) {}

  std::optional<Container> find(const std::string& ref) const;
  // As find(), throwing not_found "No such container: <ref>".
  Container get(const std::string& ref) const;
  std::vector<Container> list() const;  // newest first

  // Throws conflict with Docker's text when the name is taken.
  void insert(const Container& c);
  // Throws conflict ("Error when allocating new name: …") when the name is taken.
  void rename(const std::string& id, const std::string& name);
  void update_state(const std::string& id, const State& s);
  void remove(const std::string& id);

 private:
  store::Db& db_;
};

}  // namespace strata::container
