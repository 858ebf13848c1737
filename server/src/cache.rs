//! Answers shared by the threads of a run and kept for the life of the process: the same action
//! patterns and ARNs recur across the statements and policies of a repository, and across the
//! analyses of an edited document.

use std::borrow::Borrow;
use std::hash::Hash;
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

#[cfg(test)]
mod tests {
    use super::Cache;

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
}
