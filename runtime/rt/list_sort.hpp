// rt::listsort: CPython 3.11's list.sort (timsort with the powersort merge policy), step for step.
//
// Any stable sort gives Python's order when `<` is a strict weak order. When it is not (a float list
// holding NaN: every comparison with NaN is false), the order depends on which pairs are compared
// and when, so this replays CPython's algorithm exactly (Objects/listobject.c, Objects/listsort.txt):
// run detection with strictly descending runs reversed in place, minrun, binary insertion to extend
// short runs, powersort's merge policy, the final collapse, and merge_lo/merge_hi with galloping and
// the adaptive min_gallop. Every comparison is less(x, y), asked in the order CPython asks x < y.
//
// Items are moved, never copied. If less throws, the merge under way puts its buffered items back
// as CPython does, so the range stays a permutation of its input.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

#include "buffer_pool.hpp"

namespace rt {

namespace detail {

template <class Item, class Less>
class listsort_state {
 public:
  listsort_state(Item* base, std::ptrdiff_t n, Less& less) : base_(base), n_(n), less_(less) {}

  void sort() {
    if (n_ < 2) return;
    const std::ptrdiff_t minrun = compute_minrun(n_);
    std::ptrdiff_t lo = 0;
    while (lo < n_) {
      bool descending = false;
      std::ptrdiff_t run = count_run(lo, n_, descending);
      if (descending) std::reverse(base_ + lo, base_ + lo + run);
      if (run < minrun) {
        const std::ptrdiff_t forced = std::min(n_ - lo, minrun);
        binary_insertion(lo, lo + forced, lo + run);
        run = forced;
      }
      found_new_run(run);
      pending_[depth_++] = pending_run{lo, run, 0};
      lo += run;
    }
    force_collapse();
  }

 private:
  // The run stack; `power` is the powersort depth of the boundary between this run and the next.
  struct pending_run {
    std::ptrdiff_t start;
    std::ptrdiff_t len;
    int power;
  };
  // Galloping mode is entered after this many wins in a row; min_gallop adapts around it.
  static constexpr std::ptrdiff_t kMinGallop = 7;

  // n itself below 64; else n shifted down into [32, 64), plus one if any bit shifted off was set,
  // so that n / minrun is a power of two or a little under one.
  static std::ptrdiff_t compute_minrun(std::ptrdiff_t n) {
    std::ptrdiff_t shifted_off = 0;
    while (n >= 64) {
      shifted_off |= n & 1;
      n >>= 1;
    }
    return n + shifted_off;
  }

  // Length of the run at lo (< hi): the longest prefix with no item < its predecessor, or, when the
  // second item is < the first, the longest strictly descending prefix (descending is then set).
  std::ptrdiff_t count_run(std::ptrdiff_t lo, std::ptrdiff_t hi, bool& descending) {
    descending = false;
    if (lo + 1 == hi) return 1;
    std::ptrdiff_t i = lo + 2;
    if (less_(base_[lo + 1], base_[lo])) {
      descending = true;
      while (i < hi && less_(base_[i], base_[i - 1])) ++i;
    } else {
      while (i < hi && !less_(base_[i], base_[i - 1])) ++i;
    }
    return i - lo;
  }

  // Sorts [lo, hi) given that [lo, start) is sorted: each further item goes after every item it is
  // not < (found by bisection), which keeps equal items in order. The item stays in place while it
  // is compared, so a throwing less leaves nothing moved out.
  void binary_insertion(std::ptrdiff_t lo, std::ptrdiff_t hi, std::ptrdiff_t start) {
    if (start == lo) ++start;
    for (; start < hi; ++start) {
      const Item& pivot = base_[start];
      std::ptrdiff_t left = lo, right = start;
      do {
        const std::ptrdiff_t mid = left + ((right - left) >> 1);
        if (less_(pivot, base_[mid])) {
          right = mid;
        } else {
          left = mid + 1;
        }
      } while (left < right);
      Item moving = std::move(base_[start]);
      std::move_backward(base_ + left, base_ + start, base_ + start + 1);
      base_[left] = std::move(moving);
    }
  }

