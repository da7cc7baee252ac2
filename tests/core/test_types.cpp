// Tests for the type language: parse/print round trips, columned errors, C++ spellings, declarations.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "core/types.hpp"
#include "edge_gen.hpp"

namespace opsynth {
namespace {

// ---- generators ---------------------------------------------------------------------------

rc::Gen<Dtype> any_dtype() {
  return rc::gen::element(Dtype::Bool, Dtype::Int32, Dtype::Int64, Dtype::Float32, Dtype::Float64,
                          Dtype::Complex128);
}

rc::Gen<LiteralValue> any_literal() {
  auto of_bool = rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) {
    LiteralValue v;
    v.kind = LiteralValue::Kind::Bool;
    v.b = b;
    return v;
  });
  auto of_int = rc::gen::map(testing::any_int64(), [](std::int64_t i) {
    LiteralValue v;
    v.kind = LiteralValue::Kind::Int;
    v.i = i;
    return v;
  });
  auto of_float = rc::gen::map(testing::any_double(), [](double f) {
    LiteralValue v;
    v.kind = LiteralValue::Kind::Float;
    v.f = f;
    return v;
  });
  auto of_str = rc::gen::map(testing::any_text(), [](std::string s) {
    LiteralValue v;
    v.kind = LiteralValue::Kind::Str;
    v.s = std::move(s);
    return v;
  });
  return rc::gen::oneOf(of_bool, of_int, of_float, of_str);
}

rc::Gen<Type> leaf_type() {
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::element(TypeKind::Bool, TypeKind::Int, TypeKind::Float, TypeKind::Complex,
                                    TypeKind::Str, TypeKind::None),
                   [](TypeKind k) { return Type::scalar(k); }),
      rc::gen::map(any_dtype(), [](Dtype d) { return Type::np_scalar(d); }),
      rc::gen::apply([](Dtype d, int n) { return Type::ndarray(d, n); }, any_dtype(),
                     rc::gen::inRange(0, 33)),
      rc::gen::map(any_literal(), [](LiteralValue v) { return Type::literal_of(std::move(v)); }));
}

rc::Gen<Type> hashable_leaf() {
  return rc::gen::suchThat(leaf_type(), [](const Type& t) { return t.kind != TypeKind::NDArray; });
}

rc::Gen<std::vector<Type>> types_of_length(int lo, int hi, rc::Gen<Type> elem) {
  return rc::gen::mapcat(rc::gen::inRange(lo, hi), [elem](int n) {
    return rc::gen::container<std::vector<Type>>(static_cast<std::size_t>(n), elem);
  });
}

rc::Gen<Type> any_type(int depth) {
  if (depth == 0) return leaf_type();
  auto inner = rc::gen::lazy([depth] { return any_type(depth - 1); });
  return rc::gen::oneOf(leaf_type(), rc::gen::map(inner, [](Type t) { return Type::list(std::move(t)); }),
                        rc::gen::apply([](Type k, Type v) { return Type::dict(std::move(k), std::move(v)); },
                                       hashable_leaf(), inner),
                        rc::gen::map(types_of_length(0, 4, inner),
                                     [](std::vector<Type> ts) { return Type::tuple(std::move(ts)); }));
}

// Inserts random spaces after every bracket and comma (where spaces are allowed but not canonical).
std::string spaced(const std::string& canonical, const std::vector<bool>& where) {
  std::string out;
  std::size_t k = 0;
  bool in_string = false;
  char quote = 0;
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    char c = canonical[i];
    out += c;
    if (in_string) {
      if (c == '\\') {
        out += canonical[++i];
      } else if (c == quote) {
        in_string = false;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      in_string = true;
      quote = c;
      continue;
    }
    if ((c == '[' || c == ',' || c == ']') && k < where.size() && where[k++]) out += "  ";
  }
  return out;
}

// ---- round trips --------------------------------------------------------------------------

