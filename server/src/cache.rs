//! Answers shared by the threads of a run and kept for the life of the process: the same action
//! patterns and ARNs recur across the statements and policies of a repository, and across the
//! analyses of an edited document.

use std::borrow::Borrow;
use std::hash::{BuildHasher, Hash};
use std::sync::atomic::{AtomicUsize, Ordering};

use dashmap::DashMap;
use dashmap::mapref::one::Ref;
use rustc_hash::FxBuildHasher;

/// A concurrent map that stops growing at `max` entries, so that a server fed endless distinct
/// texts keeps bounded memory: an answer it does not keep is computed again.
pub(crate) struct Cache<K, V> {
    map: DashMap<K, V, FxBuildHasher>,
    /// Entries inserted, counted here: `DashMap::len` locks every shard in turn.
    len: AtomicUsize,
    max: usize,
}

impl<K: Eq + Hash, V> Cache<K, V> {
    pub(crate) fn new(max: usize) -> Self {
        Cache { map: DashMap::default(), len: AtomicUsize::new(0), max }
    }

    pub(crate) fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<Ref<'_, K, V>>
    where
        K: Borrow<Q>,
    {
        self.map.get(key)
    }

    /// Keeps `value` unless the cache is full (threads inserting at once may pass `max` by one
    /// entry each).
    pub(crate) fn insert(&self, key: K, value: V) {
        if self.len.load(Ordering::Relaxed) < self.max && self.map.insert(key, value).is_none() {
            self.len.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl<V: Clone> Cache<Box<str>, V> {
    /// The value kept for `key`, else `compute`'s, then kept.
    pub(crate) fn get_or_insert_with(&self, key: &str, compute: impl FnOnce() -> V) -> V {
        if let Some(hit) = self.get(key) {
            return hit.clone();
        }
        let found = compute();
        self.insert(key.into(), found.clone());
        found
    }
}

/// Yes-or-no answers about a thing (by its id) and a text, keyed by the id and the text's hash and
/// each kept with its text, which tells a collision: a lookup hashes the text once and copies
/// nothing.
pub(crate) type Answers<I> = Cache<(I, u64), (Box<str>, bool)>;

impl<I: Eq + Hash> Answers<I> {
    /// The answer for `id` and `text`, decided by `decide` unless it is kept.
    pub(crate) fn answer(&self, id: I, text: &str, decide: impl FnOnce() -> bool) -> bool {
        let key = (id, FxBuildHasher.hash_one(text));
        if let Some(hit) = self.get(&key)
            && *hit.0 == *text
        {
            return hit.1;
        }
        let found = decide();
        self.insert(key, (text.into(), found));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::{Answers, Cache};

    #[test]
    fn keeps_answers_up_to_its_bound() {
        let cache = Cache::new(2);
        for (key, value) in [("a", 1), ("a", 1), ("b", 2), ("a", 3), ("c", 4)] {
            cache.insert(key.to_owned(), value);
        }
        let kept = |key: &str| cache.get(key).map(|v| *v);
        // Full, it neither replaces nor adds.
        assert_eq!((kept("a"), kept("b"), kept("c")), (Some(1), Some(2), None));
    }

    #[test]
    fn a_value_is_computed_once_per_key() {
        let cache: Cache<Box<str>, usize> = Cache::new(8);
        let computed = std::cell::Cell::new(0);
        let get = |key: &str| {
            cache.get_or_insert_with(key, || {
                computed.set(computed.get() + 1);
                key.len()
            })
        };
        assert_eq!((get("ab"), get("ab"), get("abc")), (2, 2, 3));
        assert_eq!(computed.get(), 2);
    }

    #[test]
    fn answers_are_decided_once_per_id_and_text() {
        let answers: Answers<u32> = Cache::new(8);
        let decided = std::cell::Cell::new(0);
        let ask = |id, text, answer| {
            answers.answer(id, text, || {
                decided.set(decided.get() + 1);
                answer
            })
        };
        assert!(ask(1, "a", true));
        // Kept: the second decision is not asked for.
        assert!(ask(1, "a", false));
        assert!(!ask(2, "a", false));
        assert!(!ask(1, "b", false));
        assert_eq!(decided.get(), 3);
    }
}
