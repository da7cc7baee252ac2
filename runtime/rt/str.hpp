// rt::str: Python's immutable str as UTF-8 with code-point semantics and cheap copies.
//
// Storage: text of up to 15 bytes lives inline (a one-character str never allocates); longer text
// lives in shared immutable storage, so copies are a reference-count increment.
// Python strs may hold lone surrogates (U+D800..U+DFFF); rt::str stores them as 3-byte generalized
// UTF-8, exactly what CPython's 'surrogatepass' error handler produces. Two lone surrogates are never
// combined into one astral code point. Byte order of generalized UTF-8 equals code-point order, so
// comparisons and substring search work on bytes.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "buffer_pool.hpp"
#include "exceptions.hpp"
#include "slice.hpp"

namespace rt {

namespace utf8 {

inline bool is_continuation(unsigned char b) { return (b & 0xc0) == 0x80; }

// Byte length of the sequence a lead byte starts.
inline std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

// Every long str built (a casefold, a replace, a join) counts its code points: 16 bytes a step, the
// continuation bytes (0x80-0xbf, below -64 as signed bytes) tallied in byte lanes that are summed
// before they can wrap. GCC's own vectorization widened every byte to 64 bits (a twelfth of a text
// function's time went there).
inline std::int64_t count_code_points(std::string_view bytes) {
  const char* p = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  std::int64_t continuations = 0;
#if defined(__SSE2__)
  const __m128i below = _mm_set1_epi8(-64);
  while (n - i >= 16) {
    const std::size_t steps = std::min<std::size_t>((n - i) / 16, 255);
    __m128i lanes = _mm_setzero_si128();
    for (std::size_t k = 0; k < steps; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(v, below));  // a continuation byte compares as -1
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());  // two 64-bit partial sums
    continuations += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
  }
#endif
  for (; i < n; ++i) continuations += is_continuation(static_cast<unsigned char>(p[i]));
  return static_cast<std::int64_t>(n) - continuations;
}

inline bool is_ascii(std::string_view bytes) {
  const char* p = bytes.data();
  const std::size_t n = bytes.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; n - i >= 16; i += 16) {
    if (_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))) != 0) return false;
  }
#endif
  for (; i < n; ++i) {
    if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
  }
  return true;
}

// Decodes the (generalized) UTF-8 sequence at p; p must start a sequence.
inline char32_t decode(const char* p) {
  const auto b0 = static_cast<unsigned char>(p[0]);
  auto cont = [&](int i) { return static_cast<char32_t>(static_cast<unsigned char>(p[i]) & 0x3f); };
  switch (sequence_length(b0)) {
    case 1: return b0;
    case 2: return (char32_t{b0 & 0x1fu} << 6) | cont(1);
    case 3: return (char32_t{b0 & 0x0fu} << 12) | (cont(1) << 6) | cont(2);
    default: return (char32_t{b0 & 0x07u} << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
  }
}

// Appends the generalized UTF-8 encoding of cp (surrogates as 3 bytes, like 'surrogatepass').
inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Unaligned little-endian loads of 8 and 4 bytes (the word-at-a-time reads of short texts below).
inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// A hash of the bytes for rt::dict's keys, inline: words and keys are mostly a few bytes, which two
// overlapping loads cover (std::hash's out-of-line loop was a tenth of a dict-heavy function's time).
// Not seeded: like std::hash, it does not defend a table against keys chosen to collide.
__extension__ typedef unsigned __int128 hash_product;  // GCC's and Clang's 128-bit product
inline constexpr std::uint64_t kHashK0 = 0x9e3779b97f4a7c15ULL, kHashK1 = 0xc2b2ae3d27d4eb4fULL;
// The two halves of a's and b's 128-bit product folded together: every bit of each reaches the result.
inline std::uint64_t hash_mix(std::uint64_t a, std::uint64_t b) {
  const hash_product m = static_cast<hash_product>(a) * b;
  return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
}
inline std::uint64_t hash(std::string_view bytes) {
  constexpr std::uint64_t k0 = kHashK0, k1 = kHashK1;
  constexpr auto mix = hash_mix;
  const char* p = bytes.data();
  const std::size_t n = bytes.size();
  std::uint64_t a = 0, b = 0, seed = k0 ^ n;
  if (n <= 16) {
    if (n >= 8) {
      a = load64(p);
      b = load64(p + n - 8);
    } else if (n >= 4) {
      a = load32(p);
      b = load32(p + n - 4);
    } else if (n > 0) {
      a = std::uint64_t{static_cast<unsigned char>(p[0])} << 16 | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
          static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    std::size_t i = 0;
    for (; n - i > 16; i += 16) seed = mix(load64(p + i) ^ k1, load64(p + i + 8) ^ seed);
    a = load64(p + n - 16);
    b = load64(p + n - 8);
  }
  return mix(a ^ k1, b ^ seed) ^ n;
}

// The n <= 15 bytes at p, zero-padded, as two little-endian words (bytes 0-7 and 8-15), read without
// calls or partial stores: overlapping loads, the overlap shifted out. Writing them through memory in
// pieces and reading the result back as a whole stalled store forwarding on every short str built.
static_assert(std::endian::native == std::endian::little, "short_text_words packs little-endian words");
inline void short_text_words(const char* p, std::size_t n, std::uint64_t& lo, std::uint64_t& hi) {
  // Not under AddressSanitizer (the verifier's sanitizer replay): it reports the read past the text as
  // the overflow it formally is, when the text ends within 16 bytes of an object's end.
#if defined(__x86_64__) && defined(__SSE2__) && !defined(__SANITIZE_ADDRESS__)
  // Most texts do not start within 16 bytes of a page's end: then one 16-byte load, masked to n bytes,
  // cannot fault (pages are the unit of protection) and needs no branch on n, which mispredicted on
  // every word of a mixed-length stream. Reading past an object is undefined in C++ itself, so the
  // pointer passes through an empty asm first; the bytes past the text are masked off and never matter.
  // (n > 0: an empty text's pointer may be one past the end of a buffer, on a page of its own.)
  if (n > 0 && (reinterpret_cast<std::uintptr_t>(p) & 4095) <= 4096 - 16) [[likely]] {
    const char* at = p;
    __asm__("" : "+r"(at));  // hides where `at` points: the compiler may not reason about bytes past the text
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    // The low n bytes kept by a mask read from a window onto 16 ones then 16 zeros: no branch on n.
    alignas(32) static constexpr unsigned char kKeep[32] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const __m128i kept =
        _mm_and_si128(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeep + 16 - n)));
    lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(kept));
    hi = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(kept, kept)));
    return;
  }