RC_GTEST_PROP(TypeRoundTrip, print_then_parse_gives_the_same_type, ()) {
  Type t = *any_type(3);
  std::string text = to_string(t);
  auto parsed = parse_type(text);
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == t);
  RC_ASSERT(to_string(*parsed) == text);
}

RC_GTEST_PROP(TypeRoundTrip, spaces_between_tokens_parse_to_the_canonical_form, ()) {
  Type t = *any_type(2);
  std::string text = spaced(to_string(t), *rc::gen::container<std::vector<bool>>(rc::gen::arbitrary<bool>()));
  auto parsed = parse_type(" " + text + " ");
  RC_ASSERT(parsed.ok());
  RC_ASSERT(to_string(*parsed) == to_string(t));
}

RC_GTEST_PROP(TypeRoundTrip, signature_print_then_parse_gives_the_same_signature, ()) {
  Signature sig;
  sig.params = *types_of_length(0, 5, any_type(2));
  sig.result = *any_type(2);
  auto parsed = parse_signature(to_string(sig));
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == sig);
}

TEST(TypeParse, canonical_form_drops_spaces_inside_brackets) {
  auto t = parse_type(" dict[ str ,  list[ ndarray[ float64 , 2 ] ] ] ");
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(to_string(*t), "dict[str,list[ndarray[float64,2]]]");
}

TEST(TypeParse, empty_tuple_is_spelled_with_parentheses) {
  auto t = parse_type("tuple[ ( ) ]");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, Type::tuple({}));
  EXPECT_EQ(to_string(*t), "tuple[()]");
  EXPECT_EQ(to_cpp(*t), "std::tuple<>");
}

TEST(TypeParse, unions_are_flattened_deduplicated_and_sorted_by_spelling) {
  auto t = parse_type("float64 | float");
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(t->kind, TypeKind::Union);
  EXPECT_EQ(to_string(*t), "float | float64");
  EXPECT_EQ(*t, *parse_type("float|float64"));
  EXPECT_EQ(to_cpp(*t), "std::variant<double,rt::float64>");
  EXPECT_EQ(to_cpp_param(*t), "const std::variant<double,rt::float64>&");
  EXPECT_EQ(to_string(*parse_type("None | int | None")), "None | int");
  EXPECT_EQ(*parse_type("int | int"), Type::scalar(TypeKind::Int));  // one alternative is that type
  EXPECT_EQ(Type::union_of({*parse_type("int | str"), *parse_type("float | int")}), *parse_type("float | int | str"));
  // Inside brackets and in signatures, `|` binds tighter than ',' and ']'.
  EXPECT_EQ(to_string(*parse_type("list[ int | None ]")), "list[None | int]");
  EXPECT_EQ(to_string(*parse_type("dict[str | int, float]")), "dict[int | str,float]");
  auto sig = parse_signature("ndarray[float64,1], Literal['fro'] | None -> float | float64");
  ASSERT_TRUE(sig.ok()) << sig.error().describe();
  EXPECT_EQ(to_string(*sig), "ndarray[float64,1], Literal['fro'] | None -> float | float64");
  EXPECT_EQ(*parse_signature(to_string(*sig)), *sig);
}

TEST(TypeParse, literals_print_as_python_repr) {
  const std::pair<const char*, const char*> cases[] = {
      {"Literal[True]", "Literal[True]"},
      {"Literal[-3]", "Literal[-3]"},
      {"Literal[1e-3]", "Literal[0.001]"},
      {"Literal[1e-5]", "Literal[1e-05]"},
      {"Literal[1e16]", "Literal[1e+16]"},
      {"Literal[2.]", "Literal[2.0]"},
      {"Literal[.5]", "Literal[0.5]"},
      {"Literal[-inf]", "Literal[-inf]"},
      {"Literal[nan]", "Literal[nan]"},
      {"Literal[-0.0]", "Literal[-0.0]"},
      {"Literal[\"fro\"]", "Literal['fro']"},
      {"Literal['it\\'s']", "Literal[\"it's\"]"},
      {"Literal['a\\nb\\x41\\u00e9']", "Literal['a\\nbA\xc3\xa9']"},
  };
  for (auto [in, out] : cases) {
    auto t = parse_type(in);
    ASSERT_TRUE(t.ok()) << in << ": " << t.error().describe();
    EXPECT_EQ(to_string(*t), out) << in;
  }
}

