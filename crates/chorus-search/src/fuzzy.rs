//! Bounded edit distance, for correcting misspelt query words against an index vocabulary.

/// The edit distance allowed for a word of `len` characters: none below 4, one up to 7, two
/// from 8 (the same rule the tantivy backend uses).
pub fn allowed_distance(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Damerau–Levenshtein distance (adjacent transpositions count one) between `a` and `b`, or
/// `None` when it exceeds `max`.
pub fn within(a: &str, b: &str, max: u8) -> Option<u8> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then(|| u8::try_from(d).unwrap_or(u8::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(within("pasword", "password", 1), Some(1));
        assert_eq!(within("pasword", "password", 0), None);
        assert_eq!(within("recieve", "receive", 1), Some(1));
        assert_eq!(within("synchronise", "synchronize", 2), Some(1));
        assert_eq!(within("abc", "xyz", 2), None);
        assert_eq!(within("", "ab", 2), Some(2));
        assert_eq!(allowed_distance(3), 0);
        assert_eq!(allowed_distance(8), 2);
    }
}
