// Phase engine: finds wrong candidates at the right phase, shrinks, isolates worker deaths, and
// refuses to call a run conclusive when CPython almost never returned.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "verify/phases.hpp"
#include "verify/sizes.hpp"

namespace opsynth::verify {
namespace {

const Signature kFloatToFloat = parse_signature("float -> float").value();

Outcome value_of(double x) {
  Outcome o;
  o.result = Value(x);
  return o;
}

Outcome raise(const char* cls, const char* msg) {
  Outcome o;
  o.raised = Raised{cls, msg};
  return o;
}

// math.sqrt as CPython does it: ValueError below zero (but sqrt(-0.0) is -0.0).
Outcome python_sqrt(const Case& c) {
  const double x = c.args.at(0).as<double>();
  if (x < 0 || (std::isinf(x) && x < 0)) return raise("ValueError", "math domain error");
  return value_of(std::sqrt(x));
}

OracleRunner oracle_of(Outcome (*f)(const Case&)) {
  return [f](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out;
    for (const auto& c : cases) out.push_back(f(c));
    return out;
  };
}

CandidateRunner candidate_of(std::function<Outcome(double)> f) {
  return [f](const std::vector<Case>& cases, double) {
    BatchRun run;
    for (const auto& c : cases) run.outcomes.push_back(f(c.args.at(0).as<double>()));
    return run;
  };
}

PhasePlan small_plan() {
  PhasePlan plan;
  plan.repair_cases = 500;
  plan.acceptance_cases = 2000;
  plan.repair_seed = 11;
  plan.acceptance_seed = 12;
  plan.batch_size = 128;
  return plan;
}

PhaseResult run(const OracleRunner& oracle, const CandidateRunner& candidate, PhasePlan plan = small_plan()) {
  return run_phases(kFloatToFloat, {"x"}, Domain{}, Tolerance{}, plan, oracle, candidate);
}

TEST(Phases, correct_candidate_passes_every_phase) {
  auto r = run(oracle_of(python_sqrt), candidate_of([](double x) { return python_sqrt(Case{{Value(x)}, {}, {}}); }));
  EXPECT_EQ(r.verdict, Verdict::Pass) << r.reason;
  ASSERT_EQ(r.phases.size(), 4u);
  EXPECT_EQ(r.phases[3].phase, "acceptance");
  EXPECT_EQ(r.phases[3].run, 2000u);
}

TEST(Phases, wrong_sign_of_zero_is_caught_by_edge_cases) {
  auto r = run(oracle_of(python_sqrt), candidate_of([](double x) {
                 if (x == 0) return value_of(0.0);  // loses -0.0
                 return python_sqrt(Case{{Value(x)}, {}, {}});
               }));
  ASSERT_EQ(r.verdict, Verdict::Fail);
  EXPECT_EQ(r.stage, Stage::EdgeCases);
  ASSERT_TRUE(r.counterexample);
  EXPECT_TRUE(std::signbit(r.counterexample->inputs.args[0].as<double>()));
  EXPECT_NE(r.reason.find("zero"), std::string::npos) << r.reason;
}

TEST(Phases, wrong_exception_class_is_a_failure) {
  auto r = run(oracle_of(python_sqrt), candidate_of([](double x) {
                 if (x < 0) return raise("ArithmeticError", "negative");
                 return value_of(std::sqrt(x));
               }));
  ASSERT_EQ(r.verdict, Verdict::Fail);
  ASSERT_TRUE(r.counterexample && r.counterexample->mismatch);
  EXPECT_EQ(r.counterexample->mismatch->stage, "exception");
}

TEST(Phases, a_bug_inside_an_interval_is_found_by_random_cases_and_shrunk) {
  auto r = run(oracle_of(python_sqrt), candidate_of([](double x) {
                 if (x > 1e5 && x < 1e200) return value_of(std::nextafter(std::sqrt(x), 0.0));  // 1 ulp low
                 return python_sqrt(Case{{Value(x)}, {}, {}});
               }));
  ASSERT_EQ(r.verdict, Verdict::Fail) << "a one-ulp error over a wide interval went unnoticed";
  ASSERT_TRUE(r.counterexample);
  const double x = r.counterexample->inputs.args[0].as<double>();
  EXPECT_GT(x, 1e5);
  EXPECT_LT(x, 1e200);
}

TEST(Phases, worker_death_is_isolated_to_the_case_that_caused_it) {
  CandidateRunner dies_on_negative = [](const std::vector<Case>& cases, double) {
    BatchRun run;
    for (const auto& c : cases) {
      const double x = c.args[0].as<double>();
      if (x < -1) {
        run.failure = "Crashed: SIGSEGV";
        run.outcomes.clear();
        return run;
      }
      run.outcomes.push_back(python_sqrt(c));
    }
    return run;
  };
  auto r = run(oracle_of(python_sqrt), dies_on_negative);
  ASSERT_EQ(r.verdict, Verdict::Fail);
  ASSERT_TRUE(r.counterexample);
  EXPECT_EQ(r.counterexample->worker_failure, "Crashed: SIGSEGV");
  EXPECT_LT(r.counterexample->inputs.args[0].as<double>(), -1);
}

TEST(Phases, cpython_results_outside_the_signature_are_a_signature_problem) {
  OracleRunner returns_ints = [](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out(cases.size());
    for (auto& o : out) o.result = Value(std::int64_t{1});
    return out;
  };
  auto r = run(returns_ints, candidate_of([](double) { return value_of(1.0); }));
  EXPECT_EQ(r.verdict, Verdict::Error);
  EXPECT_TRUE(r.signature_problem);
  EXPECT_NE(r.reason.find("declared result type float"), std::string::npos) << r.reason;
}

TEST(Phases, always_raising_reference_makes_the_run_inconclusive) {
  auto always = [](const Case&) { return raise("ValueError", "math domain error"); };
  OracleRunner oracle = [&](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out;
    for (const auto& c : cases) out.push_back(always(c));
    return out;
  };
  auto r = run(oracle, candidate_of([](double) { return raise("ValueError", "no"); }));
  EXPECT_EQ(r.verdict, Verdict::Inconclusive) << r.reason;
}

TEST(Phases, stored_cases_run_first) {
  PhasePlan plan = small_plan();
  plan.stored = {Case{{Value(49.0)}, {std::nullopt}, {std::nullopt}}};
  auto r = run(oracle_of(python_sqrt), candidate_of([](double x) {
                 return x == 49.0 ? value_of(7.000000000000001) : python_sqrt(Case{{Value(x)}, {}, {}});
               }),
               plan);
  ASSERT_EQ(r.verdict, Verdict::Fail);
  EXPECT_EQ(r.stage, Stage::StoredCases);
}

TEST(Phases, same_seeds_give_the_same_counterexample) {
  auto buggy = candidate_of([](double x) {
    if (x > 3 && x < 1e9) return value_of(0.0);
    return python_sqrt(Case{{Value(x)}, {}, {}});
  });
  auto a = run(oracle_of(python_sqrt), buggy);
  auto b = run(oracle_of(python_sqrt), buggy);
  ASSERT_TRUE(a.counterexample && b.counterexample);
  EXPECT_EQ(a.counterexample->inputs, b.counterexample->inputs);
}

// A list sum that is right below 300 elements and wrong from there on; CPython "cannot finish" inputs
// of `slow_from` elements or more (it reports the timeout marker, as the real oracle does).
struct ListSum {
  std::size_t slow_from = SIZE_MAX;
  Outcome expected(const Case& c) const {
    const auto& items = c.args.at(0).as<ListValue>().items;
    if (items.size() >= slow_from) return raise("<oracle timeout>", "CPython was still running after 10 s");
    std::int64_t total = 0;
    for (const auto& v : items) total += v.as<std::int64_t>() % 1000;
    Outcome o;
    o.result = Value(total);
    return o;
  }
};

PhaseResult run_list_sum(const ListSum& reference, std::size_t wrong_from, PhasePlan plan = small_plan()) {
  const Signature sig = parse_signature("list[int] -> int").value();
  OracleRunner oracle = [&](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out;
    for (const auto& c : cases) out.push_back(reference.expected(c));
    return out;
  };
  CandidateRunner candidate = [&](const std::vector<Case>& cases, double) {
    BatchRun run;
    for (const auto& c : cases) {
      Outcome o = ListSum{}.expected(c);
      if (c.args[0].as<ListValue>().items.size() >= wrong_from) o.result = Value(std::int64_t{-1});
      run.outcomes.push_back(o);
    }
    return run;
  };
  Domain d;
  d.int_min = 0;
  d.int_max = 5;
  return run_phases(sig, {"xs"}, d, Tolerance{}, plan, oracle, candidate);
}

// --max-length: no sweep case past it, also none that shares a batch with a shorter one (random cases
// stop at 129, so a candidate wrong from 200 passes when the sweep stops at 150).
TEST(Phases, the_sweep_stops_at_the_plans_max_length) {
  PhasePlan plan = small_plan();
  plan.max_sweep_length = 150;
  const auto r = run_list_sum(ListSum{}, 200, plan);
  ASSERT_EQ(r.verdict, Verdict::Pass) << r.reason;
  ASSERT_FALSE(r.phases.back().notes.empty());
  EXPECT_NE(r.phases.back().notes.front().find("before length 255"), std::string::npos) << r.phases.back().notes.front();
}

TEST(Phases, the_size_sweep_rejects_a_candidate_wrong_only_past_a_length_and_shrinks_to_it) {
  const auto r = run_list_sum(ListSum{}, 300);
  ASSERT_EQ(r.verdict, Verdict::Fail) << "random cases stop at 129; the sweep reaches 1025 and more";
  ASSERT_TRUE(r.counterexample);
  EXPECT_EQ(r.counterexample->inputs.args[0].as<ListValue>().items.size(), 300u);
  EXPECT_NE(r.counterexample->origin.find("sweep"), std::string::npos) << r.counterexample->origin;
}

// Floats over the whole domain: a long list of them almost surely holds a NaN or an infinity, which makes
// a sum NaN or inf whatever a candidate does with the rest. The sweep's long cases must still tell a sum
// that drops every item past 300 from the real one, in lists and in arrays.
double sum_of(const std::vector<double>& xs, std::size_t limit) {
  double total = 0.0;
  for (std::size_t k = 0; k < xs.size() && k < limit; ++k) total += xs[k];
  return total;
}

std::vector<double> floats_of(const Value& v) {
  std::vector<double> out;
  if (v.is<ListValue>()) {
    for (const auto& item : v.as<ListValue>().items) out.push_back(item.as<double>());
  } else {
    const auto& a = v.as<NDArrayValue>();
    out.resize(a.data.size() / sizeof(double));
    std::memcpy(out.data(), a.data.data(), a.data.size());
  }
  return out;
}

PhaseResult run_float_sum(const char* signature, std::size_t dropped_from) {
  const Signature sig = parse_signature(signature).value();
  OracleRunner oracle = [](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out;
    for (const auto& c : cases) out.push_back(value_of(sum_of(floats_of(c.args.at(0)), SIZE_MAX)));
    return out;
  };
  CandidateRunner candidate = [dropped_from](const std::vector<Case>& cases, double) {
    BatchRun run;
    for (const auto& c : cases) run.outcomes.push_back(value_of(sum_of(floats_of(c.args.at(0)), dropped_from)));
    return run;
  };
  return run_phases(sig, {"xs"}, Domain{}, Tolerance{}, small_plan(), oracle, candidate);
}

TEST(Phases, the_size_sweep_rejects_a_float_sum_that_drops_items_past_300_in_lists_and_arrays) {
  for (const char* sig : {"list[float] -> float", "ndarray[float64,1] -> float"}) {
    const auto r = run_float_sum(sig, 300);
    ASSERT_EQ(r.verdict, Verdict::Fail) << sig << ": " << r.reason;
    ASSERT_TRUE(r.counterexample) << sig;
    EXPECT_NE(r.counterexample->origin.find("sweep"), std::string::npos) << sig << ": " << r.counterexample->origin;
  }
}

// len(s.split()) with Python's idea of a space, and a candidate that also counts one other code point
// as a space: the byte-range slip of a hand-written fast path. The op declares a narrow alphabet, as
// op.json's do so that arguments meet; strs must still reach past it to every range edge.
bool python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

std::int64_t word_count(const std::string& utf8, char32_t also_space) {
  std::int64_t words = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t width = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t c = width == 1 ? lead : lead & (0xff >> (width + 1));
    for (std::size_t k = 1; k < width; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3f);
    i += width;
    const bool space = python_space(c) || c == also_space;
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

TEST(Phases, strs_reach_past_the_declared_alphabet_to_every_range_edge) {
  const Signature sig = parse_signature("str -> int").value();
  Domain narrow;
  narrow.alphabet = "ab ";
  OracleRunner oracle = [](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out;
    for (const auto& c : cases) {
      Outcome o;
      o.result = Value(static_cast<std::int64_t>(word_count(c.args.at(0).as<StrValue>().utf8, 0x20)));
      out.push_back(o);
    }
    return out;
  };
  // Each one code point just past an edge a range test is written against.
  for (char32_t wrong : {char32_t{0x0e}, char32_t{0x1b}, char32_t{0x7f}, char32_t{0x84}, char32_t{0x86},
                         char32_t{0x200b}, char32_t{0xdc80}}) {
    CandidateRunner candidate = [wrong](const std::vector<Case>& cases, double) {
      BatchRun run;
      for (const auto& c : cases) {
        Outcome o;
        o.result = Value(static_cast<std::int64_t>(word_count(c.args.at(0).as<StrValue>().utf8, wrong)));
        run.outcomes.push_back(o);
      }
      return run;
    };
    const auto r = run_phases(sig, {"s"}, narrow, Tolerance{}, small_plan(), oracle, candidate);
    EXPECT_EQ(r.verdict, Verdict::Fail) << "a split counting U+" << std::hex << static_cast<std::uint32_t>(wrong)
                                        << " as a space passed: " << r.reason;
  }
}

TEST(Phases, sweep_cases_cpython_cannot_finish_are_skipped_and_end_the_sweep) {
  const auto r = run_list_sum(ListSum{4096}, SIZE_MAX);
  ASSERT_EQ(r.verdict, Verdict::Pass) << r.reason;
  const PhaseCount& acceptance = r.phases.back();
  EXPECT_GT(acceptance.skipped, 0u);
  EXPECT_GT(acceptance.sweep, 30u);
  ASSERT_FALSE(acceptance.notes.empty());
  EXPECT_NE(acceptance.notes.front().find("still running"), std::string::npos) << acceptance.notes.front();
  EXPECT_EQ(acceptance.bands.count(band_first(16384)), 0u) << "no length past the first skip";
  EXPECT_EQ(acceptance.bands.count(band_first(1025)), 1u);
}

// Random text can spell a huge repeat count ('9٣0o' * ...): CPython builds a 2 GB string where the
// worker's memory limit says MemoryError. Such a case is too big for the sandbox and is skipped in any
// phase; the same MemoryError where CPython needed little memory is a wrong candidate. As the real oracle,
// this one traces peak memory only when given a budget (a phase asks again for the case that matters).
OracleRunner sqrt_needing_gigabytes_above_a_million() {
  return [](const std::vector<Case>& cases, double budget_seconds) {
    std::vector<Outcome> out;
    for (const auto& c : cases) {
      out.push_back(python_sqrt(c));
      if (budget_seconds > 0 && c.args.at(0).as<double>() > 1e6) out.back().peak_bytes = std::size_t{2} << 30;
    }
    return out;
  };
}

TEST(Phases, out_of_memory_where_cpython_needed_gigabytes_is_skipped_in_random_phases) {
  const auto candidate = candidate_of([](double x) {
    if (x > 1e6 && x < 1e9) return raise("MemoryError", "");
    return python_sqrt(Case{{Value(x)}, {}, {}});
  });
  const auto skipped = run(sqrt_needing_gigabytes_above_a_million(), candidate);
  ASSERT_EQ(skipped.verdict, Verdict::Pass) << skipped.reason;
  std::size_t skips = 0;
  for (const auto& phase : skipped.phases) skips += phase.skipped;
  EXPECT_GT(skips, 0u) << "no random case fell in (1e6, 1e9): the test proves nothing";

  const auto rejected = run(oracle_of(python_sqrt), candidate);
  ASSERT_EQ(rejected.verdict, Verdict::Fail);
  EXPECT_EQ(rejected.counterexample->got.raised->exception, "MemoryError");
}

// A worker reply frame holds 64 MB: large sweep cases reach the candidate in parts whose expected outcomes
// stay within a budget, so a correct candidate is never failed for answering several large cases at once.
TEST(Phases, large_sweep_cases_reach_the_candidate_in_parts_a_reply_frame_holds) {
  const Signature sig = parse_signature("ndarray[float64,1] -> ndarray[float64,1]").value();
  OracleRunner identity = [](const std::vector<Case>& cases, double) {
    std::vector<Outcome> out;
    for (const auto& c : cases) {
      Outcome o;
      o.result = c.args[0];
      out.push_back(o);
    }
    return out;
  };
  std::size_t largest_part = 0;
  CandidateRunner candidate = [&](const std::vector<Case>& cases, double) {
    BatchRun run;
    std::size_t bytes = 0;
    for (const auto& c : cases) {
      bytes += value_bytes(c.args[0]);
      Outcome o;
      o.result = c.args[0];
      run.outcomes.push_back(o);
    }
    largest_part = std::max(largest_part, bytes);
    if (bytes > (std::size_t{20} << 20)) run.failure = "ProtocolViolation: reply larger than the limit";  // 3 cases of 2^20
    return run;
  };
  const PhaseResult r = run_phases(sig, {"xs"}, Domain{}, Tolerance{}, small_plan(), identity, candidate);
  ASSERT_EQ(r.verdict, Verdict::Pass) << r.reason;
  EXPECT_GT(r.phases.back().bands.count(band_first(1 << 20)), 0u) << "the sweep reached 2^20 elements";
  EXPECT_LE(largest_part, std::size_t{17} << 20);
}

}  // namespace
}  // namespace opsynth::verify