TEST(TypeParse, signature_without_parameters) {
  auto sig = parse_signature("->None");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(sig->params.empty());
  EXPECT_EQ(to_string(*sig), "-> None");
  auto two = parse_signature("int,list[str]->  float");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(to_string(*two), "int, list[str] -> float");
}

// ---- errors name the column ------------------------------------------------------------------

struct BadType {
  const char* text;
  std::size_t column;
  const char* says;
};

TEST(TypeErrors, each_error_names_its_column_and_what_was_expected) {
  const BadType cases[] = {
      {"ndarray[float64,x]", 17, "expected an integer rank"},
      {"ndarray[float64,33]", 17, "rank 33 is out of range (0..32)"},
      {"ndarray[float16,2]", 9, "expected a dtype"},
      {"list[", 6, "expected a type"},
      {"list[int", 9, "expected ']'"},
      {"lst[int]", 1, "unknown type name 'lst'"},
      {"dict[int]", 9, "expected ',' and a value type"},
      {"dict[list[int],str]", 6, "dict key type 'list[int]' is unhashable"},
      {"dict[ndarray[int64,1],str]", 6, "unhashable"},
      {"dict[tuple[int,dict[str,int]],str]", 6, "unhashable"},
      {"tuple[]", 7, "'tuple[()]' is the empty tuple"},
      {"int[3]", 4, "'int' takes no parameters"},
      {"int float", 5, "unexpected text after the type"},
      {"Literal[foo]", 9, "expected a literal"},
      {"Literal['abc]", 9, "unterminated string"},
      {"Literal['\\q']", 10, "unknown escape"},
      {"Literal[99999999999999999999]", 9, "out of range for int64"},
      {"Literal[1e]", 11, "expected exponent digits"},
      {"", 1, "expected a type"},
      {"Literal['\xc3\xa9'", 12, "expected ']'"},  // columns count code points, not bytes
      {"int |", 6, "expected a type"},
      {"int | | str", 7, "expected a type"},
      {"dict[list[int] | str,int]", 6, "unhashable"},
  };
  for (const auto& c : cases) {
    auto t = parse_type(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.error().column, c.column) << c.text << ": " << t.error().describe();
    EXPECT_NE(t.error().message.find(c.says), std::string::npos) << c.text << ": " << t.error().message;
    EXPECT_EQ(t.error().input, c.text);
  }
}

TEST(TypeErrors, describe_is_one_line_with_text_column_and_reason) {
  auto t = parse_type("ndarray[float64,x]");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().describe(), "bad type 'ndarray[float64,x]' at column 17: expected an integer rank");
}

TEST(TypeErrors, signature_errors_name_the_column) {
  const BadType cases[] = {
      {"int, float", 11, "expected ',' or '->'"},
      {"int,, float -> int", 5, "expected a type"},
      {"int -> ", 8, "expected a type"},
      {"int -> int int", 12, "unexpected text after the result type"},
      {"", 1, "expected a type or '->'"},
  };
  for (const auto& c : cases) {
    auto s = parse_signature(c.text);
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().column, c.column) << c.text << ": " << s.error().describe();
    EXPECT_NE(s.error().message.find(c.says), std::string::npos) << c.text << ": " << s.error().message;
  }
}

// ---- C++ spellings ---------------------------------------------------------------------------

std::string cpp_of(const char* text) {
  auto t = parse_type(text);
  return t.ok() ? to_cpp(*t) : "<" + t.error().describe() + ">";
}

