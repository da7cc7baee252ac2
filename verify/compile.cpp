// Confined candidate compilation and the content-addressed worker cache (verify/compile.hpp).
#include "verify/compile.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "core/install_layout.hpp"
#include "core/sha256.hpp"
#include "verify/compile_cache.hpp"

namespace opsynth {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

std::vector<std::string> split_flags(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

struct ChildRun {
  int status = 0;
  bool timed_out = false;
  std::string output;  // stdout and stderr interleaved, bounded
};

constexpr std::size_t kMaxCapturedOutput = 1u << 20;

// Runs argv[0] (an absolute path) in its own process group under rlimits and a wall clock. The child
// environment is fixed so diagnostics are stable (C locale, no colours) whatever the verifier's is.
Result<ChildRun> run_confined(const std::vector<std::string>& args, const fs::path& cwd, const CompileLimits& limits) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const std::string tmpdir = "TMPDIR=" + cwd.string();
  const char* env_text[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "GCC_COLORS=", tmpdir.c_str(), nullptr};
  const std::string dir = cwd.string();
  const rlimit cpu{limits.cpu_seconds, limits.cpu_seconds + 1};
  const rlimit as{limits.address_space_bytes, limits.address_space_bytes};
  const rlimit fsize{limits.file_size_bytes, limits.file_size_bytes};
  const rlimit core{0, 0};

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Error{errno_text("pipe2"), args[0]};
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const auto started = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return Error{errno_text("fork"), args[0]};
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(devnull, 0);
    ::dup2(pipe_fds[1], 1);
    ::dup2(pipe_fds[1], 2);
    ::close_range(3, ~0u, 0);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    if (::setrlimit(RLIMIT_CPU, &cpu) || ::setrlimit(RLIMIT_AS, &as) || ::setrlimit(RLIMIT_FSIZE, &fsize) ||
        ::setrlimit(RLIMIT_CORE, &core) || ::chdir(dir.c_str()))
      ::_exit(127);
    ::execve(argv[0], argv.data(), const_cast<char* const*>(env_text));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(pipe_fds[1]);
  ::close(devnull);

  ChildRun run;
  const auto deadline = started + limits.wall;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      run.timed_out = true;
      break;
    }
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[8192];
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the compiler and all its children closed the pipe
    run.output.append(buffer, std::min<std::size_t>(n, kMaxCapturedOutput - std::min(kMaxCapturedOutput, run.output.size())));
  }
  ::close(pipe_fds[0]);
  if (run.timed_out) ::kill(-pid, SIGKILL);
  while (::waitpid(pid, &run.status, 0) < 0 && errno == EINTR) {
  }
  if (!run.timed_out) ::kill(-pid, SIGKILL);  // stragglers of the group (none expected)
  return run;
}

bool succeeded(const ChildRun& run) { return !run.timed_out && WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0; }

// `compiler --version`, once per compiler per process: part of every cache key.
Result<std::string> compiler_identity(const std::string& compiler) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  std::lock_guard lock(mutex);
  if (auto it = known.find(compiler); it != known.end()) return it->second;
  auto run = run_confined({compiler, "--version"}, fs::temp_directory_path(), CompileLimits{});
  if (!run) return run.error();
  if (!succeeded(*run)) return Error{"cannot run the candidate compiler", compiler};
  return known[compiler] = run->output;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool is_header(const fs::path& path) {
  const auto ext = path.extension().string();
  return ext == ".hpp" || ext == ".h" || ext == ".inc" || ext == ".ipp";
}

// Every header under the include dirs, in a stable order: a runtime change must miss the cache.
// System headers (std, Eigen, xtensor) are covered by the compiler identity and the installed versions.
void hash_include_dirs(Sha256& hasher, const std::vector<fs::path>& dirs) {
  for (const auto& dir : dirs) {
    std::vector<fs::path> headers;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file() && is_header(it->path())) headers.push_back(it->path());
    }
    std::sort(headers.begin(), headers.end());
    for (const auto& header : headers) {
      hasher.update(header.string()).update("\n", 1).update(read_bytes(header)).update("\n", 1);
    }
  }
}

void hash_field(Sha256& hasher, std::string_view name, std::string_view value) {
  // Length-prefixed so that no two different inputs concatenate to the same byte stream.
  hasher.update(name).update(":").update(std::to_string(value.size())).update(":").update(value);
}

const fs::path& worker_library(const WorkerBuild& build, const Toolchain& toolchain) {
  return build.flavor == BuildFlavor::Sanitizer ? toolchain.sanitizer_worker_library : toolchain.worker_library;
}

