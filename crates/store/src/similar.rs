//! Versions of one quotation across the corpus, and copied or rewritten articles, found
//! with MinHash/LSH over word shingles (`whosaid_analysis::similarity`).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use whosaid_analysis::similarity::{self, Edit};

use crate::{Store, StoreError};

/// One version of a quotation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Version {
    /// Quote id.
    pub quote_id: i64,
    /// The words as this outlet printed them.
    pub text: String,
    /// Article id.
    pub article_id: i64,
    /// Article title.
    pub title: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Word alignment against the majority wording.
    pub edits: Vec<Edit>,
    /// Content words this version changes inside the stretch it shares with the majority
    /// wording (trims are not changes).
    pub changed_words: Vec<String>,
    /// True when it departs from the majority wording in its content words.
    pub departs: bool,
    /// False when the article names no speaker for it: it joined the group by its wording
    /// alone (a long verbatim run or most of its words shared with an attributed version).
    pub attributed: bool,
    /// The speaker this article names when it is not the group's: the same words put
    /// in another person's mouth (or an extraction error), worth checking.
    pub other_speaker: Option<String>,
}

/// The versions of one statement by one speaker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantGroup {
    /// Speaker entity id.
    pub speaker_id: i64,
    /// Speaker name.
    pub speaker: String,
    /// The majority wording (the version closest to all others).
    pub reference: String,
    /// The earliest version's quote id.
    pub earliest: i64,
    /// Distinct articles.
    pub articles: usize,
    /// Distinct sites.
    pub sites: usize,
    /// The versions, oldest first.
    pub versions: Vec<Version>,
    /// Every speaker some version names (for the speaker filter of stored groups).
    #[serde(skip)]
    pub named: Vec<i64>,
}

/// A pair of near-duplicate articles.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CopyPair {
    /// Jaccard similarity of their 3-word shingles.
    pub similarity: f64,
    /// The older article (by publication date, else by id).
    pub older: ArticleBrief,
    /// The newer article.
    pub newer: ArticleBrief,
}

/// An article in a copy pair.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleBrief {
    /// Article id.
    pub id: i64,
    /// Title.
    pub title: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
}

/// Two quotes are one statement when their 3-word shingles overlap this much (Jaccard)…
const JACCARD_SAME: f64 = 0.3;
/// …or when this share of the shorter one's shingles lies in the longer one (a trim).
const CONTAINMENT_SAME: f64 = 0.6;
/// …and the shorter one has at least this many shingles.
const MIN_SHINGLES: usize = 3;
/// Quotes shorter than this many words are too common to group ("thank you very much").
const MIN_WORDS: usize = 6;
/// Reported speech quoting no words verbatim is one statement with another version only
/// at this Jaccard similarity (or a verbatim run of `RUN_SAME` words).
const JACCARD_PARAPHRASE: f64 = 0.5;
/// Reported speech quoting no words verbatim needs this many words to be grouped.
const MIN_WORDS_REPORTED: usize = 8;
/// …or when they share this many words verbatim in a row (two excerpts of one speech).
const RUN_SAME: usize = 10;
/// A quotation whose article names no speaker, or that another outlet gives to someone
/// else, joins a speaker's versions only when both quote words verbatim and this much of
/// it matches (Jaccard)…
const JACCARD_UNATTRIBUTED: f64 = 0.5;
/// …or they share a verbatim run this long (paraphrases share long stock phrases: "use of
/// a private email server while secretary of state").
const RUN_UNATTRIBUTED: usize = 10;

struct DisjointSets(Vec<usize>);

