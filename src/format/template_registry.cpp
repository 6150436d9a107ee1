// The template functions by name: Go's builtins, Docker's, and Docker's header variants.
#include "format/template_funcs.h"

namespace strata::format::tmpl {
namespace {

Value f_first(const Args& a) { return a.get(0); }

const Func kFuncs[] = {
    {"and", "a", true, f_and},        {"or", "a", true, f_or},         {"not", "a", false, f_not},
    {"len", "a", false, f_len},       {"index", "a", true, f_index},   {"slice", "a", true, f_slice},
    {"print", "", true, f_print},     {"printf", "s", true, f_printf}, {"println", "", true, f_println},
    {"eq", "a", true, f_eq},          {"ne", "aa", false, f_ne},       {"lt", "aa", false, f_lt},
    {"le", "aa", false, f_le},        {"gt", "aa", false, f_gt},       {"ge", "aa", false, f_ge},
    {"json", "a", false, f_json},     {"split", "ss", false, f_split}, {"join", "ls", false, f_join},
    {"title", "s", false, f_title},   {"lower", "s", false, f_lower},  {"upper", "s", false, f_upper},
    {"pad", "sii", false, f_pad},     {"truncate", "si", false, f_truncate},
};

// Docker's HeaderFunctions: return the (string) column name unchanged.
const Func kHeaderFuncs[] = {
    {"json", "s", false, f_first},  {"split", "ss", false, f_first}, {"join", "ss", false, f_first},
    {"title", "s", false, f_first}, {"lower", "s", false, f_first},  {"upper", "s", false, f_first},
    {"truncate", "si", false, f_first},
};

}  // namespace

const Func* find_func(std::string_view name, bool header) {
  if (header)
    for (const Func& f : kHeaderFuncs)
      if (f.name == name) return &f;
  for (const Func& f : kFuncs)
    if (f.name == name) return &f;
  return nullptr;
}

bool is_function(std::string_view name) { return find_func(name) != nullptr; }

}  // namespace strata::format::tmpl
