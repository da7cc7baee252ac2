// Static checks on a candidate .hpp: directive allowlist on the raw text, token and structure rules on the
// tokens the preprocessor attributes to the candidate itself (so macros and token pasting hide nothing).
#include "verify/static_check.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/install_layout.hpp"

namespace opsynth::verify {
namespace {

using Violations = std::vector<StaticViolation>;

void add(Violations& out, std::string rule, std::string token, int line, std::string message) {
  out.push_back({std::move(rule), std::move(token), line, std::move(message)});
}

// ---------------------------------------------------------------------------------------------------------
// Source text: translation phase 2 (line splicing), keeping each character's original line.

struct SplicedText {
  std::string text;
  std::vector<int> line_at;  // 1-based original line of text[i]
};

// Joins backslash-newline like GCC does, including its extension that allows spaces between the two.
SplicedText splice_lines(std::string_view source) {
  SplicedText out;
  out.text.reserve(source.size());
  out.line_at.reserve(source.size());
  int line = 1;
  for (std::size_t i = 0; i < source.size(); ++i) {
    const char c = source[i];
    if (c == '\\') {
      std::size_t j = i + 1;
      while (j < source.size() && (source[j] == ' ' || source[j] == '\t' || source[j] == '\r')) ++j;
      if (j < source.size() && source[j] == '\n') {
        ++line;
        i = j;
        continue;
      }
    }
    if (c == '\r' && i + 1 < source.size() && source[i + 1] == '\n') continue;
    out.text.push_back(c);
    out.line_at.push_back(line);
    if (c == '\n') ++line;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// A small C++ tokenizer (identifiers, pp-numbers, string/char literals with prefixes and raw strings,
// punctuators with digraphs normalized), skipping comments.

enum class TokenKind { Identifier, Number, String, Char, Punct };

struct Token {
  TokenKind kind = TokenKind::Punct;
  std::string text;
  int line = 0;              // 1-based candidate line
  int logical_line = 0;      // 0-based line in the tokenized text (a spliced line is one logical line)
  bool starts_line = false;  // first token of its logical line (a '#' here begins a directive)
  std::size_t end = 0;       // offset just past the token in the tokenized text
};

bool is_ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == '$' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || std::isdigit(c); }

bool is_literal_prefix(std::string_view id) {
  return id == "u8" || id == "u" || id == "U" || id == "L";
}
bool is_raw_prefix(std::string_view id) {
  return id == "R" || id == "u8R" || id == "uR" || id == "UR" || id == "LR";
}

// Punctuators, longest first; digraphs map to their primary spelling.
struct Punctuator {
  std::string_view spelling;
  std::string_view meaning;
};
constexpr std::array<Punctuator, 58> kPunctuators = {{
    {"%:%:", "##"}, {"...", "..."}, {"<=>", "<=>"}, {"<<=", "<<="}, {">>=", ">>="}, {"->*", "->*"},
    {"::", "::"},   {"->", "->"},   {"++", "++"},   {"--", "--"},   {"<<", "<<"},   {">>", ">>"},
    {"<=", "<="},   {">=", ">="},   {"==", "=="},   {"!=", "!="},   {"&&", "&&"},   {"||", "||"},
    {"+=", "+="},   {"-=", "-="},   {"*=", "*="},   {"/=", "/="},   {"%=", "%="},   {"&=", "&="},
    {"|=", "|="},   {"^=", "^="},   {"##", "##"},   {".*", ".*"},   {"<:", "["},    {":>", "]"},
    {"<%", "{"},    {"%>", "}"},    {"%:", "#"},    {"{", "{"},     {"}", "}"},     {"[", "["},
    {"]", "]"},     {"(", "("},     {")", ")"},     {";", ";"},     {":", ":"},     {"?", "?"},
    {".", "."},     {"+", "+"},     {"-", "-"},     {"*", "*"},     {"/", "/"},     {"%", "%"},
    {"^", "^"},     {"&", "&"},     {"|", "|"},     {"~", "~"},     {"!", "!"},     {"=", "="},
    {"<", "<"},     {">", ">"},     {",", ","},     {"#", "#"},
}};

class Tokenizer {
 public:
  Tokenizer(std::string_view text, const std::vector<int>& line_at) : text_(text), line_at_(line_at) {}

  std::vector<Token> run() {
    while (pos_ < text_.size()) {
      if (skip_space_or_comment()) continue;
      lex_token();
    }
    return std::move(tokens_);
  }

 private:
  char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  bool skip_space_or_comment() {
    const char c = text_[pos_];
    if (c == '\n') {
      ++logical_;
      at_line_start_ = true;
      ++pos_;
      return true;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++pos_;
      return true;
    }
    if (c == '/' && at(pos_ + 1) == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      return true;
    }
    if (c == '/' && at(pos_ + 1) == '*') {
      const std::size_t close = text_.find("*/", pos_ + 2);
      const std::size_t stop = close == std::string_view::npos ? text_.size() : close + 2;
      for (std::size_t i = pos_; i < stop; ++i) {
        if (text_[i] == '\n') {
          ++logical_;
          at_line_start_ = true;
        }
      }
      pos_ = stop;
      return true;
    }
    return false;
  }

  void emit(TokenKind kind, std::size_t begin, std::size_t end, std::string text) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.line = begin < line_at_.size() ? line_at_[begin] : (line_at_.empty() ? 1 : line_at_.back());
    t.logical_line = logical_;
    t.starts_line = at_line_start_;
    t.end = end;
    at_line_start_ = false;
    tokens_.push_back(std::move(t));
    pos_ = end;
  }

  void lex_token() {
    const std::size_t begin = pos_;
    const unsigned char c = static_cast<unsigned char>(text_[pos_]);
    if (is_ident_start(c) || (c == '\\' && (at(pos_ + 1) == 'u' || at(pos_ + 1) == 'U'))) {
      std::size_t end = pos_;
      while (end < text_.size()) {
        if (is_ident_char(static_cast<unsigned char>(text_[end]))) {
          ++end;
        } else if (text_[end] == '\\' && (at(end + 1) == 'u' || at(end + 1) == 'U')) {
          end += 2;  // a universal character name continues the identifier
        } else {
          break;
        }
      }
      const std::string_view id = text_.substr(begin, end - begin);
      if (at(end) == '"' && is_raw_prefix(id)) return lex_raw_string(begin, end);
      if ((at(end) == '"' || at(end) == '\'') && is_literal_prefix(id)) return lex_quoted(begin, end);
      return emit(TokenKind::Identifier, begin, end, std::string(id));
    }
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(at(pos_ + 1))))) {
      return lex_number(begin);
    }
    if (c == '"' || c == '\'') return lex_quoted(begin, begin);
    lex_punctuator(begin);
  }

  void lex_number(std::size_t begin) {
    std::size_t end = begin + 1;
    while (end < text_.size()) {
      const char ch = text_[end];
      const char prev = text_[end - 1];
      if ((ch == '+' || ch == '-') && (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P')) {
        ++end;
      } else if (ch == '\'' && is_ident_char(static_cast<unsigned char>(at(end + 1)))) {
        end += 2;  // digit separator
      } else if (is_ident_char(static_cast<unsigned char>(ch)) || ch == '.') {
        ++end;
      } else {
        break;
      }
    }
    emit(TokenKind::Number, begin, end, std::string(text_.substr(begin, end - begin)));
  }

  // "..." or '...' starting at quote_at (after an optional prefix at begin); an unterminated literal
  // stops at the end of the line, as in the preprocessor.
  void lex_quoted(std::size_t begin, std::size_t quote_at) {
    const char quote = text_[quote_at];
    std::size_t end = quote_at + 1;
    while (end < text_.size() && text_[end] != quote && text_[end] != '\n') {
      end += text_[end] == '\\' ? 2 : 1;
    }
    end = std::min(text_.size(), end + (at(end) == quote ? 1 : 0));
    emit(quote == '"' ? TokenKind::String : TokenKind::Char, begin, end,
         std::string(text_.substr(begin, end - begin)));
  }

  // R"delim( ... )delim"
  void lex_raw_string(std::size_t begin, std::size_t quote_at) {
    const std::size_t open = text_.find('(', quote_at);
    std::size_t end = text_.size();
    if (open != std::string_view::npos && open - quote_at <= 17) {
      const std::string closer = ")" + std::string(text_.substr(quote_at + 1, open - quote_at - 1)) + "\"";
      const std::size_t close = text_.find(closer, open + 1);
      if (close != std::string_view::npos) end = close + closer.size();
    }
    // A raw string may span lines: keep the logical line count in step.
    logical_ += static_cast<int>(std::count(text_.begin() + begin, text_.begin() + end, '\n'));
    emit(TokenKind::String, begin, end, std::string(text_.substr(begin, end - begin)));
  }

  void lex_punctuator(std::size_t begin) {
    const std::string_view rest = text_.substr(begin);
    // "<::" not followed by ':' or '>' is '<' then '::' (so std::vector<::x> works).
    if (rest.starts_with("<::") && rest.size() > 3 && rest[3] != ':' && rest[3] != '>') {
      return emit(TokenKind::Punct, begin, begin + 1, "<");
    }
    for (const Punctuator& p : kPunctuators) {
      if (rest.starts_with(p.spelling)) {
        return emit(TokenKind::Punct, begin, begin + p.spelling.size(), std::string(p.meaning));
      }
    }
    emit(TokenKind::Punct, begin, begin + 1, std::string(1, text_[begin]));  // stray byte: keep it visible
  }

  std::string_view text_;
  const std::vector<int>& line_at_;
  std::size_t pos_ = 0;
  int logical_ = 0;
  bool at_line_start_ = true;
  std::vector<Token> tokens_;
};