impl DisjointSets {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut x = x;
        while self.0[x] != r {
            let next = self.0[x];
            self.0[x] = r;
            x = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

struct QuoteItem {
    id: i64,
    /// Canonical speaker entity, `None` when the article names no speaker.
    speaker_id: Option<i64>,
    speaker: String,
    text: String,
    article_id: i64,
    title: Option<String>,
    site: Option<String>,
    published: Option<String>,
    day: Option<String>,
    url: Option<String>,
    /// A direct quotation, or reported speech quoting some words verbatim.
    verbatim: bool,
}

impl Store {
    /// Groups the quotations (direct and reported) that are versions of one statement by
    /// one speaker, quoted in at least `min_articles` articles.
    pub fn variants(
        &self,
        speaker: Option<&str>,
        min_articles: usize,
    ) -> Result<Vec<VariantGroup>, StoreError> {
        let ids: Option<HashSet<i64>> = match speaker {
            Some(name) => Some(self.entity_ids(name)?.into_iter().collect()),
            None => None,
        };
        let quotes = Quotes::new(self.quote_items()?);
        let items = &quotes.items;
        let mut dsu = DisjointSets((0..items.len()).collect());
        // a wording copied word for word into many articles is compared once: its copies
        // join the first of them (the work grew with the square of the copies: 20,000
        // articles that repeat 924 took minutes)
        for (i, &first) in quotes.first_copy.iter().enumerate() {
            dsu.union(i, first);
        }
        let is_first = |i: usize| quotes.first_copy[i] == i;
        for (i, j) in quotes.candidate_pairs() {
            if quotes.in_two_articles(i, j) && quotes.same_statement(i, j) {
                dsu.union(i, j);
            }
        }
        // a quotation the article does not attribute joins the one attributed version it
        // matches best
        let mut joined = vec![false; items.len()];
        for i in (0..items.len()).filter(|&i| items[i].speaker_id.is_none() && is_first(i)) {
            let best = quotes.strong_matches(i).into_iter().max_by(|a, b| {
                (a.2, a.1)
                    .partial_cmp(&(b.2, b.1))
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(b.0.cmp(&a.0))
            });
            if let Some((j, _, _)) = best {
                dsu.union(i, j);
                joined[i] = true;
            }
        }
        // the same words attributed to different speakers by different outlets: one
        // statement, whose versions that name another speaker are flagged
        for i in (0..items.len())
            .filter(|&i| items[i].speaker_id.is_some() && quotes.keep[i] && is_first(i))
        {
            for (j, _, _) in quotes.strong_matches(i) {
                if items[j].speaker_id != items[i].speaker_id {
                    dsu.union(i, j);
                }
            }
        }
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in (0..items.len()).filter(|&i| {
            quotes.keep[i] && (items[i].speaker_id.is_some() || joined[quotes.first_copy[i]])
        }) {
            let root = dsu.find(i);
            members.entry(root).or_default().push(i);
        }
        let mut out: Vec<VariantGroup> = members
            .into_values()
            .filter_map(|group| quotes.group(&group, ids.as_ref(), min_articles))
            .collect();
        out.sort_by(|a, b| {
            b.sites
                .cmp(&a.sites)
                .then(b.articles.cmp(&a.articles))
                .then(a.earliest.cmp(&b.earliest))
        });
        Ok(out)
    }

    /// Every quotation of a person or organisation, or of no one, with its article.
    fn quote_items(&self) -> Result<Vec<QuoteItem>, StoreError> {
        self.db.query(
            "SELECT q.id, COALESCE(e.canonical_id, e.id), c.name, q.text, a.id, a.title, a.site, a.published, a.published_day, a.url, q.kind
             FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id
                           LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
                           JOIN articles a ON a.id = q.article_id
             WHERE q.speaker_entity_id IS NULL OR c.kind IN ('person', 'organization')
             ORDER BY q.id",
            &[],
            |r| {
                Ok(QuoteItem {
                    id: r.get(0)?,
                    speaker_id: r.get(1)?,
                    speaker: r.get::<Option<String>>(2)?.unwrap_or_default(),
                    text: r.get(3)?,
                    article_id: r.get(4)?,
                    title: r.get(5)?,
                    site: r.get(6)?,
                    published: r.get(7)?,
                    day: r.get(8)?,
                    url: r.get(9)?,
                    verbatim: false,
                })
                .map(|mut q| {
                    q.verbatim = r.get::<String>(10).is_ok_and(|k| k == "direct")
                        || q.text.contains(['"', '“', '”'])
                        || q.text.contains("''");
                    q
                })
            },
        )
    }
}

/// The quotations with their words and 3-word shingles, and which are long enough to
/// compare.
struct Quotes {
    items: Vec<QuoteItem>,
    words: Vec<Vec<String>>,
    sets: Vec<HashSet<u64>>,
    /// Long enough: paraphrases need more words than quotations to be told apart from
    /// stock phrases ("his last State of the Union address").
    keep: Vec<bool>,
    /// The quotations each shingle stands in.
    by_shingle: HashMap<u64, Vec<usize>>,
    /// For each quotation, the first one with the same words, speaker and kind (itself
    /// when it is the first): only first copies are compared.
    first_copy: Vec<usize>,
    /// For a first copy, the one article all its copies stand in (`None`: several).
    sole_article: Vec<Option<i64>>,
}

impl Quotes {
    fn new(items: Vec<QuoteItem>) -> Self {
        // words and shingles are kept for first copies only (a copy reads its first's)
        let mut firsts: HashMap<(Option<i64>, bool, Vec<String>), usize> = HashMap::new();
        let mut first_copy = Vec::with_capacity(items.len());
        let mut words: Vec<Vec<String>> = Vec::with_capacity(items.len());
        let mut keep = Vec::with_capacity(items.len());
        for (i, q) in items.iter().enumerate() {
            let w = similarity::words(&q.text);
            let least = if q.verbatim {
                MIN_WORDS
            } else {
                MIN_WORDS_REPORTED
            };
            keep.push(w.len() >= least);
            match firsts.entry((q.speaker_id, q.verbatim, w)) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    first_copy.push(*e.get());
                    words.push(Vec::new());
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    words.push(e.key().2.clone());
                    first_copy.push(i);
                    e.insert(i);
                }
            }
        }
        drop(firsts);
        let sets: Vec<HashSet<u64>> = words.iter().map(|w| similarity::shingles(w, 3)).collect();
        let mut sole_article: Vec<Option<i64>> = items.iter().map(|q| Some(q.article_id)).collect();
        for (i, &first) in first_copy.iter().enumerate() {
            if sole_article[first] != Some(items[i].article_id) {
                sole_article[first] = None;
            }
        }
        let mut by_shingle: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, set) in sets
            .iter()
            .enumerate()
            .filter(|(i, _)| keep[*i] && first_copy[*i] == *i)
        {
            if items[i].speaker_id.is_none() {
                continue;
            }
            for &sh in set {
                by_shingle.entry(sh).or_default().push(i);
            }
        }
        Quotes {
            items,
            words,
            sets,
            keep,
            by_shingle,
            first_copy,
            sole_article,
        }
    }

    /// Pairs of quotations of one speaker sharing a 3-word shingle, in order (an inverted
    /// index is exact for trimmed versions, whose low Jaccard MinHash banding would miss).
    fn candidate_pairs(&self) -> Vec<(usize, usize)> {
        let mut index: HashMap<(i64, u64), Vec<usize>> = HashMap::new();
        for (i, set) in self
            .sets
            .iter()
            .enumerate()
            .filter(|(i, _)| self.keep[*i] && self.first_copy[*i] == *i)
        {
            let Some(speaker) = self.items[i].speaker_id else {
                continue;
            };
            for &sh in set {
                index.entry((speaker, sh)).or_default().push(i);
            }
        }
        let mut candidates: HashSet<(usize, usize)> = HashSet::new();
        for list in index.values().filter(|l| l.len() > 1 && l.len() <= 200) {
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    candidates.insert((i.min(j), i.max(j)));
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> = candidates.into_iter().collect();
        candidates.sort_unstable();
        candidates
    }

    /// The words of quotation `i` (its first copy's).
    fn words_of(&self, i: usize) -> &[String] {
        &self.words[self.first_copy[i]]
    }

    /// The 3-word shingles of quotation `i` (its first copy's).
    fn set_of(&self, i: usize) -> &HashSet<u64> {
        &self.sets[self.first_copy[i]]
    }

    /// True when the copies of two first copies stand in at least two articles (the
    /// versions of one statement come from different articles).
    fn in_two_articles(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.sole_article[i], self.sole_article[j]);
        a.is_none() || b.is_none() || a != b
    }

    /// True when two quotations of one speaker are versions of one statement.
    fn same_statement(&self, i: usize, j: usize) -> bool {
        let items = &self.items;
        let (set_i, set_j) = (self.set_of(i), self.set_of(j));
        let jaccard = similarity::jaccard(set_i, set_j);
        let run = similarity::longest_common_run(self.words_of(i), self.words_of(j));
        // the shorter version, when it quotes words verbatim, may be a trim of the other
        let shorter = if set_i.len() <= set_j.len() { i } else { j };
        let trimmed = items[shorter].verbatim
            && similarity::containment(set_i, set_j) >= CONTAINMENT_SAME
            && self.set_of(shorter).len() >= MIN_SHINGLES;
        if items[i].verbatim && items[j].verbatim {
            jaccard >= JACCARD_SAME || trimmed || run >= RUN_SAME
        } else {
            // a paraphrase shares stock phrases with other paraphrases ("former secretary
            // of state Hillary Clinton", "a 35 percent tax on"): it must match most of its
            // words, or a long verbatim run
            trimmed || jaccard >= JACCARD_PARAPHRASE || run >= RUN_SAME
        }
    }

    /// Strong matches of quotation i among attributed quotations in other articles:
    /// (index, Jaccard, verbatim run), each once.
    fn strong_matches(&self, i: usize) -> Vec<(usize, f64, usize)> {
        let items = &self.items;
        if !items[i].verbatim || self.words_of(i).len() < RUN_SAME.min(RUN_UNATTRIBUTED) {
            return Vec::new();
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for sh in self.set_of(i) {
            let Some(list) = self.by_shingle.get(sh).filter(|l| l.len() <= 200) else {
                continue;
            };
            for &j in list {
                if j == i || !items[j].verbatim || !self.in_two_articles(i, j) || !seen.insert(j) {
                    continue;
                }
                let jac = similarity::jaccard(self.set_of(i), self.set_of(j));
                let run = similarity::longest_common_run(self.words_of(i), self.words_of(j));
                if jac >= JACCARD_UNATTRIBUTED || run >= RUN_UNATTRIBUTED {
                    out.push((j, jac, run));
                }
            }
        }
        out
    }

    /// One group of versions as a [`VariantGroup`]: the speaker most versions name (ties:
    /// the one named first), the majority wording (the version most similar to all the
    /// others), and each version's changes; `None` when too few articles quote it or the
    /// speaker is not the one asked for.
    fn group(
        &self,
        group: &[usize],
        ids: Option<&HashSet<i64>>,
        min_articles: usize,
    ) -> Option<VariantGroup> {
        let items = &self.items;
        let articles: HashSet<i64> = group.iter().map(|&i| items[i].article_id).collect();
        if articles.len() < min_articles.max(2) {
            return None;
        }
        let sites: HashSet<&str> = group
            .iter()
            .filter_map(|&i| items[i].site.as_deref())
            .collect();
        let score = |x: usize| {
            group
                .iter()
                .map(|&y| similarity::jaccard(self.set_of(x), self.set_of(y)))
                .sum::<f64>()
        };
        let mut named: Vec<(i64, usize, usize)> = Vec::new();
        for &i in group {
            if let Some(id) = items[i].speaker_id {
                match named.iter_mut().find(|(s, _, _)| *s == id) {
                    Some(n) => n.1 += 1,
                    None => named.push((id, 1, i)),
                }
            }
        }
        let &(speaker_id, _, first) = named
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))?;
        if ids.is_some_and(|ids| !named.iter().any(|(s, _, _)| ids.contains(s))) {
            return None;
        }
        let reference = group
            .iter()
            .copied()
            .filter(|&i| items[i].speaker_id == Some(speaker_id))
            .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
            .unwrap_or(first);
        let versions = self.versions(group, reference, speaker_id);
        let earliest = versions
            .first()
            .map(|v| v.quote_id)
            .unwrap_or(items[reference].id);
        Some(VariantGroup {
            speaker_id,
            speaker: items[reference].speaker.clone(),
            reference: items[reference].text.clone(),
            earliest,
            articles: articles.len(),
            sites: sites.len(),
            versions,
            named: named.iter().map(|n| n.0).collect(),
        })
    }

    /// The versions of a group, oldest first, each with its words changed from the
    /// reference wording.
    fn versions(&self, group: &[usize], reference: usize, speaker_id: i64) -> Vec<Version> {
        let mut versions: Vec<(Option<String>, i64, Version)> = group
            .iter()
            .map(|&i| {
                let q = &self.items[i];
                let edits = similarity::align(self.words_of(reference), self.words_of(i));
                let changed_words = similarity::changed_content_words(&edits);
                let version = Version {
                    quote_id: q.id,
                    text: q.text.clone(),
                    article_id: q.article_id,
                    title: q.title.clone(),
                    site: q.site.clone(),
                    published: q.published.clone(),
                    url: q.url.clone(),
                    departs: !changed_words.is_empty(),
                    changed_words,
                    edits,
                    attributed: q.speaker_id.is_some(),
                    other_speaker: q
                        .speaker_id
                        .filter(|&id| id != speaker_id)
                        .map(|_| q.speaker.clone()),
                };
                (q.day.clone(), q.article_id, version)
            })
            .collect();
        versions.sort_by(|a, b| (a.0.is_none(), &a.0, a.1).cmp(&(b.0.is_none(), &b.0, b.1)));
        versions.into_iter().map(|v| v.2).collect()
    }
}