std::vector<std::string> flavor_flags(BuildFlavor flavor) {
  if (flavor == BuildFlavor::Release) return {};
  // vptr is off: its check probes memory through a pipe, which the sandbox refuses (see sandbox_install.cpp).
  // -O1 (after the shared -O2) as ASan recommends, and no -g (the sandbox hides the executable from the
  // symbolizer anyway): together they halve the compile of the sanitizer flavour. Uninitialized locals
  // are filled with a pattern, so a result read from one (which neither sanitizer reports) differs from
  // CPython's instead of happening to hold the right stack garbage. float-cast-overflow is not part of
  // GCC's "undefined": without it a double-to-int cast out of range (UB that x86 happens to answer with
  // INT_MIN, as numpy does) would pass here and break under another optimizer's choices.
  return {"-fsanitize=address,undefined,float-cast-overflow", "-fno-sanitize=vptr", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer",
          "-O1", "-ftrivial-auto-var-init=pattern"};
}

// The header precompiled and force-included for this build: the worker's, or the compiled library's.
const std::optional<fs::path>& prelude_of(const WorkerBuild& build, const Toolchain& toolchain) {
  return build.shared_library ? toolchain.library_prelude : toolchain.precompiled_prelude;
}

Result<std::string> cache_key(const WorkerBuild& build, const Toolchain& toolchain) {
  auto identity = compiler_identity(toolchain.compiler);
  if (!identity) return identity.error();
  Sha256 hasher;
  hash_field(hasher, "compiler", toolchain.compiler);
  hash_field(hasher, "identity", *identity);
  for (const auto& flag : toolchain.flags) hash_field(hasher, "flag", flag);
  for (const auto& flag : flavor_flags(build.flavor)) hash_field(hasher, "flavor", flag);
  for (const auto& flag : build.extra_flags) hash_field(hasher, "extra", flag);
  for (const auto& source : build.sources) {
    hash_field(hasher, "name", source.name);
    hash_field(hasher, "text", source.text);
  }
  for (const auto& input : build.link_inputs) {
    hash_field(hasher, "link_input", input);
    hash_field(hasher, "link_input_bytes", read_bytes(input));
  }
  if (build.shared_library) {
    hash_field(hasher, "output", "shared library");
  } else {
    hash_field(hasher, "worker_library", read_bytes(worker_library(build, toolchain)));
    for (const auto& lib : toolchain.link_libraries) hash_field(hasher, "link_library", read_bytes(lib));
  }
  if (const auto& prelude = prelude_of(build, toolchain)) hash_field(hasher, "prelude", prelude->string());
  hash_include_dirs(hasher, toolchain.hashed_dirs);
  return hasher.hex();
}

Result<fs::path> make_temp_dir(const fs::path& parent) {
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return Error{"cannot create cache directory: " + ec.message(), parent.string()};
  std::string pattern = (parent / "tmp-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return Error{errno_text("mkdtemp"), pattern};
  return fs::path(pattern);
}

bool write_file(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out);
}

std::vector<std::string> base_args(const WorkerBuild& build, const Toolchain& toolchain) {
  std::vector<std::string> args{toolchain.compiler};
  args.insert(args.end(), toolchain.flags.begin(), toolchain.flags.end());
  for (auto& flag : flavor_flags(build.flavor)) args.push_back(flag);
  for (const auto& dir : toolchain.include_dirs) args.push_back("-I" + dir.string());
  args.insert(args.end(), build.extra_flags.begin(), build.extra_flags.end());
  // A library exports only its C entries; the flag is part of what a precompiled header must match.
  if (build.shared_library) args.push_back("-fvisibility=hidden");
  args.push_back("-fdiagnostics-color=never");
  return args;
}

// A new entry may take the cache past its limit: the least recently used ones make room.
void trim_after_publishing(const Toolchain& toolchain) {
  if (toolchain.cache_limit) trim_compile_cache(toolchain.cache_dir, *toolchain.cache_limit);
}

