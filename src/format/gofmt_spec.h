// Internal: one fmt verb with its flags, applied to one value.
#pragma once
#include <string>

#include "format/gofmt.h"

namespace strata::format {

struct Spec {
  bool sharp = false, zero = false, plus = false, minus = false, space = false;
  int width = -1, prec = -1;
  char verb = 'v';
};

// Formats v like fmt's printArg (top) or printValue (inside a slice or map).
std::string format_arg(const Json& v, const Spec& s, bool top);

}  // namespace strata::format
