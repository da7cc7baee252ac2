// Encoding and hostile-safe decoding of case batches and outcome batches (see wire.hpp).
#include "verify/wire.hpp"

#include <cstdint>
#include <string>

#include "core/value_binary.hpp"

namespace opsynth::verify {

namespace {

constexpr std::uint64_t kMaxCasesPerBatch = 1u << 20;
constexpr std::uint64_t kMaxArgs = 64;
constexpr std::uint64_t kMaxNdim = 32;

void put_varint(std::uint64_t v, std::vector<unsigned char>& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<unsigned char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<unsigned char>(v));
}

void put_zigzag(std::int64_t v, std::vector<unsigned char>& out) {
  put_varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63), out);
}

void put_str(const std::string& s, std::vector<unsigned char>& out) {
  put_varint(s.size(), out);
  out.insert(out.end(), s.begin(), s.end());
}

// A cursor over untrusted bytes; every read checks bounds first.
class Cursor {
 public:
  explicit Cursor(std::span<const unsigned char> b) : bytes_(b) {}

  bool varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return false;
      const unsigned char byte = bytes_[pos_++];
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  }
  bool zigzag(std::int64_t& v) {
    std::uint64_t u;
    if (!varint(u)) return false;
    v = static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
    return true;
  }
  bool byte(unsigned char& b) {
    if (pos_ >= bytes_.size()) return false;
    b = bytes_[pos_++];
    return true;
  }
  bool str(std::string& s) {
    std::uint64_t n;
    if (!varint(n) || n > bytes_.size() - pos_) return false;
    s.assign(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return true;
  }
  Result<Value> value() {
    BinaryReader reader(bytes_.subspan(pos_));
    auto v = reader.read();
    if (v) pos_ += reader.offset();
    return v;
  }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::size_t offset() const { return pos_; }

 private:
  std::span<const unsigned char> bytes_;
  std::size_t pos_ = 0;
};

Error malformed(const Cursor& c, const std::string& what) {
  return Error{"malformed worker payload at byte " + std::to_string(c.offset()) + ": " + what, "", 0};
}

}  // namespace

void encode_cases(const std::vector<Case>& cases, std::vector<unsigned char>& out) {
  put_varint(cases.size(), out);
  for (const Case& c : cases) {
    put_varint(c.args.size(), out);
    for (std::size_t i = 0; i < c.args.size(); ++i) {
      encode(c.args[i], out);
      const auto* layout = i < c.layouts.size() && c.layouts[i] ? &*c.layouts[i] : nullptr;
      if (!layout) {
        out.push_back(0);
      } else {
        out.push_back(1);
        out.push_back(layout->transposed ? 1 : 0);
        put_varint(layout->steps.size(), out);
        for (std::int64_t s : layout->steps) put_zigzag(s, out);
      }
      const auto alias = i < c.aliases.size() ? c.aliases[i] : std::nullopt;
      if (!alias) {
        out.push_back(0);
      } else {
        out.push_back(static_cast<unsigned char>(1 + static_cast<int>(c.alias_view(i))));  // 1 same, 2 .T, 3 [::-1]
        put_varint(*alias, out);
      }
    }
  }
}

Result<std::vector<Case>> decode_cases(std::span<const unsigned char> bytes) {
  Cursor c(bytes);
  std::uint64_t count;
  if (!c.varint(count) || count > kMaxCasesPerBatch || count > c.remaining()) return malformed(c, "case count");
  std::vector<Case> cases(count);
  for (Case& k : cases) {
    std::uint64_t nargs;
    if (!c.varint(nargs) || nargs > kMaxArgs) return malformed(c, "argument count");
    k.args.resize(nargs);
    k.layouts.resize(nargs);
    k.aliases.resize(nargs);
    k.alias_views.assign(nargs, AliasView::same);
    for (std::uint64_t i = 0; i < nargs; ++i) {
      auto v = c.value();
      if (!v) return malformed(c, v.error().message);
      k.args[i] = std::move(v).value();
      unsigned char flag;
      if (!c.byte(flag) || flag > 1) return malformed(c, "layout flag");
      if (flag) {
        ArrayLayout layout;
        unsigned char transposed;
        std::uint64_t n;
        if (!c.byte(transposed) || transposed > 1 || !c.varint(n) || n > kMaxNdim) return malformed(c, "layout");
        layout.transposed = transposed != 0;
        layout.steps.resize(n);
        for (auto& s : layout.steps)
          if (!c.zigzag(s) || s == 0 || s > 64 || s < -64) return malformed(c, "layout step");
        k.layouts[i] = std::move(layout);
      }
      if (!c.byte(flag) || flag > 3) return malformed(c, "alias flag");
      if (flag) {
        std::uint64_t idx;
        if (!c.varint(idx) || idx >= i) return malformed(c, "alias index");
        k.aliases[i] = idx;
        k.alias_views[i] = static_cast<AliasView>(flag - 1);
      }
    }
  }
  if (!c.at_end()) return malformed(c, "trailing bytes");
  return cases;
}

