// expect: accept
// namespace: oplib::builtins
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace oplib::builtins {
namespace detail {

class Utf8Reader {
 public:
  explicit Utf8Reader(const std::string& s) : bytes_{s}, pos_(0), count_{0} {}
  Utf8Reader(const Utf8Reader&) = default;
  Utf8Reader& operator=(const Utf8Reader&) = default;

  [[nodiscard]] bool done() const { return pos_ >= bytes_.size(); }
  void advance() {
    const unsigned char c = static_cast<unsigned char>(bytes_[pos_]);
    pos_ += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    ++count_;
  }
  int64_t count() const { return count_; }
  bool operator==(const Utf8Reader& o) const { return pos_ == o.pos_; }
  static constexpr int64_t kMaxWidth = 4;
  static int64_t width(unsigned char c) { return c < 0x80 ? 1 : kMaxWidth; }

 private:
  const std::string& bytes_;
  std::size_t pos_;
  int64_t count_;
  struct Position {
    std::size_t byte = 0;
  };
};

}  // namespace detail

int64_t len(const rt::str& s) {
  detail::Utf8Reader r(s.bytes());
  while (!r.done()) r.advance();
  return r.count();
}

}  // namespace oplib::builtins
