// rt::abi (rt/abi_bridge.hpp): round trips of every runtime type through opsynth_value nodes, zero-copy
// arrays both ways, invoke's exceptions and args_after, and release freeing everything it owns.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "rt/abi_bridge.hpp"
#include "rt/prelude.hpp"

OPSYNTH_ABI_EXPORTS()

// Live allocations through operator new, to see that release frees everything a conversion made.
namespace {
std::atomic<long> live_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  if (void* p = std::malloc(n ? n : 1)) {
    ++live_allocations;
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return ::operator new(n, t); }
// GCC sees free() on what `new` returned; here that is the point (operator new above is malloc).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  --live_allocations;
  std::free(p);
}
#pragma GCC diagnostic pop
void operator delete[](void* p) noexcept { ::operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { ::operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { ::operator delete(p); }

namespace {

using rt::abi::from_value;
using rt::abi::release;
using rt::abi::to_value;

// A node released when the test ends.
struct Node {
  opsynth_value v = rt::abi::detail::unset_value();
  Node() = default;
  Node(const Node&) = delete;
  ~Node() { release(&v); }
  opsynth_value* operator&() { return &v; }
};

template <class T>
T round_trip(const T& x) {
  Node n;
  to_value(x, &n);
  return from_value<T>(n.v);
}

// Input nodes built by hand, as a caller would (no owners).
opsynth_value input(std::int32_t kind) {
  opsynth_value v = rt::abi::detail::unset_value();
  v.kind = kind;
  return v;
}
opsynth_value int_input(std::int64_t i) {
  opsynth_value v = input(OPSYNTH_INT);
  v.i = i;
  return v;
}
opsynth_value str_input(const std::string& s) {
  opsynth_value v = input(OPSYNTH_STR);
  v.str = s.data();
  v.len = static_cast<std::int64_t>(s.size());
  return v;
}
opsynth_value list_input(std::vector<opsynth_value>& items, std::int64_t id = 0) {
  opsynth_value v = input(OPSYNTH_LIST);
  v.items = items.data();
  v.len = static_cast<std::int64_t>(items.size());
  v.i = id;
  return v;
}
opsynth_value dict_input(std::vector<opsynth_value>& entries, std::int64_t id = 0) {  // key0, value0, ...
  opsynth_value v = input(OPSYNTH_DICT);
  v.items = entries.data();
  v.len = static_cast<std::int64_t>(entries.size());
  v.i = id;
  return v;
}
opsynth_value array_input(std::int32_t dtype, void* data, std::int64_t ndim, const std::int64_t* shape,
                          const std::int64_t* byte_strides, std::int64_t id = 0) {
  opsynth_value v = input(OPSYNTH_NDARRAY);
  v.dtype = dtype;
  v.data = data;
  v.ndim = ndim;
  v.shape = shape;
  v.strides = byte_strides;
  v.i = id;
  return v;
}

std::string exception_name(const opsynth_value& v) {
  return v.kind == OPSYNTH_EXCEPTION ? v.str : "(no exception)";
}
std::string exception_message(const opsynth_value& v) {
  return v.kind == OPSYNTH_EXCEPTION ? std::string(v.items[0].str, static_cast<std::size_t>(v.items[0].len))
                                     : "";
}

// --- scalars
// ------------------------------------------------------------------------------------------------

TEST(AbiBridge, python_scalars_round_trip) {
  EXPECT_EQ(round_trip(true), true);
  EXPECT_EQ(round_trip(false), false);
  EXPECT_EQ(round_trip<std::int64_t>(-9223372036854775807 - 1), -9223372036854775807 - 1);
  EXPECT_EQ(round_trip(-0.5), -0.5);
  EXPECT_TRUE(std::signbit(round_trip(-0.0)));
  EXPECT_EQ(round_trip(std::complex<double>(1.5, -2)), std::complex<double>(1.5, -2));
  EXPECT_EQ(round_trip(rt::None), rt::None);
}

TEST(AbiBridge, a_union_crosses_as_the_alternative_it_holds) {
  using FloatOrF64 = std::variant<double, rt::float64>;
  const FloatOrF64 plain = round_trip(FloatOrF64(std::in_place_index<0>, -0.0));
  ASSERT_EQ(plain.index(), 0u);
  EXPECT_TRUE(std::signbit(std::get<0>(plain)));
  EXPECT_EQ(round_trip(FloatOrF64(std::in_place_index<1>, rt::float64(3.5))).index(), 1u);
  EXPECT_EQ(round_trip(std::variant<rt::none, rt::list<std::int64_t>>(rt::None)).index(), 0u);
  // A node of no alternative's kind names the union it was read as.
  try {
    from_value<FloatOrF64>(int_input(1));
    ADD_FAILURE() << "an int read as float | float64";
  } catch (const rt::TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("float | float64"), std::string::npos) << e.what();
  }
}

TEST(AbiBridge, str_round_trips_utf8_bytes_including_nul) {
  const rt::str s(std::string_view("h\xc3\xa9llo\0w\xe2\x9c\x93 and a longer tail", 27));
  const rt::str back = round_trip(s);
  EXPECT_EQ(back.utf8(), s.utf8());
  EXPECT_EQ(back.len(), s.len());
  Node n;
  to_value(rt::str("abc"), &n);
  EXPECT_EQ(n.v.len, 3);
  EXPECT_EQ(n.v.str[3], '\0');  // terminated for C readers too
}

TEST(AbiBridge, a_result_list_of_strs_travels_as_views_that_outlive_the_list) {
  const std::string long_text = "a text well past the fifteen inline bytes";
  const std::vector<std::string> texts{"", "x", "h\xc3\xa9", std::string("nul\0in", 6), "\xed\xa0\x80", long_text};
  Node n;
  {
    rt::list<rt::str> words;
    for (const std::string& t : texts) words.append(rt::str(t));
    words.append(words.getitem(5));  // one str twice
    to_value(words, &n);
  }  // the function's own handle is gone: the node's views must still hold
  ASSERT_EQ(n.v.kind, OPSYNTH_LIST);
  ASSERT_EQ(n.v.dtype, OPSYNTH_DT_STR_VIEW);
  ASSERT_EQ(n.v.len, 7);
  EXPECT_EQ(n.v.items, nullptr);
  const auto* views = static_cast<const opsynth_str_view*>(n.v.data);
  for (std::size_t k = 0; k < texts.size(); ++k)
    EXPECT_EQ(std::string(views[k].ptr, static_cast<std::size_t>(views[k].len)), texts[k]) << k;
  EXPECT_EQ(std::string(views[6].ptr, static_cast<std::size_t>(views[6].len)), long_text);
  const auto back = from_value<rt::list<rt::str>>(n.v);  // a library reads its own result form too
  ASSERT_EQ(back.len(), 7);
  EXPECT_EQ(back.getitem(3).utf8(), texts[3]);
  Node empty;
  to_value(rt::list<rt::str>{}, &empty);
  EXPECT_EQ(empty.v.len, 0);
  EXPECT_EQ(empty.v.data, nullptr);
}

TEST(AbiBridge, numpy_scalars_round_trip_with_their_dtype) {
  EXPECT_EQ(round_trip(rt::float64(2.5)).value, 2.5);
  EXPECT_EQ(round_trip(rt::float32(1.25f)).value, 1.25f);
  EXPECT_EQ(round_trip(rt::int64(-7)).value, -7);
  EXPECT_EQ(round_trip(rt::int32(-2147483647 - 1)).value, -2147483647 - 1);
  EXPECT_EQ(round_trip(rt::bool_(true)).value, true);
  EXPECT_EQ(round_trip(rt::complex128({0, 1})).value, std::complex<double>(0, 1));
  Node n;
  to_value(rt::float32(1.0f), &n);
  EXPECT_EQ(n.v.kind, OPSYNTH_NPSCALAR);
  EXPECT_EQ(n.v.dtype, OPSYNTH_DT_FLOAT32);
  EXPECT_THROW(from_value<rt::float64>(n.v), rt::TypeError);
}

TEST(AbiBridge, literal_checks_the_value_passed) {
  EXPECT_NO_THROW(round_trip(rt::lit<"fro">{}));
  EXPECT_NO_THROW(round_trip(rt::lit<2>{}));
  EXPECT_NO_THROW(round_trip(rt::lit<false>{}));
  EXPECT_NO_THROW(round_trip(rt::lit<rt::nan>{}));
  const std::string nuc = "nuc";
  try {
    from_value<rt::lit<"fro">>(str_input(nuc));
    FAIL() << "no TypeError";
  } catch (const rt::TypeError& e) {
    EXPECT_EQ(e.message(), "expected Literal['fro'], got str 'nuc'");
  }
  EXPECT_THROW(from_value<rt::lit<1>>(int_input(2)), rt::TypeError);
  opsynth_value one_as_bool = input(OPSYNTH_BOOL);
  one_as_bool.i = 1;
  EXPECT_THROW(from_value<rt::lit<1>>(one_as_bool), rt::TypeError);  // Literal[1] is not Literal[True]
  opsynth_value minus_zero = input(OPSYNTH_FLOAT);
  minus_zero.f[0] = -0.0;
  EXPECT_THROW(from_value<rt::lit<0.0>>(minus_zero), rt::TypeError);
}

TEST(AbiBridge, kind_mismatch_names_expected_and_got) {
  try {
    from_value<rt::list<std::int64_t>>(int_input(3));
    FAIL() << "no TypeError";
  } catch (const rt::TypeError& e) {
    EXPECT_EQ(e.message(), "expected list[int], got int");
  }
  std::vector<opsynth_value> items{int_input(1)};
  try {
    from_value<rt::list<double>>(list_input(items));
    FAIL() << "no TypeError";
  } catch (const rt::TypeError& e) {
    EXPECT_EQ(e.message(), "expected float, got int");
  }
}

// --- containers
// ----------------------------------------------------------------------------------------------

TEST(AbiBridge, nested_containers_round_trip) {
  using inner = rt::dict<rt::str, rt::list<std::int64_t>>;
  rt::list<inner> x;
  x.append(inner{{"a", {1, 2}}, {"b", {}}});
  x.append(inner{});
  x.append(inner{{"\xc3\xa9t\xc3\xa9", {-3}}});
  const rt::list<inner> back = round_trip(x);
  EXPECT_FALSE(back.is(x));  // a copy: nodes carry values, not handles
  EXPECT_EQ(rt::repr(back), "[{'a': [1, 2], 'b': []}, {}, {'été': [-3]}]");
}

// Lists of scalars and strs inside a container travel packed, their words in the container's storage:
// no owner of their own, and the container's node keeps alive the strs they view after every handle on
// the lists is gone.
TEST(AbiBridge, packed_lists_inside_a_container_live_in_its_storage) {
  Node dict_node, list_node;
  {
    const std::string long_text(40, 'x');  // not inline: the view is of the str's own heap text
    rt::dict<std::int64_t, rt::list<rt::str>> groups;
    groups.setitem(3, rt::list<rt::str>{"a", rt::str(long_text), "\xc3\xa9"});
    groups.setitem(-1, rt::list<rt::str>{});
    groups.setitem(7, rt::list<rt::str>{""});
    to_value(groups, &dict_node);
    rt::list<rt::list<double>> rows;
    rows.append(rt::list<double>{-0.0, std::nan(""), 1e308});
    rows.append(rt::list<double>{});
    rt::list<rt::list<bool>> flags;
    flags.append(rt::list<bool>{true, false, true, true, false, false, true, false, true});
    to_value(std::tuple{rows, flags}, &list_node);
  }  // the handles die here: only the nodes hold the lists now
  ASSERT_EQ(dict_node.v.len, 6);
  for (std::int64_t k = 1; k < 6; k += 2) {
    const opsynth_value& child = dict_node.v.items[k];
    EXPECT_EQ(child.kind, OPSYNTH_LIST);
    EXPECT_EQ(child.dtype, OPSYNTH_DT_STR_VIEW);
    EXPECT_EQ(child.owner, nullptr);
    EXPECT_EQ(child.data == nullptr, child.len == 0);
  }
  const auto* views = static_cast<const opsynth_str_view*>(dict_node.v.items[1].data);
  EXPECT_EQ(std::string_view(views[1].ptr, static_cast<std::size_t>(views[1].len)), std::string(40, 'x'));
  EXPECT_EQ(rt::repr(from_value<rt::dict<std::int64_t, rt::list<rt::str>>>(dict_node.v)),
            "{3: ['a', '" + std::string(40, 'x') + "', '\xc3\xa9'], -1: [], 7: ['']}");
  const opsynth_value& first_row = list_node.v.items[0].items[0];
  EXPECT_EQ(first_row.owner, nullptr);
  EXPECT_EQ(first_row.dtype, OPSYNTH_DT_FLOAT64);
  const auto back = from_value<std::tuple<rt::list<rt::list<double>>, rt::list<rt::list<bool>>>>(list_node.v);
  const rt::list<double> row = std::get<0>(back).getitem(0);
  EXPECT_TRUE(std::signbit(row.getitem(0)));
  EXPECT_TRUE(std::isnan(row.getitem(1)));
  EXPECT_EQ(row.getitem(2), 1e308);
  EXPECT_EQ(std::get<0>(back).getitem(1).len(), 0);
  EXPECT_EQ(rt::repr(std::get<1>(back)), "[[True, False, True, True, False, False, True, False, True]]");
}

TEST(AbiBridge, dict_keeps_insertion_order_and_tuple_keys) {
  rt::dict<std::tuple<std::int64_t, rt::str>, double> d;
  d.setitem({2, "z"}, 1.0);
  d.setitem({1, "a"}, 2.0);
  d.setitem({3, "m"}, 3.0);
  d.delitem({1, "a"});
  d.setitem({1, "a"}, 4.0);
  EXPECT_EQ(rt::repr(round_trip(d)), "{(2, 'z'): 1.0, (3, 'm'): 3.0, (1, 'a'): 4.0}");
}

TEST(AbiBridge, tuple_round_trip_checks_arity) {
  const std::tuple<std::int64_t, rt::str, rt::list<bool>, std::tuple<>> t{5, "x", {true, false}, {}};
  EXPECT_TRUE(round_trip(t) == t);
  Node n;
  to_value(std::tuple<std::int64_t>{1}, &n);
  EXPECT_THROW((from_value<std::tuple<std::int64_t, std::int64_t>>(n.v)), rt::TypeError);
}

// --- arrays
// --------------------------------------------------------------------------------------------------

TEST(AbiBridge, array_argument_is_a_view_of_the_callers_buffer) {
  double buffer[6] = {0, 1, 2, 3, 4, 5};
  const std::int64_t shape[2] = {2, 3}, strides[2] = {24, 8};
  auto a = from_value<rt::ndarray<double, 2>>(array_input(OPSYNTH_DT_FLOAT64, buffer, 2, shape, strides));
  EXPECT_EQ(a.data(), buffer);
  EXPECT_EQ(a.strides(), (rt::shape_t<2>{3, 1}));  // bytes on the wire, elements in rt
  a(1, 2) = 50;
  EXPECT_EQ(buffer[5], 50);
  EXPECT_TRUE(a.writeable());
  EXPECT_NE(a.owner(), nullptr);  // views of it know they share a buffer
}

TEST(AbiBridge, array_argument_with_negative_and_transposed_strides) {
  std::int32_t buffer[6] = {0, 1, 2, 3, 4, 5};
  const std::int64_t shape[2] = {3, 2}, strides[2] = {-8, 4};  // x.reshape(3, 2)[::-1]
  auto a =
      from_value<rt::ndarray<std::int32_t, 2>>(array_input(OPSYNTH_DT_INT32, buffer + 4, 2, shape, strides));
  EXPECT_EQ(a.to_vector(), (std::vector<std::int32_t>{4, 5, 2, 3, 0, 1}));
}

TEST(AbiBridge, array_argument_with_partial_item_stride_is_refused) {
  alignas(8) unsigned char raw[64] = {};
  const std::int64_t shape[1] = {3}, strides[1] = {12};
  EXPECT_THROW((from_value<rt::ndarray<double, 1>>(array_input(OPSYNTH_DT_FLOAT64, raw, 1, shape, strides))),
               rt::ValueError);
  const std::int64_t one[1] = {1};  // a length-1 axis never steps: any stride will do
  EXPECT_NO_THROW(
      (from_value<rt::ndarray<double, 1>>(array_input(OPSYNTH_DT_FLOAT64, raw, 1, one, strides))));
  const std::int64_t good[1] = {8};
  EXPECT_THROW((from_value<rt::ndarray<double, 1>>(array_input(OPSYNTH_DT_FLOAT64, raw + 1, 1, shape, good))),
               rt::TypeError);  // misaligned data
}

TEST(AbiBridge, array_argument_dtype_and_rank_are_checked) {
  double buffer[2] = {};
  const std::int64_t shape[1] = {2}, strides[1] = {8};
  try {
    from_value<rt::ndarray<float, 1>>(array_input(OPSYNTH_DT_FLOAT64, buffer, 1, shape, strides));
    FAIL() << "no TypeError";
  } catch (const rt::TypeError& e) {
    EXPECT_EQ(e.message(), "expected ndarray[float32,1], got ndarray[float64,1]");
  }
  EXPECT_THROW(
      (from_value<rt::ndarray<double, 2>>(array_input(OPSYNTH_DT_FLOAT64, buffer, 1, shape, strides))),
      rt::TypeError);
}

TEST(AbiBridge, read_only_flag_crosses_both_ways) {
  double buffer[2] = {1, 2};
  const std::int64_t shape[1] = {2}, strides[1] = {8};
  opsynth_value v = array_input(OPSYNTH_DT_FLOAT64, buffer, 1, shape, strides);
  v.len = OPSYNTH_ARRAY_READONLY;
  auto a = from_value<rt::ndarray<double, 1>>(v);
  EXPECT_FALSE(a.writeable());
  EXPECT_THROW(a.fill(0), rt::ValueError);
  Node n;
  to_value(rt::ndarray<double, 1>::full({1}, 1.0).broadcast_to(rt::shape_t<2>{2, 1}), &n);
  EXPECT_EQ(n.v.len & OPSYNTH_ARRAY_READONLY, OPSYNTH_ARRAY_READONLY);
  EXPECT_EQ(n.v.strides[0], 0);
}

TEST(AbiBridge, array_result_is_zero_copy_and_owned_until_released) {
  auto a = rt::ndarray<std::complex<double>, 2>::zeros({2, 3});
  a(1, 2) = {7, -1};
  const auto view = a.transpose();
  std::weak_ptr<const void> buffer = a.owner();
  opsynth_value v = rt::abi::detail::unset_value();
  to_value(view, &v);
  EXPECT_EQ(v.kind, OPSYNTH_NDARRAY);
  EXPECT_EQ(v.dtype, OPSYNTH_DT_COMPLEX128);
  EXPECT_EQ(v.data, a.data());  // pointer equality: no copy
  EXPECT_EQ(v.ndim, 2);
  EXPECT_EQ(v.shape[0], 3);
  EXPECT_EQ(v.shape[1], 2);
  EXPECT_EQ(v.strides[0], 16);
  EXPECT_EQ(v.strides[1], 48);
  EXPECT_EQ(v.i, 0);  // library memory
  a = rt::ndarray<std::complex<double>, 2>();
  const_cast<rt::ndarray<std::complex<double>, 2>&>(view) = rt::ndarray<std::complex<double>, 2>();
  EXPECT_FALSE(buffer.expired());  // the node keeps the buffer alive...
  EXPECT_EQ(static_cast<std::complex<double>*>(v.data)[5], std::complex<double>(7, -1));
  // ...until the caller, who took over the owner, hands it back.
  void* owner = v.owner;
  v.owner = nullptr;
  release(&v);
  EXPECT_FALSE(buffer.expired());
  opsynth_release_array(owner);
  EXPECT_TRUE(buffer.expired());
}

TEST(AbiBridge, zero_dimensional_array_round_trips) {
  auto a = rt::ndarray<std::int64_t, 0>::full({}, 42);
  Node n;
  to_value(a, &n);
  EXPECT_EQ(n.v.ndim, 0);
  EXPECT_EQ((from_value<rt::ndarray<std::int64_t, 0>>(n.v).item()), 42);
}

// --- invoke
// --------------------------------------------------------------------------------------------------

double add(double a, std::int64_t b) { return a + static_cast<double>(b); }
std::int64_t lookup(const rt::dict<rt::str, std::int64_t>& d, const rt::str& k) { return d.getitem(k); }
std::int64_t reinsert(const rt::dict<rt::str, std::int64_t>& d, const rt::str& k) {
  const std::int64_t v = d.getitem(k);
  d.delitem(k);
  d.setitem(k, v);  // the same entries, another order
  return v;
}

rt::none append_length(const rt::list<std::int64_t>& l, double) {
  l.append(l.len());
  return {};
}
rt::none append_then_fail(const rt::list<std::int64_t>& l) {
  l.append(1);
  throw rt::KeyError("'k'");
}
std::int64_t alias_len(const rt::list<std::int64_t>& a, const rt::list<std::int64_t>& b) {
  a.append(0);
  return b.len();
}
rt::list<std::int64_t> same_list(const rt::list<std::int64_t>& l) { return l; }
rt::ndarray<double, 1> tail(const rt::ndarray<double, 1>& x) {
  return x.slice(0, rt::slice{1, std::nullopt, std::nullopt});
}
rt::none copy_shifted(const rt::ndarray<double, 1>& dst, const rt::ndarray<double, 1>& src) {
  rt::ndarray<double, 1>(dst).assign(src);
  return {};
}
// Each word, then each word with a tail, the first word twice more, and a dict of the words by length.
std::tuple<rt::list<rt::str>, rt::dict<rt::str, std::int64_t>, rt::str> regroup(const rt::list<rt::str>& ws) {
  rt::list<rt::str> out;
  rt::dict<rt::str, std::int64_t> lengths;
  for (const rt::str& w : ws) {
    out.append(w);
    rt::str changed = w;
    changed += rt::str("!");
    out.append(changed);
    lengths.setitem(w, w.len());
  }
  rt::str moved = ws.getitem(0);
  rt::str taken = std::move(moved);
  out.append(taken);
  out.append(moved);  // moved-from: no longer the input's text
  return {out, lengths, ws.getitem(0)};
}
// The first word of the previous call's list: a str that outlived its call.
rt::str kept_from_before(const rt::list<rt::str>& ws) {
  static rt::str kept;
  rt::str before = kept;
  if (ws.len() > 0) kept = ws.getitem(0);
  return before;
}

rt::dict<std::int64_t, rt::str> inverted(const rt::dict<rt::str, std::int64_t>& d) {
  rt::dict<std::int64_t, rt::str> out;
  d.for_each_item([&](const rt::str& k, std::int64_t v) { out.setitem(v, k); });
  if (d.len() > 0) d.setitem("c", 3);
  return out;
}
rt::dict<rt::str, std::int64_t> same_dict(const rt::dict<rt::str, std::int64_t>& d) { return d; }

rt::none throws_bad_alloc() { throw std::bad_alloc(); }
rt::none throws_std() { throw std::out_of_range("vector::at"); }
void returns_void() {}

struct Outcome {
  int rc;
  opsynth_value out = rt::abi::detail::unset_value();
  std::vector<opsynth_value> after;
  ~Outcome() {
    release(&out);
    for (auto& v : after) release(&v);
  }
};

template <class F>
std::unique_ptr<Outcome> call(F* fn, std::vector<opsynth_value> args) {
  auto o = std::make_unique<Outcome>();
  o->after.assign(args.size(), rt::abi::detail::unset_value());
  o->rc = rt::abi::invoke(args.data(), static_cast<std::int64_t>(args.size()), &o->out, o->after.data(), fn);
  return o;
}

opsynth_value float_input(double f) {
  opsynth_value v = input(OPSYNTH_FLOAT);
  v.f[0] = f;
  return v;
}

TEST(AbiInvoke, converts_arguments_and_result) {
  auto o = call(&add, {float_input(1.5), int_input(2)});
  EXPECT_EQ(o->rc, 0);
  EXPECT_EQ(o->out.kind, OPSYNTH_FLOAT);
  EXPECT_EQ(o->out.f[0], 3.5);
  EXPECT_EQ(o->after[0].kind, OPSYNTH_UNSET);
  auto v = call(&returns_void, {});
  EXPECT_EQ(v->rc, 0);
  EXPECT_EQ(v->out.kind, OPSYNTH_NONE);
}

TEST(AbiInvoke, wrong_argument_count_or_kind_is_type_error) {
  auto o = call(&add, {float_input(1.5)});
  EXPECT_EQ(o->rc, 1);
  EXPECT_EQ(exception_name(o->out), "TypeError");
  EXPECT_EQ(exception_message(o->out), "the function takes 2 arguments but 1 were given");
  auto k = call(&add, {int_input(1), int_input(2)});
  EXPECT_EQ(exception_name(k->out), "TypeError");
  EXPECT_EQ(exception_message(k->out), "expected float, got int");
}

TEST(AbiInvoke, exceptions_become_nodes_with_python_class_and_message) {
  double buffer[2] = {};
  const std::int64_t shape[1] = {2}, bad[1] = {4};
  auto v = call(&tail, {array_input(OPSYNTH_DT_FLOAT64, buffer, 1, shape, bad)});
  EXPECT_EQ(v->rc, 1);
  EXPECT_EQ(exception_name(v->out), "ValueError");
  EXPECT_EQ(exception_message(v->out), "ndarray stride of 4 bytes is not a multiple of the item size 8");
  auto m = call(&throws_bad_alloc, {});
  EXPECT_EQ(exception_name(m->out), "MemoryError");
  EXPECT_EQ(exception_message(m->out), "");
  auto s = call(&throws_std, {});
  EXPECT_EQ(exception_name(s->out), "SystemError");
  EXPECT_EQ(exception_message(s->out), "vector::at");
}

TEST(AbiInvoke, list_argument_state_comes_back_in_args_after) {
  std::vector<opsynth_value> items{int_input(10), int_input(20)};
  auto o = call(&append_length, {list_input(items, 1), float_input(0)});
  EXPECT_EQ(o->rc, 0);
  ASSERT_EQ(o->after[0].kind, OPSYNTH_LIST);
  EXPECT_EQ(o->after[0].i, 1);  // the caller's object, in its new state
  EXPECT_EQ(rt::repr(from_value<rt::list<std::int64_t>>(o->after[0])), "[10, 20, 2]");
  EXPECT_EQ(o->after[1].kind, OPSYNTH_UNSET);
}

TEST(AbiInvoke, a_dict_only_read_stays_unset_and_one_reordered_comes_back) {
  const std::string a = "a", b = "b";
  std::vector<opsynth_value> entries{str_input(a), int_input(1), str_input(b), int_input(2)};
  const opsynth_value table = dict_input(entries, 1);
  auto read = call(&lookup, {table, str_input(b)});
  EXPECT_EQ(read->rc, 0);
  EXPECT_EQ(read->out.i, 2);
  EXPECT_EQ(read->after[0].kind, OPSYNTH_UNSET);  // the caller's table is as it was: nothing to rebuild
  auto moved = call(&reinsert, {table, str_input(a)});
  ASSERT_EQ(moved->after[0].kind, OPSYNTH_DICT);  // same entries, but 'a' now last
  EXPECT_EQ(rt::repr(from_value<rt::dict<rt::str, std::int64_t>>(moved->after[0])), "{'b': 2, 'a': 1}");
}

// Strs packed as views.
opsynth_value str_views_input(std::vector<opsynth_str_view>& views, std::int32_t dtype) {
  opsynth_value v = input(OPSYNTH_LIST);
  v.dtype = dtype;
  v.data = views.data();
  v.len = static_cast<std::int64_t>(views.size());
  return v;
}
std::vector<opsynth_str_view> views_of(const std::vector<std::string>& texts) {
  std::vector<opsynth_str_view> views;
  for (const std::string& t : texts) views.push_back({t.data(), static_cast<std::int64_t>(t.size())});
  return views;
}
std::string text_of(const opsynth_str_view& v) { return std::string(v.ptr, static_cast<std::size_t>(v.len)); }

TEST(AbiInvoke, results_name_the_input_strs_they_keep_unchanged_when_the_caller_lets_them) {
  const std::vector<std::string> texts{"ab", "h\xc3\xa9", "", "a text well past the fifteen inline bytes"};
  std::vector<opsynth_str_view> views = views_of(texts);
  auto o = call(&regroup, {str_views_input(views, OPSYNTH_DT_STR_VIEW_NAMEABLE)});
  ASSERT_EQ(o->rc, 0) << exception_message(o->out);
  ASSERT_EQ(o->out.kind, OPSYNTH_TUPLE);
  const opsynth_value& list = o->out.items[0];
  ASSERT_EQ(list.dtype, OPSYNTH_DT_STR_VIEW);
  ASSERT_EQ(list.len, 10);
  const auto* got = static_cast<const opsynth_str_view*>(list.data);
  for (std::size_t k = 0; k < texts.size(); ++k) {
    EXPECT_EQ(got[2 * k].len, OPSYNTH_LEN_NAMES_INPUT) << k;  // kept: named, no bytes
    EXPECT_EQ(got[2 * k].ptr, reinterpret_cast<const char*>(&views[k])) << k;
    EXPECT_EQ(text_of(got[2 * k + 1]), texts[k] + "!") << k;  // changed: its bytes
  }
  EXPECT_EQ(got[8].ptr, reinterpret_cast<const char*>(&views[0]));  // moved into: still the input's
  EXPECT_EQ(got[8].len, OPSYNTH_LEN_NAMES_INPUT);
  EXPECT_NE(got[9].len, OPSYNTH_LEN_NAMES_INPUT);  // moved from: not the input's any more (its bytes)
  const opsynth_value& dict = o->out.items[1];  // a new dict's keys (in its keys column) and a lone str too
  ASSERT_EQ(dict.kind, OPSYNTH_DICT);
  ASSERT_EQ(dict.ndim, OPSYNTH_DICT_COLUMNS);
  ASSERT_EQ(dict.len, 8);
  const auto* keys = static_cast<const opsynth_str_view*>(dict.items[0].data);
  const auto* lengths = static_cast<const std::int64_t*>(dict.items[1].data);
  for (std::size_t k = 0; k < texts.size(); ++k) {
    EXPECT_EQ(keys[k].len, OPSYNTH_LEN_NAMES_INPUT) << k;
    EXPECT_EQ(keys[k].ptr, reinterpret_cast<const char*>(&views[k])) << k;
  }
  EXPECT_EQ(std::vector<std::int64_t>(lengths, lengths + 4), (std::vector<std::int64_t>{2, 2, 0, 41}));
  EXPECT_EQ(o->out.items[2].kind, OPSYNTH_STR);
  EXPECT_EQ(o->out.items[2].str, reinterpret_cast<const char*>(&views[0]));
  EXPECT_EQ(o->out.items[2].len, OPSYNTH_LEN_NAMES_INPUT);

  // A caller that passes plain views (the ctypes path, Node, a library of before) gets bytes.
  auto plain = call(&regroup, {str_views_input(views, OPSYNTH_DT_STR_VIEW)});
  ASSERT_EQ(plain->rc, 0);
  const auto* bytes = static_cast<const opsynth_str_view*>(plain->out.items[0].data);
  for (std::size_t k = 0; k < texts.size(); ++k) EXPECT_EQ(text_of(bytes[2 * k]), texts[k]) << k;
  EXPECT_EQ(text_of(bytes[8]), texts[0]);
  EXPECT_EQ(std::string(plain->out.items[2].str, static_cast<std::size_t>(plain->out.items[2].len)), texts[0]);
}

TEST(AbiInvoke, a_new_dict_result_comes_back_as_columns_and_an_input_dict_or_a_written_back_one_as_items) {
  const std::string a = "a", b = "b";
  std::vector<opsynth_value> entries{str_input(a), int_input(1), str_input(b), int_input(2)};
  const opsynth_value table = dict_input(entries, 1);
  auto fresh = call(&inverted, {table});  // a new dict[int,str]: columns, the strs as views (not named)
  ASSERT_EQ(fresh->rc, 0);
  ASSERT_EQ(fresh->out.ndim, OPSYNTH_DICT_COLUMNS);
  EXPECT_EQ(fresh->out.items[0].dtype, OPSYNTH_DT_INT64);
  EXPECT_EQ(fresh->out.items[1].dtype, OPSYNTH_DT_STR_VIEW);
  EXPECT_EQ(rt::repr(from_value<rt::dict<std::int64_t, rt::str>>(fresh->out)), "{1: 'a', 2: 'b'}");
  ASSERT_EQ(fresh->after[0].kind, OPSYNTH_DICT);  // written back (a key was added): items, as ever
  EXPECT_NE(fresh->after[0].ndim, OPSYNTH_DICT_COLUMNS);
  EXPECT_EQ(rt::repr(from_value<rt::dict<rt::str, std::int64_t>>(fresh->after[0])), "{'a': 1, 'b': 2, 'c': 3}");
  auto same = call(&same_dict, {table});  // the input object itself: items with its id
  ASSERT_EQ(same->rc, 0);
  EXPECT_EQ(same->out.i, 1);
  EXPECT_NE(same->out.ndim, OPSYNTH_DICT_COLUMNS);
  auto empty = call(&inverted, {input(OPSYNTH_DICT)});
  ASSERT_EQ(empty->rc, 0);
  EXPECT_EQ(rt::repr(from_value<rt::dict<std::int64_t, rt::str>>(empty->out)), "{}");
}

TEST(AbiInvoke, a_str_kept_from_an_earlier_call_is_never_named) {
  // The second call's list sits where the first one's did: an origin that outlived its call would name
  // the new input in that place ("zz"), not the text it holds ("ab").
  std::vector<std::string> texts{"ab", "cd"};
  std::vector<opsynth_str_view> views = views_of(texts);
  auto first = call(&kept_from_before, {str_views_input(views, OPSYNTH_DT_STR_VIEW_NAMEABLE)});
  ASSERT_EQ(first->rc, 0);
  texts = {"zz", "yy"};
  views = views_of(texts);
  auto second = call(&kept_from_before, {str_views_input(views, OPSYNTH_DT_STR_VIEW_NAMEABLE)});
  ASSERT_EQ(second->rc, 0);
  ASSERT_EQ(second->out.kind, OPSYNTH_STR);
  ASSERT_NE(second->out.len, OPSYNTH_LEN_NAMES_INPUT);
  EXPECT_EQ(std::string(second->out.str, static_cast<std::size_t>(second->out.len)), "ab");
}

TEST(AbiInvoke, mutation_before_a_raise_still_comes_back) {
  std::vector<opsynth_value> items;
  auto o = call(&append_then_fail, {list_input(items, 1)});
  EXPECT_EQ(o->rc, 1);
  EXPECT_EQ(exception_name(o->out), "KeyError");
  EXPECT_EQ(exception_message(o->out), "'k'");
  EXPECT_EQ(rt::repr(from_value<rt::list<std::int64_t>>(o->after[0])), "[1]");
}

TEST(AbiInvoke, one_caller_object_decodes_to_one_handle) {
  std::vector<opsynth_value> items{int_input(1)};
  auto o = call(&alias_len, {list_input(items, 7), list_input(items, 7)});
  EXPECT_EQ(o->out.i, 2);  // b is a, as in Python
  auto distinct = call(&alias_len, {list_input(items, 7), list_input(items, 8)});
  EXPECT_EQ(distinct->out.i, 1);
  std::vector<opsynth_value> empty;
  auto same = call(&same_list, {list_input(empty, 3)});
  EXPECT_EQ(same->out.i, 3);  // the result is the argument object (found by `is` when empty)
  auto same2 = call(&same_list, {list_input(items, 4)});
  EXPECT_EQ(same2->out.i, 4);
}

TEST(AbiInvoke, result_viewing_an_argument_names_it) {
  double buffer[4] = {1, 2, 3, 4};
  const std::int64_t shape[1] = {4}, strides[1] = {8};
  auto o = call(&tail, {array_input(OPSYNTH_DT_FLOAT64, buffer, 1, shape, strides, 5)});
  EXPECT_EQ(o->rc, 0);
  EXPECT_EQ(o->out.data, buffer + 1);
  EXPECT_EQ(o->out.i, 5);
}

TEST(AbiInvoke, overlapping_arguments_share_one_buffer) {
  double buffer[5] = {0, 1, 2, 3, 4};
  const std::int64_t shape[1] = {4}, strides[1] = {8};
  auto o = call(&copy_shifted, {array_input(OPSYNTH_DT_FLOAT64, buffer + 1, 1, shape, strides, 1),
                                array_input(OPSYNTH_DT_FLOAT64, buffer, 1, shape, strides, 2)});
  EXPECT_EQ(o->rc, 0);
  EXPECT_EQ((std::vector<double>(buffer, buffer + 5)),
            (std::vector<double>{0, 0, 1, 2, 3}));  // numpy's answer
}

// --- release
// -------------------------------------------------------------------------------------------------

TEST(AbiRelease, frees_everything_a_conversion_allocated) {
  using inner = rt::dict<rt::str, rt::list<std::int64_t>>;
  rt::list<inner> x;
  for (int k = 0; k < 20; ++k)
    x.append(inner{{"a long key that is not inline " + std::to_string(k), {1, 2, 3}}});
  const auto a = rt::ndarray<double, 2>::zeros({4, 4});
  const std::tuple<rt::list<inner>, rt::ndarray<double, 2>, rt::str> value{
      x, a, rt::str("another long string here")};
  // Freed small blocks wait in the library's per-thread cache (rt/buffer_pool.hpp); count them as freed.
  rt::buffer_pool::release_small_cache();
  const long before = live_allocations.load();
  {
    opsynth_value v = rt::abi::detail::unset_value();
    to_value(value, &v);
    EXPECT_GT(live_allocations.load(), before + 40);
    opsynth_release(&v);
    EXPECT_EQ(v.kind, OPSYNTH_UNSET);
    EXPECT_EQ(v.owner, nullptr);
  }
  rt::buffer_pool::release_small_cache();
  EXPECT_EQ(live_allocations.load(), before);
  {
    std::vector<opsynth_value> items{int_input(1)};
    auto o = call(&append_then_fail, {list_input(items, 1)});
  }
  rt::buffer_pool::release_small_cache();
  EXPECT_EQ(live_allocations.load(), before);
}

TEST(AbiRelease, abi_version_is_six_since_results_may_name_input_strs) {
  EXPECT_EQ(opsynth_abi_version(), 6);
}

}  // namespace