void encode_outcome(const Outcome& o, std::vector<unsigned char>& out) {
  if (o.raised) {
    out.push_back(1);
    put_str(o.raised->exception, out);
    put_str(o.raised->message, out);
  } else {
    out.push_back(0);
    encode(o.result ? *o.result : Value(NoneValue{}), out);
  }
  put_varint(o.args_after.size(), out);
  for (const auto& a : o.args_after) {
    out.push_back(a ? 1 : 0);
    if (a) encode(*a, out);
  }
  put_varint(o.sharing.size(), out);
  for (const SharedRun& r : o.sharing) {
    put_zigzag(r.source, out);
    put_zigzag(r.start, out);
    put_zigzag(r.step, out);
    put_zigzag(r.count, out);
  }
}

void encode_outcomes(const std::vector<Outcome>& outcomes, std::vector<unsigned char>& out) {
  put_varint(outcomes.size(), out);
  for (const Outcome& o : outcomes) encode_outcome(o, out);
}

Result<std::vector<Outcome>> decode_outcomes(std::span<const unsigned char> bytes, std::size_t expected_count) {
  Cursor c(bytes);
  std::uint64_t count;
  if (!c.varint(count)) return malformed(c, "outcome count");
  if (count != expected_count)
    return malformed(c, "answered " + std::to_string(count) + " cases, expected " + std::to_string(expected_count));
  std::vector<Outcome> outcomes(count);
  for (Outcome& o : outcomes) {
    unsigned char status;
    if (!c.byte(status) || status > 1) return malformed(c, "outcome status");
    if (status == 1) {
      Raised r;
      if (!c.str(r.exception) || !c.str(r.message)) return malformed(c, "exception text");
      if (r.exception.empty() || r.exception.size() > 200) return malformed(c, "exception class name");
      if (r.message.size() > 4096) r.message.resize(4096);
      o.raised = std::move(r);
    } else {
      auto v = c.value();
      if (!v) return malformed(c, v.error().message);
      o.result = std::move(v).value();
    }
    std::uint64_t nargs;
    if (!c.varint(nargs) || nargs > kMaxArgs) return malformed(c, "argument count");
    o.args_after.resize(nargs);
    for (auto& a : o.args_after) {
      unsigned char present;
      if (!c.byte(present) || present > 1) return malformed(c, "argument flag");
      if (present) {
        auto v = c.value();
        if (!v) return malformed(c, v.error().message);
        a = std::move(v).value();
      }
    }
    std::uint64_t nruns;
    // Each run takes at least 4 bytes: a count past what is left is a lie, not an allocation to make.
    if (!c.varint(nruns) || nruns > c.remaining() / 4) return malformed(c, "sharing run count");
    o.sharing.resize(nruns);
    for (SharedRun& r : o.sharing) {
      if (!c.zigzag(r.source) || !c.zigzag(r.start) || !c.zigzag(r.step) || !c.zigzag(r.count) || r.source < -1 ||
          r.source >= static_cast<std::int64_t>(nargs) || r.count <= 0)
        return malformed(c, "sharing run");
    }
  }
  if (!c.at_end()) return malformed(c, "trailing bytes");
  return outcomes;
}

}  // namespace opsynth::verify
