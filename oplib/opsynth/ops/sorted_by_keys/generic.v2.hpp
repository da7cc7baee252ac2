// op: opsynth.ops.sorted_by_keys
// sig: list[int], list[int], bool -> list[int]
// sig: list[str], list[int], bool -> list[str]
// sig: list[float], list[float], bool -> list[float]
// sig: list[str], list[str], bool -> list[str]
// sig: list[str], list[tuple[int,str]], bool -> list[str]
// sig: list[tuple[str,int]], list[tuple[int,str]], bool -> list[tuple[str,int]]
// sig: list[list[float]], list[float], bool -> list[list[float]]
// generic: yes
// tolerance: exact
// note: sorted(items, key=f, reverse=r) from the keys f gave, as CPython sorts: keys and items paired, reversed before and after for reverse=True (so equal keys keep their order), CPython's timsort comparing keys only with Python's <; ValueError when the lengths differ. v2: the pairs in pooled memory (a sort of 3,000 words by (count, word) faulted in fresh pages on every call), and the result list filled straight from them
#include <algorithm>
#include <utility>
#include <vector>

namespace oplib::opsynth::ops {
template <class T, class K>
inline rt::list<T> sorted_by_keys(const rt::list<T>& items, const rt::list<K>& keys, bool reverse) {
  if (items.len() != keys.len()) throw rt::ValueError("keys and items differ in length");
  std::vector<std::pair<K, T>, rt::buffer_pool::allocator<std::pair<K, T>>> pairs;
  pairs.reserve(static_cast<std::size_t>(items.len()));
  auto key = keys.begin();
  for (const T& item : items) pairs.emplace_back(*key++, item);
  if (reverse) std::reverse(pairs.begin(), pairs.end());
  rt::listsort(pairs.data(), std::ssize(pairs),
               [](const std::pair<K, T>& a, const std::pair<K, T>& b) { return rt::py_compare(a.first, b.first, rt::compare_op::lt); });
  if (reverse) std::reverse(pairs.begin(), pairs.end());
  rt::list<T> out;
  out.reserve(std::ssize(pairs));
  for (auto& p : pairs) out.append(std::move(p.second));
  return out;
}
}  // namespace oplib::opsynth::ops
