// The plugin protocol's transport: HTTP POST over a unix socket (or TCP) with libcurl.
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "volume/plugin_curl.h"
#include "volume/plugin_driver.h"

namespace strata::volume {

namespace {
size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// Go's url.PathEscape of the socket path, as Docker shows it in the URL's host.
std::string path_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || std::strchr("-._~", c)) out += static_cast<char>(c);
    else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

std::string lower_first(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

class CurlTransport : public PluginTransport {
 public:
  explicit CurlTransport(const std::string& address) {
    if (address.rfind("unix://", 0) == 0) {
      socket_ = address.substr(7);
      base_ = "http://" + path_escape(socket_);
    } else if (address.rfind("tcp://", 0) == 0) {
      base_ = "http://" + address.substr(6);
    } else {
      base_ = address;  // http:// or https://
    }
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
    // Tests shorten the wait for a plugin that never answers.
    if (const char* t = std::getenv("STRATA_PLUGIN_TIMEOUT")) max_timeout_ = std::atoi(t);
  }

  PluginResponse post(const std::string& method, const std::string& body, int timeout_s) override {
    if (max_timeout_ > 0 && timeout_s > max_timeout_) timeout_s = max_timeout_;
    std::string url = base_ + "/" + method;
    const CurlApi& api = curl_api();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(api.easy_init(), api.easy_cleanup);
    if (!curl) throw Error(Errc::system, "Post \"" + url + "\": cannot start an HTTP client");
    CURL* c = curl.get();
    PluginResponse r;
    curl_slist* headers = api.slist_append(nullptr, "Accept: application/vnd.docker.plugins.v1.2+json");
    headers = api.slist_append(headers, "Content-Type: application/json");
    headers = api.slist_append(headers, "Expect:");  // no 100-continue wait on big bodies
    // The socket path's escaped form is not a valid host name for curl: it only matters in messages.
    api.easy_setopt(c, CURLOPT_URL, socket_.empty() ? url.c_str() : ("http://plugin/" + method).c_str());
    if (!socket_.empty()) api.easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, socket_.c_str());
    api.easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    api.easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    api.easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    api.easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    api.easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    api.easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_s));
    api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    api.easy_setopt(c, CURLOPT_NOPROXY, "*");
    CURLcode rc = api.easy_perform(c);
    long os_errno = 0;
    api.easy_getinfo(c, CURLINFO_OS_ERRNO, &os_errno);
    api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    api.slist_free_all(headers);
    if (rc == CURLE_OK) return r;
    std::string why;
    if (rc == CURLE_OPERATION_TIMEDOUT)
      why = "context deadline exceeded";
    else if (rc == CURLE_COULDNT_CONNECT && !socket_.empty())
      why = "dial unix " + socket_ + ": connect: " + lower_first(std::strerror(os_errno ? os_errno : ECONNREFUSED));
    else
      why = api.easy_strerror(rc);
    throw Error(Errc::system, "Post \"" + url + "\": " + why);
  }

 private:
  std::string socket_, base_;
  int max_timeout_ = 0;
};
}  // namespace

std::unique_ptr<PluginTransport> http_transport(const std::string& address) {
  return std::make_unique<CurlTransport>(address);
}

}  // namespace strata::volume
