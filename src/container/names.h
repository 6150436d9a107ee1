// Container names: Docker's validation and its random adjective_surname names.
#pragma once
#include <string>

namespace strata::container {

// Strips one leading '/', checks [a-zA-Z0-9][a-zA-Z0-9_.-]+; throws
// invalid_argument with Docker's text.
std::string validate_name(const std::string& name);
std::string random_name();

}  // namespace strata::container