#endif
  auto byte = [](const char* q) { return std::uint64_t{static_cast<unsigned char>(*q)}; };
  hi = 0;
  if (n >= 8) {
    lo = load64(p);
    if (n > 8) hi = load64(p + n - 8) >> (8 * (16 - n));  // bytes 8..n-1
  } else if (n >= 4) {
    lo = load32(p) | load32(p + n - 4) << (8 * (n - 4));  // the overlapping bytes are equal
  } else if (n > 0) {
    lo = byte(p) | byte(p + n / 2) << (8 * (n / 2)) | byte(p + n - 1) << (8 * (n - 1));
  } else {
    lo = 0;
  }
}

// Whether the n bytes at p and q are equal; short runs by overlapping loads, without a memcmp call.
inline bool equal_bytes(const char* p, const char* q, std::size_t n) {
  if (n >= 8 && n <= 16) return ((load64(p) ^ load64(q)) | (load64(p + n - 8) ^ load64(q + n - 8))) == 0;
  if (n >= 4 && n < 8) return ((load32(p) ^ load32(q)) | (load32(p + n - 4) ^ load32(q + n - 4))) == 0;
  if (n < 4) {
    for (std::size_t i = 0; i < n; ++i)
      if (p[i] != q[i]) return false;
    return true;
  }
  return std::memcmp(p, q, n) == 0;
}

}  // namespace utf8

class str {
 public:
  static constexpr std::size_t kInlineBytes = 15;

  str() = default;
  str(const char* text) : str(std::string_view(text)) {}  // NOLINT: implicit, like a Python literal
  str(std::string_view bytes) { assign(bytes); }          // NOLINT
  str(const std::string& bytes) : str(std::string_view(bytes)) {}  // NOLINT

  // chr(cp) for any code point, lone surrogates included.
  static str from_code_point(char32_t cp) {
    std::string bytes;
    utf8::append(bytes, cp);
    return str(std::string_view(bytes));
  }
  static str from_code_points(std::u32string_view cps) {
    std::string bytes;
    bytes.reserve(cps.size());
    for (char32_t cp : cps) utf8::append(bytes, cp);
    return str(std::move(bytes));
  }

  // The input str this text is, unchanged (the tag a C ABI decoder gave it), or 0.
  std::uint64_t origin() const { return origin_.tag; }
  // This str as the text of the input that `tag` names (nonzero; the caller vouches the text is it).
  str&& with_origin(std::uint64_t tag) && {
    origin_.tag = tag;
    return std::move(*this);
  }