std::vector<Token> tokenize(std::string_view text, const std::vector<int>& line_at) {
  return Tokenizer(text, line_at).run();
}

// ---------------------------------------------------------------------------------------------------------
// Directives on the raw text: include allowlist, no pragmas/conditionals/line control, macro hygiene.

// Standard headers of numeric, algorithm, container and utility code. Not iostream, fstream, cstdio,
// cstdlib, thread, mutex, atomic, future, chrono, ctime, random, filesystem, csignal, csetjmp, cfenv.
const std::unordered_set<std::string_view> kStandardHeaders = {
    "algorithm", "array",    "bit",         "bitset",     "cassert",   "cctype",           "cfloat",
    "charconv",  "climits",  "cmath",       "compare",    "complex",   "concepts",         "cstddef",
    "cstdint",   "cstring",  "deque",       "exception",  "functional", "initializer_list", "iterator",
    "limits",    "list",     "map",         "memory",     "numbers",   "numeric",          "optional",
    "queue",     "ranges",   "ratio",       "set",        "span",      "stack",            "stdexcept",
    "string",    "string_view", "tuple",    "type_traits", "unordered_map", "unordered_set", "utility",
    "valarray",  "variant",  "vector",
};

// xtensor/xtl headers that read or write files, print, or draw random numbers.
const std::unordered_set<std::string_view> kDeniedLibraryHeaders = {
    "xtensor/xcsv.hpp",  "xtensor/xnpy.hpp",    "xtensor/xio.hpp",  "xtensor/xjson.hpp", "xtensor/xmime.hpp",
    "xtensor/xinfo.hpp", "xtensor/xrandom.hpp", "xtensor/xhistogram.hpp", "xtl/xsystem.hpp", "xtl/xjson.hpp",
    "xtl/xbase64.hpp",
};

bool is_plain_path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '.' || c == '+' ||
         c == '-';
}

bool is_library_header(std::string_view name) {
  if (kDeniedLibraryHeaders.contains(name)) return false;
  const bool eigen_module = name.starts_with("Eigen/") && name.find('/', 6) == std::string_view::npos;
  const bool xtensor = (name.starts_with("xtensor/") || name.starts_with("xtl/")) && name.ends_with(".hpp") &&
                       std::count(name.begin(), name.end(), '/') == 1;
  return eigen_module || xtensor;
}

bool is_runtime_header(std::string_view name) {
  return name.starts_with("rt/") && name.ends_with(".hpp") &&
         std::all_of(name.begin(), name.end(), is_plain_path_char);
}

// Why `#include <name>` / `#include "name"` is refused, or nullopt when it is allowed.
std::optional<std::pair<std::string, std::string>> include_problem(std::string_view name, bool quoted) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos ||
      !std::all_of(name.begin(), name.end(), is_plain_path_char)) {
    return std::pair<std::string, std::string>{
        "include.path", "include paths must be relative, plain and inside the allowed libraries"};
  }
  if (quoted) {
    if (is_runtime_header(name)) return std::nullopt;
    return std::pair<std::string, std::string>{"include.not_allowed",
                                               "only runtime headers \"rt/...\" may be included with quotes"};
  }
  if (kStandardHeaders.contains(name) || is_library_header(name)) return std::nullopt;
  return std::pair<std::string, std::string>{
      "include.not_allowed",
      "header not allowed: use standard numeric/container/utility headers, Eigen/<Module>, xtensor/ or xtl/"};
}

// The text of a logical line from `offset` to its end.
std::string_view rest_of_line(std::string_view text, std::size_t offset) {
  const std::size_t nl = text.find('\n', offset);
  return text.substr(offset, (nl == std::string_view::npos ? text.size() : nl) - offset);
}

// Header name of an include directive, read raw (a header name is one pp-token, comments do not apply).
struct HeaderName {
  std::string name;
  bool quoted = false;
  bool computed = false;
};

HeaderName read_header_name(std::string_view after_include) {
  std::size_t i = 0;
  while (i < after_include.size() && std::isspace(static_cast<unsigned char>(after_include[i]))) ++i;
  HeaderName h;
  if (i >= after_include.size() || (after_include[i] != '<' && after_include[i] != '"')) {
    h.computed = true;
    h.name = std::string(after_include.substr(i));
    return h;
  }
  const char close = after_include[i] == '<' ? '>' : '"';
  h.quoted = close == '"';
  const std::size_t end = after_include.find(close, i + 1);
  if (end == std::string_view::npos) {
    h.computed = true;
    h.name = std::string(after_include.substr(i));
    return h;
  }
  h.name = std::string(after_include.substr(i + 1, end - i - 1));
  return h;
}

struct DirectiveScan {
  std::set<int> directive_logical_lines;  // every directive line (excluded from the raw token scan)
  std::set<int> token_scan_lines;         // directive lines whose tokens still get token rules (#define)
  std::set<int> rejected_lines;           // original lines to blank before preprocessing
};

const std::unordered_set<std::string_view> kConditionalDirectives = {
    "if", "ifdef", "ifndef", "elif", "else", "endif", "elifdef", "elifndef"};

class DirectiveChecker {
 public:
  DirectiveChecker(const SplicedText& spliced, const std::vector<Token>& tokens, Violations& out)
      : spliced_(spliced), tokens_(tokens), out_(out) {}

