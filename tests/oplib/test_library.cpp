// The library API on a real folder: commits, lookups, generics, locks, revocation, stored cases.
#include <gtest/gtest.h>

#include "library_fixture.hpp"
#include "oplib/library/integrity.hpp"
#include "core/value_json.hpp"
#include "verify/case_json.hpp"

namespace opsynth {
namespace {

namespace fs = std::filesystem;
using testing::a_pass;
using testing::fresh_library_root;
using testing::read_text;
using testing::sqrt_commit;

std::vector<Type> params_of(const std::string& sig) { return parse_signature(sig)->params; }

TEST(Library, commit_writes_the_version_its_provenance_and_op_json_and_find_returns_it) {
  oplib::Library lib(fresh_library_root());
  auto r = sqrt_commit("return x;");
  r.declaration.note = "glibc sqrt is correctly rounded";
  auto c = lib.commit(r);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->created_version);
  EXPECT_EQ(c->ref.version, 1);
  EXPECT_EQ(c->ref.header, fs::absolute(lib.root() / "math/sqrt/float.v1.hpp"));
  EXPECT_EQ(read_text(c->ref.header), r.source);
  const auto provenance = nlohmann::json::parse(read_text(lib.root() / "math/sqrt/float.v1.json"));
  EXPECT_EQ(provenance["sha256"], c->ref.sha256);
  EXPECT_EQ(provenance["author"]["kind"], "hand");
  EXPECT_EQ(provenance["signature"], "float -> float");

  auto found = lib.find("math.sqrt", params_of("float -> float"));
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->found);
  EXPECT_EQ(found->found->version, 1);
  EXPECT_EQ(to_string(found->found->signature), "float -> float");
  auto none = lib.find("math.sqrt", params_of("int -> float"));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->found);
  EXPECT_EQ(none->why_not, "no overload of math.sqrt takes (int)");
  auto names = lib.qualnames();
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, std::vector<std::string>{"math.sqrt"});
  const auto report = oplib::check_integrity(lib);
  EXPECT_TRUE(report.errors.empty() && report.leftovers.empty());
  EXPECT_EQ(report.versions, 1u);
}

TEST(Library, new_text_is_a_new_version_same_text_is_not_and_a_lock_pins_the_old_one) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  auto again = lib.commit(sqrt_commit("return x;"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created_version);
  EXPECT_EQ(again->ref.version, 1);
  auto v2 = lib.commit(sqrt_commit("return x + 0.0;"));
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->ref.version, 2);
  EXPECT_EQ(lib.find("math.sqrt", params_of("float -> float"))->found->version, 2);

  auto lock = lib.current_lock();
  ASSERT_TRUE(lock);
  oplib::LockFile pinned_v1 = *lock;
  pinned_v1.ops["math.sqrt"]["float"] = {1, lib.find("math.sqrt", params_of("float -> float")).value().found->sha256};
  pinned_v1.ops["math.sqrt"]["float"].sha256 = again->ref.sha256;
  auto reparsed = oplib::parse_lock_file(to_text(pinned_v1), "ops.lock");
  ASSERT_TRUE(reparsed) << reparsed.error().message;
  oplib::Library locked(root, *reparsed);
  EXPECT_EQ(locked.find("math.sqrt", params_of("float -> float"))->found->version, 1);

  pinned_v1.ops["math.sqrt"]["float"].sha256 = std::string(64, 'a');
  oplib::Library wrong(root, pinned_v1);
  auto refused = wrong.find("math.sqrt", params_of("float -> float"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("different sha256"), std::string::npos);
}