  // The text as (generalized) UTF-8 bytes; valid while this str (or a copy) lives.
  std::string_view utf8() const {
    return heap_ ? std::string_view(heap_->bytes) : std::string_view(inline_.bytes.data(), inline_.size);
  }
  std::string to_string() const { return std::string(utf8()); }

  // len(s): code points.
  std::int64_t len() const { return heap_ ? heap_->length : inline_.code_points(); }
  bool empty() const { return heap_ ? false : inline_.size == 0; }
  bool is_ascii() const { return heap_ ? heap_->ascii : inline_.ascii(); }

  // A hash of the text (rt::dict's keys). An inline text hashes its two padded words with one product
  // and no branch: utf8::hash's branches on the length mispredicted on every key of a mixed-length
  // stream (a dict-lookup loop over words spent a third of its time there). Equal texts share a
  // representation (inline exactly when at most kInlineBytes), so they hash alike.
  // The inline case is forced inline: GCC left hash() and == as calls inside a dict's probe loop, a
  // tenth of a dedupe of words.
  [[gnu::always_inline]] std::uint64_t hash() const {
    if (heap_) return heap_hash();
    std::uint64_t w[2];
    std::memcpy(w, &inline_, sizeof w);
    return utf8::hash_mix(w[0] ^ utf8::kHashK1, w[1] ^ utf8::kHashK0) ^ w[1];
  }

  // s[i] as a one-character str.
  str getitem(std::int64_t i) const {
    const std::int64_t n = len();
    const auto k = normalize_index(i, n);
    if (!k) [[unlikely]] raise_cold<IndexError>("string index out of range");
    return one_char(utf8().data() + byte_offset(*k));
  }

  // A loop over a str walks it by byte offset (opsynth.ops.str_char_at / str_after): the code point
  // whose UTF-8 starts at byte `at`, as a one-character str, and the offset just past it. s[i] found the
  // i-th code point's bytes on every step, through a checkpoint table for non-ASCII text. IndexError
  // when no code point starts at `at` (outside the text, or inside a code point's bytes).
  str char_at_byte(std::int64_t at) const { return one_char(utf8().data() + code_point_start(at)); }
  std::int64_t byte_after(std::int64_t at) const {
    const std::size_t k = code_point_start(at);
    return static_cast<std::int64_t>(k + utf8::sequence_length(static_cast<unsigned char>(utf8()[k])));
  }

  // A str written in place: fill(p) writes `bytes` bytes at p, and may write up to kWriteSlack bytes past
  // them. Joins built a std::string and then copied it into the str's storage. The code points are
  // counted here (16 bytes a step), not taken from the caller, so that no str's length can disagree with
  // its text whatever fill does.
  static constexpr std::size_t kWriteSlack = 16;
  template <class F>
  static str build(std::size_t bytes, F&& fill) {
    if (bytes <= kInlineBytes) {
      char buf[kInlineBytes + kWriteSlack] = {};
      fill(buf);
      return str(std::string_view(buf, bytes));
    }
    text t;
    t.resize(bytes + kWriteSlack);
    fill(t.data());
    t.resize(bytes);
    str out;
    out.heap_ = make_heap(std::move(t));
    return out;
  }
  // Writes the text at p and returns the end. An inline text writes its whole 16-byte buffer, up to
  // kWriteSlack bytes past its end (build's slack, or the next piece, takes them): one store per word.
  char* write_at(char* p) const {
    if (!heap_) {
      std::memcpy(p, &inline_, sizeof inline_);
      return p + inline_.size;
    }
    std::memcpy(p, heap_->bytes.data(), heap_->bytes.size());
    return p + heap_->bytes.size();
  }

  // The code point at index i (negative counts from the end), as ord(s[i]).
  char32_t code_point(std::int64_t i) const {
    const auto k = normalize_index(i, len());
    if (!k) [[unlikely]] raise_cold<IndexError>("string index out of range");
    return utf8::decode(utf8().data() + byte_offset(*k));
  }