  DirectiveScan run() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].starts_line && tokens_[i].text == "#" && tokens_[i].kind == TokenKind::Punct) {
        check_directive(i);
      }
    }
    for (const auto& [name, line] : defined_) {
      add(out_, "macro.leak", name, line,
          "macro '" + name + "' must be #undef'd before the end of the candidate (it would leak into later code)");
    }
    return std::move(scan_);
  }

 private:
  // Tokens of the directive starting at index `hash`, on the same logical line.
  std::vector<const Token*> line_tokens(std::size_t hash) const {
    std::vector<const Token*> out;
    for (std::size_t i = hash + 1; i < tokens_.size() && tokens_[i].logical_line == tokens_[hash].logical_line;
         ++i) {
      out.push_back(&tokens_[i]);
    }
    return out;
  }

  void reject(const Token& hash, const std::string& rule, const std::string& token, const std::string& message) {
    add(out_, rule, token, hash.line, message);
    const std::vector<const Token*> rest = line_tokens(static_cast<std::size_t>(&hash - tokens_.data()));
    const int last = rest.empty() ? hash.line : rest.back()->line;
    for (int l = hash.line; l <= last; ++l) scan_.rejected_lines.insert(l);
  }

  void check_directive(std::size_t hash_index) {
    const Token& hash = tokens_[hash_index];
    scan_.directive_logical_lines.insert(hash.logical_line);
    const std::vector<const Token*> rest = line_tokens(hash_index);
    if (rest.empty()) return;  // the null directive
    const Token& name = *rest.front();
    const std::string& d = name.text;
    if (d == "include") return check_include(hash, name);
    if (d == "define") return check_define(hash, rest);
    if (d == "undef") return check_undef(hash, rest);
    if (d == "pragma") {
      if (rest.size() == 2 && rest[1]->text == "once") return;
      return reject(hash, "pragma", rest.size() > 1 ? rest[1]->text : d,
                    "#pragma may change code generation or float semantics; only '#pragma once' is allowed");
    }
    if (kConditionalDirectives.contains(d)) {
      return reject(hash, "preproc.conditional", d,
                    "conditional compilation could hide code from the checks; write one unconditional version");
    }
    if (d == "include_next" || d == "import") {
      return reject(hash, "include.next", d, "#" + d + " is not allowed; use #include of an allowed header");
    }
    reject(hash, "directive.forbidden", d, "directive #" + d + " is not allowed (no #line, #error, markers)");
  }

  void check_include(const Token& hash, const Token& name) {
    const HeaderName h = read_header_name(rest_of_line(spliced_.text, name.end));
    if (!defined_.empty() || defined_any_) {
      add(out_, "macro.before_include", h.name, hash.line,
          "#include after a #define: macros must not configure library headers; put all includes first");
    }
    if (h.computed) {
      return reject(hash, "include.computed", h.name, "computed #include is not allowed; name the header");
    }
    if (auto problem = include_problem(h.name, h.quoted)) {
      reject(hash, problem->first, h.name, problem->second);
    }
  }

  void check_define(const Token& hash, const std::vector<const Token*>& rest) {
    scan_.token_scan_lines.insert(hash.logical_line);
    if (rest.size() < 2 || rest[1]->kind != TokenKind::Identifier) {
      return reject(hash, "directive.forbidden", "define", "malformed #define");
    }
    defined_any_ = true;
    defined_.emplace(rest[1]->text, hash.line);
  }

  void check_undef(const Token& hash, const std::vector<const Token*>& rest) {
    if (rest.size() < 2) return reject(hash, "directive.forbidden", "undef", "malformed #undef");
    const std::string& name = rest[1]->text;
    if (defined_.erase(name) == 0) {
      reject(hash, "macro.undef_foreign", name,
             "#undef of '" + name + "', which the candidate did not define (it belongs to the runtime or a library)");
    }
  }

  const SplicedText& spliced_;
  const std::vector<Token>& tokens_;
  Violations& out_;
  DirectiveScan scan_;
  std::map<std::string, int> defined_;  // macro -> line of its #define, until #undef
  bool defined_any_ = false;
};

// ---------------------------------------------------------------------------------------------------------
// Token rules: forbidden identifiers by API family, builtins, attributes, reserved names.

struct ApiFamily {
  std::string_view rule;
  std::string_view why;
  std::vector<std::string_view> names;
};

const std::vector<ApiFamily>& api_families() {
  static const std::vector<ApiFamily> families = {
      {"api.process", "processes, signals, dynamic loading and exits are not allowed in an operator",
       {"fork", "vfork", "clone", "clone3", "execl", "execlp", "execle", "execv", "execvp", "execvpe", "execve",
        "execveat", "fexecve", "system", "popen", "pclose", "posix_spawn", "posix_spawnp", "kill", "killpg",
        "tkill", "tgkill", "raise", "signal", "sigaction", "sigprocmask", "sigqueue", "ptrace", "syscall",
        "prctl", "seccomp", "dlopen", "dlsym", "dlvsym", "dlclose", "dladdr", "dlmopen", "_exit", "_Exit",
        "exit", "quick_exit", "atexit", "at_quick_exit", "wait", "waitpid", "wait3", "wait4", "waitid",
        "getpid", "getppid", "gettid", "getuid", "geteuid", "setuid", "seteuid", "setgid", "setsid", "chroot",
        "chdir", "fchdir", "personality", "unshare", "setns"}},
      {"api.file_io", "files, sockets, terminals and streams are not allowed in an operator",
       {"open", "openat", "openat2", "creat", "fopen", "freopen", "fdopen", "fclose", "read", "write", "pread",
        "pwrite", "readv", "writev", "close", "unlink", "unlinkat", "remove", "rename", "renameat", "mkdir",
        "rmdir", "chmod", "chown", "truncate", "ftruncate", "link", "symlink", "readlink", "stat", "fstat",
        "lstat", "statx", "access", "opendir", "readdir", "tmpfile", "tmpnam", "mkstemp", "printf", "fprintf",
        "sprintf", "snprintf", "vprintf", "vfprintf", "vsprintf", "vsnprintf", "dprintf", "vdprintf", "scanf",
        "fscanf", "sscanf", "vscanf", "puts", "fputs", "putc", "fputc", "putchar", "getc", "fgetc", "getchar",
        "gets", "fgets", "ungetc", "fread", "fwrite", "fflush", "fseek", "ftell", "rewind", "setbuf",
        "setvbuf", "perror", "fileno", "stdin", "stdout", "stderr", "FILE", "cout", "cerr", "clog", "cin",
        "wcout", "wcerr", "wclog", "wcin", "fstream", "ifstream", "ofstream", "wfstream", "wifstream",
        "wofstream", "basic_fstream", "basic_ifstream", "basic_ofstream", "filebuf", "wfilebuf",
        "basic_filebuf", "stdio_filebuf", "stdio_sync_filebuf", "sync_with_stdio", "filesystem", "mmap",
        "mmap64", "ioctl", "fcntl", "dup", "dup2", "dup3", "pipe", "pipe2", "socket", "socketpair", "connect",
        "bind", "listen", "accept", "accept4", "send", "recv", "sendto", "recvfrom", "sendmsg", "recvmsg",
        "sendfile", "splice", "select", "poll", "ppoll", "epoll_create", "epoll_ctl", "epoll_wait",
        "getaddrinfo", "gethostbyname", "load_npy", "dump_npy", "load_csv", "dump_csv", "dump_file",
        "executable_path", "prefix_path"}},
      {"api.environment", "the environment is not an operator input",
       {"getenv", "secure_getenv", "setenv", "putenv", "unsetenv", "clearenv", "environ", "__environ",
        "getauxval", "getcwd", "gethostname", "uname"}},
      {"api.thread", "threads and synchronization are not allowed in an operator",
       {"thread", "jthread", "this_thread", "async", "future", "shared_future", "promise", "packaged_task",
        "mutex", "recursive_mutex", "timed_mutex", "shared_mutex", "shared_timed_mutex", "lock_guard",
        "unique_lock", "scoped_lock", "atomic", "atomic_ref", "atomic_flag", "atomic_thread_fence",
        "condition_variable", "condition_variable_any", "call_once", "once_flag", "latch", "barrier",
        "counting_semaphore", "binary_semaphore", "stop_source", "stop_token", "thread_local",
        "_Thread_local", "__thread", "execution", "setNbThreads", "initParallel", "sleep_for", "sleep_until"}},
      {"api.time", "clocks make an operator nondeterministic",
       {"time", "clock", "clock_gettime", "gettimeofday", "timespec_get", "chrono", "rdtsc", "__rdtsc",
        "__rdtscp", "localtime", "gmtime", "mktime", "times", "ftime", "sleep", "usleep", "nanosleep",
        "__DATE__", "__TIME__", "__TIMESTAMP__"}},
      {"api.random", "randomness makes an operator nondeterministic",
       {"rand", "srand", "rand_r", "random", "srandom", "drand48", "erand48", "lrand48", "nrand48", "mrand48",
        "jrand48", "srand48", "random_device", "getrandom", "getentropy", "arc4random", "arc4random_buf",
        "arc4random_uniform", "mt19937", "mt19937_64", "minstd_rand", "minstd_rand0", "ranlux24", "ranlux48",
        "ranlux24_base", "ranlux48_base", "knuth_b", "default_random_engine", "linear_congruential_engine",
        "mersenne_twister_engine", "subtract_with_carry_engine", "discard_block_engine",
        "independent_bits_engine", "shuffle_order_engine", "seed_seq", "random_shuffle", "shuffle",
        "sample"}},
      {"api.setjmp", "non-local jumps bypass destructors and exceptions",
       {"setjmp", "longjmp", "_setjmp", "_longjmp", "sigsetjmp", "siglongjmp", "jmp_buf"}},
      {"api.global_state", "process-wide settings would change the behaviour of the caller",
       {"setlocale", "locale", "imbue", "fesetround", "fesetenv", "feupdateenv", "feholdexcept",
        "fesetexceptflag", "feenableexcept", "fedisableexcept", "set_terminate", "set_unexpected",
        "set_new_handler"}},
      {"api.abi", "the C ABI's internals belong to the runtime: an operator that named another input as its result str would hand the caller the wrong object",
       {"abi", "with_origin", "origin_mark", "current_context", "call_context", "context_scope",
        "opsynth_value", "opsynth_str_view", "known_input", "remember_input"}},
      {"api.memory", "raw memory mapping and stack allocation are not allowed",
       {"mprotect", "munmap", "mremap", "madvise", "mlock", "brk", "sbrk", "alloca"}},
      {"token.asm", "inline assembly is not allowed", {"asm", "__asm", "__asm__"}},
      {"token.volatile", "volatile is not needed in an operator", {"volatile", "__volatile", "__volatile__"}},
      {"decl.extern", "extern declarations (and extern \"C\") reach outside the candidate", {"extern"}},
      {"attr.forbidden", "compiler attributes may change code generation or run code at load time",
       {"__attribute__", "__attribute", "__declspec"}},
      {"pragma", "_Pragma may change code generation or float semantics", {"_Pragma", "__pragma"}},
  };
  return families;
}

