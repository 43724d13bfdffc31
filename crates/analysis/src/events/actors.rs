//! Coding actors to states and organisations with a sector: "Moscow" or "the Kremlin"
//! acting → RUS / GOV; "Hungarian President Viktor Orban" → HUN / GOV; "100,000 Russian
//! troops" → RUS / MIL; "NATO" → IGO.

use std::ops::Range;

use crate::entities::{FoundMention, MentionIndex, MentionTarget, Resolved};
use crate::lexicon::{GazetteerEntry, Lexicon};
use crate::text::Doc;
use crate::types::{Actor, EntityKind};

/// Sector words (lower case) and their codes.
const SECTORS: &[(&str, &str)] = &[
    ("government", "GOV"),
    ("officials", "GOV"),
    ("official", "GOV"),
    ("minister", "GOV"),
    ("ministry", "GOV"),
    ("president", "GOV"),
    ("premier", "GOV"),
    ("cabinet", "GOV"),
    ("administration", "GOV"),
    ("spokesman", "GOV"),
    ("spokeswoman", "GOV"),
    ("diplomat", "GOV"),
    ("diplomats", "GOV"),
    ("ambassador", "GOV"),
    ("authorities", "GOV"),
    ("chancellor", "GOV"),
    ("kremlin", "GOV"),
    ("leader", "GOV"),
    ("leaders", "GOV"),
    ("regime", "GOV"),
    ("troops", "MIL"),
    ("army", "MIL"),
    ("military", "MIL"),
    ("soldiers", "MIL"),
    ("forces", "MIL"),
    ("navy", "MIL"),
    ("warplanes", "MIL"),
    ("tanks", "MIL"),
    ("pentagon", "MIL"),
    ("peacekeepers", "MIL"),
    ("police", "COP"),
    ("policemen", "COP"),
    ("rebels", "REB"),
    ("guerrillas", "REB"),
    ("insurgents", "REB"),
    ("militants", "REB"),
    ("separatists", "REB"),
    ("opposition", "OPP"),
    ("dissidents", "OPP"),
    ("parliament", "LEG"),
    ("lawmakers", "LEG"),
    ("legislators", "LEG"),
    ("senate", "LEG"),
    ("congress", "LEG"),
    ("assembly", "LEG"),
    ("senators", "LEG"),
    ("senator", "LEG"),
    ("duma", "LEG"),
    ("court", "JUD"),
    ("judge", "JUD"),
    ("judges", "JUD"),
    ("prosecutors", "JUD"),
    ("prosecutor", "JUD"),
    ("protesters", "CVL"),
    ("demonstrators", "CVL"),
    ("civilians", "CVL"),
    ("residents", "CVL"),
    ("students", "CVL"),
    ("workers", "LAB"),
    ("union", "LAB"),
    ("unions", "LAB"),
    ("strikers", "LAB"),
    ("people", "CVL"),
    ("prisoners", "CVL"),
    ("villagers", "CVL"),
    ("citizens", "CVL"),
    ("nationals", "CVL"),
    ("immigrants", "CVL"),
    ("journalist", "JRN"),
    ("journalists", "JRN"),
    ("reporters", "JRN"),
    ("teachers", "EDU"),
    ("doctors", "MED"),
    ("businessman", "BUS"),
    ("businessmen", "BUS"),
    ("guerillas", "REB"),
    ("fighters", "REB"),
    ("militia", "REB"),
    ("militias", "REB"),
    ("gunmen", "UAF"),
    ("agents", "GOV"),
    ("bulldozers", "MIL"),
    ("aircraft", "MIL"),
    ("warships", "MIL"),
    ("gunships", "MIL"),
    ("jets", "MIL"),
    ("farmers", "AGR"),
    ("refugees", "REF"),
    ("party", "PTY"),
    ("company", "BUS"),
    ("companies", "BUS"),
    ("firm", "BUS"),
    ("newspaper", "MED"),
    ("media", "MED"),
];

/// True when `word` names a kind of actor ("refugees", "Police"), in any case.
pub fn is_sector_noun(word: &str) -> bool {
    SECTORS.iter().any(|(s, _)| s.eq_ignore_ascii_case(word))
}

