// libcurl, loaded when the first volume plugin is called and not before: linking it made every
// strata command map 40 shared libraries (curl's TLS, Kerberos, LDAP, IDN...) at start, ~8 ms of a
// 12 ms `strata version`, for a feature most commands never touch.
#pragma once

#include <curl/curl.h>

namespace strata::volume {

struct CurlApi {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The loaded library (once per process, thread-safe); throws Error(system) naming what is missing.
const CurlApi& curl_api();

}  // namespace strata::volume