// Builds (once per flags + prelude content) <cache>/pch/<key>/prelude.hpp + .gch and returns the wrapper
// to force-include. GCC uses the .gch beside an included header when its flags match.
Result<fs::path> precompiled_prelude(const fs::path& prelude, const WorkerBuild& build, const Toolchain& toolchain) {
  Sha256 hasher;
  auto identity = compiler_identity(toolchain.compiler);
  if (!identity) return identity.error();
  hash_field(hasher, "identity", *identity);
  for (const auto& arg : base_args(build, toolchain)) hash_field(hasher, "arg", arg);
  hash_field(hasher, "prelude", prelude.string());
  hash_include_dirs(hasher, toolchain.hashed_dirs);
  hash_field(hasher, "prelude_text", read_bytes(prelude));
  const fs::path final_dir = toolchain.cache_dir / "pch" / hasher.hex();
  const fs::path wrapper = final_dir / "prelude.hpp";
  if (fs::exists(wrapper.string() + ".gch")) {
    mark_cache_entry_used(final_dir);
    return wrapper;
  }

  auto temp = make_temp_dir(toolchain.cache_dir / "pch");
  if (!temp) return temp.error();
  const std::string wrapper_text = "#pragma once\n#include \"" + fs::absolute(prelude).string() + "\"\n";
  if (!write_file(*temp / "prelude.hpp", wrapper_text)) return Error{"cannot write the prelude wrapper", temp->string()};
  auto args = base_args(build, toolchain);
  args.insert(args.end(), {"-x", "c++-header", "prelude.hpp", "-o", "prelude.hpp.gch"});
  auto run = run_confined(args, *temp, toolchain.limits);
  std::error_code ec;
  if (!run || !succeeded(*run)) {
    fs::remove_all(*temp, ec);
    return Error{"cannot precompile the prelude" + (run ? ": " + trim_diagnostics(run->output, temp->string()) : ""),
                 prelude.string()};
  }
  fs::rename(*temp, final_dir, ec);  // a concurrent verifier may have won: theirs is identical
  if (ec) fs::remove_all(*temp, ec);
  trim_after_publishing(toolchain);
  return wrapper;
}

bool is_error_line(std::string_view line) {
  return line.find(": error:") != std::string_view::npos || line.find(": fatal error:") != std::string_view::npos ||
         line.find("undefined reference") != std::string_view::npos;
}

}  // namespace

fs::path default_compile_cache_dir() {
  if (const char* dir = std::getenv("OPSYNTH_CACHE_DIR"); dir && *dir) return fs::path(dir) / "compile";
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir) return fs::path(dir) / "opsynth" / "compile";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/tmp") / ".cache" / "opsynth" / "compile";
}

Toolchain default_toolchain() {
  Toolchain toolchain;
  toolchain.compiler = OPSYNTH_CANDIDATE_CXX;
  toolchain.flags = split_flags(OPSYNTH_CANDIDATE_FLAGS);
  const fs::path source = OPSYNTH_SOURCE_DIR;
  // Eigen is on the candidate allowlist (DESIGN §4.1), so it must be on the include path too; its
  // headers are Debian's, so they are not hashed into the cache key (a package upgrade is rare and
  // changes the compiler's own headers alike).
  toolchain.include_dirs = {source / "runtime", source, "/usr/include/eigen3"};
  // Not the whole tree (build folders, tests): the headers a worker can include from us.
  toolchain.hashed_dirs = {source / "runtime", source / "core", source / "verify"};
  toolchain.worker_library = OPSYNTH_WORKER_LIBRARY;
  toolchain.sanitizer_worker_library = OPSYNTH_WORKER_SANITIZER_LIBRARY;
#ifdef OPSYNTH_WORKER_CODEC_LIBRARY
  toolchain.link_libraries = {OPSYNTH_WORKER_CODEC_LIBRARY};
#endif
  toolchain.cache_dir = default_compile_cache_dir();
  auto limit = compile_cache_limit();
  toolchain.cache_limit = limit ? *limit : std::optional<std::uint64_t>{kDefaultCompileCacheLimit};
  toolchain.precompiled_prelude = source / "verify" / "harness" / "worker_prelude.hpp";
  toolchain.library_prelude = source / "runtime" / "rt" / "library_prelude.hpp";
  // An installed opsynth has the same headers and archives under its prefix, and never reads the
  // source tree it was built from (which may be gone).
  if (const auto& installed = installed_layout()) {
    toolchain.include_dirs = {installed->include_dir, "/usr/include/eigen3"};
    toolchain.hashed_dirs = {installed->include_dir};
    toolchain.worker_library = installed->worker_library;
    toolchain.sanitizer_worker_library = installed->sanitizer_worker_library;
    toolchain.link_libraries = {installed->worker_codec_library};
    toolchain.precompiled_prelude = installed->include_dir / "verify" / "harness" / "worker_prelude.hpp";
    toolchain.library_prelude = installed->include_dir / "rt" / "library_prelude.hpp";
  }
  return toolchain;
}