  // s[start:stop:step].
  str slice(const rt::slice& s) const {
    const std::int64_t n = len();
    const slice_range r = adjust(s, n);
    if (r.count == 0) return str();
    if (r.count == n && r.step == 1) return *this;
    const std::string_view b = utf8();
    if (r.step == 1) {
      const std::size_t from = byte_offset(r.start);
      const std::size_t to = r.start + r.count == n ? b.size() : byte_offset(r.start + r.count);
      return str(b.substr(from, to - from));
    }
    std::string out;
    if (is_ascii()) {
      out.reserve(static_cast<std::size_t>(r.count));
      for (std::int64_t k = 0, i = r.start; k < r.count; ++k, i += r.step) out += b[static_cast<std::size_t>(i)];
    } else {
      for (std::int64_t k = 0, i = r.start; k < r.count; ++k, i += r.step) {
        const std::size_t at = byte_offset(i);
        out.append(b.substr(at, utf8::sequence_length(static_cast<unsigned char>(b[at]))));
      }
    }
    return str(std::move(out));
  }

  // `sub in s`; UTF-8 is self-synchronizing, so a byte match is a code-point match.
  // A one-byte needle in an inline text (`ch in "aeiou"`) is a test of its two words for the byte,
  // without a branch per byte: a scan's exit mispredicted on every other character of a vowel count.
  // The needle is read as its two words: it was usually just made by s[i] with one 16-byte store, and
  // a byte read of its size from that store waits for the store to complete.
  bool contains(const str& sub) const {
    if (!heap_ && !sub.heap_) {
      typedef std::uint64_t two_words __attribute__((vector_size(16)));
      two_words w;
      std::memcpy(&w, &sub.inline_, sizeof w);
      if ((w[1] >> 56) == 1) return inline_.has_byte(static_cast<unsigned char>(w[0]));
    }
    const std::string_view text = utf8(), needle = sub.utf8();
    if (needle.size() == 1 && text.size() <= 32) {
      for (char c : text) {
        if (c == needle[0]) return true;
      }
      return false;
    }
    return text.find(needle) != std::string_view::npos;
  }

  // s * n; n <= 0 gives the empty string.
  str repeat(std::int64_t n) const {
    const std::string_view b = utf8();
    if (n <= 0 || b.empty()) return str();
    if (static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / b.size()) {
      throw OverflowError("repeated string is too long");
    }
    std::string out;
    try {
      out.reserve(b.size() * static_cast<std::size_t>(n));
    } catch (const std::bad_alloc&) {
      throw MemoryError();
    } catch (const std::length_error&) {
      throw MemoryError();
    }
    // Doubling copies, as CPython's repeat does: log2(n) memcpy calls, not n appends ('f' * 10**9 took
    // seconds a byte at a time where CPython takes a fraction of one).
    const std::size_t total = b.size() * static_cast<std::size_t>(n);
    out.append(b);
    while (out.size() < total) out.append(out.data(), std::min(out.size(), total - out.size()));
    return str(std::move(out));
  }

  friend str operator+(const str& a, const str& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    if (!a.heap_ && !b.heap_ && a.inline_.size + b.inline_.size <= kInlineBytes) {
      str out;
      out.inline_.set_joined(a.inline_, b.inline_);
      return out;
    }
    std::string out;
    out.reserve(a.utf8().size() + b.utf8().size());
    out.append(a.utf8()).append(b.utf8());
    return str(std::move(out));
  }
  // s += t. CPython resizes a str in place when the variable holds its only reference, so a loop that
  // builds a string a character at a time is linear; so is this: the text grows in place (capacity
  // doubling) when this str is the sole owner of its storage, and is copied once otherwise. Values are
  // the same either way: no other str can see the storage that changes.
  str& operator+=(const str& tail) {
    if (!heap_ && !tail.heap_ && inline_.size + tail.inline_.size <= kInlineBytes) {
      inline_.set_joined(inline_, tail.inline_);  // `s += ch` on a word: no scan, no allocation
      if (tail.inline_.size != 0) origin_.tag = 0;
      return *this;
    }
    if (tail.empty()) return *this;
    origin_.tag = 0;  // the text changes: whichever way below, it is no longer the input's
    if (empty()) return *this = tail;
    if (&tail == this) return *this = *this + tail;
    const std::string_view t = tail.utf8();
    const std::int64_t length = len() + tail.len();
    const bool ascii = is_ascii() && tail.is_ascii();
    if (heap_ && heap_.sole_owner()) {
      heap& h = *heap_;
      reserve_for(h.bytes, t.size());  // strong guarantee: on failure h is unchanged
      h.bytes.append(t);
      h.hash_cache.store(0, std::memory_order_relaxed);  // the text changed (no other str sees it)
      if (!(h.ascii && ascii)) h.forget_offsets();  // ASCII text has none to invalidate
      h.length = length;
      h.ascii = ascii;
      return *this;
    }
    const std::string_view b = utf8();
    if (b.size() + t.size() <= kInlineBytes) return *this = *this + tail;
    text out;
    reserve_for(out, b.size() + t.size());
    out.append(b).append(t);
    heap_ = make_heap(std::move(out), length, ascii);
    inline_ = {};  // a heap text keeps an empty, zeroed buffer (a moved-from str is then "")
    return *this;
  }

