// cp: Docker's CLI and daemon halves in one place. The container side is resolved in its root
// (copy_ops.h); the host side follows Docker's CLI (copy_host.h); the two are joined by a tar.
#include "container/copy.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "archive/tar_stream.h"
#include "common/error.h"
#include "container/copy_extract.h"
#include "container/copy_fs.h"
#include "container/copy_host.h"
#include "container/copy_ops.h"
#include "container/copy_tar.h"
#include "container/service.h"
#include "runtime/spec.h"

namespace strata::container {

std::pair<std::string, std::string> split_cp_arg(const std::string& arg) {
  if (!arg.empty() && arg[0] == '/') return {"", arg};
  size_t colon = arg.find(':');
  if (colon == std::string::npos || arg[0] == '.') return {"", arg};
  return {arg.substr(0, colon), arg.substr(colon + 1)};
}

void ContainerService::copy(const std::string& src, const std::string& dst, const CopyOptions& o) {
  if (src.empty()) throw Error(Errc::invalid_argument, "source can not be empty");
  if (dst.empty()) throw Error(Errc::invalid_argument, "destination can not be empty");
  auto [src_ctr, src_path] = split_cp_arg(src);
  auto [dst_ctr, dst_path] = split_cp_arg(dst);
  if (!src_ctr.empty() && !dst_ctr.empty())
    throw Error(Errc::invalid_argument, "copying between containers is not supported");
  if (src_ctr.empty() && dst_ctr.empty()) throw Error(Errc::invalid_argument, "must specify at least one container source");
  if (!src_ctr.empty()) copy_from(src_ctr, src_path, dst, o);
  else copy_to(dst_ctr, src, dst_path, o);
}

void ContainerService::copy_from(const std::string& ref, const std::string& src, const std::string& dest,
                                 const CopyOptions& o) {
  std::string dest_abs = dest == "-" ? dest : cp::host_abs(dest);
  if (dest != "-") cp::validate_output_path(dest_abs);
  with_rootfs(ref, [&](const Container&, RootView& r) {
    std::string abs = cp::preserve_trailing(cp::join("/", src), src);
    cp::Source s = cp::stat_in(r, abs, src, ref);
    std::string rebase_name;
    if (o.follow_link && s.is_link) {
      std::string target = cp::resolve_in(r, abs);
      if (target.empty()) throw Error(Errc::not_found, "Could not find the file " + src + " in container " + ref);
      target = cp::preserve_trailing(target, abs);
      if (cp::base(abs) != cp::base(target)) rebase_name = cp::base(abs);
      abs = target;
      s = cp::stat_in(r, abs, abs, ref);
    }
    std::string top = cp::split_dir_entry(abs).second;
    if (top == "/") top = ".";
    auto produce = [&](int fd) {
      archive::TarStream out(fd);
      cp::write_tree(out, s.parent.get(), s.name, top);
      out.close();
    };
    if (dest == "-") return produce(o.out_fd);
    auto plan = cp::prepare_archive_copy({abs, true, s.is_dir, rebase_name}, cp::destination_info(dest_abs));
    UniqueFd host(::open(plan.dst_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!host.valid()) throw_errno("open " + plan.dst_dir);
    cp::ExtractOptions eo{.chown = false, .owner = {}, .no_overwrite_dir_non_dir = true,
                          .rebase_from = top, .rebase_to = plan.rebase_from.empty() ? top : plan.rebase_to};
    cp::pipe_copy(produce, [&](int fd) { cp::extract_tree(fd, host.get(), "/", eo); });
  });
}

void ContainerService::copy_to(const std::string& ref, const std::string& src, const std::string& dest,
                               const CopyOptions& o) {
  cp::CopyInfo src_info;
  if (src != "-") src_info = cp::source_info(cp::host_abs(src), o.follow_link);
  with_rootfs(ref, [&](const Container& c, RootView& r) {
    std::string abs = cp::preserve_trailing(cp::join("/", dest), dest);
    cp::CopyInfo dst{abs};
    try {  // Docker's CLI looks first, following a symlink once; a failure is left to the extraction
      cp::Source s = cp::stat_in(r, abs, dest, ref);
      if (s.is_link) {
        dst.path = cp::resolve_in(r, abs);
        s = cp::stat_in(r, dst.path, dst.path, ref);
      }
      dst.exists = true;
      dst.is_dir = s.is_dir;
    } catch (const Error&) {
    }
    cp::ExtractOptions eo;
    std::string dst_dir = dst.path;
    if (src == "-") {
      if (!dst.is_dir) throw Error(Errc::invalid_argument, "destination \"" + ref + ":" + dest + "\" must be a directory");
    } else {
      auto plan = cp::prepare_archive_copy(src_info, dst);
      dst_dir = plan.dst_dir;
      eo.rebase_from = plan.rebase_from;
      eo.rebase_to = plan.rebase_to;
    }
    std::string point = cp::resolve_in(r, dst_dir);  // every link followed, in the root
    if (point.empty()) throw Error(Errc::not_found, "Could not find the file " + dst_dir + " in container " + ref);
    UniqueFd point_fd(cp::open_in(r.fd.get(), point, O_PATH | O_NOFOLLOW));
    struct stat st {};
    if (!point_fd.valid() || ::fstat(point_fd.get(), &st) != 0 || !S_ISDIR(st.st_mode))
      throw Error(Errc::invalid_argument, "extraction point is not a directory");
    r.check_writable(point);
    std::string user = c.config.value("User", "");
    if (o.copy_uid_gid && !user.empty()) {
      runtime::ProcessSpec p;
      runtime::resolve_user(r.path, user, p);
      eo.owner = std::make_pair(p.uid, p.gid);
    }
    if (src == "-") return cp::extract_tree(o.in_fd, r.fd.get(), point, eo);
    auto [parent, name] = cp::split_dir_entry(src_info.path);
    UniqueFd host(::open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!host.valid()) throw_errno("open " + parent);
    cp::pipe_copy(
        [&](int fd) {
          archive::TarStream out(fd);
          cp::write_tree(out, host.get(), name, name);
          out.close();
        },
        [&](int fd) { cp::extract_tree(fd, r.fd.get(), point, eo); });
  });
}

}  // namespace strata::container
