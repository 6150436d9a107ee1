#include "archive/async_sha256.h"

#include <cstring>

namespace strata::archive {

AsyncSha256::AsyncSha256() : worker_([this] { run(); }) { cur_.reserve(kChunk); }

AsyncSha256::~AsyncSha256() {
  {
    std::lock_guard lk(mu_);
    done_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void AsyncSha256::update(const void* data, size_t len) {
  const char* p = static_cast<const char*>(data);
  while (len > 0) {
    size_t n = std::min(len, kChunk - cur_.size());
    cur_.insert(cur_.end(), p, p + n);
    p += n;
    len -= n;
    if (cur_.size() == kChunk) submit();
  }
}

void AsyncSha256::submit() {
  std::vector<char> next;
  {
    std::unique_lock lk(mu_);
    cv_.wait(lk, [this] { return queue_.size() < kMaxQueued; });
    queue_.push_back(std::move(cur_));
    if (!free_.empty()) {
      next = std::move(free_.front());
      free_.pop_front();
    }
  }
  cv_.notify_all();
  next.clear();
  next.reserve(kChunk);
  cur_ = std::move(next);
}

void AsyncSha256::run() {
  for (;;) {
    std::vector<char> chunk;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [this] { return !queue_.empty() || done_; });
      if (queue_.empty()) return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
    }
    cv_.notify_all();
    hash_.update(chunk.data(), chunk.size());
    std::lock_guard lk(mu_);
    if (free_.size() < 2) free_.push_back(std::move(chunk));
  }
}

std::string AsyncSha256::digest() {
  if (!cur_.empty()) submit();
  {
    std::lock_guard lk(mu_);
    done_ = true;
  }
  cv_.notify_all();
  worker_.join();
  return hash_.digest();
}

}  // namespace strata::archive
