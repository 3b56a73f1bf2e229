//! The first row of the file holding each number (by its packed key): the import's largest
//! map, a million entries for a million-row file, probed once per row in file order.
//!
//! A general hash map costs a row two cache misses here (its control bytes, then its
//! bucket), each on a table of ~17 MB that no cache holds: on the 1M-row CSV that was
//! 0.42 s of the judging thread's 1.2 s of CPU, spent waiting for memory. This table keeps
//! a key and its row side by side (one cache line per probe) and lets the judging
//! [`FirstRows::prefetch`] a row's slot a few rows before it decides that row, so the line
//! is in the cache by then. Measured alone, in a loop that between two probes works on
//! half a megabyte of other memory as the judging does: 1M rows took 340-380 ms through
//! hashbrown, 290 ms here without the prefetch, 100 ms with it (that work included).
//!
//! Linear probing needs more empty room than hashbrown's groups: the table is at most three
//! quarters full, so a million numbers take 33.5 MB (hashbrown: 17 MB). A 1M-row import's
//! peak RSS went from 54 to 75 MB, within the 100 MB it may use.

/// Keys (never 0 for a packed number: see [`crate::storage::phone_key`]) → the first row
/// that held each. Open addressing with linear probing; 0 marks an empty slot.
#[derive(Debug)]
pub(crate) struct FirstRows {
    slots: Vec<Slot>,
    /// Keys stored in `slots`.
    len: usize,
    /// `64 - log2(slots.len())`: the top bits of the hash pick a slot.
    shift: u32,
    /// The row of key 0, which an empty slot cannot hold. No packed number is 0; kept so
    /// the map is right for every key anyway.
    zero: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    row: usize,
}

/// Slots of the smallest table.
const MIN_SLOTS: usize = 16;

impl FirstRows {
    /// Room for `keys` keys before the table grows.
    pub fn with_capacity(keys: usize) -> Self {
        let slots = slots_for(keys);
        Self {
            slots: vec![Slot::default(); slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
            zero: None,
        }
    }

    pub fn len(&self) -> usize {
        self.len + usize::from(self.zero.is_some())
    }

    /// Makes room for `additional` more keys at once: growing by doubling near the end of a
    /// large file would hold the old and the new table together.
    pub fn reserve(&mut self, additional: usize) {
        let wanted = slots_for(self.len.saturating_add(additional));
        if wanted > self.slots.len() {
            self.rebuild(wanted);
        }
    }

    /// The first row recorded for `key`, recording `row` as that row when there is none.
    pub fn first_or_insert(&mut self, key: u64, row: usize) -> usize {
        if key == 0 {
            return *self.zero.get_or_insert(row);
        }
        let mask = self.slots.len() - 1;
        let mut at = self.slot_of(key);
        loop {
            match self.slots[at].key {
                found if found == key => return self.slots[at].row,
                0 => break,
                _ => at = (at + 1) & mask,
            }
        }
        // Only a new key makes the table grow: a full table still answers repeats.
        if self.len + 1 > max_len(self.slots.len()) {
            self.rebuild(self.slots.len() * 2);
            at = self.free_slot(key);
        }
        self.slots[at] = Slot { key, row };
        self.len += 1;
        row
    }

    /// The first empty slot on `key`'s probe path. The table is never full (see
    /// [`max_len`]), so there is one.
    fn free_slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.slot_of(key);
        while self.slots[at].key != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// Asks the CPU to bring `key`'s slot into the cache, for a
    /// [`FirstRows::first_or_insert`] a little later. Only a hint: it changes nothing.
    #[inline]
    pub fn prefetch(&self, key: u64) {
        #[cfg(target_arch = "x86_64")]
        {
            let slot: *const Slot = &self.slots[self.slot_of(key)];
            // SAFETY: a prefetch only hints the CPU to load a cache line: it reads nothing
            // into the program and never faults (and `slot` is a live element of
            // `self.slots` anyway). `_mm_prefetch` needs SSE, which every x86_64 CPU has.
            #[allow(unsafe_code)]
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = key;
    }

    /// Fibonacci hashing: the top bits of the product depend on every bit of the key.
    /// The keys are not chosen by an attacker: at worst a crafted sheet imports slowly.
    fn slot_of(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn rebuild(&mut self, slots: usize) {
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); slots]);
        self.shift = 64 - slots.trailing_zeros();
        self.len = 0;
        for slot in old.into_iter().filter(|s| s.key != 0) {
            let at = self.free_slot(slot.key);
            self.slots[at] = slot;
            self.len += 1;
        }
    }
}