TEST(TypeCpp, spells_each_kind_in_the_runtime) {
  EXPECT_EQ(cpp_of("bool"), "bool");
  EXPECT_EQ(cpp_of("int"), "int64_t");
  EXPECT_EQ(cpp_of("float"), "double");
  EXPECT_EQ(cpp_of("complex"), "std::complex<double>");
  EXPECT_EQ(cpp_of("str"), "rt::str");
  EXPECT_EQ(cpp_of("None"), "rt::none");
  EXPECT_EQ(cpp_of("list[dict[str,float]]"), "rt::list<rt::dict<rt::str,double>>");
  EXPECT_EQ(cpp_of("tuple[int,ndarray[complex128,0]]"),
            "std::tuple<int64_t,rt::ndarray<std::complex<double>,0>>");
  EXPECT_EQ(cpp_of("ndarray[float64,2]"), "rt::ndarray<double,2>");
  EXPECT_EQ(cpp_of("ndarray[int32,1]"), "rt::ndarray<int32_t,1>");
  EXPECT_EQ(cpp_of("float64"), "rt::float64");
  EXPECT_EQ(cpp_of("bool_"), "rt::bool_");
  EXPECT_EQ(cpp_of("int32"), "rt::int32");
}

TEST(TypeCpp, literals_become_tag_types_that_round_trip) {
  EXPECT_EQ(cpp_of("Literal['fro']"), "rt::lit<\"fro\">");
  EXPECT_EQ(cpp_of("Literal[False]"), "rt::lit<false>");
  EXPECT_EQ(cpp_of("Literal[2]"), "rt::lit<2>");
  EXPECT_EQ(cpp_of("Literal[-2]"), "rt::lit<-2>");
  EXPECT_EQ(cpp_of("Literal[2.5]"), "rt::lit<2.5>");
  EXPECT_EQ(cpp_of("Literal[2.0]"), "rt::lit<2.0>");
  EXPECT_EQ(cpp_of("Literal[0.1]"), "rt::lit<0.1>");
  EXPECT_EQ(cpp_of("Literal[inf]"), "rt::lit<rt::inf>");
  EXPECT_EQ(cpp_of("Literal[-inf]"), "rt::lit<-rt::inf>");
  EXPECT_EQ(cpp_of("Literal[nan]"), "rt::lit<rt::nan>");
  EXPECT_EQ(cpp_of("Literal[-9223372036854775808]"), "rt::lit<(-9223372036854775807 - 1)>");
  EXPECT_EQ(cpp_of("Literal['a\"b\\\\c\\n']"), "rt::lit<\"a\\\"b\\\\c\\012\">");
}

RC_GTEST_PROP(TypeCpp, float_literal_spelling_reads_back_to_the_same_double, ()) {
  double d = *testing::finite_double();
  LiteralValue v;
  v.kind = LiteralValue::Kind::Float;
  v.f = d;
  std::string cpp = to_cpp(Type::literal_of(v));
  std::string number = cpp.substr(8, cpp.size() - 9);  // inside rt::lit< >
  RC_ASSERT(number.find_first_of(".e") != std::string::npos);
  RC_ASSERT(std::bit_cast<std::uint64_t>(std::strtod(number.c_str(), nullptr)) ==
            std::bit_cast<std::uint64_t>(d));
}

TEST(TypeCpp, containers_pass_by_const_reference_scalars_by_value) {
  auto param = [](const char* text) { return to_cpp_param(*parse_type(text)); };
  EXPECT_EQ(param("float"), "double");
  EXPECT_EQ(param("None"), "rt::none");
  EXPECT_EQ(param("Literal['fro']"), "rt::lit<\"fro\">");
  EXPECT_EQ(param("float64"), "rt::float64");
  EXPECT_EQ(param("complex"), "std::complex<double>");
  EXPECT_EQ(param("str"), "const rt::str&");
  EXPECT_EQ(param("list[int]"), "const rt::list<int64_t>&");
  EXPECT_EQ(param("tuple[int]"), "const std::tuple<int64_t>&");
  EXPECT_EQ(param("ndarray[float64,2]"), "const rt::ndarray<double,2>&");
}

