// append_utf8: the one UTF-8 encoder of a code point that core/, verify/ and tests/ share (not runtime/rt/).
#pragma once

#include <string>

namespace opsynth {

// Generalized UTF-8: a lone surrogate (U+D800..U+DFFF) encodes as its 3 bytes, as Python's
// "surrogatepass" does. Callers pass code points up to U+10FFFF.
inline void append_utf8(std::string& out, char32_t code_point) {
  const char32_t c = code_point;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

}  // namespace opsynth
