//! Near-duplicate detection: word shingles, MinHash signatures, LSH banding, and a word
//! alignment that shows what one version of a text changes in another.
//!
//! Used to group the versions of one quotation across outlets and to find copied and
//! rewritten articles. Pure functions over text; no I/O.

use std::collections::{HashMap, HashSet};

/// Lower-case words (letters and digits) of a text.
pub fn words(text: &str) -> Vec<String> {
    let is_apostrophe = |c: char| matches!(c, '\'' | '’' | '‘' | 'ʼ');
    text.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c))
        .map(|w| {
            w.trim_matches(is_apostrophe)
                .replace(is_apostrophe, "'")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// FNV-1a, 64 bits: a fast, stable hash (the same on every run and machine).
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// splitmix64: mixes a hash with a seed into an independent-looking hash.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The set of `k`-word shingles of a word list, hashed (a text shorter than `k` words is
/// one shingle).
pub fn shingles<S: AsRef<str>>(words: &[S], k: usize) -> HashSet<u64> {
    let mut out = HashSet::new();
    if words.is_empty() {
        return out;
    }
    let k = k.max(1).min(words.len());
    for w in words.windows(k) {
        let mut h = 0u64;
        for word in w {
            h = mix(h ^ fnv(word.as_ref().as_bytes()));
        }
        out.insert(h);
    }
    out
}

/// Number of hash functions in a MinHash signature.
pub const SIGNATURE_LEN: usize = 64;

/// A MinHash signature: for each of [`SIGNATURE_LEN`] hash functions, the smallest hash of
/// any shingle. Two signatures agree in a position with probability equal to the Jaccard
/// similarity of the shingle sets.
pub fn signature(shingles: &HashSet<u64>) -> [u64; SIGNATURE_LEN] {
    let mut sig = [u64::MAX; SIGNATURE_LEN];
    for &s in shingles {
        for (i, slot) in sig.iter_mut().enumerate() {
            let h = mix(s ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            if h < *slot {
                *slot = h;
            }
        }
    }
    sig
}

/// Estimated Jaccard similarity of two signatures.
pub fn estimate(a: &[u64; SIGNATURE_LEN], b: &[u64; SIGNATURE_LEN]) -> f64 {
    a.iter()
        .zip(b)
        .filter(|(x, y)| x == y && **x != u64::MAX)
        .count() as f64
        / SIGNATURE_LEN as f64
}

/// Candidate pairs by LSH banding: items whose signatures agree on all rows of at least one
/// band (and share `group`, when given — e.g. the same speaker). `bands * rows` must not
/// exceed [`SIGNATURE_LEN`]. Pairs are `(i, j)` with `i < j`, each once.
pub fn candidate_pairs(
    sigs: &[[u64; SIGNATURE_LEN]],
    groups: Option<&[u64]>,
    bands: usize,
    rows: usize,
) -> Vec<(usize, usize)> {
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for b in 0..bands.min(SIGNATURE_LEN / rows.max(1)) {
        let mut buckets: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
        for (i, sig) in sigs.iter().enumerate() {
            if sig[0] == u64::MAX {
                continue;
            }
            let mut h = b as u64;
            for r in 0..rows {
                h = mix(h ^ sig[b * rows + r]);
            }
            let g = groups.and_then(|g| g.get(i).copied()).unwrap_or(0);
            buckets.entry((g, h)).or_default().push(i);
        }
        for members in buckets.values() {
            // a huge bucket is boilerplate shared by everything: skip it
            if members.len() > 200 {
                continue;
            }
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    let mut out: Vec<(usize, usize)> = pairs.into_iter().collect();
    out.sort_unstable();
    out
}

/// Jaccard similarity of two shingle sets.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count() as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    if union == 0.0 {
        1.0
    } else {
        inter / union
    }
}

/// How much of the smaller set lies in the larger one (1.0 for a trimmed version).
pub fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / small as f64
}

/// The length of the longest run of words two texts share verbatim (quotes are short;
/// the table is capped at 400 words a side).
pub fn longest_common_run<S: AsRef<str>>(a: &[S], b: &[S]) -> usize {
    let (a, b) = (&a[..a.len().min(400)], &b[..b.len().min(400)]);
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    let mut best = 0;
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x.as_ref() == y.as_ref() {
                prev[j] + 1
            } else {
                0
            };
            best = best.max(cur[j + 1]);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// One step of a word alignment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Edit {
    /// Words both versions have.
    Same {
        /// The words.
        words: Vec<String>,
    },
    /// Words only the reference has (this version drops them).
    Dropped {
        /// The words.
        words: Vec<String>,
    },
    /// Words only this version has.
    Added {
        /// The words.
        words: Vec<String>,
    },
}

/// Aligns `version` against `reference` word by word (longest common subsequence).
pub fn align(reference: &[String], version: &[String]) -> Vec<Edit> {
    let (n, m) = (reference.len(), version.len());
    // quotes are short; cap the table for safety
    if n * m > 4_000_000 {
        return vec![
            Edit::Dropped {
                words: reference.to_vec(),
            },
            Edit::Added {
                words: version.to_vec(),
            },
        ];
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if reference[i] == version[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out: Vec<Edit> = Vec::new();
    let push = |out: &mut Vec<Edit>, e: Edit| match (out.last_mut(), e) {
        (Some(Edit::Same { words }), Edit::Same { words: w }) => words.extend(w),
        (Some(Edit::Dropped { words }), Edit::Dropped { words: w }) => words.extend(w),
        (Some(Edit::Added { words }), Edit::Added { words: w }) => words.extend(w),
        (_, e) => out.push(e),
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && reference[i] == version[j] {
            push(
                &mut out,
                Edit::Same {
                    words: vec![reference[i].clone()],
                },
            );
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            push(
                &mut out,
                Edit::Added {
                    words: vec![version[j].clone()],
                },
            );
            j += 1;
        } else {
            push(
                &mut out,
                Edit::Dropped {
                    words: vec![reference[i].clone()],
                },
            );
            i += 1;
        }
    }
    out
}

/// Function words that do not change what a quote says.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "that",
    "this", "it", "is", "was", "be", "are", "were", "i", "we", "you", "he", "she", "they", "so",
    "just", "very", "really", "um", "uh", "well", "like", "as", "by", "from", "not", "do", "does",
    "did", "have", "has", "had",
];

/// Content words a version changes relative to the reference, inside the stretch both
/// versions cover: words it adds, and words it replaces. Trimming, or leaving words out
/// (an ellipsis), is not a change.
pub fn changed_content_words(edits: &[Edit]) -> Vec<String> {
    let first_same = edits.iter().position(|e| matches!(e, Edit::Same { .. }));
    let last_same = edits.iter().rposition(|e| matches!(e, Edit::Same { .. }));
    let (Some(a), Some(b)) = (first_same, last_same) else {
        return vec![];
    };
    let inner = &edits[a..=b];
    let mut out = Vec::new();
    for (k, e) in inner.iter().enumerate() {
        let replaced = |k: usize| matches!(inner.get(k), Some(Edit::Added { .. }));
        match e {
            Edit::Added { words } => out.extend(words.iter().cloned()),
            Edit::Dropped { words } if replaced(k + 1) || (k > 0 && replaced(k - 1)) => {
                out.extend(words.iter().cloned())
            }
            _ => {}
        }
    }
    out.retain(|w| !FUNCTION_WORDS.contains(&w.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_common_run_counts_verbatim_words() {
        let a = words("we are going to build a wall and Mexico will pay");
        let b = words("he said we are going to build a wall, believe me");
        assert_eq!(longest_common_run(&a, &b), 7);
        assert_eq!(longest_common_run(&a, &words("nothing alike")), 0);
    }

    #[test]
    fn similar_texts_share_signature_positions() {
        let a = shingles(
            &words("We will build a great wall and Mexico will pay for it"),
            3,
        );
        let b = shingles(
            &words("We will build a great wall, and Mexico is going to pay for it"),
            3,
        );
        let c = shingles(
            &words("Taxes on the middle class will go down next year for everyone"),
            3,
        );
        let (sa, sb, sc) = (signature(&a), signature(&b), signature(&c));
        assert!(estimate(&sa, &sb) > estimate(&sa, &sc));
        assert!(jaccard(&a, &b) > 0.3 && jaccard(&a, &c) < 0.05);
        let pairs = candidate_pairs(&[sa, sa, sc], None, 16, 4);
        assert_eq!(pairs, vec![(0, 1)]);
    }

    #[test]
    fn trimmed_versions_are_contained() {
        let long = shingles(
            &words("I will be the greatest jobs president that God ever created, believe me"),
            3,
        );
        let short = shingles(
            &words("the greatest jobs president that God ever created"),
            3,
        );
        assert!(containment(&long, &short) > 0.99);
    }

    #[test]
    fn alignment_shows_changed_words() {
        let r = words("Mexico will pay for the wall");
        let v = words("Mexico will never pay for the wall");
        let e = align(&r, &v);
        assert_eq!(changed_content_words(&e), vec!["never".to_string()]);
        let trimmed = words("pay for the wall");
        assert!(changed_content_words(&align(&r, &trimmed)).is_empty());
        let r2 = words("Mexico will pay for the wall now");
        let replaced = words("Mexico will pay for the fence now");
        assert_eq!(
            changed_content_words(&align(&r2, &replaced)),
            vec!["fence".to_string(), "wall".to_string()]
        );
        // typographic apostrophes are the same word
        assert_eq!(words("Trump’s can't"), words("Trump's can’t"));
    }
}