  // Where key goes in the sorted a[0, n), before any items equal to it: the k with a[k-1] < key <= a[k].
  // The search starts at a[hint] and widens by 1, 3, 7, ... towards the answer, then bisects the last
  // step. The comparisons (which, in which order) are CPython's gallop_left's.
  std::ptrdiff_t gallop_left(const Item& key, const Item* a, std::ptrdiff_t n, std::ptrdiff_t hint) {
    std::ptrdiff_t below = 0, above = 1;  // offsets from hint, on the side the search goes
    if (less_(a[hint], key)) {
      // a[hint] < key: widen rightwards until a[hint + below] < key <= a[hint + above].
      const std::ptrdiff_t limit = n - hint;
      while (above < limit && less_(a[hint + above], key)) {
        below = above;
        above = 2 * above + 1;
      }
      above = std::min(above, limit);
      below += hint;
      above += hint;
    } else {
      // key <= a[hint]: widen leftwards until a[hint - above] < key <= a[hint - below].
      const std::ptrdiff_t limit = hint + 1;
      while (above < limit && !less_(a[hint - above], key)) {
        below = above;
        above = 2 * above + 1;
      }
      above = std::min(above, limit);
      const std::ptrdiff_t nearer = below;
      below = hint - above;
      above = hint - nearer;
    }
    // Now a[below] < key <= a[above] (a[-1] counting as -inf, a[n] as +inf): bisect between them.
    ++below;
    while (below < above) {
      const std::ptrdiff_t mid = below + ((above - below) >> 1);
      if (less_(a[mid], key)) {
        below = mid + 1;
      } else {
        above = mid;
      }
    }
    return above;
  }

  // As gallop_left, but after any items equal to key: the k with a[k-1] <= key < a[k].
  std::ptrdiff_t gallop_right(const Item& key, const Item* a, std::ptrdiff_t n, std::ptrdiff_t hint) {
    std::ptrdiff_t below = 0, above = 1;
    if (less_(key, a[hint])) {
      // key < a[hint]: widen leftwards until a[hint - above] <= key < a[hint - below].
      const std::ptrdiff_t limit = hint + 1;
      while (above < limit && less_(key, a[hint - above])) {
        below = above;
        above = 2 * above + 1;
      }
      above = std::min(above, limit);
      const std::ptrdiff_t nearer = below;
      below = hint - above;
      above = hint - nearer;
    } else {
      // a[hint] <= key: widen rightwards until a[hint + below] <= key < a[hint + above].
      const std::ptrdiff_t limit = n - hint;
      while (above < limit && !less_(key, a[hint + above])) {
        below = above;
        above = 2 * above + 1;
      }
      above = std::min(above, limit);
      below += hint;
      above += hint;
    }
    ++below;
    while (below < above) {
      const std::ptrdiff_t mid = below + ((above - below) >> 1);
      if (less_(key, a[mid])) {
        above = mid;
      } else {
        below = mid + 1;
      }
    }
    return above;
  }

  // The powersort depth of the boundary between the runs [s1, s1+n1) and [s1+n1, s1+n1+n2): the
  // first bit at which the binary fractions (run midpoint) / n of the two runs differ. Midpoints are
  // doubled to stay integral, which shifts both fractions alike.
  int power_of(std::ptrdiff_t s1, std::ptrdiff_t n1, std::ptrdiff_t n2) const {
    std::ptrdiff_t a = 2 * s1 + n1;
    std::ptrdiff_t b = a + n1 + n2;
    int power = 0;
    for (;;) {
      ++power;
      if (a >= n_) {  // both fractions have a 1 here
        a -= n_;
        b -= n_;
      } else if (b >= n_) {  // they differ here
        break;
      }
      a <<= 1;
      b <<= 1;
    }
    return power;
  }

  // A run of length n2 follows the top of the stack: merge the runs below whose boundary is deeper
  // than the new boundary, then record its depth on the top run.
  void found_new_run(std::ptrdiff_t n2) {
    if (depth_ == 0) return;
    const pending_run& top = pending_[depth_ - 1];
    const int power = power_of(top.start, top.len, n2);
    while (depth_ > 1 && pending_[depth_ - 2].power > power) merge_at(depth_ - 2);
    pending_[depth_ - 1].power = power;
  }

