// Named fault points: STRATA_FAULT("create.committed") between the steps of a
// multi-step change lets a test stop the change right there, as a kill -9 or a
// power cut would. Compiled in when CMake's STRATA_FAULTS option is ON (the
// default, which the tests use); a no-op otherwise. Armed by the environment:
//   STRATA_FAULT=<name>        the process SIGKILLs itself at that point
//   STRATA_FAULT=<name>:error  the operation fails there with an engine error
// Every name must be listed in common/fault_points.h (checked at compile time),
// which is what `strata system faults` prints and the tests enumerate.
#pragma once
#include <string_view>

#include "common/fault_points.h"

namespace strata::fault {

constexpr bool known(std::string_view name) {
  for (auto p : kPoints)
    if (p == name) return true;
  return false;
}

// Dies or throws if `name` is the armed point; otherwise returns at once.
void hit(std::string_view name);

}  // namespace strata::fault

#ifndef STRATA_NO_FAULTS  // CMake's STRATA_FAULTS=OFF defines it
#define STRATA_FAULT(name)                                                     \
  do {                                                                         \
    static_assert(::strata::fault::known(name), "not in fault_points.h: " name); \
    ::strata::fault::hit(name);                                                \
  } while (0)
#else
#define STRATA_FAULT(name) static_assert(::strata::fault::known(name), "not in fault_points.h: " name)
#endif