struct ForbiddenName {
  std::string_view rule;
  std::string_view why;
};

const std::unordered_map<std::string_view, ForbiddenName>& forbidden_names() {
  static const auto table = [] {
    std::unordered_map<std::string_view, ForbiddenName> t;
    for (const ApiFamily& f : api_families()) {
      for (std::string_view n : f.names) t.emplace(n, ForbiddenName{f.rule, f.why});
    }
    return t;
  }();
  return table;
}

// Pure math and bit builtins; everything else under __builtin_ (frame addresses, alloca, apply, ia32...)
// is refused.
bool is_allowed_builtin(std::string_view id) {
  static const std::unordered_set<std::string_view> exact = {
      "expect", "expect_with_probability", "unreachable", "assume_aligned", "constant_p",
      "is_constant_evaluated", "bit_cast", "addressof", "launder", "offsetof", "isnan", "isinf",
      "isinf_sign", "isfinite", "isnormal", "signbit", "fpclassify", "isgreater", "isgreaterequal", "isless",
      "islessequal", "islessgreater", "isunordered", "memcpy", "memmove", "memset", "memcmp", "strlen",
      "abs", "labs", "llabs", "bswap16", "bswap32", "bswap64", "bswap128", "huge_val", "inf", "nan", "nans"};
  static const std::unordered_set<std::string_view> math = {
      "fabs",  "copysign", "sqrt",   "cbrt",   "floor",     "ceil",       "trunc", "round", "lround",
      "llround", "rint",   "lrint",  "nearbyint", "fmod",   "remainder",  "fmin",  "fmax",  "fma",
      "exp",   "exp2",     "expm1",  "log",    "log2",      "log10",      "log1p", "pow",   "hypot",
      "sin",   "cos",      "tan",    "asin",   "acos",      "atan",       "atan2", "sinh",  "cosh",
      "tanh",  "asinh",    "acosh",  "atanh",  "erf",       "erfc",       "tgamma", "lgamma", "frexp",
      "ldexp", "modf",     "scalbn", "ilogb",  "logb",      "nextafter",  "nexttoward", "fdim"};
  static const std::array<std::string_view, 6> bit_prefixes = {"clz", "ctz", "popcount", "parity", "ffs",
                                                               "clrsb"};
  std::string_view name = id.substr(std::string_view("__builtin_").size());
  if (exact.contains(name) || math.contains(name)) return true;
  if (name.ends_with("_overflow") || name.ends_with("_overflow_p")) return true;
  for (std::string_view p : bit_prefixes) {
    if (name.starts_with(p) && name.find_first_not_of("l", p.size()) == std::string_view::npos) return true;
  }
  if (name.ends_with('f') || name.ends_with('l')) {
    name.remove_suffix(1);
    return exact.contains(name) || math.contains(name);
  }
  return false;
}

// Reserved identifiers (__x, _X) a candidate may meet through standard macros (assert, NAN, errno).
bool is_allowed_reserved(std::string_view id) {
  static const std::unordered_set<std::string_view> allowed = {
      "__extension__", "__PRETTY_FUNCTION__", "__FUNCTION__", "__func__",    "__assert_fail",
      "__restrict",    "__restrict__",        "__int128",     "__float128",  "__typeof__",
      "__typeof",      "__alignof__",         "__null",       "__inline",    "__inline__",
      "__signed__",    "__LINE__",            "__FILE__",     "__COUNTER__", "__VA_ARGS__",
      "__VA_OPT__",    "__cplusplus",         "__real__",     "__imag__",    "__complex__",
      "__errno_location"};
  return allowed.contains(id);
}

bool is_reserved(std::string_view id) {
  return id.size() >= 2 && id[0] == '_' && (id[1] == '_' || std::isupper(static_cast<unsigned char>(id[1])));
}

