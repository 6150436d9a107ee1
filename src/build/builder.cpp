// The build loop, Docker's legacy-builder output, and how each step's result becomes an image.
#include "build/builder.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "build/build_run.h"
#include "build/shell_lex.h"
#include "common/fs.h"
#include "common/id.h"
#include "format/human.h"
#include "graphdriver/overlay2.h"
#include "image/config.h"
#include "image/image_service.h"
#include "store/db.h"

namespace strata::build {

namespace {
std::filesystem::path dockerfile_path(const BuildContext& ctx, const std::string& given) {
  if (given.empty()) {
    auto p = ctx.dir() / "Dockerfile";
    if (!std::filesystem::exists(p) && std::filesystem::exists(ctx.dir() / "dockerfile")) p = ctx.dir() / "dockerfile";
    return p;
  }
  return std::filesystem::absolute(given).lexically_normal();
}
}  // namespace

std::string Builder::build(const BuildOptions& o) {
  for (auto& t : o.tags) image::parse_reference(t);  // a bad tag fails before anything runs
  BuildContext ctx(o.context);
  auto path = dockerfile_path(ctx, o.dockerfile);
  std::string text;
  try {
    text = fs::read_file(path);
  } catch (const Error&) {
    throw Error(Errc::not_found, "unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat " +
                                     path.string() + ": no such file or directory");
  }
  Dockerfile df = parse_dockerfile(text, o.dockerfile.empty() ? "Dockerfile" : o.dockerfile);
  BuildRun run(d_, o, df, ctx);
  return run.run();
}

BuildRun::BuildRun(Builder::Deps& d, const BuildOptions& o, const Dockerfile& df, const BuildContext& ctx)
    : d_(d), o_(o), df_(df), ctx_(ctx), cache_(d.paths.root / "builder" / "cache") {}

BuildRun::~BuildRun() {
  // Intermediate images exist while the build runs (they keep its layers and give its build
  // containers an image); only the result stays. A failed build takes its layers back too.
  try {
    auto intent = d_.db.journal().begin("build");
    std::vector<image::LayerRecord> gone;
    d_.db.transaction([&] {
      gone.clear();
      auto& store = d_.images.store();
      std::set<std::string> mine(transient_.begin(), transient_.end());
      for (auto& id : transient_) {
        if (id == final_) continue;
        auto img = store.find(id);
        auto kids = store.children(id);  // another build may be stacking on it: then it stays
        bool only_mine = std::all_of(kids.begin(), kids.end(), [&](auto& k) { return mine.count(k) > 0; });
        if (img && img->tags.empty() && store.users(id).empty() && only_mine) store.remove_image(id);
      }
      auto result = final_.empty() ? std::nullopt : store.find(final_);
      if (result && !result->parent.empty() && !store.find(result->parent)) store.set_parent(final_, "");
      if (final_.empty()) gone = store.remove_unused_layers();
    });
    for (auto& l : gone) d_.driver.remove(l.cache_id);  // records first, files after (crash-safe)
  } catch (...) {
  }
}

void BuildRun::say(const std::string& line) const {
  if (o_.quiet) return;
  std::string s = line + "\n";
  for (size_t done = 0; done < s.size();) {
    ssize_t n = ::write(o_.out_fd, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

std::string BuildRun::run() {
  size_t n = df_.meta_args.size() + df_.instructions.size(), step_no = 0;
  auto step_line = [&](const Instruction& in) {
    say("Step " + std::to_string(++step_no) + "/" + std::to_string(n) + " : " + in.original);
  };
  for (auto& in : df_.meta_args) {
    step_line(in);  // counted and shown, as Docker does, though they make nothing
    for (auto& w : process_words(in.args, [&](const std::string& n) { return lookup(n); }, df_.escape)) {
      size_t eq = w.find('=');
      std::string name = w.substr(0, eq);
      auto given = o_.build_args.find(name);
      if (given != o_.build_args.end()) meta_args_[name] = given->second, used_args_.insert(name);
      else if (eq != std::string::npos) meta_args_[name] = w.substr(eq + 1);
    }
  }
  for (const Instruction& in : df_.instructions) {
    if (interrupts_.fired()) throw interrupted();
    step_line(in);
    try {
      step(in);
      if (interrupts_.fired()) throw interrupted();
    } catch (const StepFailed&) {
      if (interrupts_.fired()) throw interrupted();
      throw;
    } catch (const Error& e) {
      if (interrupts_.fired()) throw interrupted();  // whatever the kill made fail
      std::string what = e.what();
      if (in.cmd == "COPY" || in.cmd == "ADD") what = in.cmd + " failed: " + what;
      throw StepFailed(what, 1);
    }
  }
  ensure_image();
  final_ = image_id_;
  std::vector<std::string> unused;
  for (auto& [k, v] : o_.build_args)
    if (!used_args_.count(k)) unused.push_back(k);
  if (!unused.empty()) {
    std::string list;
    for (auto& u : unused) list += (list.empty() ? "" : " ") + u;
    say("[Warning] One or more build-args [" + list + "] were not consumed");
  }
  say("Successfully built " + short_id(final_));
  d_.db.transaction([&] {
    for (auto& t : o_.tags) d_.images.store().set_tag(image::parse_reference(t), final_);
  });
  for (auto& t : o_.tags) say("Successfully tagged " + image::parse_reference(t).str());
  return final_;
}

void BuildRun::step(const Instruction& in) {
  if (in.cmd == "FROM") return from(in);
  if (in.cmd == "RUN") return run_step(in);
  if (in.cmd == "COPY" || in.cmd == "ADD") return copy_step(in);
  meta(in);
}

}  // namespace strata::build
