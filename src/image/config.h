// The OCI image config (what an image ID is the digest of), and the
// Dockerfile-style `--change` instructions that `import` and `commit` apply.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace strata::image {

using Json = nlohmann::ordered_json;

// A fresh config for a base layer: architecture/os of this machine,
// `created`, an empty "config" object, rootfs with the given diff IDs.
Json new_config(const std::vector<std::string>& diff_ids, const std::string& created);

// Applies one instruction ("CMD [\"sh\"]", "ENV A=1 B=2", "WORKDIR /app",
// "VOLUME /data", "LABEL k=v", "USER nobody", "ENTRYPOINT …", "EXPOSE 80",
// "STOPSIGNAL SIGTERM") to config["config"]. Throws invalid_argument with
// Docker's text for an unknown or malformed instruction.
void apply_change(Json& container_config, const std::string& instruction);

// Splits a shell-form or JSON-form argument list: `["a","b"]` stays as is,
// anything else becomes ["/bin/sh", "-c", text] (Dockerfile rules).
std::vector<std::string> parse_cmd(const std::string& text);

// Splits Dockerfile words honouring double/single quotes and backslashes.
std::vector<std::string> split_words(const std::string& text);

}  // namespace strata::image
