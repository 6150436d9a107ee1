#include "mounts/mount_point.h"

#include <algorithm>

#include "common/error.h"

namespace strata::mounts {

const char* type_name(Type t) {
  switch (t) {
    case Type::bind: return "bind";
    case Type::volume: return "volume";
    case Type::tmpfs: return "tmpfs";
  }
  return "";
}

namespace {
Type type_from(const std::string& s) {
  if (s == "bind") return Type::bind;
  if (s == "tmpfs") return Type::tmpfs;
  if (s == "volume") return Type::volume;
  throw Error(Errc::system, "stored mount point has unknown type " + s);
}
}  // namespace

Json to_json(const MountPoint& m) {
  return {{"Type", type_name(m.type)},  {"Name", m.name},         {"Source", m.source},
          {"Destination", m.destination}, {"Driver", m.driver},   {"Mode", m.mode},
          {"RW", m.rw},                   {"Propagation", m.propagation}, {"CopyData", m.copy_data},
          {"Anonymous", m.anonymous},     {"CreateSource", m.create_source},
          {"TmpfsOptions", m.tmpfs_options}};
}

MountPoint from_json(const Json& j) {
  MountPoint m;
  m.type = type_from(j.at("Type").get<std::string>());
  m.name = j.value("Name", "");
  m.source = j.value("Source", "");
  m.destination = j.value("Destination", "");
  m.driver = j.value("Driver", "");
  m.mode = j.value("Mode", "");
  m.rw = j.value("RW", true);
  m.propagation = j.value("Propagation", "");
  m.copy_data = j.value("CopyData", false);
  m.anonymous = j.value("Anonymous", false);
  m.create_source = j.value("CreateSource", false);
  m.tmpfs_options = j.value("TmpfsOptions", std::vector<std::string>{});
  return m;
}

Json docker_json(const MountPoint& m) {
  Json j;
  j["Type"] = type_name(m.type);
  if (m.type == Type::volume) j["Name"] = m.name;
  j["Source"] = m.source;
  j["Destination"] = m.destination;
  if (m.type == Type::volume) j["Driver"] = m.driver;
  j["Mode"] = m.mode;
  j["RW"] = m.rw;
  j["Propagation"] = m.propagation;
  return j;
}

std::vector<std::string> oci_options(const MountPoint& m) {
  if (m.type == Type::tmpfs) return m.tmpfs_options;
  std::vector<std::string> o = {"rbind", m.propagation.empty() ? "rprivate" : m.propagation};
  if (m.rw) {
    o.push_back("rw");
  } else {
    o.push_back("ro");
    o.push_back("rro");  // runc ≥ 1.1: mount_setattr(AT_RECURSIVE), so submounts are read-only too
  }
  return o;
}

void sort_for_mounting(std::vector<MountPoint>& points) {
  auto depth = [](const std::string& p) { return std::count(p.begin(), p.end(), '/') - (p == "/" ? 1 : 0); };
  std::stable_sort(points.begin(), points.end(), [&](const MountPoint& a, const MountPoint& b) {
    return depth(a.destination) < depth(b.destination);
  });
}

}  // namespace strata::mounts
