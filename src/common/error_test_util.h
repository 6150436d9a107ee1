// For tests: the message of the strata::Error that `fn` throws, or "" if it throws none.
#pragma once
#include <functional>
#include <string>

#include "common/error.h"

namespace strata::testing_util {

inline std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace strata::testing_util
