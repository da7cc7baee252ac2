// The return-type probe: infer each returned value's type, unify over cases, refuse value-dependent types.
#include "verify/python/probe.hpp"

#include <algorithm>
#include <optional>

#include "verify/generators.hpp"

namespace opsynth::verify {

namespace {

// A type with holes: the element type of an empty list (or dict) is not known yet and unifies with
// anything. `args` mirror Type::args for List, Dict and Tuple.
struct Partial {
  bool known = false;
  Type type;  // kind, dtype, ndim (args unused)
  std::vector<Partial> args;
};

std::string spell(const Partial& p) {
  if (!p.known) return "?";
  if (p.args.empty() && p.type.kind != TypeKind::Tuple) return to_string(p.type);
  std::string head = p.type.kind == TypeKind::List   ? "list"
                     : p.type.kind == TypeKind::Dict ? "dict"
                                                     : "tuple";
  std::string out = head + "[";
  for (std::size_t k = 0; k < p.args.size(); ++k) out += (k ? "," : "") + spell(p.args[k]);
  return out + "]";
}

// Unifies `other` into `into`; on a conflict returns the two clashing spellings (innermost).
std::optional<std::pair<std::string, std::string>> unify(Partial& into, const Partial& other) {
  if (!other.known) return std::nullopt;
  if (!into.known) {
    into = other;
    return std::nullopt;
  }
  const Type& a = into.type;
  const Type& b = other.type;
  const bool same_head =
      a.kind == b.kind && (a.kind != TypeKind::NDArray || (a.dtype == b.dtype && a.ndim == b.ndim)) &&
      (a.kind != TypeKind::NpScalar || a.dtype == b.dtype) && into.args.size() == other.args.size();
  if (!same_head) return std::make_pair(spell(into), spell(other));
  for (std::size_t k = 0; k < into.args.size(); ++k) {
    if (auto clash = unify(into.args[k], other.args[k])) return clash;
  }
  return std::nullopt;
}

Partial leaf(Type t) {
  Partial p;
  p.known = true;
  p.type = std::move(t);
  return p;
}

Partial node(TypeKind kind, std::vector<Partial> args) {
  Partial p = leaf(Type::scalar(kind));
  p.args = std::move(args);
  return p;
}

// Infers one value's partial type; a clash between elements of one container is reported through `clash`.
Partial infer(const Value& v, std::optional<std::pair<std::string, std::string>>& clash) {
  if (v.is<NoneValue>()) return leaf(Type::scalar(TypeKind::None));
  if (v.is<bool>()) return leaf(Type::scalar(TypeKind::Bool));
  if (v.is<std::int64_t>()) return leaf(Type::scalar(TypeKind::Int));
  if (v.is<double>()) return leaf(Type::scalar(TypeKind::Float));
  if (v.is<std::complex<double>>()) return leaf(Type::scalar(TypeKind::Complex));
  if (v.is<StrValue>()) return leaf(Type::scalar(TypeKind::Str));
  if (v.is<NDArrayValue>()) {
    const auto& a = v.as<NDArrayValue>();
    return leaf(Type::ndarray(a.dtype, static_cast<int>(a.shape.size())));
  }
  if (v.is<NpScalarValue>()) return leaf(Type::np_scalar(v.as<NpScalarValue>().dtype));
  if (v.is<ListValue>()) {
    Partial elem;
    for (const auto& item : v.as<ListValue>().items) {
      auto c = unify(elem, infer(item, clash));
      if (c && !clash) clash = c;
    }
    return node(TypeKind::List, {elem});
  }
  if (v.is<DictValue>()) {
    Partial key, value;
    for (const auto& [k, x] : v.as<DictValue>().items) {
      auto c1 = unify(key, infer(k, clash));
      auto c2 = unify(value, infer(x, clash));
      if (c1 && !clash) clash = c1;
      if (c2 && !clash) clash = c2;
    }
    return node(TypeKind::Dict, {key, value});
  }
  std::vector<Partial> items;
  for (const auto& item : v.as<TupleValue>().items) items.push_back(infer(item, clash));
  return node(TypeKind::Tuple, std::move(items));
}

std::optional<Type> finish(const Partial& p) {
  if (!p.known) return std::nullopt;
  std::vector<Type> args;
  for (const auto& a : p.args) {
    auto t = finish(a);
    if (!t) return std::nullopt;
    args.push_back(std::move(*t));
  }
  switch (p.type.kind) {
    case TypeKind::List:
      return Type::list(args.at(0));
    case TypeKind::Dict:
      return Type::dict(args.at(0), args.at(1));
    case TypeKind::Tuple:
      return Type::tuple(std::move(args));
    default:
      return p.type;
  }
}

// "(x=4.0)" or "(a=1, b=0)": the arguments by parameter name, for messages a person reads.
std::string describe_case(const Case& c, const std::vector<std::string>& names) {
  std::string out = "(";
  for (std::size_t k = 0; k < c.args.size(); ++k) {
    if (k) out += ", ";
    out +=
        (k < names.size() && !names[k].empty() ? names[k] : "a" + std::to_string(k)) + "=" + repr(c.args[k]);
  }
  return out + ")";
}

std::vector<Case> probe_cases(const Signature& sig, const ProbeOptions& options) {
  std::vector<Case> cases = edge_cases(sig, options.domain, options.cases / 2);
  const std::size_t random = options.cases > cases.size() ? options.cases - cases.size() : 0;
  auto drawn = draw_plain_cases(case_gen(sig, options.domain), options.seed, 0, random);
  cases.insert(cases.end(), std::make_move_iterator(drawn.begin()), std::make_move_iterator(drawn.end()));
  return cases;
}

Error refusal(std::string message, const std::string& qualname) {
  return Error{std::move(message), qualname, 0};
}

}  // namespace

std::optional<Type> type_of_value(const Value& value) {
  std::optional<std::pair<std::string, std::string>> clash;
  Partial p = infer(value, clash);
  if (clash) return std::nullopt;
  return finish(p);
}

ProbeResult probe_result_type(const Oracle& oracle, const ProbeOptions& options) {
  ProbeResult out;
  ProbeEvidence& ev = out.evidence;
  const std::string& qualname = oracle.callable().qualname;
  const auto names = oracle.callable().param_names();
  const auto cases = probe_cases(oracle.signature(), options);
  const auto outcomes = oracle.run(cases);

  Partial unified;
  std::string unified_witness;
  std::vector<std::string> seen_types;
  std::optional<std::string> empty_witness;  // a case whose result still had unknown parts
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Outcome& o = outcomes[i];
    const std::string args = describe_case(cases[i], names);
    ++ev.cases;
    if (o.raised) {
      if (!o.raised->exception.empty() && o.raised->exception[0] == '<') {
        out.type = refusal("cannot probe " + qualname + ": " + o.raised->message + " for " + args, qualname);
        return out;
      }
      ++ev.raised;
      auto it = std::find_if(ev.exceptions.begin(), ev.exceptions.end(),
                             [&](const auto& e) { return e.first == o.raised->exception; });
      if (it == ev.exceptions.end()) {
        ev.exceptions.emplace_back(o.raised->exception, 1);
      } else {
        ++it->second;
      }
      if (ev.first_exception.empty()) {
        ev.first_exception = o.raised->exception + ": " + o.raised->message + " for " + args;
      }
      continue;
    }
    ++ev.returned;
    std::optional<std::pair<std::string, std::string>> inner;
    Partial p = infer(*o.result, inner);
    if (inner) {
      out.type = refusal("result type depends on the values: elements of types " + inner->first + " and " +
                             inner->second + " in " + repr(*o.result) + " for " + args,
                         qualname);
      return out;
    }
    const std::string spelled = spell(p);
    const std::string witness = spelled + " for " + args;
    if (std::find(seen_types.begin(), seen_types.end(), spelled) == seen_types.end()) {
      seen_types.push_back(spelled);
      ev.witnesses.push_back(witness);
    }
    const std::string before = spell(unified);
    if (unify(unified, p)) {
      out.type =
          refusal("result type depends on the values: " + unified_witness + " but " + witness, qualname);
      return out;
    }
    if (spell(unified) != before) unified_witness = witness;  // the case that taught us the most so far
    if (!finish(p) && !empty_witness) empty_witness = witness;
  }
  if (ev.returned == 0) {
    out.type = refusal("every one of the " + std::to_string(ev.cases) + " probe cases raised; first: " +
                           (ev.first_exception.empty() ? std::string("none run") : ev.first_exception),
                       qualname);
    return out;
  }
  if (auto t = finish(unified)) {
    out.type = std::move(*t);
  } else {
    out.type = refusal("result type is not determined: only " + spell(unified) + " was seen, e.g. " +
                           empty_witness.value_or(unified_witness),
                       qualname);
  }
  return out;
}

}  // namespace opsynth::verify
