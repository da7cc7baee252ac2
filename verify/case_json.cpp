// Case <-> JSON (see case_json.hpp).
#include "verify/case_json.hpp"

#include "core/value_json.hpp"

namespace opsynth::verify {

using nlohmann::json;

json case_to_json(const Case& c) {
  json args = json::array(), layouts = json::array(), aliases = json::array(), views = json::array();
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    args.push_back(opsynth::to_json(c.args[i]));
    const bool has_layout = i < c.layouts.size() && c.layouts[i];
    layouts.push_back(has_layout ? json{{"steps", c.layouts[i]->steps}, {"transposed", c.layouts[i]->transposed}}
                                 : json(nullptr));
    const bool has_alias = i < c.aliases.size() && c.aliases[i];
    aliases.push_back(has_alias ? json(*c.aliases[i]) : json(nullptr));
    views.push_back(has_alias ? json(alias_view_suffix(c.alias_view(i))) : json(nullptr));
  }
  return {{"args", args}, {"layouts", layouts}, {"aliases", aliases}, {"alias_views", views}};
}

Result<Case> case_from_json(const json& j, const Signature& sig) {
  if (!j.is_object()) return Error{"case: expected an object", "case"};
  const std::size_t n = sig.params.size();
  auto array_field = [&](const char* name) -> Result<const json*> {
    if (!j.contains(name)) return static_cast<const json*>(nullptr);
    const json& f = j.at(name);
    if (!f.is_array() || f.size() != n)
      return Error{std::string("case.") + name + ": expected an array of " + std::to_string(n) + " entries",
                   std::string("case.") + name};
    return &f;
  };
  auto args = array_field("args");
  if (!args) return args.error();
  if (!*args) return Error{"case.args: missing", "case.args"};
  Case c;
  c.layouts.assign(n, std::nullopt);
  c.aliases.assign(n, std::nullopt);
  for (std::size_t i = 0; i < n; ++i) {
    auto value = value_from_json((**args)[i]);
    const std::string field = "case.args[" + std::to_string(i) + "]";
    if (!value) return Error{field + ": " + value.error().message, field};
    if (!conforms(*value, sig.params[i]))
      return Error{field + ": is not a " + to_string(sig.params[i]), field};
    c.args.push_back(std::move(value).value());
  }
  auto layouts = array_field("layouts");
  if (!layouts) return layouts.error();
  for (std::size_t i = 0; *layouts && i < n; ++i) {
    const json& l = (**layouts)[i];
    if (l.is_null()) continue;
    const std::string field = "case.layouts[" + std::to_string(i) + "]";
    if (sig.params[i].kind != TypeKind::NDArray) return Error{field + ": only arrays have a layout", field};
    if (!l.is_object() || !l.contains("steps") || !l["steps"].is_array() ||
        l["steps"].size() != static_cast<std::size_t>(sig.params[i].ndim) || !l.value("transposed", json(false)).is_boolean())
      return Error{field + ": expected {\"steps\": [one per axis], \"transposed\": bool}", field};
    ArrayLayout layout;
    for (const json& s : l["steps"]) {
      if (!s.is_number_integer() || s.get<std::int64_t>() == 0 || std::abs(s.get<std::int64_t>()) > 64)
        return Error{field + ".steps: expected non-zero integers within ±64", field};
      layout.steps.push_back(s.get<std::int64_t>());
    }
    layout.transposed = l.value("transposed", false);
    c.layouts[i] = layout;
  }
  auto aliases = array_field("aliases");
  if (!aliases) return aliases.error();
  auto views = array_field("alias_views");
  if (!views) return views.error();
  c.alias_views.assign(n, AliasView::same);
  for (std::size_t i = 0; *aliases && i < n; ++i) {
    const json& a = (**aliases)[i];
    if (a.is_null()) continue;
    const std::string view_field = "case.alias_views[" + std::to_string(i) + "]";
    if (*views) {
      const json& v = (**views)[i];
      const std::string text = v.is_string() ? v.get<std::string>() : "?";
      if (text == ".T") c.alias_views[i] = AliasView::transposed;
      else if (text == "[::-1]") c.alias_views[i] = AliasView::reversed;
      else if (text != "" && !v.is_null())
        return Error{view_field + ": expected \"\", \".T\" or \"[::-1]\"", view_field};
      if (c.alias_views[i] != AliasView::same && sig.params[i].kind != TypeKind::NDArray)
        return Error{view_field + ": only an array can be a view of another", view_field};
    }
    const std::string field = "case.aliases[" + std::to_string(i) + "]";
    if (!a.is_number_unsigned() || a.get<std::size_t>() >= i || !(sig.params[a.get<std::size_t>()] == sig.params[i]) ||
        !(aliased_value(c.args[a.get<std::size_t>()], c.alias_views[i]) == c.args[i]))
      return Error{field + ": must name an earlier argument of the same type whose view holds this value", field};
    c.aliases[i] = a.get<std::size_t>();
  }
  return c;
}

}  // namespace opsynth::verify