  friend str operator*(const str& s, std::int64_t n) { return s.repeat(n); }
  friend str operator*(std::int64_t n, const str& s) { return s.repeat(n); }

  // Two inline texts compare as their fixed-size buffers (the bytes past the text are always zero).
  [[gnu::always_inline]] friend bool operator==(const str& a, const str& b) {
    if (!a.heap_ && !b.heap_) return a.inline_.same_as(b.inline_);
    return heap_equal(a, b);
  }
  // Generalized UTF-8 byte order is code-point order, which is Python's str order.
  // Two inline texts compare as big-endian words of their zero-padded buffers, then by size: where the
  // buffers differ, either both texts have a byte there or the longer one's nonzero byte meets the
  // shorter one's padding (the prefix is less, as it should be); equal buffers leave the shorter first.
  // Sorting the characters of words spent a quarter of its time in memcmp calls.
  friend std::strong_ordering operator<=>(const str& a, const str& b) {
    if (!a.heap_ && !b.heap_) return a.inline_.order(b.inline_);
    return a.utf8() <=> b.utf8();
  }

  // Iteration yields each code point as a one-character str (inline, no allocation).
  class iterator {
   public:
    using value_type = str;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(const char* p) : p_(p) {}
    str operator*() const {
      return str(std::string_view(p_, utf8::sequence_length(static_cast<unsigned char>(*p_))));
    }
    iterator& operator++() {
      p_ += utf8::sequence_length(static_cast<unsigned char>(*p_));
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.p_ == b.p_; }

   private:
    const char* p_ = nullptr;
  };
  iterator begin() const { return iterator(utf8().data()); }
  iterator end() const { return iterator(utf8().data() + utf8().size()); }

 private:
  // Byte offset of every kStride-th code point of long non-ASCII text, built on first indexing.
  static constexpr std::int64_t kStride = 32;

  // A long text's bytes and shared block come from the library's small-block caches (rt/buffer_pool.hpp).
  using text = std::basic_string<char, std::char_traits<char>, buffer_pool::allocator<char>>;

  struct heap {
    explicit heap(text b)
        : bytes(std::move(b)), length(utf8::count_code_points(bytes)), ascii(length == std::ssize(bytes)) {}
    heap(text b, std::int64_t n, bool all_ascii) : bytes(std::move(b)), length(n), ascii(all_ascii) {}
    text bytes;
    std::int64_t length;
    bool ascii;
    // How many strs share this text (see shared_text): one word, no control block beside it.
    mutable std::atomic<std::int64_t> owners{1};
    mutable std::atomic<bool> checkpoints_built{false};
    // hash() of the text once asked for (0: not yet), as CPython caches a str's hash: a long key looked
    // up again and again (a loop over repeated names) is hashed once.
    mutable std::atomic<std::uint64_t> hash_cache{0};
    mutable std::vector<std::size_t> checkpoints;
    // The last code point looked up and its byte offset (index << 32 | offset), so that s[i], s[i + 1],
    // ... (a `for ch in s` loop) walks the text once instead of from a checkpoint every time. One word,
    // so that a str shared between threads never pairs one lookup's index with another's offset.
    mutable std::atomic<std::uint64_t> cursor{0};

    const std::vector<std::size_t>& offsets() const {
      if (!checkpoints_built.load(std::memory_order_acquire)) {
        static std::mutex building;  // one for all strs: each text builds its table once
        std::lock_guard lock(building);
        if (!checkpoints_built.load(std::memory_order_relaxed)) {
          checkpoints.reserve(static_cast<std::size_t>(length / kStride + 1));
          std::int64_t cp = 0;
          for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (utf8::is_continuation(static_cast<unsigned char>(bytes[i]))) continue;
            if (cp % kStride == 0) checkpoints.push_back(i);
            ++cp;
          }
          checkpoints_built.store(true, std::memory_order_release);
        }
      }
      return checkpoints;
    }

    // After the text changed in place (only ever by its sole owner, so no other thread reads them): the
    // checkpoints and the cursor are rebuilt on demand. A new heap block per `out += ch` on non-ASCII
    // text was a fifth of a slugify loop.
    void forget_offsets() {
      checkpoints.clear();
      checkpoints_built.store(false, std::memory_order_relaxed);
      cursor.store(0, std::memory_order_relaxed);
    }

