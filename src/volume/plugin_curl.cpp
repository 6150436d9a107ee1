#include "volume/plugin_curl.h"

#include <dlfcn.h>

#include <string>

#include "common/error.h"

namespace strata::volume {

namespace {
template <typename F>
void bind(void* lib, const char* name, F& fn) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn) throw Error(Errc::system, std::string("libcurl: missing ") + name);
}

CurlApi load() {
  void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char* why = dlerror();
    throw Error(Errc::system, std::string("volume plugins need libcurl (apt-get install libcurl4): ") +
                                  (why ? why : "cannot load libcurl.so.4"));
  }
  CurlApi api{};
  bind(lib, "curl_global_init", api.global_init);
  bind(lib, "curl_easy_init", api.easy_init);
  bind(lib, "curl_easy_cleanup", api.easy_cleanup);
  bind(lib, "curl_easy_setopt", api.easy_setopt);
  bind(lib, "curl_easy_perform", api.easy_perform);
  bind(lib, "curl_easy_getinfo", api.easy_getinfo);
  bind(lib, "curl_easy_strerror", api.easy_strerror);
  bind(lib, "curl_slist_append", api.slist_append);
  bind(lib, "curl_slist_free_all", api.slist_free_all);
  api.global_init(CURL_GLOBAL_DEFAULT);
  return api;
}
}  // namespace

const CurlApi& curl_api() {
  static const CurlApi api = load();  // a failed load throws and is retried by the next call
  return api;
}

}  // namespace strata::volume
