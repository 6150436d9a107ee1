// The metadata store: one SQLite database (WAL) under the root. Every
// multi-step change is one IMMEDIATE transaction, so concurrent strata
// processes serialise their writes and readers never see half a change.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "store/journal.h"

namespace strata::store {

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, int64_t v);
  Stmt& bind_null(int i);
  // Steps once: true while a row is available, false when done.
  bool step();
  // Runs to completion (for INSERT/UPDATE/DELETE); returns changed rows.
  int run();
  std::string text(int col) const;
  int64_t int64(int col) const;
  bool is_null(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Db {
 public:
  // Opens (creating if needed) and brings the schema up to date.
  explicit Db(const std::filesystem::path& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(std::string_view sql);
  // The intent journal kept beside the database (<dir>/intents).
  Journal& journal() { return journal_; }
  Stmt prepare(std::string_view sql) { return Stmt(db_, sql); }

  // Frames in the write-ahead log after this connection's last commit (0 before any).
  int wal_frames() const { return wal_frames_; }
  // Checkpoints the WAL on a second connection in a thread while the caller waits on
  // something else, if the WAL has grown past `min_frames`; the returned thread is joined
  // (destroyed) before this connection is used again. Why (checkpoint.cpp): every strata
  // process is the store's first connection, and SQLite rebuilds its WAL index from the
  // whole WAL when the first connection opens.
  std::jthread checkpoint_in_background(int min_frames);

  // Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back if fn throws.
  // Nested calls join the outer transaction.
  template <typename F>
  auto transaction(F&& fn) {
    Guard g(*this);
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      g.commit();
    } else {
      auto r = fn();
      g.commit();
      return r;
    }
  }

 private:
  struct Guard {
    explicit Guard(Db& db);
    ~Guard();
    void commit();
    Db& db;
    bool outer;
    bool done = false;
  };
  static void watch_wal(sqlite3* db, int* frames);
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  int depth_ = 0;
  int wal_frames_ = 0;
  Journal journal_;
};

}  // namespace strata::store
