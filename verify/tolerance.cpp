// Tolerance classes: parsing, printing and the default choice.
#include "verify/tolerance.hpp"

#include <charconv>
#include <cmath>

namespace opsynth::verify {

namespace {

Error bad_tolerance(std::string_view text, std::string why) {
  return Error{"bad tolerance '" + std::string(text) + "': " + std::move(why) +
                   " (expected exact, ulp:N, reduction[:F][+ulp:N], products[:F][+ulp:N] or close:RTOL,ATOL)",
               std::string(text), 0};
}

}  // namespace

Result<Tolerance> parse_tolerance(std::string_view text) {
  // "reduction[:F]+ulp:N", "products[:F]+ulp:N": the bound, or within N ulp of the expected value.
  if (const auto plus = text.find("+ulp:"); plus != std::string_view::npos) {
    auto bound = parse_tolerance(text.substr(0, plus));
    if (!bound || !bound->bounded_by_inputs())
      return bad_tolerance(text, "+ulp:N follows only reduction[:F] or products[:F]");
    auto ulps = parse_tolerance(text.substr(plus + 1));
    if (!ulps) return bad_tolerance(text, "ulp count must be an integer from 0 to 1048576");
    bound->ulps = ulps->ulps;
    return bound;
  }
  Tolerance t;
  if (text == "exact") return t;
  if (text == "reduction" || text == "products") {
    t.kind = text == "reduction" ? Tolerance::Kind::Reduction : Tolerance::Kind::Products;
    return t;
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return bad_tolerance(text, "unknown class");
  const std::string_view head = text.substr(0, colon), arg = text.substr(colon + 1);
  if (head == "ulp") {
    std::int64_t n = -1;
    auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), n);
    if (ec != std::errc() || end != arg.data() + arg.size() || n < 0 || n > (1 << 20))
      return bad_tolerance(text, "ulp count must be an integer from 0 to 1048576");
    t.kind = Tolerance::Kind::Ulp;
    t.ulps = n;
    return t;
  }
  if (head == "reduction" || head == "products") {
    double f = 0;
    auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), f);
    if (ec != std::errc() || end != arg.data() + arg.size() || !(f > 0) || !std::isfinite(f))
      return bad_tolerance(text, std::string(head) + " factor must be a positive number");
    t.kind = head == "reduction" ? Tolerance::Kind::Reduction : Tolerance::Kind::Products;
    t.factor = f;
    return t;
  }
  if (head == "close") {
    const auto comma = arg.find(',');
    auto number = [](std::string_view part, double& out) {
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
      return ec == std::errc() && end == part.data() + part.size() && out >= 0 && std::isfinite(out);
    };
    if (comma == std::string_view::npos || !number(arg.substr(0, comma), t.rtol) ||
        !number(arg.substr(comma + 1), t.atol) || (t.rtol == 0 && t.atol == 0))
      return bad_tolerance(text, "close takes RTOL,ATOL: two finite numbers >= 0, not both 0");
    t.kind = Tolerance::Kind::Close;
    return t;
  }
  return bad_tolerance(text, "unknown class '" + std::string(head) + "'");
}

namespace {

std::string shortest(double x) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  (void)ec;
  return std::string(buf, end);
}

}  // namespace

std::string to_string(const Tolerance& t) {
  switch (t.kind) {
    case Tolerance::Kind::Exact:
      return "exact";
    case Tolerance::Kind::Ulp:
      return "ulp:" + std::to_string(t.ulps);
    case Tolerance::Kind::Reduction:
    case Tolerance::Kind::Products:
      return (t.kind == Tolerance::Kind::Reduction ? "reduction:" : "products:") + shortest(t.factor) +
             (t.ulps > 0 ? "+ulp:" + std::to_string(t.ulps) : "");
    case Tolerance::Kind::Close:
      return "close:" + shortest(t.rtol) + "," + shortest(t.atol);
  }
  return "exact";
}


}  // namespace opsynth::verify