void check_identifier(const Token& t, Violations& out) {
  const std::string& id = t.text;
  if (auto it = forbidden_names().find(id); it != forbidden_names().end()) {
    return add(out, std::string(it->second.rule), id, t.line, "'" + id + "': " + std::string(it->second.why));
  }
  if (id.starts_with("pthread_") || id.starts_with("__atomic_") || id.starts_with("__sync_")) {
    return add(out, "api.thread", id, t.line, "'" + id + "': threads and atomics are not allowed in an operator");
  }
  if (id.ends_with("_distribution")) {
    return add(out, "api.random", id, t.line, "'" + id + "': randomness makes an operator nondeterministic");
  }
  if (id.starts_with("__builtin_")) {
    if (!is_allowed_builtin(id)) {
      add(out, "builtin.forbidden", id, t.line, "'" + id + "' is not an allowed pure math/bit builtin");
    }
    return;
  }
  if (is_reserved(id) && !is_allowed_reserved(id)) {
    add(out, "token.reserved", id, t.line,
        "'" + id + "' is a reserved implementation name; use standard C++ (and do not name things _X or __x)");
  }
}

// Standard attributes only: [[nodiscard]], [[likely]], ...; no [[gnu::...]], [[using gnu: ...]].
const std::unordered_set<std::string_view> kStandardAttributes = {
    "nodiscard", "likely", "unlikely", "maybe_unused", "fallthrough", "noreturn", "deprecated",
    "no_unique_address"};

// Checks the attribute list opened by "[ [" at `open`; returns the index after it.
std::size_t check_attribute_list(const std::vector<Token>& tokens, std::size_t open, Violations& out) {
  int depth = 0;
  bool expect_name = true;
  std::size_t i = open;
  for (; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.text == "[" || t.text == "(" || t.text == "{") {
      ++depth;
      continue;
    }
    if (t.text == "]" || t.text == ")" || t.text == "}") {
      if (--depth == 0) return i + 1;
      continue;
    }
    if (depth != 2) continue;  // arguments of an attribute, e.g. [[deprecated("why")]]
    if (t.text == ",") {
      expect_name = true;
      continue;
    }
    if (!expect_name || t.kind != TokenKind::Identifier) continue;
    expect_name = false;
    const bool namespaced = i + 1 < tokens.size() && tokens[i + 1].text == "::";
    if (t.text == "using" || namespaced || !kStandardAttributes.contains(t.text)) {
      add(out, "attr.forbidden", t.text, t.line,
          "attribute '" + t.text + "' is not a standard attribute (compiler attributes can change code generation)");
    }
  }
  return i;
}