TEST(Library, revoking_keeps_the_counterexample_and_falls_back_to_the_previous_version) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  auto v2 = lib.commit(sqrt_commit("return -x;"));
  ASSERT_TRUE(v2);
  verify::Case c;
  c.args = {Value(2.0)};
  c.layouts = {std::nullopt};
  c.aliases = {std::nullopt};
  const Signature sig = *parse_signature("float -> float");
  auto revoked = lib.revoke("math.sqrt", "float", 2, "returns -2.0 for 2.0", c, sig);
  ASSERT_TRUE(revoked) << revoked.error().message;
  EXPECT_EQ(lib.find("math.sqrt", sig.params)->found->version, 1);
  auto cases = lib.stored_cases("math.sqrt", sig);
  ASSERT_TRUE(cases);
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ((*cases)[0], c);
  EXPECT_TRUE(lib.stored_cases("math.sqrt", *parse_signature("int -> float"))->empty());
  auto op = lib.load("math.sqrt");
  ASSERT_TRUE(op && *op);
  const auto* v = (*op)->overload("float")->version(2);
  ASSERT_TRUE(v && v->revoked && v->revocation);
  EXPECT_EQ(v->revocation->reason, "returns -2.0 for 2.0");
  EXPECT_TRUE(fs::exists(root / "math/sqrt" / v->revocation->case_file));
  // The same text cannot come back as a new version, and a revoked version stays revoked.
  auto readded = lib.commit(sqrt_commit("return -x;"));
  ASSERT_FALSE(readded);
  EXPECT_NE(readded.error().message.find("revoked"), std::string::npos);
  EXPECT_FALSE(lib.revoke("math.sqrt", "float", 2, "again", std::nullopt, sig));
  // A lock pinning the revoked version is refused, naming the reason.
  oplib::LockFile lock;
  lock.ops["math.sqrt"]["float"] = {2, v->sha256};
  auto pinned = oplib::Library(root, lock).find("math.sqrt", sig.params);
  ASSERT_FALSE(pinned);
  EXPECT_NE(pinned.error().message.find("returns -2.0 for 2.0"), std::string::npos);
}

TEST(Library, a_generic_overload_serves_only_signatures_it_was_verified_at) {
  oplib::Library lib(fresh_library_root());
  oplib::CommitRequest r;
  r.qualname = "numpy.negative";
  r.overload = "elementwise";
  r.generic = true;
  r.signature = *parse_signature("ndarray[float64,1] -> ndarray[float64,1]");
  r.source = "namespace oplib::numpy { template <class T, std::size_t N> rt::ndarray<T, N> negative(const rt::ndarray<T, N>& a); }\n";
  r.verification = a_pass();
  ASSERT_TRUE(lib.commit(r));
  const auto two_d = params_of("ndarray[float64,2] -> ndarray[float64,2]");
  auto before = lib.find("numpy.negative", two_d);
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->found);
  ASSERT_EQ(before->instantiable.size(), 1u);
  EXPECT_EQ(before->instantiable[0].overload, "elementwise");
  // A failed instantiation is not recorded; a PASS is.
  oplib::Verification failed = a_pass();
  failed.verdict = "FAIL";
  const Signature sig2 = *parse_signature("ndarray[float64,2] -> ndarray[float64,2]");
  EXPECT_FALSE(lib.record_verification("numpy.negative", "elementwise", 1, sig2, failed));
  ASSERT_TRUE(lib.record_verification("numpy.negative", "elementwise", 1, sig2, a_pass()));
  auto after = lib.find("numpy.negative", two_d);
  ASSERT_TRUE(after && after->found);
  EXPECT_EQ(to_string(after->found->signature), "ndarray[float64,2] -> ndarray[float64,2]");
  // A later FAIL at a known instance takes it out of service without revoking the version.
  ASSERT_TRUE(lib.record_verification("numpy.negative", "elementwise", 1, sig2, failed));
  auto out = lib.find("numpy.negative", two_d);
  ASSERT_TRUE(out);
  EXPECT_FALSE(out->found);
  EXPECT_NE(out->why_not.find("latest verification failed"), std::string::npos);
}