// ---- names and declarations ----------------------------------------------------------------------

TEST(CppName, module_path_becomes_namespace_under_oplib) {
  auto n = cpp_name("numpy.linalg.norm");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->ns, "oplib::numpy::linalg");
  EXPECT_EQ(n->function, "norm");
  auto m = cpp_name("str.upper");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->ns, "oplib::str");
  EXPECT_EQ(m->function, "upper");
}

TEST(CppName, keywords_and_alternative_tokens_get_a_trailing_underscore) {
  EXPECT_EQ(cpp_name("operator.add")->ns, "oplib::operator_");
  EXPECT_EQ(cpp_name("operator.and")->function, "and_");
  EXPECT_EQ(cpp_name("operator.not")->function, "not_");
  EXPECT_EQ(cpp_name("operator.xor")->function, "xor_");
  EXPECT_EQ(cpp_name("operator.or")->function, "or_");
  EXPECT_EQ(cpp_name("builtins.float")->function, "float_");
  EXPECT_EQ(cpp_name("builtins.int")->function, "int_");
  EXPECT_EQ(cpp_name("numpy.delete")->function, "delete_");
  EXPECT_EQ(cpp_name("class.new.this")->ns, "oplib::class_::new_");
  EXPECT_EQ(cpp_name("math.sqrt")->function, "sqrt");
}

TEST(CppName, rejects_invalid_qualnames_with_the_reason) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "dotted name"},
      {"len", "dotted name"},
      {"math..sqrt", "empty name"},
      {"math.", "empty name"},
      {".sqrt", "empty name"},
      {"math.2sqrt", "'2sqrt' is not an identifier"},
      {"math.sq rt", "not an identifier"},
      {"num-py.sum", "'num-py' is not an identifier"},
  };
  for (auto [q, says] : cases) {
    auto n = cpp_name(q);
    ASSERT_FALSE(n.ok()) << q;
    EXPECT_NE(n.error().message.find(says), std::string::npos) << q << ": " << n.error().message;
    EXPECT_EQ(n.error().input, q);
  }
}

TEST(CppDeclaration, numpy_linalg_norm_example_exactly) {
  auto sig = parse_signature("ndarray[float64,2], Literal['fro'], None, Literal[False] -> float");
  ASSERT_TRUE(sig.ok());
  auto decl = cpp_declaration("numpy.linalg.norm", *sig, {"x", "ord", "axis", "keepdims"});
  ASSERT_TRUE(decl.ok()) << decl.error().describe();
  EXPECT_EQ(
      *decl,
      "namespace oplib::numpy::linalg { double norm(const rt::ndarray<double,2>& x, rt::lit<\"fro\"> ord, "
      "rt::none axis, rt::lit<false> keepdims); }");
}

TEST(CppDeclaration, numpy_scalar_result_is_the_runtime_scalar) {
  auto sig = parse_signature("ndarray[float64,2], Literal['fro'], None, Literal[False] -> float64");
  auto decl = cpp_declaration("numpy.linalg.norm", *sig, {"x", "ord", "axis", "keepdims"});
  ASSERT_TRUE(decl.ok());
  EXPECT_EQ(*decl,
            "namespace oplib::numpy::linalg { rt::float64 norm(const rt::ndarray<double,2>& x, "
            "rt::lit<\"fro\"> ord, rt::none axis, rt::lit<false> keepdims); }");
}

TEST(CppDeclaration, unnamed_parameters_are_a0_a1_and_keyword_names_get_underscore) {
  auto sig = parse_signature("int, int -> int");
  EXPECT_EQ(*cpp_declaration("operator.floordiv", *sig),
            "namespace oplib::operator_ { int64_t floordiv(int64_t a0, int64_t a1); }");
  auto get = parse_signature("dict[str,int], str, None -> int");
  EXPECT_EQ(*cpp_declaration("dict.get", *get, {"self", "key", "default"}),
            "namespace oplib::dict { int64_t get(const rt::dict<rt::str,int64_t>& self, const rt::str& key, "
            "rt::none default_); }");
  EXPECT_EQ(*cpp_declaration("time.time", *parse_signature("-> float")),
            "namespace oplib::time { double time(); }");
}

