#pragma once

namespace strata::store {
class Db;
// Creates or upgrades the tables (versioned with PRAGMA user_version).
void migrate(Db& db);
}  // namespace strata::store