impl Store {
    /// Pairs of near-duplicate articles (copied or rewritten): Jaccard similarity of their
    /// 3-word shingles at least `threshold`.
    pub fn copies(&self, threshold: f64) -> Result<Vec<CopyPair>, StoreError> {
        let mut briefs = Vec::new();
        let mut days = Vec::new();
        let mut sets = Vec::new();
        let mut sigs = Vec::new();
        self.db.for_each(
            "SELECT id, title, site, url, published, published_day, text FROM articles ORDER BY id",
            &[],
            |r| {
                briefs.push(ArticleBrief {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    site: r.get(2)?,
                    url: r.get(3)?,
                    published: r.get(4)?,
                });
                days.push(r.get::<Option<String>>(5)?);
                let text: String = r.get(6)?;
                let set = similarity::shingles(&similarity::words(&text), 3);
                sigs.push(similarity::signature(&set));
                sets.push(set);
                Ok(())
            },
        )?;
        let mut out = Vec::new();
        for (i, j) in similarity::candidate_pairs(&sigs, None, 32, 2) {
            let sim = similarity::jaccard(&sets[i], &sets[j]);
            if sim < threshold {
                continue;
            }
            let i_older = match (&days[i], &days[j]) {
                (Some(a), Some(b)) if a != b => a < b,
                _ => briefs[i].id < briefs[j].id,
            };
            let (older, newer) = if i_older { (i, j) } else { (j, i) };
            out.push(CopyPair {
                similarity: sim,
                older: briefs[older].clone(),
                newer: briefs[newer].clone(),
            });
        }
        out.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
        Ok(out)
    }
}