void check_tokens(const std::vector<Token>& tokens, const std::string& own_name, Violations& out) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::Identifier) {
      const bool qualified = i > 0 && tokens[i - 1].text == "::";
      if (!own_name.empty() && t.text == own_name && !qualified) continue;
      check_identifier(t, out);
    } else if (t.text == "[" && i + 1 < tokens.size() && tokens[i + 1].text == "[") {
      check_attribute_list(tokens, i, out);
      ++i;  // the inner '[' starts no second list
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Structure rules: only the expected namespace at file scope, no mutable objects at namespace scope,
// no mutable static locals or static data members, no mutable members, no namespace-scope using.

bool is_open(const std::string& s) { return s == "(" || s == "[" || s == "{"; }
bool is_close(const std::string& s) { return s == ")" || s == "]" || s == "}"; }

// Keywords that may precede a '(' without it being a declarator's parameter list.
const std::unordered_set<std::string_view> kParenKeywords = {
    "alignas", "decltype", "sizeof", "alignof", "noexcept", "requires", "static_assert", "typeid",
    "explicit", "__attribute__", "throw", "return", "operator"};

// Type keywords: a parameter containing one is a declaration, a '(' after one is not a function name.
const std::unordered_set<std::string_view> kTypeKeywords = {
    "int", "double", "float", "char", "bool", "long", "short", "unsigned", "signed", "void", "auto",
    "wchar_t", "char8_t", "char16_t", "char32_t", "const", "typename", "class", "struct", "decltype"};

const std::unordered_set<std::string_view> kClassKeys = {"class", "struct", "union", "enum"};

class StructureChecker {
 public:
  StructureChecker(const std::vector<Token>& tokens, std::string expected, Violations& out)
      : t_(tokens), expected_(std::move(expected)), out_(out) {}

  void run() {
    while (i_ < t_.size()) {
      if (t_[i_].text == "}") {
        ++i_;  // unbalanced; the compiler will say so
        continue;
      }
      parse_declarations(Scope::File, "");
    }
  }

 private:
  enum class Scope { File, Outer, Namespace, Class };

  const std::string& text(std::size_t i) const {
    static const std::string none;
    return i < t_.size() ? t_[i].text : none;
  }
  bool is_ident(std::size_t i) const { return i < t_.size() && t_[i].kind == TokenKind::Identifier; }

  // Parses declarations until the '}' closing this scope (consumed) or the end of input.
  void parse_declarations(Scope scope, const std::string& ns) {
    while (i_ < t_.size()) {
      if (text(i_) == "}") {
        ++i_;
        return;
      }
      if (text(i_) == ";") {
        ++i_;
        continue;
      }
      parse_declaration(scope, ns);
    }
  }

  // Walks a balanced ()/[]/{} group starting at `open` as code: every 'static' inside must declare an
  // immutable object (function bodies, lambda bodies, initializers). Returns the index after the group.
  std::size_t walk_code(std::size_t open) {
    int depth = 0;
    std::size_t i = open;
    for (; i < t_.size(); ++i) {
      if (is_open(t_[i].text)) ++depth;
      if (is_close(t_[i].text) && --depth == 0) return i + 1;
      if (t_[i].text == "static") check_static_local(i);
    }
    return i;
  }

  void check_static_local(std::size_t at) {
    std::size_t end = at;
    while (end < t_.size() && !is_open(text(end)) && text(end) != "=" && text(end) != ";" && text(end) != ",") {
      ++end;
    }
    if (!is_immutable(at, end)) {
      add(out_, "decl.mutable_static", "static", t_[at].line,
          "static local or member state persists across calls; use 'static constexpr'/'static const' or a local");
    }
  }

  // Decl-specifiers and declarator in [begin, end) declare an immutable object: constexpr, or const with no
  // pointer after the last const (a 'const T*' is a mutable pointer).
  bool is_immutable(std::size_t begin, std::size_t end) const {
    std::optional<std::size_t> last_const;
    int depth = 0;
    for (std::size_t i = begin; i < end; ++i) {
      if (is_open(text(i))) ++depth;
      if (is_close(text(i))) --depth;
      if (depth != 0) continue;
      if (text(i) == "constexpr") return true;
      if (text(i) == "const") last_const = i;
    }
    if (!last_const) return false;
    for (std::size_t i = *last_const; i < end; ++i) {
      if (text(i) == "*") return false;
    }
    return true;
  }

  // Index after the balanced group opened at `open` (no checks: for looking ahead).
  std::size_t group_end(std::size_t open) const {
    int depth = 0;
    for (std::size_t i = open; i < t_.size(); ++i) {
      if (is_open(text(i))) ++depth;
      if (is_close(text(i)) && --depth == 0) return i + 1;
    }
    return t_.size();
  }

  std::size_t skip_angles(std::size_t open) const {
    int depth = 0;
    std::size_t i = open;
    for (; i < t_.size(); ++i) {
      const std::string& s = text(i);
      if (s == "(" || s == "[" || s == "{") {
        int inner = 0;
        for (; i < t_.size(); ++i) {
          if (is_open(text(i))) ++inner;
          if (is_close(text(i)) && --inner == 0) break;
        }
        continue;
      }
      if (s == "<") ++depth;
      if (s == ">") --depth;
      if (s == ">>") depth -= 2;
      if (depth <= 0 || s == ";") return i + 1;
    }
    return i;
  }

  void parse_namespace(Scope scope, const std::string& ns) {
    const Token& kw = t_[i_];
    ++i_;
    std::string name;
    while (is_ident(i_) || text(i_) == "::") {
      if (text(i_) != "inline") name += text(i_);
      ++i_;
    }
    if (text(i_) == "=") {  // namespace alias
      if (scope == Scope::File || scope == Scope::Outer) outside(kw, "namespace alias " + name);
      while (i_ < t_.size() && text(i_) != ";") ++i_;
      return;
    }
    while (i_ < t_.size() && text(i_) != "{") ++i_;  // attributes were checked as tokens
    if (i_ >= t_.size()) return;
    ++i_;
    const std::string full = name.empty() ? ns + "::(anonymous)" : (ns.empty() ? name : ns + "::" + name);
    Scope inner = Scope::Namespace;
    if (scope == Scope::File || scope == Scope::Outer) {
      if (full == expected_ || full.starts_with(expected_ + "::")) {
        inner = Scope::Namespace;
      } else if (!name.empty() && expected_.starts_with(full + "::")) {
        inner = Scope::Outer;
      } else {
        outside(kw, "namespace " + (name.empty() ? std::string("{anonymous}") : full));
        inner = Scope::Namespace;  // still check what is inside
      }
    }
    parse_declarations(inner, full);
  }

  void outside(const Token& at, const std::string& what) {
    add(out_, "decl.outside_namespace", at.text, at.line,
        what + " is outside namespace " + expected_ + "; put everything inside 'namespace " + expected_ + " {'");
  }

  // The first '(' at depth 0 in [begin, end) that opens a declarator's parameter list, if any.
  std::optional<std::size_t> find_param_group(std::size_t begin, std::size_t end) const {
    for (std::size_t j = begin; j < end; ++j) {
      if (text(j) == "operator") {
        if (text(j + 1) == "(" && text(j + 2) == ")") {
          j += 2;
        } else if (text(j + 1) == "[" && text(j + 2) == "]") {
          j += 2;
        } else {
          ++j;
        }
        if (text(j + 1) == "(") return j + 1;
        continue;
      }
      if (text(j) == "(") {
        const std::string& prev = j > begin ? text(j - 1) : text(j);
        const bool named = j > begin && is_ident(j - 1) && !kParenKeywords.contains(prev) &&
                           !kTypeKeywords.contains(prev);
        if (named || (j > begin && prev == ">")) return j;
      }
      if (is_open(text(j))) j = group_end(j) - 1;
    }
    return std::nullopt;
  }

  // A parameter list of a declaration ending in ';' that could also be an object's initializer
  // (`T v(n);`): decide for a declaration only when every parameter is unmistakably one.
  bool params_are_declarations(std::size_t open) const {
    std::size_t close = open;
    int depth = 0;
    for (; close < t_.size(); ++close) {
      if (is_open(text(close))) ++depth;
      if (is_close(text(close)) && --depth == 0) break;
    }
    if (close == open + 1) return true;  // ()
    std::vector<std::pair<std::size_t, std::size_t>> params;
    std::size_t start = open + 1;
    depth = 0;
    for (std::size_t j = open + 1; j < close; ++j) {
      if (is_open(text(j))) ++depth;
      if (is_close(text(j))) --depth;
      if (depth == 0 && text(j) == ",") {
        params.emplace_back(start, j);
        start = j + 1;
      }
    }
    params.emplace_back(start, close);
    return std::all_of(params.begin(), params.end(), [&](auto p) { return param_is_declaration(p.first, p.second); });
  }

  bool param_is_declaration(std::size_t begin, std::size_t end) const {
    if (end > begin && text(end - 1) == "...") return true;
    bool declaration = false;
    for (std::size_t j = begin; j < end && text(j) != "="; ++j) {
      const TokenKind k = t_[j].kind;
      if (k == TokenKind::Number || k == TokenKind::String || k == TokenKind::Char) return false;
      if (kTypeKeywords.contains(text(j))) declaration = true;
      if (is_ident(j) && j > begin && (is_ident(j - 1) || text(j - 1) == ">" || text(j - 1) == ">>")) {
        declaration = true;
      }
      if (is_ident(j) && j > begin + 1 && (text(j - 1) == "&" || text(j - 1) == "&&" || text(j - 1) == "*") &&
          (text(j - 2) == ">" || text(j - 2) == ">>")) {
        declaration = true;
      }
    }
    return declaration;
  }

  bool has_depth0(std::size_t begin, std::size_t end, std::string_view word) const {
    int depth = 0;
    for (std::size_t j = begin; j < end; ++j) {
      if (is_open(text(j))) ++depth;
      if (is_close(text(j))) --depth;
      if (depth == 0 && text(j) == word) return true;
    }
    return false;
  }

  std::optional<std::size_t> find_class_key(std::size_t begin, std::size_t end) const {
    int depth = 0;
    for (std::size_t j = begin; j < end; ++j) {
      if (is_open(text(j))) ++depth;
      if (is_close(text(j))) --depth;
      if (depth == 0 && kClassKeys.contains(text(j))) return j;
    }
    return std::nullopt;
  }

  void parse_declaration(Scope scope, const std::string& ns) {
    if (scope == Scope::Class && (text(i_) == "public" || text(i_) == "private" || text(i_) == "protected") &&
        text(i_ + 1) == ":") {
      i_ += 2;
      return;
    }
    const std::size_t first = i_;
    if (text(i_) == "inline" && text(i_ + 1) == "namespace") ++i_;
    if (text(i_) == "namespace") return parse_namespace(scope, ns);
    if (scope == Scope::File || scope == Scope::Outer) outside(t_[first], "'" + t_[first].text + "...'");
    while (text(i_) == "template" && text(i_ + 1) == "<") i_ = skip_angles(i_ + 1);
    const std::size_t head = i_;
    bool assigned = false;
    std::optional<std::size_t> params;
    while (i_ < t_.size()) {
      const std::string& s = text(i_);
      if (s == ";" || s == "}") return finish_statement(scope, head, i_, assigned);
      if (s == "=") assigned = true;
      if (s == "requires" && text(i_ + 1) == "requires") {
        // A requires-expression in a requires-clause: `requires requires(const T& x) { x.len(); }`. Its
        // parameters are not the function's and its braces are not a body; both are still walked.
        i_ += 2;
        if (i_ < t_.size() && text(i_) == "(") i_ = walk_code(i_);
        if (i_ < t_.size() && text(i_) == "{") i_ = walk_code(i_);
        continue;
      }
      if (s == "(" || s == "[") {
        if (!assigned && !params) params = find_param_group(head, i_ + 1);
        i_ = walk_code(i_);
        continue;
      }
      if (s == ":" && params && !assigned) return parse_function_body(head, true);  // mem-initializers
      if (s == "{") {
        if (assigned) {
          i_ = walk_code(i_);
          continue;
        }
        if (params) return parse_function_body(head, false);
        if (find_class_key(head, i_)) return parse_class(scope, head);
        i_ = walk_code(i_);  // brace-initialized object: T x{...};
        assigned = true;
        continue;
      }
      ++i_;
    }
  }

  // At the constructor's ':' (mem-initializers) or the body's '{'.
  void parse_function_body(std::size_t /*head*/, bool initializers) {
    if (initializers) {
      while (i_ < t_.size()) {
        const std::string& s = text(i_);
        if (s == "(" || s == "[") {
          i_ = walk_code(i_);
          continue;
        }
        if (s == "{") {
          const std::string& prev = text(i_ - 1);
          if (prev == ")" || prev == "}" || prev == "...") break;  // the body
          i_ = walk_code(i_);                                      // a brace mem-initializer x{...}
          continue;
        }
        if (s == ";") return;
        ++i_;
      }
    }
    if (i_ < t_.size()) i_ = walk_code(i_);
  }

  void parse_class(Scope scope, std::size_t head) {
    ++i_;  // '{'
    parse_declarations(Scope::Class, "");
    // Declarators after the body (`struct {...} cache;`) declare objects.
    const std::size_t after = i_;
    while (i_ < t_.size() && text(i_) != ";" && text(i_) != "}") {
      i_ = is_open(text(i_)) ? walk_code(i_) : i_ + 1;
    }
    if (i_ > after) check_object(scope, head, i_, t_[after]);
  }

  void finish_statement(Scope scope, std::size_t head, std::size_t end, bool assigned) {
    if (text(end) == ";") ++i_;
    if (head >= end) return;
    const std::string& first = text(head);
    if (first == "using") return check_using(scope, head, end);
    if (first == "typedef" || first == "static_assert" || first == "friend" || has_depth0(head, end, "concept")) {
      return;
    }
    if (scope == Scope::Class && has_depth0(head, end, "mutable")) {
      add(out_, "decl.mutable_member", "mutable", t_[head].line,
          "mutable members let const objects change; keep state in locals");
    }
    if (const auto key = find_class_key(head, end); key && is_forward_declaration(*key, end)) return;
    const std::optional<std::size_t> params = assigned ? std::nullopt : find_param_group(head, end);
    if (params && (scope == Scope::Class || params_are_declarations(*params))) return;  // a function
    check_object(scope, head, end, t_[head]);
  }

  bool is_forward_declaration(std::size_t key, std::size_t end) const {
    for (std::size_t j = key + 2; j < end; ++j) {
      if (is_ident(j) && is_ident(j - 1)) return false;
    }
    return true;
  }

  // An object declared in [head, end): immutable at namespace scope; static members immutable too.
  void check_object(Scope scope, std::size_t head, std::size_t end, const Token& at) {
    const std::size_t decl_end = initializer_start(head, end);
    const bool immutable = is_immutable(head, decl_end) && later_declarators_are_not_pointers(decl_end, end);
    if (immutable) return;
    if (scope == Scope::Class) {
      if (has_depth0(head, end, "static")) {
        add(out_, "decl.mutable_static", "static", at.line,
            "a static data member is global state; make it 'static constexpr' or 'static const'");
      }
      return;
    }
    add(out_, "decl.namespace_scope_object", at.text, at.line,
        "objects at namespace scope must be constexpr or const (no state shared across calls)");
  }

  // Where the first declarator's initializer starts: '=', '{', or '(' right after the declarator's name.
  std::size_t initializer_start(std::size_t head, std::size_t end) const {
    for (std::size_t j = head; j < end; ++j) {
      const std::string& s = text(j);
      if (s == "=" || s == "{") return j;
      if (s == "(" && j > head && is_ident(j - 1) && !kParenKeywords.contains(text(j - 1)) &&
          !kTypeKeywords.contains(text(j - 1))) {
        return j;
      }
      if (is_open(s)) j = group_end(j) - 1;
    }
    return end;
  }

  // `const int a = 1, *p = nullptr;` declares a mutable pointer p.
  bool later_declarators_are_not_pointers(std::size_t from, std::size_t end) const {
    int depth = 0;
    bool in_declarator = false;
    for (std::size_t j = from; j < end; ++j) {
      if (is_open(text(j))) ++depth;
      if (is_close(text(j))) --depth;
      if (depth != 0) continue;
      if (text(j) == ",") in_declarator = true;
      if (text(j) == "=") in_declarator = false;
      if (in_declarator && text(j) == "*") return false;
    }
    return true;
  }

  void check_using(Scope scope, std::size_t head, std::size_t end) {
    if (scope == Scope::Class || has_depth0(head, end, "=")) return;  // member using, alias
    add(out_, "decl.using", text(head + 1), t_[head].line,
        "using-directives and using-declarations at namespace scope leak into other operators; "
        "put them inside the function");
  }

  const std::vector<Token>& t_;
  std::string expected_;
  Violations& out_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// The preprocessor as a child process with a time limit.

struct TempDir {
  std::filesystem::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

Result<std::unique_ptr<TempDir>> make_temp_dir() {
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "opsynth-static-XXXXXX").string();
  if (ec) pattern = "/tmp/opsynth-static-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Error{"cannot create a temporary directory: " + std::string(std::strerror(errno)), pattern};
  }
  auto dir = std::make_unique<TempDir>();
  dir->path = pattern;
  return dir;
}

bool write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  return static_cast<bool>(out);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ChildOutcome {
  bool timed_out = false;
  int status = 0;  // waitpid status
};

// Runs argv with stdout/stderr to files, in its own process group (the compiler driver starts cc1plus),
// killed as a group at the deadline. An Error only when the program cannot be started.
Result<ChildOutcome> run_child(const std::vector<std::string>& argv, const std::filesystem::path& out_path,
                               const std::filesystem::path& err_path, std::chrono::milliseconds timeout) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int exec_pipe[2] = {-1, -1};
  auto close_all = [&] {
    for (int fd : {out_fd, err_fd, null_fd, exec_pipe[0], exec_pipe[1]}) {
      if (fd >= 0) ::close(fd);
    }
  };
  if (out_fd < 0 || err_fd < 0 || null_fd < 0 || ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    close_all();
    return Error{"cannot set up the preprocessor's files: " + std::string(std::strerror(errno)), argv[0]};
  }
  const rlim_t cpu_seconds = static_cast<rlim_t>(timeout.count() / 1000 + 2);
  const pid_t pid = ::fork();
  if (pid < 0) {
    close_all();
    return Error{"cannot fork the preprocessor: " + std::string(std::strerror(errno)), argv[0]};
  }
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    ::setpgid(0, 0);
    const rlimit cpu{cpu_seconds, cpu_seconds};
    const rlimit fsize{rlim_t{512} << 20, rlim_t{512} << 20};
    ::setrlimit(RLIMIT_CPU, &cpu);
    ::setrlimit(RLIMIT_FSIZE, &fsize);
    ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execvp(args[0], args.data());
    const int e = errno;
    [[maybe_unused]] ssize_t n = ::write(exec_pipe[1], &e, sizeof e);
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(exec_pipe[1]);
  exec_pipe[1] = -1;
  int exec_errno = 0;
  const bool exec_failed = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
  ChildOutcome outcome;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const pid_t r = ::waitpid(pid, &outcome.status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      outcome.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &outcome.status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  close_all();
  if (exec_failed) {
    return Error{"cannot run the preprocessor: " + std::string(std::strerror(exec_errno)), argv[0]};
  }
  return outcome;
}

// The candidate's own lines of the preprocessed output, joined, with their candidate line numbers.
struct CandidateText {
  std::string text;
  std::vector<int> line_at;
};

// A GCC line marker starts in column 0: `# 12 "file" flags`. (A '#' produced by a macro is printed
// with a leading space, so a candidate cannot forge one.)
std::optional<std::pair<int, std::string>> parse_line_marker(std::string_view line) {
  if (!line.starts_with("# ") || line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[2]))) {
    return std::nullopt;
  }
  std::size_t i = 2;
  int number = 0;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) {
    number = number * 10 + (line[i] - '0');
    ++i;
  }
  if (line.substr(i, 2) != " \"") return std::nullopt;
  std::string file;
  for (i += 2; i < line.size() && line[i] != '"'; ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) ++i;
    file.push_back(line[i]);
  }
  return std::pair<int, std::string>{number, file};
}