TEST(Library, a_commit_that_disagrees_with_op_json_is_refused_and_changes_nothing) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  const std::string before = read_text(root / "math/sqrt/op.json");
  auto r = sqrt_commit("return x * 1.0;");
  r.declaration.tolerance = *verify::parse_tolerance("ulp:4");
  auto refused = lib.commit(r);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("tolerance: op.json declares exact for overload 'float', this request ulp:4"),
            std::string::npos)
      << refused.error().message;
  EXPECT_EQ(read_text(root / "math/sqrt/op.json"), before);
  EXPECT_FALSE(fs::exists(root / "math/sqrt/float.v2.hpp"));
}

TEST(Library, a_new_overload_may_declare_its_own_domain_and_keeps_it) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  // A second overload with a narrower domain keeps it beside the op's (none).
  auto narrow = sqrt_commit("return (double)x;");
  narrow.signature = *parse_signature("int -> float");
  narrow.overload = oplib::overload_name(narrow.signature.params);
  narrow.declaration.domain.int_min = 0;
  narrow.declaration.domain.int_max = 50;
  ASSERT_TRUE(lib.commit(narrow));
  auto op = lib.load("math.sqrt");
  ASSERT_TRUE(op && *op);
  EXPECT_EQ(verify::domain_to_json((*op)->domain_for("int")).dump(), R"({"int_max":50,"int_min":0})");
  EXPECT_TRUE(verify::domain_to_json((*op)->domain_for("float")).empty());
  const nlohmann::json saved = nlohmann::json::parse(read_text(root / "math/sqrt/op.json"));
  EXPECT_FALSE(saved.contains("domain"));
  EXPECT_EQ(saved["overloads"][1]["domain"]["int_max"], 50);
  // A later version of that overload must agree with it; the other overload keeps the op's.
  auto widened = narrow;
  widened.source += "// v2\n";
  widened.declaration.domain = {};
  auto refused = lib.commit(widened);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("for overload 'int'"), std::string::npos) << refused.error().message;
  auto same = narrow;
  same.source += "// v2\n";
  ASSERT_TRUE(lib.commit(same));
  auto bad = nlohmann::json::parse(read_text(root / "math/sqrt/op.json"));
  bad["overloads"][1]["domain"] = {{"int_max", "many"}};
  testing::write_text(root / "math/sqrt/op.json", bad.dump(2));
  auto loaded = lib.load("math.sqrt");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("overloads[1].domain"), std::string::npos) << loaded.error().message;
}

// operator.pow of Python floats is libm's pow (exact); on float64 arrays numpy's SIMD pow (a few ulp):
// an overload may declare its own tolerance, which its verifications use and later versions keep.
TEST(Library, a_new_overload_may_declare_its_own_tolerance_and_keeps_it) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  auto loose = sqrt_commit("return (double)x;");
  loose.signature = *parse_signature("int -> float");
  loose.overload = oplib::overload_name(loose.signature.params);
  loose.declaration.tolerance = *verify::parse_tolerance("ulp:4");
  ASSERT_TRUE(lib.commit(loose));
  auto op = lib.load("math.sqrt");
  ASSERT_TRUE(op && *op);
  EXPECT_EQ(verify::to_string((*op)->tolerance_for("int")), "ulp:4");
  EXPECT_EQ(verify::to_string((*op)->tolerance_for("float")), "exact");
  EXPECT_EQ(verify::to_string((*op)->tolerance), "exact");
  const nlohmann::json saved = nlohmann::json::parse(read_text(root / "math/sqrt/op.json"));
  EXPECT_EQ(saved["tolerance"], "exact");
  EXPECT_EQ(saved["overloads"][1]["tolerance"], "ulp:4");
  EXPECT_FALSE(saved["overloads"][0].contains("tolerance"));
  auto tightened = loose;
  tightened.source += "// v2\n";
  tightened.declaration.tolerance = {};
  auto refused = lib.commit(tightened);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("declares ulp:4 for overload 'int'"), std::string::npos) << refused.error().message;
  auto bad = saved;
  bad["overloads"][1]["tolerance"] = "ulp:many";
  testing::write_text(root / "math/sqrt/op.json", bad.dump(2));
  auto loaded = lib.load("math.sqrt");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("overloads[1].tolerance"), std::string::npos) << loaded.error().message;
}

