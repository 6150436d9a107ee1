// Small helpers over libarchive handles, shared by extract and diff_tar.
// Note: inside namespace strata::archive, libarchive's handle type is spelled ::archive.
#pragma once
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <memory>
#include <string>

namespace strata::archive {

struct ReadFree {
  void operator()(::archive* a) const { archive_read_free(a); }
};
struct WriteFree {
  void operator()(::archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ReadPtr = std::unique_ptr<::archive, ReadFree>;
using WritePtr = std::unique_ptr<::archive, WriteFree>;
using EntryPtr = std::unique_ptr<archive_entry, EntryFree>;

// libarchive's last error message on `a`, or `fallback` when it set none.
inline std::string la_error(::archive* a, const char* fallback = "unknown libarchive error") {
  const char* s = archive_error_string(a);
  return s && *s ? s : fallback;
}

// While alive, this thread's LC_CTYPE is C.UTF-8, so libarchive passes UTF-8 names (pax headers,
// Go and Docker tars) through unchanged instead of warning and mangling them in the "C" locale.
class Utf8Locale {
 public:
  Utf8Locale() : loc_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0))) {
    if (loc_) old_ = uselocale(loc_);
  }
  ~Utf8Locale() {
    if (!loc_) return;
    uselocale(old_);
    freelocale(loc_);
  }
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

 private:
  locale_t loc_;
  locale_t old_ = LC_GLOBAL_LOCALE;
};

}  // namespace strata::archive