CandidateText candidate_lines(std::string_view output, const std::string& candidate_path, Violations& out) {
  CandidateText c;
  bool in_candidate = false;
  int line = 1;
  std::size_t pos = 0;
  while (pos < output.size()) {
    const std::size_t nl = output.find('\n', pos);
    const std::size_t stop = nl == std::string_view::npos ? output.size() : nl;
    const std::string_view text = output.substr(pos, stop - pos);
    pos = stop + 1;
    if (auto marker = parse_line_marker(text)) {
      in_candidate = marker->second == candidate_path;
      line = marker->first;
      continue;
    }
    if (in_candidate) {
      const std::size_t first = text.find_first_not_of(" \t");
      const std::string_view body = first == std::string_view::npos ? "" : text.substr(first);
      if (body.starts_with("#") || body.starts_with("%:")) {
        // A directive the preprocessor passed through (_Pragma becomes '#pragma ...') or a '#' a macro made.
        const bool is_pragma = body.find("pragma") != std::string_view::npos;
        if (body.find("pragma once") == std::string_view::npos) {
          add(out, is_pragma ? "pragma" : "directive.forbidden", std::string(body.substr(0, 40)), line,
              is_pragma ? "pragmas may change code generation or float semantics"
                        : "the candidate expands to a directive-like line");
        }
      } else {
        c.text.append(text);
        c.line_at.insert(c.line_at.end(), text.size(), line);
      }
      c.text.push_back('\n');
      c.line_at.push_back(line);
    }
    ++line;
  }
  return c;
}