  // At the end: merge until one run is left, the middle run with the smaller of its neighbours.
  void force_collapse() {
    while (depth_ > 1) {
      std::ptrdiff_t i = depth_ - 2;
      if (i > 0 && pending_[i - 1].len < pending_[i + 1].len) --i;
      merge_at(i);
    }
  }

  // Merges stack runs i and i+1 (i is the second or third from the top).
  void merge_at(std::ptrdiff_t i) {
    Item* a = base_ + pending_[i].start;
    std::ptrdiff_t na = pending_[i].len;
    Item* b = base_ + pending_[i + 1].start;
    std::ptrdiff_t nb = pending_[i + 1].len;
    pending_[i].len = na + nb;
    if (i == depth_ - 3) pending_[i + 1] = pending_[i + 2];
    --depth_;

    // Items of a that no item of b precedes are already in place, and so are the items of b that
    // follow a's last item.
    const std::ptrdiff_t skip = gallop_right(*b, a, na, 0);
    a += skip;
    na -= skip;
    if (na == 0) return;
    nb = gallop_left(a[na - 1], b, nb, nb - 1);
    if (nb == 0) return;
    if (na <= nb) {
      merge_lo(a, na, b, nb);
    } else {
      merge_hi(a, na, b, nb);
    }
  }

  // Fills the buffer with the n items at from, moved out.
  void buffer(Item* from, std::ptrdiff_t n) {
    temp_.clear();
    temp_.insert(temp_.end(), std::make_move_iterator(from), std::make_move_iterator(from + n));
  }

  // Merges the na items at a_start with the nb items that follow them, front to back, with a's items
  // moved to the buffer (na <= nb). a's last item belongs last and b's first item first. The items not
  // merged yet are always the last na of the buffer and the last nb of b's run, and the gap they fill
  // is the na slots just before b's, so the two counts say where everything is.
  void merge_lo(Item* const a_start, std::ptrdiff_t na, Item* const b_start, std::ptrdiff_t nb) {
    buffer(a_start, na);
    Item* const a_end = temp_.data() + na;
    Item* const b_end = b_start + nb;
    auto a = [&] { return a_end - na; };
    auto b = [&] { return b_end - nb; };
    auto dest = [&] { return b_end - nb - na; };
    try {
      *dest() = std::move(*b());
      if (--nb == 0) goto finish;
      if (na == 1) goto a_last;
      {
        std::ptrdiff_t min_gallop = min_gallop_;
        for (;;) {
          std::ptrdiff_t a_wins = 0, b_wins = 0;  // in a row
          // One item at a time until one run wins min_gallop times in a row.
          for (;;) {
            if (less_(*b(), *a())) {
              *dest() = std::move(*b());
              ++b_wins;
              a_wins = 0;
              if (--nb == 0) goto finish;
              if (b_wins >= min_gallop) break;
            } else {
              *dest() = std::move(*a());
              ++a_wins;
              b_wins = 0;
              if (--na == 1) goto a_last;
              if (a_wins >= min_gallop) break;
            }
          }
          // Galloping: whole stretches at a time while either run keeps winning kMinGallop at once;
          // each round in this mode makes the next entry into it easier.
          ++min_gallop;
          do {
            min_gallop -= min_gallop > 1;
            min_gallop_ = min_gallop;
            std::ptrdiff_t k = gallop_right(*b(), a(), na, 0);
            a_wins = k;
            if (k) {
              std::move(a(), a() + k, dest());
              na -= k;
              if (na == 1) goto a_last;
              if (na == 0) goto finish;  // only when less is no strict weak order (NaN)
            }
            *dest() = std::move(*b());
            if (--nb == 0) goto finish;

            k = gallop_left(*a(), b(), nb, 0);
            b_wins = k;
            if (k) {
              std::move(b(), b() + k, dest());
              nb -= k;
              if (nb == 0) goto finish;
            }
            *dest() = std::move(*a());
            if (--na == 1) goto a_last;
          } while (a_wins >= kMinGallop || b_wins >= kMinGallop);
          ++min_gallop;  // leaving galloping mode makes the next entry harder
          min_gallop_ = min_gallop;
        }
      }
    } catch (...) {
      std::move(a(), a_end, dest());
      throw;
    }
  finish:
    std::move(a(), a_end, dest());
    return;
  a_last:
    // a's one item left goes after the rest of b.
    Item* const last = std::move(b(), b_end, dest());
    *last = std::move(*a());
  }

