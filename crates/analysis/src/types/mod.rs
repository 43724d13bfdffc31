//! Plain data types shared by every stage. All spans are byte offsets into `Article::text`.

use serde::{Deserialize, Serialize};

mod checks;
mod day;
mod labels;

pub use checks::{RoleCheck, Term, Verdict};
pub use day::{month_number, Day};
pub(crate) use labels::labels;
pub use labels::UnknownLabel;

/// A half-open byte range `[start, end)` into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The slice of `text` this span covers (empty if out of range).
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// An article: metadata plus the body text that every span points into.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Headline, without a site-name suffix.
    pub title: Option<String>,
    /// Site or publisher name.
    pub site: Option<String>,
    /// Publication date as found (ISO 8601 where the source gives it).
    pub published: Option<String>,
    /// Where the publication date came from: `meta`, `json-ld`, `time`, `extractor`,
    /// `url`, `byline`, `given` (beside the document), `file name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_from: Option<String>,
    /// Last modification date, when the page states one apart (meta, JSON-LD
    /// `dateModified`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Canonical URL, when known.
    pub url: Option<String>,
    /// The body text; paragraphs are separated by a blank line.
    pub text: String,
    /// Byte spans of the body paragraphs inside `text`.
    pub paragraphs: Vec<Span>,
    /// The language (ISO 639-3, `eng`), when told reliably; an article in another
    /// language is not analysed as English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What kind of page the article came from, when it came from a web page and the
    /// page classifier ran: an article, or a forum, product, listing… page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<PageType>,
    /// Which extractor's text this is (`readability`, `trafilatura`), for HTML pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
}

/// What kind of web page a document is (the seven types of the WCXB benchmark, told by
/// rs-trafilatura's page classifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// A news story, blog post or report: one text with an author and a date.
    Article,
    /// A discussion thread: posts by several people.
    Forum,
    /// A product page of a shop.
    Product,
    /// A category or collection page of a shop.
    Collection,
    /// A list of links to other pages (a section front, search results, an archive).
    Listing,
    /// Software or product documentation.
    Documentation,
    /// A company's page about a service it sells.
    Service,
}

labels!(PageType { Article => "article", Forum => "forum", Product => "product", Collection => "collection", Listing => "listing", Documentation => "documentation", Service => "service" });

impl Article {
    /// Builds an article whose text is the given paragraphs joined by blank lines.
    pub fn from_paragraphs<I, S>(paragraphs: I) -> Article
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut text = String::new();
        let mut spans = Vec::new();
        for p in paragraphs {
            let p = p.as_ref().trim();
            if p.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(p);
            spans.push(Span::new(start, text.len()));
        }
        Article {
            text,
            paragraphs: spans,
            ..Article::default()
        }
    }

    /// Builds an article over `text` as it is (offsets stay those of the input), with
    /// paragraphs at blank-line or line breaks.
    pub fn from_raw_text(text: &str) -> Article {
        let mut spans = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed_start = line.len() - line.trim_start().len();
            let body = line.trim();
            if !body.is_empty() {
                let start = offset + trimmed_start;
                spans.push(Span::new(start, start + body.len()));
            }
            offset += line.len();
        }
        Article {
            text: text.to_string(),
            paragraphs: spans,
            ..Article::default()
        }
    }
}

/// A sentence of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence stands.
    #[serde(flatten)]
    pub span: Span,
    /// Index of its paragraph in `Article::paragraphs`.
    pub paragraph: usize,
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation, institution, company, party or outlet.
    Organization,
    /// A country, region, city or other place.
    Place,
}

labels!(EntityKind { Person => "person", Organization => "organization", Place => "place" });

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A proper name ("Vladimir Putin", "NATO", "US").
    Name,
    /// A demonym standing for a country ("Russian troops").
    Demonym,
    /// A pronoun ("he", "it").
    Pronoun,
    /// A common noun phrase ("a spokesman", "officials").
    Nominal,
}

labels!(MentionKind { Name => "name", Demonym => "demonym", Pronoun => "pronoun", Nominal => "nominal" });

/// A stretch of text that refers to an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it stands.
    #[serde(flatten)]
    pub span: Span,
    /// The words as written.
    pub text: String,
    /// How it names the entity.
    pub kind: MentionKind,
}

/// A role the text gives a person ("Secretary of State" of "United States").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The office or function, as a canonical title ("President", "Foreign Minister").
    pub title: String,
    /// The country or organisation the role belongs to, when stated.
    pub of: Option<String>,
    /// A qualifier such as "former", "acting" or "then-" when stated.
    pub qualifier: Option<String>,
    /// The words that state the role.
    #[serde(flatten)]
    pub span: Span,
}

/// One actor of the article, merged across all the ways the text names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable index inside this analysis.
    pub id: usize,
    /// Canonical name ("Vladimir Putin", "United States").
    pub name: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// ISO 3166 alpha-3 code when the entity is a country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// Roles the text attaches to it.
    pub roles: Vec<Role>,
    /// Wikidata id, for people of the office-holder record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Gender when an honorific or given name tells it (`Some(true)`: female); used for
    /// pronouns and surname linking, not part of the JSON schema.
    #[serde(skip)]
    pub female: Option<bool>,
}

