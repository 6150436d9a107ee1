// The attach protocol spoken on <state-dir>/attach.sock, shared by the shim and
// the library (header-only, no dependencies, so the static shim stays tiny).
// Every message in both directions is a frame: 1 byte type, 4 bytes big-endian
// payload length, payload.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::shimproto {

// client -> shim
constexpr char kStart = 'S';        // no payload: run the created container
constexpr char kStdin = 'I';        // bytes for the container's stdin / pty
constexpr char kCloseStdin = 'C';   // stdin hit EOF (ignored with a tty)
constexpr char kResize = 'R';       // 4 bytes: rows, cols as uint16 big-endian
// shim -> client
constexpr char kStdout = 'O';
constexpr char kStderr = 'E';
constexpr char kExit = 'X';         // payload: decimal exit code
constexpr char kStarted = 'K';
constexpr char kFailed = 'F';       // payload: message

constexpr size_t kHeader = 5;
constexpr uint32_t kMaxPayload = 1u << 20;  // larger frames are a protocol error

inline void put_header(char* out, char type, uint32_t len) {
  out[0] = type;
  out[1] = static_cast<char>(len >> 24);
  out[2] = static_cast<char>(len >> 16);
  out[3] = static_cast<char>(len >> 8);
  out[4] = static_cast<char>(len);
}

inline void append_frame(std::string& out, char type, std::string_view payload) {
  char h[kHeader];
  put_header(h, type, static_cast<uint32_t>(payload.size()));
  out.append(h, kHeader);
  out.append(payload);
}

// Parses one frame from the front of buf. Returns false if incomplete;
// sets bad if the length is over kMaxPayload.
inline bool parse_frame(std::string_view buf, char& type, std::string_view& payload, size_t& used, bool& bad) {
  bad = false;
  if (buf.size() < kHeader) return false;
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(buf[i])); };
  uint32_t len = b(1) << 24 | b(2) << 16 | b(3) << 8 | b(4);
  if (len > kMaxPayload) {
    bad = true;
    return false;
  }
  if (buf.size() < kHeader + len) return false;
  type = buf[0];
  payload = buf.substr(kHeader, len);
  used = kHeader + len;
  return true;
}

inline std::string resize_payload(uint16_t rows, uint16_t cols) {
  char p[4] = {static_cast<char>(rows >> 8), static_cast<char>(rows), static_cast<char>(cols >> 8),
               static_cast<char>(cols)};
  return std::string(p, 4);
}

}  // namespace strata::shimproto