// Each mutation of a valid op.json, and the field the error must name.
struct Corruption {
  const char* what;
  std::function<void(nlohmann::json&)> mutate;
  const char* expected;
};

TEST(Library, a_malformed_op_json_is_an_error_naming_the_file_and_field) {
  const std::vector<Corruption> corruptions = {
      {"schema", [](auto& j) { j["schema"] = 7; }, "schema: expected 1"},
      {"qualname", [](auto& j) { j["qualname"] = "math.cos"; }, "qualname: says 'math.cos' but the folder is math.sqrt"},
      {"bad tolerance", [](auto& j) { j["tolerance"] = "ulp:-1"; }, "tolerance:"},
      {"unknown field", [](auto& j) { j["tolerence"] = "exact"; }, "tolerence: unknown field"},
      {"domain field", [](auto& j) { j["domain"] = {{"int_min", "zero"}}; }, "domain.int_min: expected an integer"},
      {"sha", [](auto& j) { j["overloads"][0]["versions"][0]["sha256"] = "xyz"; },
       "overloads[0].versions[0].sha256: expected 64 lowercase hex digits"},
      {"status", [](auto& j) { j["overloads"][0]["versions"][0]["status"] = "maybe"; },
       "overloads[0].versions[0].status: expected \"accepted\" or \"revoked\""},
      {"signature", [](auto& j) { j["overloads"][0]["versions"][0]["instances"][0]["signature"] = "float ->"; },
       "overloads[0].versions[0].instances[0].signature:"},
      {"no instances", [](auto& j) { j["overloads"][0]["versions"][0]["instances"] = nlohmann::json::array(); },
       "instances: a version is verified at one signature at least"},
      {"overloads type", [](auto& j) { j["overloads"] = "none"; }, "overloads: expected an array"},
      {"missing", [](auto& j) { j.erase("kind"); }, "kind: missing"},
      {"verdict", [](auto& j) { j["overloads"][0]["versions"][0]["instances"][0]["verification"]["verdict"] = "OK"; },
       "verification.verdict: expected PASS, FAIL, INCONCLUSIVE or ERROR"},
      {"revoked without reason", [](auto& j) { j["overloads"][0]["versions"][0]["status"] = "revoked"; },
       "a revoked version needs a revocation"},
      {"escaping case", [](auto& j) {
         j["overloads"][0]["versions"][0]["status"] = "revoked";
         j["overloads"][0]["versions"][0]["revocation"] = {{"reason", "r"}, {"time", "t"}, {"case", "../../etc/passwd"}};
       }, "revocation.case: expected a file under cases/"},
  };
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  const fs::path op_json = root / "math/sqrt/op.json";
  const nlohmann::json valid = nlohmann::json::parse(read_text(op_json));
  for (const auto& c : corruptions) {
    nlohmann::json j = valid;
    c.mutate(j);
    testing::write_text(op_json, j.dump(2));
    auto loaded = lib.load("math.sqrt");
    ASSERT_FALSE(loaded) << c.what;
    EXPECT_NE(loaded.error().message.find(op_json.string()), std::string::npos) << loaded.error().message;
    EXPECT_NE(loaded.error().message.find(c.expected), std::string::npos) << c.what << ": " << loaded.error().message;
    EXPECT_FALSE(lib.commit(sqrt_commit("return x + 1;"))) << c.what;  // a writer refuses too
  }
  testing::write_text(op_json, "{ not json");
  auto garbage = lib.load("math.sqrt");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().message, op_json.string() + ": not valid JSON");
}