  // Mirror of merge_lo, back to front, with b's items moved to the buffer (na >= nb). The items not
  // merged yet are always the first na of a's run and the first nb of the buffer, and the gap they
  // fill from the top is the nb slots just after a's.
  void merge_hi(Item* const a_start, std::ptrdiff_t na, Item* const b_start, std::ptrdiff_t nb) {
    buffer(b_start, nb);
    Item* const b_items = temp_.data();
    auto a_top = [&]() -> Item& { return a_start[na - 1]; };
    auto b_top = [&]() -> Item& { return b_items[nb - 1]; };
    auto dest_top = [&]() -> Item& { return a_start[na + nb - 1]; };
    try {
      dest_top() = std::move(a_top());
      if (--na == 0) goto finish;
      if (nb == 1) goto b_first;
      {
        std::ptrdiff_t min_gallop = min_gallop_;
        for (;;) {
          std::ptrdiff_t a_wins = 0, b_wins = 0;
          for (;;) {
            if (less_(b_top(), a_top())) {
              dest_top() = std::move(a_top());
              ++a_wins;
              b_wins = 0;
              if (--na == 0) goto finish;
              if (a_wins >= min_gallop) break;
            } else {
              dest_top() = std::move(b_top());
              ++b_wins;
              a_wins = 0;
              if (--nb == 1) goto b_first;
              if (b_wins >= min_gallop) break;
            }
          }
          ++min_gallop;
          do {
            min_gallop -= min_gallop > 1;
            min_gallop_ = min_gallop;
            std::ptrdiff_t k = na - gallop_right(b_top(), a_start, na, na - 1);
            a_wins = k;
            if (k) {
              // a's top k items to the top of the gap, which they may overlap.
              std::move_backward(a_start + na - k, a_start + na, a_start + na + nb);
              na -= k;
              if (na == 0) goto finish;
            }
            dest_top() = std::move(b_top());
            if (--nb == 1) goto b_first;

            k = nb - gallop_left(a_top(), b_items, nb, nb - 1);
            b_wins = k;
            if (k) {
              std::move_backward(b_items + nb - k, b_items + nb, a_start + na + nb);
              nb -= k;
              if (nb == 1) goto b_first;
              if (nb == 0) goto finish;  // only when less is no strict weak order (NaN)
            }
            dest_top() = std::move(a_top());
            if (--na == 0) goto finish;
          } while (a_wins >= kMinGallop || b_wins >= kMinGallop);
          ++min_gallop;
          min_gallop_ = min_gallop;
        }
      }
    } catch (...) {
      std::move(b_items, b_items + nb, a_start + na);
      throw;
    }
  finish:
    std::move(b_items, b_items + nb, a_start + na);
    return;
  b_first:
    // b's one item left goes before the rest of a.
    std::move_backward(a_start, a_start + na, a_start + na + 1);
    *a_start = std::move(*b_items);
  }

  Item* base_;
  std::ptrdiff_t n_;
  Less& less_;
  std::ptrdiff_t min_gallop_ = kMinGallop;
  // At most floor(log2(n)) + 1 runs are pending at once (powersort's depths are distinct).
  std::array<pending_run, 64> pending_{};
  std::ptrdiff_t depth_ = 0;
  // Pooled: a merge of a long list buffers up to half of it, fresh pages on every call from malloc.
  std::vector<Item, buffer_pool::allocator<Item>> temp_;
};

}  // namespace detail

// Sorts items[0, n) as CPython 3.11's list.sort sorts a list, asking only less(x, y) for x < y.
template <class Item, class Less>
void listsort(Item* items, std::ptrdiff_t n, Less less) {
  detail::listsort_state<Item, Less>(items, n, less).sort();
}

}  // namespace rt