/// Direct quotation (in quotation marks) or reported speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The words stand between quotation marks.
    Direct,
    /// The words are reported in a clause ("X said that …").
    Reported,
}

labels!(QuoteKind { Direct => "direct", Reported => "reported" });

/// Which analysis finds reported speech: the fast span labeller, or the accurate mode's
/// fine-tuned transformer encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The averaged-perceptron span labeller (the default).
    #[default]
    Fast,
    /// The fine-tuned MiniLM encoder (`whosaid-accurate`).
    Accurate,
}

labels!(Mode { Fast => "fast", Accurate => "accurate" });

/// The words that introduce a quotation ("said", "according to", ":").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Where it stands.
    #[serde(flatten)]
    pub span: Span,
    /// The words as written.
    pub text: String,
}

/// Who a quotation is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker's canonical name, or the words of the mention when no entity is known.
    pub name: String,
    /// The entity the mention refers to (an index into `Analysis::entities`).
    pub entity: Option<usize>,
    /// The words in the text that name the speaker ("he", "Putin", "a spokesman").
    pub mention: Option<Span>,
}

/// How a quote's speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Attribution {
    /// By a cue next to it ("Putin said").
    Cue,
    /// The quote lies inside reported speech and shares its speaker.
    Enclosing,
    /// The quote's paragraph names no speaker; it continues the previous quote.
    Continuation,
    /// No speaker was found.
    None,
}

labels!(Attribution { Cue => "cue", Enclosing => "enclosing", Continuation => "continuation", None => "none" });

/// A statement: what was said, by whom, with which cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted or reported words (the content spans joined by " … ").
    pub text: String,
    /// Direct or reported.
    pub kind: QuoteKind,
    /// The content: one span, or several when the attribution interrupts the quote.
    pub content: Vec<Span>,
    /// The cue, when found.
    pub cue: Option<Cue>,
    /// The speaker, when found.
    pub speaker: Option<Speaker>,
    /// How the speaker was found.
    pub attribution: Attribution,
}

impl Quote {
    /// From the first content byte to the last.
    pub fn extent(&self) -> Span {
        let start = self.content.iter().map(|s| s.start).min().unwrap_or(0);
        let end = self.content.iter().map(|s| s.end).max().unwrap_or(0);
        Span::new(start, end)
    }
}

/// An actor of an event, coded to a state or organisation where the text allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The words naming the actor.
    pub text: String,
    /// Where they stand.
    #[serde(flatten)]
    pub span: Span,
    /// ISO alpha-3 country code, or IGO / NGO; `None` when the text does not tell.
    pub code: Option<String>,
    /// Sector: GOV, MIL, COP, REB, OPP, LEG, JUD, CVL, PTY, BUS, MED …
    pub sector: Option<String>,
    /// The entity the actor is, when known (index into `Analysis::entities`).
    pub entity: Option<usize>,
}

/// Whether an event happened, is expected, or is negated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// Reported as having happened (or happening).
    Happened,
    /// Scheduled or planned ("is due to", "will", "plans to").
    Scheduled,
    /// Negated ("did not meet").
    Negated,
    /// Only possible: a hypothetical or a recommendation ("could impose sanctions", "should
    /// withdraw", "if they attacked").
    Possible,
}

labels!(EventStatus { Happened => "happened", Scheduled => "scheduled", Negated => "negated", Possible => "possible" });

/// A time expression and its resolved value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRef {
    /// The words as written ("on Tuesday").
    pub text: String,
    /// Where they stand.
    #[serde(flatten)]
    pub span: Span,
    /// "2022-02-01", "2021-12", "2014" or "2022-01-24/2022-01-30"; `None` without a
    /// publication date to resolve against.
    pub value: Option<String>,
}

/// Something one actor did to another, in the PLOVER ontology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER event type: AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT,
    /// INVESTIGATE, DEMAND, DISAPPROVE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE,
    /// COERCE, ASSAULT, FIGHT.
    pub kind: String,
    /// The words that name the action.
    pub trigger: Cue,
    /// The sentence it stands in.
    pub sentence: Span,
    /// Who acts.
    pub source: Vec<Actor>,
    /// Who is acted upon.
    pub target: Vec<Actor>,
    /// Where, when the sentence says.
    pub place: Option<String>,
    /// When, resolved against the publication date.
    pub date: Option<TimeRef>,
    /// Happened, scheduled or negated.
    pub status: EventStatus,
    /// True when the trigger stands in a relative or adverbial clause ("a letter handed over
    /// to the UN", "after troops shelled the town"): context for the sentence's main report.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub background: bool,
}

/// Everything the analyzer finds in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Schema identifier of this JSON document.
    pub schema: String,
    /// The article the spans point into.
    pub article: Article,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Quotations in text order.
    pub quotes: Vec<Quote>,
    /// Actors, in order of first mention.
    pub entities: Vec<Entity>,
    /// Events between actors, in text order.
    pub events: Vec<Event>,
    /// Stated roles checked against the office-holder record; `contradicted` ones are flags.
    pub role_checks: Vec<RoleCheck>,
}
