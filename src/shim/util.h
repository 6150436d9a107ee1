// Small syscall helpers for the shim (no exceptions, no iostreams).
#pragma once
#include <string>
#include <vector>

namespace strata::shim {

bool write_all(int fd, const void* data, size_t len);
inline bool write_all(int fd, const std::string& s) { return write_all(fd, s.data(), s.size()); }
// Reads up to max bytes of a file relative to the cwd (the state dir).
std::string read_small_file(const char* path, size_t max = 1 << 20);
// Writes a file atomically (tmp + rename) relative to the cwd, fsynced before the rename if `sync`.
bool write_file_atomic(const char* path, const std::string& data, bool sync = true);
void set_cloexec(int fd, bool on);
void set_nonblock(int fd, bool on);
// fork + exec argv with the given stdio; the child gets default signal
// dispositions and an empty mask. Returns the pid or -1.
int spawn(const std::vector<const char*>& argv, int in, int out, int err);
// Blocking waitpid; returns the raw status or -1.
int wait_status(int pid);
// Docker's exit code for a wait status: the status, or 128+signal.
int exit_code(int status);
std::string now_rfc3339nano();

}  // namespace strata::shim
