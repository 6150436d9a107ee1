// Human-readable durations, sizes, times and truncation as the Docker CLI prints them.
// (Go-compatible JSON text is in format/json.h: json_indent, json_compact.)
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace strata::format {

// go-units HumanDuration: "Less than a second", "1 second", "5 seconds", "About a minute",
// "5 minutes", "About an hour", "5 hours" (rounded, < 48), "5 days" (< 2 weeks),
// "5 weeks" (< 60 days), "5 months" (< 2 years), "5 years". Seconds convert implicitly.
std::string human_duration(std::chrono::nanoseconds d);

// go-units HumanSizeWithPrecision: decimal units B kB MB GB TB PB EB ZB YB with Go's "%.*g":
// 0B, 1.5kB, 4.26MB. Docker's ps/images/history tables use precision 3 (the default here);
// go-units HumanSize (docker system df) is precision 4.
std::string human_size(double bytes, int precision = 3);

// go-units BytesSize: binary units B KiB MiB GiB TiB ... with "%.4g" (docker stats): 1.5KiB.
std::string bytes_size(double bytes);

// Go's zero time.Time, printed 0001-01-01T00:00:00Z; it is out of range for time_point,
// so it is represented by time_point::min().
inline constexpr std::chrono::system_clock::time_point kZeroTime = std::chrono::system_clock::time_point::min();

// time.RFC3339Nano in UTC: "2026-11-28T09:01:02.123456789Z", fraction trailing zeros trimmed
// and omitted when zero: "2026-11-28T09:01:02Z".
std::string time_rfc3339nano(std::chrono::system_clock::time_point t);

// time.Parse(time.RFC3339Nano, s): "Z" or "+hh:mm"/"-hh:mm", optional fraction of 1-9 digits.
// Throws Error(invalid_argument) otherwise.
std::chrono::system_clock::time_point parse_rfc3339(std::string_view s);

// Docker's --since/--until/until= (format/since.cpp): a Go duration before now, a Unix time or
// an RFC 3339 time. Throws invalid_argument "failed to parse value as time or duration: …".
std::chrono::system_clock::time_point parse_time_or_duration(const std::string& v);

// Docker's formatter.Ellipsis: at most max_width display columns (East Asian wide runes
// count 2), with "…" as the last column when shortened; width 1 keeps the first rune.
std::string ellipsis(std::string_view s, size_t max_width);

// docker ps COMMAND without --no-trunc: ellipsis(cmd, 20). Docker then quotes the result
// (strconv.Quote, see go_quote in format/gofmt.h): "\"sleep 1000\"".
std::string truncate_command(std::string_view cmd, size_t max_width = 20);

}  // namespace strata::format