fn sector_of_title(title: &str) -> Option<&'static str> {
    let t = title.to_lowercase();
    if t.contains("senator")
        || t.contains("representative")
        || t.contains("congress")
        || t.contains("speaker")
    {
        Some("LEG")
    } else if t.contains("general") && !t.contains("secretary") && !t.contains("attorney")
        || t.contains("admiral")
        || t.contains("colonel")
    {
        Some("MIL")
    } else if t.contains("judge") || t.contains("justice") {
        Some("JUD")
    } else if [
        "president",
        "minister",
        "secretary",
        "chancellor",
        "king",
        "queen",
        "governor",
        "mayor",
        "ambassador",
        "spokes",
        "premier",
        "leader",
        "prince",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Some("GOV")
    } else {
        None
    }
}

/// Codes the noun phrases of one document.
pub struct Coder<'a> {
    /// The document.
    pub doc: &'a Doc<'a>,
    /// Its mentions.
    pub found: &'a [FoundMention],
    /// Its mentions by the token they start at.
    pub index: MentionIndex,
    /// Its entities.
    pub resolved: &'a Resolved,
    /// The entity of each mention, pronouns resolved.
    pub referents: &'a [Option<usize>],
}

impl Coder<'_> {
    fn country_code(&self, name: &str) -> Option<String> {
        let lex = Lexicon::get();
        let toks = crate::text::tokens::tokenize(name, crate::types::Span::new(0, name.len()));
        let words: Vec<&str> = toks.iter().map(|t| t.span.slice(name)).collect();
        match lex.gazetteer(&words) {
            Some(GazetteerEntry::Country(c)) | Some(GazetteerEntry::Demonym(c)) => Some(c.clone()),
            Some(GazetteerEntry::Named { country, .. }) => country.clone(),
            None => None,
        }
    }

    /// The code of an entity: its country, the country of a stated role, or, for a person
    /// of the office-holder record, the country they served.
    fn entity_code(&self, entity: &crate::types::Entity) -> Option<String> {
        entity
            .country
            .clone()
            .or_else(|| {
                entity
                    .roles
                    .iter()
                    .filter_map(|r| r.of.as_deref())
                    .find_map(|of| self.country_code(of))
            })
            .or_else(|| {
                if entity.kind != EntityKind::Person {
                    return None;
                }
                let lex = Lexicon::get();
                if let Some(p) = lex.person(&entity.name) {
                    return Some(p.country.clone());
                }
                // "Putin", "President Bush": a surname alone, or with a title, that only one
                // country's office holders bear
                let words: Vec<&str> = entity.name.split_whitespace().collect();
                let surname_only = words.len() == 1 || !entity.roles.is_empty();
                words
                    .last()
                    .filter(|_| surname_only)
                    .and_then(|w| lex.surname_country(w))
                    .map(str::to_string)
            })
    }

    /// The code a mention gives: its country, organisation code, or its person's role.
    fn mention_code(&self, m: usize) -> Option<String> {
        let f = &self.found[m];
        match &f.target {
            MentionTarget::Country(c) => Some(c.clone()),
            MentionTarget::Named(_, _, code) => code.clone(),
            _ => {
                let e = self.referents.get(m).copied().flatten()?;
                self.entity_code(&self.resolved.entities[e])
            }
        }
    }

    fn words_sector(&self, np: Range<usize>) -> Option<String> {
        np.rev().find_map(|k| {
            let w = self.doc.lower(k);
            SECTORS
                .iter()
                .find(|(s, _)| *s == w)
                .map(|(_, c)| c.to_string())
        })
    }

    /// The actors a noun phrase names (several for "Hungarian and Romanian officials").
    pub fn actors(&self, np: Range<usize>) -> Vec<Actor> {
        let doc = self.doc;
        let span = doc.span_of(np.clone());
        let text = span.slice(doc.text).to_string();
        let inside: Vec<usize> = self
            .index
            .starting_in(np.clone())
            .into_iter()
            .filter(|&m| self.found[m].tokens.end <= np.end)
            .collect();
        let np_sector = self.words_sector(np.clone());
        let mut out: Vec<Actor> = Vec::new();
        // persons first: their titles cover the demonyms before them
        let mut covered: Vec<Range<usize>> = Vec::new();
        for &m in &inside {
            if let Some((actor, cover)) = self.person_actor(m, &inside, &np, &np_sector) {
                covered.push(cover);
                out.push(actor);
            }
        }
        let mut people_named = false;
        for &m in &inside {
            let f = &self.found[m];
            if covered
                .iter()
                .any(|c| c.start <= f.tokens.start && f.tokens.end <= c.end)
            {
                continue;
            }
            if self.names_a_people(m, &inside) {
                people_named = true;
            } else if matches!(f.target, MentionTarget::Pronoun(_)) {
                out.extend(self.pronoun_actor(m));
            } else {
                self.add_named_actor(m, &np_sector, (&text, span), &mut out);
            }
        }
        if out.is_empty() && (np_sector.is_some() || people_named) {
            // a people named by its ethnicity ("ethnic Albanians") counts as civilians
            let sector = np_sector.or_else(|| people_named.then(|| "CVL".to_string()));
            out.push(Actor {
                text,
                span,
                code: None,
                sector,
                entity: None,
            });
        }
        out
    }

    /// A person mention in the phrase as an actor, with the tokens its roles cover.
    fn person_actor(
        &self,
        m: usize,
        inside: &[usize],
        np: &Range<usize>,
        np_sector: &Option<String>,
    ) -> Option<(Actor, Range<usize>)> {
        let doc = self.doc;
        let e = self.referents.get(m).copied().flatten()?;
        let entity = &self.resolved.entities[e];
        if entity.kind != EntityKind::Person {
            return None;
        }
        let f = &self.found[m];
        let role_start = f
            .roles
            .iter()
            .map(|r| r.span.start)
            .min()
            .unwrap_or(f.span.start);
        let role_tok = doc.token_at_or_after(role_start);
        let cover = role_tok.min(f.tokens.start)..f.tokens.end;
        let sector = entity
            .roles
            .iter()
            .find_map(|r| sector_of_title(&r.title))
            .map(str::to_string)
            .or(np_sector.clone());
        let code = self
            .mention_code(m)
            .or_else(|| {
                // a demonym or a body in the title: "Israeli official Ehud Barak",
                // "U.N. Secretary-General Kofi Annan"
                inside.iter().find_map(|&o| {
                    (o != m
                        && matches!(
                            self.found[o].target,
                            MentionTarget::Country(_) | MentionTarget::Named(..)
                        ))
                    .then(|| self.mention_code(o))
                    .flatten()
                })
            })
            .or_else(|| self.apposition_code(np.end));
        let actor = Actor {
            text: f.span.slice(doc.text).to_string(),
            span: f.span,
            code,
            sector,
            entity: Some(e),
        };
        Some((actor, cover))
    }

    /// "Bosnian Serbs", "Turkish Kurd refugees": the first demonym places the group;
    /// "ethnic Albanians": a people, not a state (coded where it acts, by `locale`). True
    /// for a demonym that names a people.
    fn names_a_people(&self, m: usize, inside: &[usize]) -> bool {
        let f = &self.found[m];
        f.demonym
            && f.tokens.start > 0
            && (self.doc.lower(f.tokens.start - 1) == "ethnic"
                || inside
                    .iter()
                    .any(|&o| self.found[o].demonym && self.found[o].tokens.end == f.tokens.start))
    }

    /// A resolved pronoun as the actor it stands for.
    fn pronoun_actor(&self, m: usize) -> Option<Actor> {
        let f = &self.found[m];
        let e = self.referents.get(m).copied().flatten()?;
        let entity = &self.resolved.entities[e];
        Some(Actor {
            text: f.span.slice(self.doc.text).to_string(),
            span: f.span,
            code: self.entity_code(entity),
            sector: entity
                .roles
                .iter()
                .find_map(|r| sector_of_title(&r.title))
                .map(str::to_string),
            entity: Some(e),
        })
    }

    /// A coded mention or an organisation as an actor, merged into an actor of the same
    /// code already found; a demonym qualifying the phrase codes the whole phrase
    /// ("Russian troops").
    fn add_named_actor(
        &self,
        m: usize,
        np_sector: &Option<String>,
        (np_text, np_span): (&str, crate::types::Span),
        out: &mut Vec<Actor>,
    ) {
        let f = &self.found[m];
        let code = self.mention_code(m);
        if code.is_none() && !matches!(f.target, MentionTarget::Organization(_)) {
            return;
        }
        let org_sector = match &f.target {
            MentionTarget::Named(name, _, _) => self.words_sector_name(name),
            _ => None,
        };
        let sector = org_sector.or(np_sector.clone());
        if let Some(prev) = out.iter_mut().find(|a| a.code.is_some() && a.code == code) {
            prev.sector = prev.sector.clone().or(sector);
            return;
        }
        let (text, span) = if f.demonym {
            (np_text.to_string(), np_span)
        } else {
            (f.span.slice(self.doc.text).to_string(), f.span)
        };
        out.push(Actor {
            text,
            span,
            code,
            sector,
            entity: self.referents.get(m).copied().flatten(),
        });
    }

    /// The state a phrase without a code of its own acts in: a place right after it ("groups
    /// in Zimbabwe", "workers of Baku"), else the first place the sentence puts its story in
    /// ("… in Baku", "… at a jail in Dili"). Event coders code domestic actors this way.
    pub fn locale(&self, np: Range<usize>, sentence: Range<usize>) -> Option<String> {
        let doc = self.doc;
        let coded_at = |k: usize| {
            self.index.starting_in(k..k + 1).into_iter().find_map(|m| {
                (!self.found[m].demonym && self.is_place(m))
                    .then(|| self.mention_code(m))
                    .flatten()
            })
        };
        // right after the phrase: "in Zimbabwe", "of southern Serbia", "in East Timor's capital"
        if np.end < sentence.end
            && matches!(
                doc.lower(np.end),
                "in" | "of" | "from" | "at" | "based" | "near"
            )
        {
            let mut k = np.end + 1;
            if k < sentence.end && doc.lower(k - 1) == "based" && doc.lower(k) == "in" {
                k += 1;
            }
            for j in k..(k + 3).min(sentence.end) {
                if let Some(c) = coded_at(j) {
                    return Some(c);
                }
            }
        }
        // the first place the sentence is set in: "in Baku", "in a sector of eastern Beirut"
        (sentence.start + 1..sentence.end).find_map(|k| {
            let located = (k.saturating_sub(7).max(sentence.start)..k)
                .rev()
                .take_while(|&j| !matches!(doc.word(j), "," | ";" | ":"))
                .any(|j| matches!(doc.lower(j), "in" | "at" | "near"));
            located.then(|| coded_at(k)).flatten()
        })
    }

    /// The code of an apposition after a name: "Kenzo Oshima, the United Nations Emergency
    /// Relief Coordinator, …" → IGO.
    fn apposition_code(&self, at: usize) -> Option<String> {
        let doc = self.doc;
        if at >= doc.tokens.len() || doc.word(at) != "," {
            return None;
        }
        let end = (at + 1..(at + 10).min(doc.tokens.len()))
            .find(|&k| matches!(doc.word(k), "," | ";" | "."))?;
        self.index
            .starting_in(at + 1..end)
            .into_iter()
            .find_map(|m| {
                let f = &self.found[m];
                (f.tokens.end <= end
                    && matches!(
                        f.target,
                        MentionTarget::Country(_) | MentionTarget::Named(..)
                    ))
                .then(|| self.mention_code(m))
                .flatten()
            })
    }

    fn is_place(&self, m: usize) -> bool {
        match &self.found[m].target {
            MentionTarget::Country(_) => true,
            MentionTarget::Named(_, kind, _) => *kind == EntityKind::Place,
            _ => false,
        }
    }

    /// True when token `k` is a word for a kind of actor ("refugees", "police").
    pub fn is_sector_word(&self, k: usize) -> bool {
        is_sector_noun(self.doc.lower(k))
    }

    /// An actor for a phrase that names no known entity ("Western countries").
    pub fn uncoded(&self, np: Range<usize>) -> Actor {
        let span = self.doc.span_of(np.clone());
        Actor {
            text: span.slice(self.doc.text).to_string(),
            span,
            code: None,
            sector: self.words_sector(np),
            entity: None,
        }
    }

    fn words_sector_name(&self, name: &str) -> Option<String> {
        let lower = name.to_lowercase();
        if matches!(
            lower.as_str(),
            "kremlin" | "white house" | "state department" | "downing street" | "elysee"
        ) {
            return Some("GOV".into());
        }
        lower.split_whitespace().rev().find_map(|w| {
            SECTORS
                .iter()
                .find(|(s, _)| *s == w)
                .map(|(_, c)| c.to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::events_of;

    /// (text, code, sector) of the source actors of the first event.
    fn sources(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        events_of(text)
            .into_iter()
            .next()
            .map(|e| {
                e.source
                    .into_iter()
                    .map(|a| (a.text, a.code, a.sector))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_demonym_codes_the_whole_group() {
        let s = sources("Russian troops attacked Ukrainian positions.");
        assert_eq!(s[0].0, "Russian troops");
        assert_eq!(s[0].1.as_deref(), Some("RUS"));
        assert_eq!(s[0].2.as_deref(), Some("MIL"));
    }

    #[test]
    fn a_person_takes_the_state_of_their_title() {
        let s = sources("Israeli official Ehud Barak criticized Syria.");
        assert_eq!(s[0].1.as_deref(), Some("ISR"), "{s:?}");
    }

    #[test]
    fn sector_nouns() {
        assert!(is_sector_noun("rebels"));
        assert!(!is_sector_noun("exercises"));
    }
}