std::string trim_diagnostics(std::string_view raw, std::string_view build_dir, std::size_t max_errors,
                             std::size_t max_bytes) {
  std::string prefix = std::string(build_dir) + "/";
  std::string out;
  std::size_t errors = 0;
  std::size_t start = 0;
  while (start < raw.size()) {
    const std::size_t end = std::min(raw.find('\n', start), raw.size());
    std::string line(raw.substr(start, end - start));
    start = end + 1;
    for (std::size_t at; (at = line.find(prefix)) != std::string::npos;) line.erase(at, prefix.size());
    if (is_error_line(line) && ++errors > max_errors) break;
    if (out.size() + line.size() + 1 > max_bytes) {
      out += "[... diagnostics truncated]\n";
      break;
    }
    out += line + "\n";
  }
  return out;
}

Result<CompileOutcome> build_worker(const WorkerBuild& build, const Toolchain& toolchain) {
  const auto started = Clock::now();
  auto key = cache_key(build, toolchain);
  if (!key) return key.error();
  CompileOutcome outcome;
  outcome.key = *key;
  const fs::path cached = toolchain.cache_dir / key->substr(0, 2) / *key;
  auto elapsed = [&] { return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started); };
  if (::access(cached.c_str(), X_OK) == 0) {
    mark_cache_entry_used(cached);
    outcome.ok = outcome.cache_hit = true;
    outcome.executable = cached;
    outcome.elapsed = elapsed();
    return outcome;
  }

  auto temp = make_temp_dir(toolchain.cache_dir / "tmp");
  if (!temp) return temp.error();
  std::error_code ec;
  auto cleanup = [&] { fs::remove_all(*temp, ec); };
  auto args = base_args(build, toolchain);
  if (build.shared_library) args.push_back("-shared");
  if (const auto& prelude = prelude_of(build, toolchain)) {
    auto wrapper = precompiled_prelude(*prelude, build, toolchain);
    if (!wrapper) return cleanup(), wrapper.error();
    args.insert(args.end(), {"-Winvalid-pch", "-include", wrapper->string()});
  }
  for (const auto& source : build.sources) {
    if (source.name.find('/') != std::string::npos || source.name.starts_with("."))
      return cleanup(), Error{"source names must be plain file names", source.name};
    if (!write_file(*temp / source.name, source.text)) return cleanup(), Error{"cannot write source", source.name};
    if (fs::path(source.name).extension() == ".cpp") args.push_back(source.name);
  }
  for (const auto& input : build.link_inputs) {
    args.push_back(fs::absolute(input).string());
    args.push_back("-Wl,-rpath," + fs::absolute(input).parent_path().string());
  }
  if (!build.shared_library) {
    args.push_back(worker_library(build, toolchain).string());
    for (const auto& lib : toolchain.link_libraries) args.push_back(lib.string());
  }
  args.insert(args.end(), {"-o", "worker"});

  auto run = run_confined(args, *temp, toolchain.limits);
  if (!run) return cleanup(), run.error();
  // The CPU-time and memory limits judge the candidate; the wall clock only guards against a stuck
  // compiler. Running out of wall time with CPU time to spare means a loaded machine, not a bad
  // candidate: a tool error (ERROR), never a FAIL.
  if (run->timed_out) {
    cleanup();
    return Error{"compilation did not finish within the wall-clock limit of " +
                     std::to_string(toolchain.limits.wall.count() / 1000) +
                     " s before reaching its CPU limit (is the machine overloaded?)",
                 "compiler"};
  }
  outcome.timed_out = run->timed_out;
  if (!succeeded(*run)) {
    outcome.diagnostics = run->timed_out ? "compilation exceeded the wall-clock limit of " +
                                               std::to_string(toolchain.limits.wall.count()) + " ms\n"
                                         : trim_diagnostics(run->output, temp->string());
    if (!run->timed_out && WIFSIGNALED(run->status))
      outcome.diagnostics += "compiler killed by signal " + std::to_string(WTERMSIG(run->status)) + "\n";
    outcome.elapsed = elapsed();
    cleanup();
    return outcome;
  }
  // Atomic publication: rename within one file system; a concurrent verifier's identical file may win.
  fs::create_directories(cached.parent_path(), ec);
  fs::rename(*temp / "worker", cached, ec);
  cleanup();
  if (ec) return Error{"cannot publish worker to the cache: " + ec.message(), cached.string()};
  trim_after_publishing(toolchain);
  outcome.ok = true;
  outcome.executable = cached;
  outcome.elapsed = elapsed();
  return outcome;
}

}  // namespace opsynth
