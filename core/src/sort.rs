//! Stable sorting with one copy of the standard library's sort (issue 23: the WebAssembly
//! module's size).
//!
//! Each `sort`, `sort_by` or `sort_by_key` call with its own element type or closure is its own
//! copy of the standard library's stable sort (driftsort, ≈ 3.5 KB of WebAssembly each; twenty
//! of them were 71 KB of the module). [`by_key`] and [`sort`] give the same order as those
//! (stable, the same comparisons), and in the WebAssembly build sort the positions `0..n` with
//! the comparison behind a `dyn` — one copy of the sort for the whole crate — then move the
//! elements into place. Native builds call the standard library's sort directly, as before.

use std::cmp::Ordering;

/// As `v.sort_by_key(key)`.
pub(crate) fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)))
}

/// As `v.sort()`.
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    by(v, T::cmp)
}

/// As `v.sort_by(cmp)`.
pub(crate) fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if cfg!(target_arch = "wasm32") {
        let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
        permute(v, order);
    } else {
        v.sort_by(cmp)
    }
}

/// As `v.sort_unstable()`, for values whose equal ones are indistinguishable (tuples of chars and
/// numbers), so that the order of equals does not matter: the standard unstable sort natively, the
/// one shared sort in the WebAssembly build.
pub(crate) fn unstable<T: Ord>(v: &mut [T]) {
    if cfg!(target_arch = "wasm32") {
        by(v, T::cmp)
    } else {
        v.sort_unstable()
    }
}

/// The positions `0..n` sorted stably by `cmp`: the one instantiation of the standard sort.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Puts `v[order[k]]` at `k` for every `k` (`order` a permutation of `0..v.len()`), following
/// each cycle once.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for i in 0..order.len() {
        let mut k = i;
        while order[k] != DONE {
            let j = std::mem::replace(&mut order[k], DONE);
            if j == i {
                break;
            }
            v.swap(k, j);
            k = j;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The WebAssembly build's way (positions, then moves) orders exactly as the standard
        /// stable sort, equal keys included.
        #[test]
        fn positions_then_moves_order_as_the_stable_sort(
            v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)
        ) {
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            let o = order(got.len(), &|a, b| got[a].0.cmp(&got[b].0));
            permute(&mut got, o);
            prop_assert_eq!(got, want);
        }
    }
}
