// Internal: the template functions, listed by name in template_registry.cpp.
#pragma once
#include "format/template_exec.h"

namespace strata::format::tmpl {

Value f_and(const Args& a);
Value f_or(const Args& a);
Value f_not(const Args& a);
Value f_len(const Args& a);
Value f_index(const Args& a);
Value f_slice(const Args& a);
Value f_print(const Args& a);
Value f_printf(const Args& a);
Value f_println(const Args& a);

Value f_eq(const Args& a);
Value f_ne(const Args& a);
Value f_lt(const Args& a);
Value f_le(const Args& a);
Value f_gt(const Args& a);
Value f_ge(const Args& a);

Value f_json(const Args& a);
Value f_split(const Args& a);
Value f_join(const Args& a);
Value f_title(const Args& a);
Value f_lower(const Args& a);
Value f_upper(const Args& a);
Value f_pad(const Args& a);
Value f_truncate(const Args& a);

}  // namespace strata::format::tmpl
