//! Versions of one quotation across the corpus, and copied or rewritten articles, found
//! with MinHash/LSH over word shingles (`whosaid_analysis::similarity`).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use whosaid_analysis::similarity::{self, Edit};

use crate::{Store, StoreError};

/// One version of a quotation.
#[derive(Debug, Clone, Serialize)]
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
}

/// The versions of one statement by one speaker.
#[derive(Debug, Clone, Serialize)]
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
}

/// A pair of near-duplicate articles.
#[derive(Debug, Clone, Serialize)]
pub struct CopyPair {
    /// Jaccard similarity of their 3-word shingles.
    pub similarity: f64,
    /// The older article (by publication date, else by id).
    pub older: ArticleBrief,
    /// The newer article.
    pub newer: ArticleBrief,
}

/// An article in a copy pair.
#[derive(Debug, Clone, Serialize)]
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
    speaker_id: i64,
    speaker: String,
    text: String,
    article_id: i64,
    title: Option<String>,
    site: Option<String>,
    published: Option<String>,
    day: Option<String>,
    url: Option<String>,
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
        let mut stmt = self.conn.prepare(
            "SELECT q.id, COALESCE(e.canonical_id, e.id), c.name, q.text, a.id, a.title, a.site, a.published, a.published_day, a.url
             FROM quotes q JOIN entities e ON e.id = q.speaker_entity_id
                           JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
                           JOIN articles a ON a.id = q.article_id
             WHERE c.kind = 'person'",
        )?;
        let items: Vec<QuoteItem> = stmt
            .query_map([], |r| {
                Ok(QuoteItem {
                    id: r.get(0)?,
                    speaker_id: r.get(1)?,
                    speaker: r.get(2)?,
                    text: r.get(3)?,
                    article_id: r.get(4)?,
                    title: r.get(5)?,
                    site: r.get(6)?,
                    published: r.get(7)?,
                    day: r.get(8)?,
                    url: r.get(9)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|q| ids.as_ref().is_none_or(|ids| ids.contains(&q.speaker_id)))
            .collect();
        let words: Vec<Vec<String>> = items.iter().map(|q| similarity::words(&q.text)).collect();
        let keep: Vec<bool> = words.iter().map(|w| w.len() >= MIN_WORDS).collect();
        let sets: Vec<HashSet<u64>> = words.iter().map(|w| similarity::shingles(w, 3)).collect();
        // candidates: quotes of one speaker sharing a 3-word shingle (an inverted index is
        // exact for trimmed versions, whose low Jaccard MinHash banding would miss)
        let mut index: HashMap<(i64, u64), Vec<usize>> = HashMap::new();
        for (i, set) in sets.iter().enumerate().filter(|(i, _)| keep[*i]) {
            for &sh in set {
                index.entry((items[i].speaker_id, sh)).or_default().push(i);
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
        let mut dsu = DisjointSets((0..items.len()).collect());
        for (i, j) in candidates {
            let same = similarity::jaccard(&sets[i], &sets[j]) >= JACCARD_SAME
                || (similarity::containment(&sets[i], &sets[j]) >= CONTAINMENT_SAME
                    && sets[i].len().min(sets[j].len()) >= MIN_SHINGLES);
            if same && items[i].article_id != items[j].article_id {
                dsu.union(i, j);
            }
        }
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in (0..items.len()).filter(|&i| keep[i]) {
            let root = dsu.find(i);
            members.entry(root).or_default().push(i);
        }
        let mut out = Vec::new();
        for group in members.into_values() {
            let articles: HashSet<i64> = group.iter().map(|&i| items[i].article_id).collect();
            if articles.len() < min_articles.max(2) {
                continue;
            }
            let sites: HashSet<&str> = group
                .iter()
                .filter_map(|&i| items[i].site.as_deref())
                .collect();
            // the majority wording: the version most similar to all the others
            let score = |x: usize| {
                group
                    .iter()
                    .map(|&y| similarity::jaccard(&sets[x], &sets[y]))
                    .sum::<f64>()
            };
            let reference = group
                .iter()
                .copied()
                .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
                .unwrap_or(group[0]);
            let mut versions: Vec<(Option<String>, i64, Version)> = group
                .iter()
                .map(|&i| {
                    let q = &items[i];
                    let edits = similarity::align(&words[reference], &words[i]);
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
                    };
                    (q.day.clone(), q.article_id, version)
                })
                .collect();
            versions.sort_by(|a, b| (a.0.is_none(), &a.0, a.1).cmp(&(b.0.is_none(), &b.0, b.1)));
            let earliest = versions
                .first()
                .map(|v| v.2.quote_id)
                .unwrap_or(items[reference].id);
            out.push(VariantGroup {
                speaker_id: items[reference].speaker_id,
                speaker: items[reference].speaker.clone(),
                reference: items[reference].text.clone(),
                earliest,
                articles: articles.len(),
                sites: sites.len(),
                versions: versions.into_iter().map(|v| v.2).collect(),
            });
        }
        out.sort_by(|a, b| {
            b.sites
                .cmp(&a.sites)
                .then(b.articles.cmp(&a.articles))
                .then(a.earliest.cmp(&b.earliest))
        });
        Ok(out)
    }

    /// Pairs of near-duplicate articles (copied or rewritten): Jaccard similarity of their
    /// 3-word shingles at least `threshold`.
    pub fn copies(&self, threshold: f64) -> Result<Vec<CopyPair>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, site, url, published, published_day, text FROM articles ORDER BY id",
        )?;
        let mut briefs = Vec::new();
        let mut days = Vec::new();
        let mut sets = Vec::new();
        let mut sigs = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            briefs.push(ArticleBrief {
                id: r.get(0)?,
                title: r.get(1)?,
                site: r.get(2)?,
                url: r.get(3)?,
                published: r.get(4)?,
            });
            days.push(r.get::<_, Option<String>>(5)?);
            let text: String = r.get(6)?;
            let set = similarity::shingles(&similarity::words(&text), 3);
            sigs.push(similarity::signature(&set));
            sets.push(set);
        }
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
