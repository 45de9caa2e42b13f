//! "Did you mean …?" suggestions.
//!
//! Every comparison is bounded: a suggestion is only wanted when two words
//! differ by a few characters, so the distance is computed within a band
//! around the diagonal and abandoned as soon as it must exceed the bound.
//! The cost is O(min(n, m) · bound), never O(n · m): a file of megabyte-long
//! names stays linear.

/// Words longer than this (in characters) get no suggestion: nobody
/// misspells a name that long, and comparing them would only cost time.
pub const MAX_SUGGESTED_LEN: usize = 256;

/// Levenshtein distance over characters, when it is at most `max`; `None`
/// when it is larger (or either word is longer than [`MAX_SUGGESTED_LEN`]).
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    // Cheap length checks on bytes first: a character is 1 to 4 bytes.
    let (a_bytes, b_bytes) = (a.len(), b.len());
    if a_bytes.min(b_bytes) > MAX_SUGGESTED_LEN * 4
        || a_bytes.max(b_bytes) > (a_bytes.min(b_bytes) + max) * 4
    {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > MAX_SUGGESTED_LEN || b.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    banded_distance(&a, &b, max)
}

/// The DP of Levenshtein's distance restricted to cells within `max` of the
/// diagonal (the others cannot lead to a distance ≤ `max`), stopping when a
/// whole row exceeds `max`.
fn banded_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    const FAR: usize = usize::MAX / 2;
    let width = b.len() + 1;
    let mut previous: Vec<usize> = (0..width).map(|j| if j <= max { j } else { FAR }).collect();
    let mut current = vec![FAR; width];
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let low = row.saturating_sub(max);
        let high = (row + max).min(b.len());
        current.fill(FAR);
        if low == 0 {
            current[0] = row;
        }
        let mut row_min = current[0];
        for j in low.max(1)..=high {
            let substitution = previous[j - 1] + usize::from(ca != b[j - 1]);
            let value = substitution
                .min(previous[j].saturating_add(1))
                .min(current[j - 1].saturating_add(1));
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling (at most a third of the word's characters differ).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    closest_within(word, candidates, limit)
}

/// The candidate closest to `word` within `limit` edits (ties: the smaller
/// candidate), if any.
pub fn closest_within<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .filter_map(|candidate| {
            edit_distance_within(word, candidate, limit).map(|distance| (distance, candidate))
        })
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook O(n·m) distance, to compare the banded one against.
    fn full_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let substitution = diagonal + usize::from(ca != cb);
                diagonal = row[j + 1];
                row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
            }
        }
        row[b.len()]
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(edit_distance_within("traveler", "traveller", 2), Some(1));
        assert_eq!(
            closest("travler", ["traveler", "shopper"]),
            Some("traveler")
        );
        assert_eq!(closest("xyz", ["traveler", "shopper"]), None);
        assert_eq!(closest("świadomośc", ["świadomość"]), Some("świadomość"));
    }

    #[test]
    fn banded_distance_agrees_with_the_full_one_within_the_bound() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "touchpoint",
            "touchpiont",
            "tuchpoint",
            "stage",
            "stgae",
            "persona",
            "persnoa",
            "świadomość",
            "swiadomosc",
            "😀a",
            "a😀b",
            "kpi",
            "kip",
            "emotion",
            "motion",
            "emotions",
        ];
        for a in words {
            for b in words {
                let full = full_distance(a, b);
                for max in 0..5 {
                    let expected = (full <= max).then_some(full);
                    assert_eq!(
                        edit_distance_within(a, b, max),
                        expected,
                        "{a:?} {b:?} {max}"
                    );
                }
            }
        }
    }

    #[test]
    fn long_words_cost_linear_time() {
        // Quadratic, this would be 10^12 steps; it must return at once.
        let a = "x".repeat(1_000_000);
        let b = format!("{}y", "x".repeat(999_999));
        let started = std::time::Instant::now();
        assert_eq!(edit_distance_within(&a, &b, 3), None);
        assert_eq!(closest(&a, [b.as_str()]), None);
        let short = "y".repeat(200);
        assert_eq!(edit_distance_within(&short, &a, 3), None);
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
    }
}