/// Keys a table of `slots` holds before it grows: three quarters full, linear probing
/// still finds a key within about two cache lines.
fn max_len(slots: usize) -> usize {
    slots / 4 * 3
}

/// The slots (a power of two) for `keys` keys.
fn slots_for(keys: usize) -> usize {
    let mut slots = MIN_SLOTS;
    while max_len(slots) < keys {
        slots *= 2;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_row_of_a_key_stays_its_first() {
        let mut rows = FirstRows::with_capacity(4);
        assert_eq!(rows.first_or_insert(1_111_987_654_321, 3), 3);
        assert_eq!(rows.first_or_insert(2_222_987_654_321, 4), 4);
        assert_eq!(rows.first_or_insert(1_111_987_654_321, 9), 3);
        assert_eq!(rows.first_or_insert(2_222_987_654_321, 10), 4);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn growing_keeps_every_key_and_its_row() {
        // From the smallest table up through several doublings, with keys that differ
        // only above their low 20 bits: the slot must come from more than the low bits.
        let mut rows = FirstRows::with_capacity(0);
        let keys: Vec<u64> = (0..10_000_u64)
            .map(|i| 551_100_000_000 + (i << 20))
            .collect();
        for (row, &key) in keys.iter().enumerate() {
            assert_eq!(rows.first_or_insert(key, row), row);
        }
        assert!(rows.slots.len() >= 10_000 / 3 * 4, "{}", rows.slots.len());
        for (row, &key) in keys.iter().enumerate() {
            assert_eq!(rows.first_or_insert(key, row + 50_000), row, "key {key}");
        }
        assert_eq!(rows.len(), keys.len());
    }

    #[test]
    fn reserving_makes_room_once_and_keeps_what_is_there() {
        let mut rows = FirstRows::with_capacity(0);
        rows.first_or_insert(42, 7);
        rows.reserve(100_000);
        let slots = rows.slots.len();
        assert!(max_len(slots) >= 100_001, "{slots}");
        for key in 1..=100_000_u64 {
            rows.first_or_insert(key * 1_000_003, key as usize);
        }
        assert_eq!(rows.slots.len(), slots, "no growth after reserving");
        assert_eq!(rows.first_or_insert(42, 0), 7);
        // Reserving less than what is there changes nothing.
        rows.reserve(10);
        assert_eq!(rows.slots.len(), slots);
    }

    #[test]
    fn a_full_table_grows_for_a_new_key_only() {
        let mut rows = FirstRows::with_capacity(0);
        let full = max_len(MIN_SLOTS);
        for key in 1..=full as u64 {
            rows.first_or_insert(key, key as usize);
        }
        assert_eq!(rows.slots.len(), MIN_SLOTS);
        // Repeats of stored keys are answered without growing.
        for key in 1..=full as u64 {
            assert_eq!(rows.first_or_insert(key, 99), key as usize);
        }
        assert_eq!(rows.slots.len(), MIN_SLOTS);
        assert_eq!(rows.first_or_insert(1_000, 100), 100);
        assert_eq!(rows.slots.len(), MIN_SLOTS * 2);
        assert_eq!(rows.first_or_insert(1_000, 101), 100);
        assert_eq!(rows.len(), full + 1);
    }

    #[test]
    fn key_zero_is_a_key_like_any_other() {
        let mut rows = FirstRows::with_capacity(8);
        assert_eq!(rows.first_or_insert(0, 5), 5);
        assert_eq!(rows.first_or_insert(0, 6), 5);
        assert_eq!(rows.first_or_insert(1, 6), 6);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn prefetching_changes_nothing() {
        let mut rows = FirstRows::with_capacity(8);
        rows.prefetch(77);
        rows.prefetch(0);
        assert_eq!(rows.len(), 0);
        assert_eq!(rows.first_or_insert(77, 1), 1);
        rows.prefetch(77);
        assert_eq!(rows.first_or_insert(77, 2), 1);
    }
}
