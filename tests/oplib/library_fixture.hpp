// A fresh library in a temp folder per test, and commit requests that need no verifier run.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "oplib/library/library.hpp"
#include "temp_dir.hpp"

namespace opsynth::testing {

inline std::filesystem::path fresh_library_root() {
  const std::filesystem::path dir = process_scratch_dir("opsynth_oplib");
  EXPECT_FALSE(dir.empty());
  return dir / "oplib";
}

inline oplib::Verification a_pass() {
  oplib::Verification v;
  v.verdict = "PASS";
  v.time = "2026-11-25T00:00:00Z";
  v.cases = 10512;
  v.verifier = "test";
  return v;
}

inline oplib::CommitRequest sqrt_commit(const std::string& body) {
  oplib::CommitRequest r;
  r.qualname = "math.sqrt";
  r.signature = *parse_signature("float -> float");
  r.overload = oplib::overload_name(r.signature.params);
  r.source = "namespace oplib::math { inline double sqrt(double x) { " + body + " } }\n";
  r.verification = a_pass();
  r.provenance = {{"author", {{"kind", "hand"}}}};
  return r;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::trunc);
  out << text;
}

}  // namespace opsynth::testing