std::string first_error_line(const std::string& stderr_text) {
  std::istringstream in(stderr_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("error") != std::string::npos) return line.substr(0, 300);
  }
  return stderr_text.substr(0, std::min<std::size_t>(stderr_text.size(), 300));
}

// Blanks the given original lines, keeping every other line where it was.
std::string blank_lines(const std::string& source, const std::set<int>& lines) {
  if (lines.empty()) return source;
  std::string out;
  int line = 1;
  for (char ch : source) {
    if (ch == '\n') {
      out.push_back(ch);
      ++line;
    } else if (!lines.contains(line)) {
      out.push_back(ch);
    }
  }
  return out;
}

struct Preprocessed {
  std::vector<Token> tokens;  // the candidate's tokens after macro expansion
  bool ok = false;            // false: the candidate did not preprocess (a violation says why)
};

Result<Preprocessed> preprocess(const std::string& source, const StaticCheckOptions& options, Violations& out) {
  auto dir = make_temp_dir();
  if (!dir.ok()) return dir.error();
  const std::filesystem::path candidate = (*dir)->path / "candidate.hpp";
  const std::filesystem::path output = (*dir)->path / "candidate.ii";
  const std::filesystem::path errors = (*dir)->path / "stderr.txt";
  if (!write_file(candidate, source)) return Error{"cannot write the candidate to a temporary file", candidate.string()};
  std::vector<std::string> argv = {options.compiler, "-E", "-x", "c++", "-std=c++20"};
  argv.insert(argv.end(), options.extra_flags.begin(), options.extra_flags.end());
  for (const std::string& dir_path : options.include_dirs) argv.push_back("-I" + dir_path);
  argv.push_back(candidate.string());
  auto child = run_child(argv, output, errors, options.timeout);
  if (!child.ok()) return child.error();
  Preprocessed result;
  if (child->timed_out || (WIFSIGNALED(child->status) && WTERMSIG(child->status) == SIGXCPU)) {
    add(out, "preprocess.timeout", "", 1, "the preprocessor ran out of time (macro expansion blow-up?)");
    return result;
  }
  if (WIFSIGNALED(child->status) && WTERMSIG(child->status) == SIGXFSZ) {
    add(out, "preprocess.too_large", "", 1, "the preprocessed candidate is too large");
    return result;
  }
  if (!WIFEXITED(child->status) || WEXITSTATUS(child->status) != 0) {
    add(out, "preprocess.failed", "", 1, "the candidate does not preprocess: " + first_error_line(read_file(errors)));
    return result;
  }
  const CandidateText text = candidate_lines(read_file(output), candidate.string(), out);
  result.tokens = tokenize(text.text, text.line_at);
  result.ok = true;
  return result;
}

bool valid_namespace(std::string_view ns) {
  if (ns.empty()) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t sep = ns.find("::", start);
    const std::string_view part = ns.substr(start, sep == std::string_view::npos ? ns.npos : sep - start);
    if (part.empty() || !is_ident_start(static_cast<unsigned char>(part[0])) ||
        !std::all_of(part.begin(), part.end(), [](char c) { return is_ident_char(static_cast<unsigned char>(c)); })) {
      return false;
    }
    if (sep == std::string_view::npos) return true;
    start = sep + 2;
  }
}

void sort_unique(Violations& v) {
  auto key = [](const StaticViolation& x) { return std::tie(x.line, x.rule, x.token); };
  std::sort(v.begin(), v.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  v.erase(std::unique(v.begin(), v.end(), [&](const auto& a, const auto& b) { return key(a) == key(b); }),
          v.end());
}

std::vector<std::string> split_flags(std::string_view flags) {
  std::vector<std::string> out;
  std::istringstream in{std::string(flags)};
  std::string f;
  while (in >> f) out.push_back(f);
  return out;
}

}  // namespace

StaticCheckOptions default_static_check_options(std::string expected_namespace) {
  StaticCheckOptions o;
  o.expected_namespace = std::move(expected_namespace);
  o.include_dirs = {std::string(OPSYNTH_SOURCE_DIR) + "/runtime", "/usr/include/eigen3"};
  if (const auto& installed = installed_layout()) o.include_dirs[0] = installed->include_dir.string();
  o.compiler = OPSYNTH_CANDIDATE_CXX;
  o.extra_flags = split_flags(OPSYNTH_CANDIDATE_FLAGS);
  return o;
}

Result<StaticReport> check_candidate(const std::string& source, const StaticCheckOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (!valid_namespace(options.expected_namespace)) {
    return Error{"expected namespace is not a C++ namespace name", options.expected_namespace};
  }
  Violations violations;
  const SplicedText spliced = splice_lines(source);
  const std::vector<Token> raw = tokenize(spliced.text, spliced.line_at);
  const DirectiveScan directives = DirectiveChecker(spliced, raw, violations).run();

  // Token rules on the raw text too: code in a macro that is never expanded is still refused.
  std::vector<Token> raw_code;
  for (const Token& t : raw) {
    if (!directives.directive_logical_lines.contains(t.logical_line) ||
        directives.token_scan_lines.contains(t.logical_line)) {
      raw_code.push_back(t);
    }
  }
  check_tokens(raw_code, options.expected_function, violations);

  auto pre = preprocess(blank_lines(source, directives.rejected_lines), options, violations);
  if (!pre.ok()) return pre.error();
  if (pre->ok) {
    check_tokens(pre->tokens, options.expected_function, violations);
    StructureChecker(pre->tokens, options.expected_namespace, violations).run();
  } else {
    std::vector<Token> code;
    for (const Token& t : raw) {
      if (!directives.directive_logical_lines.contains(t.logical_line)) code.push_back(t);
    }
    StructureChecker(code, options.expected_namespace, violations).run();
  }
  sort_unique(violations);
  StaticReport report;
  report.accepted = violations.empty();
  report.violations = std::move(violations);
  report.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return report;
}

std::string describe(const StaticViolation& v) {
  return "line " + std::to_string(v.line) + ": " + v.rule + (v.token.empty() ? "" : " '" + v.token + "'") + ": " +
         v.message;
}

}  // namespace opsynth::verify