TEST(Library, stored_cases_refuse_values_that_do_not_fit_the_signature) {
  const Signature sig = *parse_signature("list[int], int -> None");
  verify::Case c;
  c.args = {Value(ListValue{{Value(std::int64_t{1})}}), Value(std::int64_t{2})};
  c.layouts = {std::nullopt, std::nullopt};
  c.aliases = {std::nullopt, std::nullopt};
  auto round = verify::case_from_json(verify::case_to_json(c), sig);
  ASSERT_TRUE(round) << round.error().message;
  EXPECT_EQ(*round, c);
  nlohmann::json wrong_arity = verify::case_to_json(c);
  wrong_arity["args"].erase(1);
  EXPECT_FALSE(verify::case_from_json(wrong_arity, sig));
  nlohmann::json wrong_type = verify::case_to_json(c);
  wrong_type["args"][1] = opsynth::to_json(Value(1.5));
  auto typed = verify::case_from_json(wrong_type, sig);
  ASSERT_FALSE(typed);
  EXPECT_NE(typed.error().message.find("case.args[1]: is not a int"), std::string::npos) << typed.error().message;
  nlohmann::json bad_alias = verify::case_to_json(c);
  bad_alias["aliases"][0] = 1;
  EXPECT_FALSE(verify::case_from_json(bad_alias, sig));
  nlohmann::json layout_on_int = verify::case_to_json(c);
  layout_on_int["layouts"][1] = {{"steps", {2}}, {"transposed", false}};
  EXPECT_FALSE(verify::case_from_json(layout_on_int, sig));
}

TEST(Library, lock_files_are_validated_field_by_field) {
  EXPECT_EQ(oplib::parse_lock_file("nope", "ops.lock").error().message, "ops.lock: not valid JSON");
  auto bad_version = oplib::parse_lock_file(R"({"schema": 1, "ops": {"math.sqrt": {"float": {"version": 0, "sha256": ""}}}})", "ops.lock");
  ASSERT_FALSE(bad_version);
  EXPECT_NE(bad_version.error().message.find("ops.math.sqrt.float"), std::string::npos);
  auto bad_name = oplib::parse_lock_file(R"({"schema": 1, "ops": {"math..sqrt": {}}})", "ops.lock");
  ASSERT_FALSE(bad_name);
  EXPECT_NE(bad_name.error().message.find("ops.math..sqrt"), std::string::npos);
}

TEST(Library, overload_names_are_readable_file_stems) {
  EXPECT_EQ(oplib::overload_name(params_of("float -> float")), "float");
  EXPECT_EQ(oplib::overload_name(params_of("int, int -> int")), "int__int");
  EXPECT_EQ(oplib::overload_name(params_of("ndarray[float64,2], Literal['fro'], None, Literal[False] -> float64")),
            "ndarray_float64_2__lit_fro__none__lit_false");
  EXPECT_EQ(oplib::overload_name(params_of("-> float")), "noargs");
  const std::string long_name = oplib::overload_name(params_of(
      "dict[str,list[tuple[int,float,str]]], dict[str,list[tuple[int,float,str]]], Literal['a very long literal'] -> int"));
  EXPECT_LE(long_name.size(), 80u);
  EXPECT_TRUE(oplib::valid_overload_name(long_name)) << long_name;
  EXPECT_NE(oplib::overload_name(params_of("Literal[-1] -> float")), oplib::overload_name(params_of("Literal[1] -> float")));
}

TEST(Integrity, a_tampered_version_is_an_error_and_an_unlisted_file_a_leftover) {
  const fs::path root = fresh_library_root();
  oplib::Library lib(root);
  ASSERT_TRUE(lib.commit(sqrt_commit("return x;")));
  testing::write_text(root / "math/sqrt/float.v7.hpp", "orphan");
  auto report = oplib::check_integrity(lib);
  EXPECT_TRUE(report.errors.empty());
  ASSERT_EQ(report.leftovers.size(), 1u);
  auto removed = oplib::remove_leftovers(lib);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 1u);
  EXPECT_TRUE(oplib::check_integrity(lib).leftovers.empty());
  testing::write_text(root / "math/sqrt/float.v1.hpp", "namespace oplib::math { double sqrt(double x) { return 0; } }");
  report = oplib::check_integrity(lib);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find("does not hash to the sha256 op.json records"), std::string::npos);
}

}  // namespace
}  // namespace opsynth