TEST(CppDeclaration, rejects_wrong_name_count_and_bad_names) {
  auto sig = parse_signature("int, int -> int");
  auto count = cpp_declaration("operator.add", *sig, {"a"});
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().message, "1 parameter names for 2 parameters");
  EXPECT_FALSE(cpp_declaration("operator.add", *sig, {"a", "a"}).ok());
  EXPECT_FALSE(cpp_declaration("operator.add", *sig, {"a", "b c"}).ok());
  EXPECT_FALSE(cpp_declaration("add", *sig).ok());
}

TEST(Dtypes, names_sizes_and_cpp_agree) {
  ASSERT_EQ(all_dtypes().size(), kDtypeCount);
  for (Dtype d : all_dtypes()) EXPECT_EQ(dtype_from_name(dtype_name(d)), d);
  EXPECT_EQ(dtype_size(Dtype::Complex128), 16u);
  EXPECT_EQ(dtype_size(Dtype::Int32), 4u);
  EXPECT_EQ(dtype_cpp(Dtype::Float32), "float");
  EXPECT_FALSE(dtype_from_name("bool_").has_value());
}

TEST(Dtypes, numpy_integer_widths_and_complex64_parse_print_and_map_to_cpp) {
  struct Case {
    const char* name;
    std::size_t size;
    const char* cpp;
    DtypeKind kind;
  };
  const Case cases[] = {
      {"uint8", 1, "uint8_t", DtypeKind::UnsignedInt},   {"int8", 1, "int8_t", DtypeKind::SignedInt},
      {"int16", 2, "int16_t", DtypeKind::SignedInt},     {"uint16", 2, "uint16_t", DtypeKind::UnsignedInt},
      {"uint32", 4, "uint32_t", DtypeKind::UnsignedInt}, {"uint64", 8, "uint64_t", DtypeKind::UnsignedInt},
      {"complex64", 8, "std::complex<float>", DtypeKind::Complex},
  };
  for (const auto& c : cases) {
    auto d = dtype_from_name(c.name);
    ASSERT_TRUE(d.has_value()) << c.name;
    EXPECT_EQ(dtype_size(*d), c.size) << c.name;
    EXPECT_EQ(dtype_cpp(*d), c.cpp) << c.name;
    EXPECT_EQ(dtype_kind(*d), c.kind) << c.name;
    const std::string array = "ndarray[" + std::string(c.name) + ", 2]";
    auto t = parse_type(array);
    ASSERT_TRUE(t.ok()) << array;
    EXPECT_EQ(to_string(*t), "ndarray[" + std::string(c.name) + ",2]");
    EXPECT_EQ(to_cpp(*t), "rt::ndarray<" + std::string(c.cpp) + ",2>");
    auto scalar = parse_type(c.name);  // the numpy scalar
    ASSERT_TRUE(scalar.ok()) << c.name;
    EXPECT_EQ(scalar->kind, TypeKind::NpScalar);
    EXPECT_EQ(to_string(*scalar), c.name);
    EXPECT_EQ(to_cpp(*scalar), "rt::" + std::string(c.name));
  }
  auto sig = parse_signature("ndarray[uint8,2], int -> ndarray[uint16,2]");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(to_string(*sig), "ndarray[uint8,2], int -> ndarray[uint16,2]");
}

TEST(Dtypes, a_bad_dtype_spelling_lists_every_dtype) {
  auto t = parse_type("ndarray[uint9,1]");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().column, 9u);
  for (Dtype d : all_dtypes())
    EXPECT_NE(t.error().message.find(std::string(dtype_name(d))), std::string::npos) << t.error().message;
}

}  // namespace
}  // namespace opsynth
