//! The draw (抽签) for an oversubscribed class: which applicants get the seats.
//!
//! Reproducible by anyone from what is published — the seed and the applicants' ids — with
//! the algorithm written out here: the applicants sorted by id, then a Fisher–Yates shuffle
//! driven by SplitMix64 seeded with the seed; the first `seats` of the shuffled list win.
//! The algorithm is spelled out rather than taken from a library so that its output can never
//! change with a dependency upgrade: a published draw must recompute the same way for years.

/// SplitMix64 (Steele, Lea, Flood 2014), the generator Java's SplittableRandom uses.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n without modulo bias (rejection sampling).
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let v = self.next();
            if v < zone {
                return v % n;
            }
        }
    }
}

/// The winners, in drawn order. Fewer applicants than seats: everyone wins.
pub fn draw(seed: u64, applicants: &[i64], seats: usize) -> Vec<i64> {
    let mut list = applicants.to_vec();
    list.sort_unstable();
    list.dedup();
    let mut rng = SplitMix64(seed);
    // Fisher–Yates from the front: position i receives a uniform pick of the rest.
    let n = list.len();
    for i in 0..n.saturating_sub(1) {
        let j = i + rng.below((n - i) as u64) as usize;
        list.swap(i, j);
    }
    list.truncate(seats);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_winners_whatever_the_input_order() {
        let a: Vec<i64> = (1..=50).collect();
        let mut b = a.clone();
        b.reverse();
        assert_eq!(draw(42, &a, 10), draw(42, &b, 10));
        assert_ne!(draw(42, &a, 10), draw(43, &a, 10));
    }

    #[test]
    fn winners_are_distinct_applicants_and_never_more_than_the_seats() {
        let a: Vec<i64> = (100..130).collect();
        let w = draw(7, &a, 12);
        assert_eq!(w.len(), 12);
        let mut sorted = w.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 12);
        assert!(w.iter().all(|x| a.contains(x)));
        assert_eq!(draw(7, &a[..5], 12).len(), 5);
        assert!(draw(7, &[], 3).is_empty());
    }

    #[test]
    fn known_answer_so_a_published_draw_recomputes_forever() {
        // SplitMix64's published first output for seed 0.
        assert_eq!(SplitMix64(0).next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(
            draw(20261125, &[1, 2, 3, 4, 5, 6, 7, 8], 3),
            draw(20261125, &[8, 7, 6, 5, 4, 3, 2, 1], 3)
        );
    }

    #[test]
    fn every_applicant_has_a_fair_chance() {
        let a: Vec<i64> = (0..10).collect();
        let mut wins = [0u32; 10];
        for seed in 0..20_000u64 {
            for w in draw(seed, &a, 3) {
                wins[w as usize] += 1;
            }
        }
        // Expected 6,000 each; 5 % either way is far outside chance for a fair draw.
        for (i, w) in wins.iter().enumerate() {
            assert!((5_700..=6_300).contains(w), "applicant {i} won {w} times");
        }
    }
}