    // Byte offset of code point k (0 <= k < length) of non-ASCII text.
    std::size_t offset_of(std::int64_t k) const {
      const std::uint64_t c = cursor.load(std::memory_order_relaxed);
      std::int64_t from = static_cast<std::int64_t>(c >> 32);
      std::size_t at = static_cast<std::size_t>(c & 0xffffffffu);
      if (k < from && from - k <= k % kStride) {
        // A little behind the cursor (s[i:i+n] for i = 0, 1, ...: the stop, then the next start): walk
        // back over at most as many code points as from the checkpoint forward.
        for (std::int64_t back = from - k; back > 0; --back) {
          --at;
          while (utf8::is_continuation(static_cast<unsigned char>(bytes[at]))) --at;
        }
        from = k;
      } else if (k < from || k - from >= kStride) {
        at = offsets()[static_cast<std::size_t>(k / kStride)];
        from = k - k % kStride;
      }
      for (std::int64_t skip = k - from; skip > 0; --skip) at += utf8::sequence_length(static_cast<unsigned char>(bytes[at]));
      if (bytes.size() <= 0xffffffffu) {
        cursor.store(static_cast<std::uint64_t>(k) << 32 | at, std::memory_order_relaxed);
      }
      return at;
    }
  };

  // A counted handle on a heap text: one pointer, where std::shared_ptr took two, so that a str has room
  // for its origin (below) in the same 32 bytes. The count is a plain add while the process has one
  // thread (libstdc++'s shared_ptr takes the same shortcut), an atomic one otherwise.
  class shared_text {
   public:
    shared_text() = default;
    explicit shared_text(heap* h) noexcept : h_(h) {}
    shared_text(const shared_text& o) noexcept : h_(o.h_) { retain(); }
    shared_text(shared_text&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
    shared_text& operator=(const shared_text& o) noexcept {
      if (h_ != o.h_) {
        o.retain();
        drop();
        h_ = o.h_;
      }
      return *this;
    }
    shared_text& operator=(shared_text&& o) noexcept {
      if (this != &o) {
        drop();
        h_ = std::exchange(o.h_, nullptr);
      }
      return *this;
    }
    ~shared_text() { drop(); }

    explicit operator bool() const noexcept { return h_ != nullptr; }
    heap* operator->() const noexcept { return h_; }
    heap& operator*() const noexcept { return *h_; }
    bool sole_owner() const noexcept { return h_->owners.load(std::memory_order_acquire) == 1; }
    friend bool operator==(const shared_text& a, const shared_text& b) noexcept { return a.h_ == b.h_; }

   private:
    void retain() const noexcept {
      if (h_ == nullptr) return;
      if (__libc_single_threaded)
        h_->owners.store(h_->owners.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      else
        h_->owners.fetch_add(1, std::memory_order_relaxed);
    }
    // Inline only the test for an inline text (most strs): the count's update, out of line, kept every
    // str's destruction small enough that a module of text functions still inlines its hot paths (inline,
    // it slowed a run-length decode 20% in the whole text module, not alone).
    void drop() noexcept {
      if (h_ == nullptr) return;
      release(h_);
      h_ = nullptr;
    }
    [[gnu::noinline]] static void release(heap* h) noexcept {
      std::int64_t left;
      if (__libc_single_threaded) {
        left = h->owners.load(std::memory_order_relaxed) - 1;
        h->owners.store(left, std::memory_order_relaxed);
      } else {
        left = h->owners.fetch_sub(1, std::memory_order_acq_rel) - 1;
      }
      if (left != 0) return;
      h->~heap();
      buffer_pool::allocator<heap>{}.deallocate(h, 1);
    }
    heap* h_ = nullptr;
  };

  template <class... A>
  static shared_text make_heap(A&&... a) {
    heap* h = buffer_pool::allocator<heap>{}.allocate(1);
    try {
      ::new (static_cast<void*>(h)) heap(std::forward<A>(a)...);
    } catch (...) {
      buffer_pool::allocator<heap>{}.deallocate(h, 1);
      throw;
    }
    return shared_text(h);
  }

  // Room for `more` bytes past the text, doubling (appends in a loop stay linear); MemoryError when the
  // allocator refuses, leaving `bytes` as it was.
  template <class String>
  static void reserve_for(String& bytes, std::size_t more) {
    const std::size_t need = bytes.size() + more;
    if (need <= bytes.capacity()) return;
    try {
      bytes.reserve(std::max(need, 2 * bytes.capacity()));
    } catch (const std::bad_alloc&) {
      throw MemoryError();
    } catch (const std::length_error&) {
      throw MemoryError();
    }
  }

  [[gnu::always_inline]] void assign(std::string_view bytes) {
    if (bytes.size() <= kInlineBytes) [[likely]] {
      // Zero-padded (operator== compares the whole buffer), the size in the 16th byte, one store.
      static_assert(offsetof(inline_text, size) == kInlineBytes, "the size is the buffer's last byte");
      std::uint64_t lo, hi;
      utf8::short_text_words(bytes.data(), bytes.size(), lo, hi);
      inline_.set_words(lo, hi | std::uint64_t{bytes.size()} << 56);
    } else {
      assign_long(bytes);
    }
  }
  // Out of line, so that building a short str (a word, a character, a key) inlines where it is built.
  [[gnu::noinline]] void assign_long(std::string_view bytes) { heap_ = make_heap(text(bytes.data(), bytes.size())); }

  [[gnu::noinline]] std::uint64_t heap_hash() const {
    std::uint64_t h = heap_->hash_cache.load(std::memory_order_relaxed);
    if (h == 0) {
      h = utf8::hash(heap_->bytes);
      h += h == 0;  // 0 marks "not yet"; every heap text takes this same step, so equal texts agree
      heap_->hash_cache.store(h, std::memory_order_relaxed);
    }
    return h;
  }
  // a == b when either text is on the heap.
  [[gnu::noinline]] static bool heap_equal(const str& a, const str& b) {
    if (a.heap_ == b.heap_) return true;  // one shared text (copies, repeats of one input object)
    return a.utf8() == b.utf8();
  }

  // The code point at p (generalized UTF-8) as a one-character str, built straight into the inline
  // buffer (the hot step of every character loop).
  static str one_char(const char* p) {
    const std::size_t width = utf8::sequence_length(static_cast<unsigned char>(*p));
    std::uint64_t lo = 0;
    for (std::size_t j = 0; j < width; ++j) lo |= std::uint64_t{static_cast<unsigned char>(p[j])} << (8 * j);
    str out;
    out.inline_.set_words(lo, std::uint64_t{width} << 56);
    return out;
  }

  // `at` as the byte offset of a code point's first byte, else IndexError.
  std::size_t code_point_start(std::int64_t at) const {
    const std::string_view b = utf8();
    if (at < 0 || static_cast<std::uint64_t>(at) >= b.size() ||
        utf8::is_continuation(static_cast<unsigned char>(b[static_cast<std::size_t>(at)]))) [[unlikely]]
      raise_cold<IndexError>("string index out of range");
    return static_cast<std::size_t>(at);
  }

  // Byte offset of code point k (0 <= k < len()): O(1) for ASCII, else from the nearest checkpoint.
  std::size_t byte_offset(std::int64_t k) const {
    const std::string_view b = utf8();
    if (heap_) return heap_->ascii ? static_cast<std::size_t>(k) : heap_->offset_of(k);
    std::size_t at = 0;
    for (std::int64_t skip = k; skip > 0; --skip) at += utf8::sequence_length(static_cast<unsigned char>(b[at]));
    return at;
  }

  // Shared, and never changed while shared: only operator+= writes, and only when this is the sole owner.
  shared_text heap_;
  // Where this text came from, when it is the unchanged text of one of the call's input strs: a tag that
  // the C ABI gives (rt/abi_bridge.hpp), 0 for none. It travels with every copy and is dropped by every
  // change of the text, so a result can name the caller's own str object instead of its bytes. It takes
  // no part in the value: equality, order and hash ignore it. A move leaves none behind: the moved-from
  // str's text is "" (or stale), no longer the input's.
  struct origin_tag {
    std::uint64_t tag = 0;
    origin_tag() = default;
    origin_tag(const origin_tag&) = default;
    origin_tag& operator=(const origin_tag&) = default;
    origin_tag(origin_tag&& o) noexcept : tag(std::exchange(o.tag, 0)) {}
    origin_tag& operator=(origin_tag&& o) noexcept {
      tag = std::exchange(o.tag, 0);
      return *this;
    }
  };
  origin_tag origin_;
  // The text and its size as one 16-byte value: a copy moves it whole (a 15-byte array was copied by two
  // overlapping 8-byte moves, and the next read of the copy stalled on store forwarding), and equality
  // is two word compares (the bytes past the text are always zero).
  struct inline_text {
    std::array<char, kInlineBytes> bytes{};
    std::uint8_t size = 0;
    // Copied as one 16-byte value. The implicit copy moved the 15-byte array whole but its size byte
    // apart, and the next 16-byte read of the copy (a move of the str into an operator's argument, and
    // back) stalled on store forwarding: a third of a `word += ch` loop.
    inline_text() = default;
    inline_text(const inline_text& o) noexcept { std::memcpy(static_cast<void*>(this), &o, 16); }
    inline_text& operator=(const inline_text& o) noexcept {
      std::memcpy(static_cast<void*>(this), &o, 16);
      return *this;
    }
    // a's text then b's, for a.size + b.size <= kInlineBytes: one shift and or of the padded buffers
    // (both read before this is written, so a or b may be this).
    void set_joined(const inline_text& a, const inline_text& b) {
      __extension__ typedef unsigned __int128 u128;
      u128 x, y;
      std::memcpy(&x, &a, 16);
      std::memcpy(&y, &b, 16);
      const u128 text = ~(u128{0xff} << 120);  // the buffer's last byte is the size
      const u128 z = (x & text) | ((y & text) << (8 * a.size)) | (u128(a.size + b.size) << 120);
      set_words(static_cast<std::uint64_t>(z), static_cast<std::uint64_t>(z >> 64));
    }
    // The buffer from its two little-endian words (the size in hi's top byte), written in place with one
    // 16-byte store: two 8-byte stores stall a later 16-byte read of it (a copy, a compare) on store
    // forwarding.
    void set_words(std::uint64_t lo, std::uint64_t hi) {
      typedef std::uint64_t two_words __attribute__((vector_size(16)));
      const two_words whole = {lo, hi};
      std::memcpy(static_cast<void*>(this), &whole, sizeof whole);
    }
    // The byte is one of the text's (the padding and the size byte never count).
    bool has_byte(unsigned char c) const {
      std::uint64_t w[2];
      std::memcpy(w, this, 16);
      constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
      auto zero_bytes = [&](std::uint64_t x) {  // exact at the lowest zero byte; above it, only ever extra
        const std::uint64_t z = x ^ (ones * c);
        return (z - ones) & ~z & highs;
      };
      const unsigned n = size;  // <= 15
      const std::uint64_t low = n >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
      const std::uint64_t high = n <= 8 ? 0 : (std::uint64_t{1} << (8 * (n - 8))) - 1;
      return ((zero_bytes(w[0]) & low) | (zero_bytes(w[1]) & high)) != 0;
    }
    std::strong_ordering order(const inline_text& o) const {
      std::uint64_t a[2], b[2];
      std::memcpy(a, this, 16);
      std::memcpy(b, &o, 16);
      constexpr std::uint64_t kText = ~(std::uint64_t{0xff} << 56);  // the word's last byte is the size
      const std::uint64_t a0 = __builtin_bswap64(a[0]), b0 = __builtin_bswap64(b[0]);
      if (a0 != b0) return a0 <=> b0;
      const std::uint64_t a1 = __builtin_bswap64(a[1] & kText), b1 = __builtin_bswap64(b[1] & kText);
      if (a1 != b1) return a1 <=> b1;
      return size <=> o.size;
    }
    // len() and is_ascii() of the inline text from its whole 16-byte buffer at once: the padding is
    // zeros and the size byte is below 16, so neither counts as a continuation or non-ASCII byte (a
    // byte loop ran on every len() of a word).
    std::int64_t code_points() const {
#if defined(__SSE2__)
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(this));
      unsigned c = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))));
      // A 16-bit popcount in registers: the baseline x86-64 target has no popcnt instruction, and
      // std::popcount became a call into libgcc on every len() of a word.
      c = c - ((c >> 1) & 0x5555u);
      c = (c & 0x3333u) + ((c >> 2) & 0x3333u);
      c = (c + (c >> 4)) & 0x0f0fu;
      c = (c + (c >> 8)) & 0x1fu;
      return static_cast<std::int64_t>(size) - static_cast<std::int64_t>(c);
#else
      return utf8::count_code_points(std::string_view(bytes.data(), size));
#endif
    }
    bool ascii() const {
#if defined(__SSE2__)
      return _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(this))) == 0;
#else
      return utf8::is_ascii(std::string_view(bytes.data(), size));
#endif
    }
    bool same_as(const inline_text& o) const {
      std::uint64_t a[2], b[2];
      std::memcpy(a, this, 16);
      std::memcpy(b, &o, 16);
      return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0;
    }
  };
  static_assert(sizeof(inline_text) == 16);
  inline_text inline_{};
};

}  // namespace rt

template <>
struct std::hash<rt::str> {
  std::size_t operator()(const rt::str& s) const noexcept { return s.hash(); }
};
