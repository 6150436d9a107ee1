#include "store/db.h"

#include <chrono>
#include <string>
#include <thread>

#include "common/error.h"
#include "store/schema.h"

namespace strata::store {

namespace {
// SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries. A writer holds the
// lock for about a millisecond, so with a few strata processes writing at once (four parallel
// `volume create` loops) most of their time went to sleeping after the lock was free again.
// Retry sooner: 0.1 ms, doubling to at most 2 ms, and give up after 30 s as before.
int busy_wait(void*, int tries) {
  using Clock = std::chrono::steady_clock;
  thread_local Clock::time_point since;
  if (tries == 0) since = Clock::now();
  if (Clock::now() - since > std::chrono::seconds(30)) return 0;
  std::this_thread::sleep_for(std::chrono::microseconds(100 << std::min(tries, 4)));
  return 1;
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  int code = sqlite3_extended_errcode(db);
  std::string msg = what + ": " + sqlite3_errmsg(db);
  if ((code & 0xff) == SQLITE_CONSTRAINT) throw Error(Errc::conflict, msg);
  if ((code & 0xff) == SQLITE_FULL) throw Error(Errc::system, what + ": no space left on device");
  throw Error(Errc::system, msg);
}
}  // namespace

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    fail(db, "prepare");
}
Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "metadata store");
}

int Stmt::run() {
  while (step()) {
  }
  return sqlite3_changes(db_);
}

std::string Stmt::text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
int64_t Stmt::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Db::Db(const std::filesystem::path& path) : path_(path), journal_(path.parent_path() / "intents") {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw Error(Errc::system, "open metadata store " + path.string() + ": " + msg);
  }
  sqlite3_busy_handler(db_, busy_wait, nullptr);
  // Every strata process is short-lived and usually the only connection: by
  // default SQLite would checkpoint (two fsyncs, 0.5 s under I/O load) each
  // time one closes. Leave the WAL in place; checkpoints then happen every
  // 1000 pages (wal_autocheckpoint), amortised over many commands.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  watch_wal(db_, &wal_frames_);  // SQLite's auto-checkpoint at 1000 frames, and the WAL's length
  // WAL: readers never block the writer; NORMAL: a commit is durable once the
  // WAL is synced at checkpoint, and never corrupt (SQLite's documented guarantee).
  // Commands racing on a new store: switching it to WAL and creating the
  // schema may meet SQLite's deadlock refusal (SQLITE_BUSY without waiting in
  // the busy handler); they retry.
  for (int tries = 0;; ++tries) {
    try {
      exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
      migrate(*this);
      break;
    } catch (const Error& e) {
      if (tries >= 500 || std::string_view(e.what()).find("database is locked") == std::string_view::npos) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(5 + tries % 20));
    }
  }
}

Db::~Db() { sqlite3_close(db_); }

void Db::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    if (msg.find("full") != std::string::npos) throw Error(Errc::system, "metadata store: no space left on device");
    throw Error(Errc::system, "metadata store: " + msg);
  }
}

Db::Guard::Guard(Db& d) : db(d), outer(d.depth_ == 0) {
  if (outer) db.exec("BEGIN IMMEDIATE");
  ++db.depth_;
}
void Db::Guard::commit() {
  if (outer) db.exec("COMMIT");
  done = true;
}
Db::Guard::~Guard() {
  --db.depth_;
  if (outer && !done) sqlite3_exec(db.db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace strata::store
