//! `whosaid train`: trains the part-of-speech tagger (on the CoreNLP silver tags in
//! `silver/<split>.conllu.gz` beside each split), the cue tagger and the span labeller
//! (on the brat gold, `text/*.txt` and `attributions/*.ann`) and writes their model files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use std::collections::HashMap;
use whosaid_analysis::polnear::{self, GoldAttribution};
use whosaid_analysis::quotes::{self, cue_model, span_model};
use whosaid_analysis::text::{pos, Doc};
use whosaid_analysis::Article;

struct Example {
    name: String,
    article: Article,
    gold: Vec<GoldAttribution>,
}

/// The silver part-of-speech tags of one document: (character start, tag).
type SilverTags = Vec<(usize, String)>;

/// Reads a CoNLL-U file (gzip) with `# newdoc id = <file>` and `Start=` offsets in MISC.
fn load_silver(path: &Path) -> anyhow::Result<HashMap<String, SilverTags>> {
    use std::io::{BufRead, BufReader};
    let file = fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut out: HashMap<String, SilverTags> = HashMap::new();
    let mut current = String::new();
    for line in reader.lines() {
        let line = line.with_context(|| format!("{}: cannot read", path.display()))?;
        if let Some(id) = line.strip_prefix("# newdoc id = ") {
            current = id.trim().to_string();
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            continue;
        }
        let start = cols[9]
            .split('|')
            .find_map(|kv| kv.strip_prefix("Start="))
            .and_then(|v| v.parse::<usize>().ok());
        if let Some(start) = start {
            out.entry(current.clone())
                .or_default()
                .push((start, cols[4].to_string()));
        }
    }
    Ok(out)
}

/// Per-token gold tags: a token gets the silver tag of the silver token starting where it
/// starts (offsets in characters there, bytes here); others are unknown.
fn silver_labels(doc: &Doc, text: &str, silver: &SilverTags) -> Vec<Option<u8>> {
    let char_of_byte: HashMap<usize, usize> = text
        .char_indices()
        .enumerate()
        .map(|(c, (b, _))| (b, c))
        .collect();
    let by_start: HashMap<usize, &str> = silver.iter().map(|(s, t)| (*s, t.as_str())).collect();
    doc.tokens
        .iter()
        .map(|t| {
            char_of_byte
                .get(&t.span.start)
                .and_then(|c| by_start.get(c))
                .and_then(|tag| pos::tag_index(tag))
        })
        .collect()
}

/// Each text file with its first annotation file in sorted order (the scorer's choice).
fn load(dir: &Path) -> anyhow::Result<Vec<Example>> {
    let list = |sub: &str, ext: &str| -> anyhow::Result<Vec<PathBuf>> {
        let mut v: Vec<PathBuf> = fs::read_dir(dir.join(sub))
            .with_context(|| format!("{}: cannot list {sub}/", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        v.sort();
        Ok(v)
    };
    let texts = list("text", "txt")?;
    let anns = list("attributions", "ann")?;
    let mut out = Vec::new();
    for path in texts {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        }) else {
            continue;
        };
        let text = fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
        let ann = fs::read_to_string(ann).with_context(|| format!("{}", ann.display()))?;
        let gold = polnear::gold_attributions(&ann, &text);
        out.push(Example {
            name: format!("{stem}.txt"),
            article: Article::from_raw_text(&text),
            gold,
        });
    }
    Ok(out)
}

/// Flags of `whosaid train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Split directories, e.g. ../shared/data/polnear/train.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Directory for the model files.
    #[arg(long)]
    pub models: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Leave out every k-th document (for measuring; the shipped models use all).
    #[arg(long)]
    pub holdout: Option<usize>,
    /// Drop averaged weights smaller than this (smaller files, same accuracy).
    #[arg(long, default_value_t = 1.0)]
    pub prune: f32,
    /// Which models: `fast` (the part-of-speech tagger, cue tagger and span labeller) or
    /// `accurate` (the fine-tuned encoder layers and head, `accurate.safetensors`; give
    /// `--epochs 3`).
    #[arg(long = "model", value_name = "MODE", default_value = "fast")]
    pub mode: whosaid_analysis::Mode,
    /// How many of the encoder's top layers `--model accurate` fine-tunes (of six; the
    /// shipped weights say how many they hold).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub tuned_layers: usize,
    /// The pretrained encoder's folder, for `--model accurate`.
    #[arg(long, value_name = "DIR", env = "WHOSAID_ENCODER")]
    pub encoder: Option<PathBuf>,
}

/// The documents of one epoch in a fixed pseudo-random order (the same every run).
fn epoch_order(n: usize, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ (epoch as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// What one training run reads: the examples, which of them train, and how the model
/// headers describe it.
struct Plan<'a> {
    opts: &'a TrainArgs,
    examples: Vec<Example>,
    /// The examples trained on (the others are held out).
    train: Vec<usize>,
    /// The split directories, for the headers.
    source: String,
    /// ", every k-th document held out", or nothing.
    held_note: String,
}

impl Plan<'_> {
    /// "N documents of SOURCE, E epochs[, held out]", for a model file's header.
    fn trained_on(&self, epochs: usize) -> String {
        format!(
            "{} documents of {}, {epochs} epochs{}",
            self.train.len(),
            self.source,
            self.held_note
        )
    }

    /// True when example `i` is held out.
    fn held(&self, i: usize) -> bool {
        self.opts
            .holdout
            .is_some_and(|k| k > 0 && i.is_multiple_of(k))
    }
}

/// A document prepared once for the attribution models: tokens tagged, quotation
/// context, gold cue labels and the gold spans around each gold cue.
struct Prepared<'a> {
    doc: Doc<'a>,
    quoted: Vec<bool>,
    cue_gold: Vec<u8>,
    spans: Vec<(std::ops::Range<usize>, Vec<u8>)>,
}

/// Trains the three models and writes `pos.tsv`, `cues.tsv` and `spans.tsv` into `models`.
pub fn run(opts: &TrainArgs) -> anyhow::Result<ExitCode> {
    let mut examples = Vec::new();
    for dir in &opts.dirs {
        examples.extend(load(dir)?);
    }
    let mut plan = Plan {
        opts,
        train: Vec::new(),
        examples,
        source: opts
            .dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        held_note: opts
            .holdout
            .map(|k| format!(", every {k}th document held out"))
            .unwrap_or_default(),
    };
    plan.train = (0..plan.examples.len())
        .filter(|&i| !plan.held(i))
        .collect();
    if opts.mode == whosaid_analysis::Mode::Accurate {
        return train_accurate(&plan);
    }
    // 0. the part-of-speech tagger, on the CoreNLP silver tags next to each split
    let pos_tagger = train_pos(&plan)?;
    let prepared: Vec<Prepared> = plan
        .examples
        .iter()
        .map(|e| prepare(e, &pos_tagger))
        .collect();
    // 1. the cue tagger
    let cue_model = train_cues(&plan, &prepared)?;
    // 2. the span labeller, on the gold cues (trained with negative cues as well, it
    // learned to reject too many true ones: held-out end-to-end F1 0.551 against 0.571)
    train_spans(&plan, &prepared)?;
    if opts.holdout.is_some() {
        report_held_out_cues(&plan, &prepared, &cue_model);
    }
    Ok(ExitCode::SUCCESS)
}

/// The accurate mode's layers and head, on the documents trained on.
#[cfg(feature = "accurate")]
fn train_accurate(plan: &Plan) -> anyhow::Result<ExitCode> {
    let docs: Vec<_> = plan
        .train
        .iter()
        .map(|&i| {
            super::train_accurate::gold_doc(&plan.examples[i].article, &plan.examples[i].gold)
        })
        .collect();
    let encoder = plan
        .opts
        .encoder
        .clone()
        .unwrap_or_else(super::models::default_encoder_dir);
    super::train_accurate::run(
        &docs,
        &plan.source,
        plan.opts.epochs,
        plan.opts.tuned_layers,
        &encoder,
        &plan.opts.models,
    )
}

#[cfg(not(feature = "accurate"))]
fn train_accurate(_plan: &Plan) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this whosaid was built without the accurate mode")
}

/// The part-of-speech tagger, trained on the silver tags and written to `pos.tsv`.
fn train_pos(plan: &Plan) -> anyhow::Result<pos::PosTagger> {
    let mut silver = HashMap::new();
    for dir in &plan.opts.dirs {
        let split = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let path = dir
            .parent()
            .unwrap_or(Path::new("."))
            .join("silver")
            .join(format!("{split}.conllu.gz"));
        silver.extend(load_silver(&path)?);
    }
    let mut tagger = pos::PosTrainer::new();
    let pos_gold: Vec<Option<(Doc, Vec<Option<u8>>)>> = plan
        .examples
        .iter()
        .map(|e| {
            let tags = silver.get(&e.name)?;
            let doc = Doc::new(&e.article);
            let gold = silver_labels(&doc, &e.article.text, tags);
            Some((doc, gold))
        })
        .collect();
    for &i in &plan.train {
        if let Some((doc, gold)) = &pos_gold[i] {
            tagger.count(doc, gold);
        }
    }
    tagger.build_dictionary(20, 0.97);
    let pos_epochs = plan.opts.epochs.min(6);
    for epoch in 0..pos_epochs {
        let (mut errors, mut counted) = (0, 0);
        for k in epoch_order(plan.train.len(), epoch + 2000) {
            if let Some((doc, gold)) = &pos_gold[plan.train[k]] {
                let (e, c) = tagger.learn(doc, gold);
                errors += e;
                counted += c;
            }
        }
        eprintln!(
            "pos, epoch {}: accuracy {:.4} on {counted} tokens",
            epoch + 1,
            1.0 - errors as f64 / counted.max(1) as f64
        );
    }
    let header = format!(
        "whosaid part-of-speech tagger (averaged perceptron, Penn Treebank tags), trained by\n\
         `whosaid train` on the CoreNLP silver tags of {}.\n\
         Format: FNV-1a feature hash (hex), then label:weight pairs (labels index the tag list in text/pos.rs).",
        plan.trained_on(pos_epochs)
    );
    let text = tagger.finish(plan.opts.prune, &header);
    let pos_tagger = pos::PosTagger::parse(&text)?;
    write(&plan.opts.models.join("pos.tsv"), &text)?;
    if plan.opts.holdout.is_some() {
        let (mut right, mut all) = (0usize, 0usize);
        for (i, g) in pos_gold.iter().enumerate() {
            if let (true, Some((doc, gold))) = (plan.held(i), g) {
                for (t, g) in pos_tagger.tag(doc).iter().zip(gold) {
                    if let Some(g) = g {
                        all += 1;
                        right += usize::from(t == g);
                    }
                }
            }
        }
        eprintln!(
            "held out: part-of-speech accuracy {:.4} on {all} tokens",
            right as f64 / all.max(1) as f64
        );
    }
    Ok(pos_tagger)
}

/// One document prepared for the attribution models.
fn prepare<'a>(e: &'a Example, pos_tagger: &pos::PosTagger) -> Prepared<'a> {
    let mut doc = Doc::new(&e.article);
    doc.tag(pos_tagger);
    let quoted = quotes::quoted_tokens(&doc);
    let cue_gold = polnear::cue_labels(&doc, &e.gold);
    let spans = e
        .gold
        .iter()
        .filter_map(|a| {
            let cue = polnear::token_ranges(&doc, &a.cue).into_iter().next()?;
            let win = span_model::window(&doc, &cue);
            let labels = span_model::gold_labels(
                &win,
                &cue,
                &polnear::token_ranges(&doc, &a.source),
                &polnear::token_ranges(&doc, &a.content),
            );
            Some((cue, labels))
        })
        .collect();
    Prepared {
        doc,
        quoted,
        cue_gold,
        spans,
    }
}

/// The cue tagger, written to `cues.tsv`.
fn train_cues(plan: &Plan, prepared: &[Prepared]) -> anyhow::Result<cue_model::CueModel> {
    let mut cues = cue_model::CueTrainer::new();
    for epoch in 0..plan.opts.epochs {
        let mut errors = 0;
        for k in epoch_order(plan.train.len(), epoch) {
            let p = &prepared[plan.train[k]];
            errors += cues.learn(&p.doc, &p.quoted, &p.cue_gold);
        }
        eprintln!("cues, epoch {}: {errors} tagging errors", epoch + 1);
    }
    let header = format!(
        "whosaid cue tagger (averaged perceptron, labels O B I), trained by `whosaid train`\n\
         on {}.\n\
         Format: FNV-1a feature hash (hex), then one weight per label.",
        plan.trained_on(plan.opts.epochs)
    );
    let text = cues.finish(plan.opts.prune, &header);
    let cue_model = cue_model::CueModel::parse(&text)?;
    write(&plan.opts.models.join("cues.tsv"), &text)?;

    Ok(cue_model)
}

/// The span labeller, written to `spans.tsv`.
fn train_spans(plan: &Plan, prepared: &[Prepared]) -> anyhow::Result<()> {
    let mut spans = span_model::SpanTrainer::new();
    for epoch in 0..plan.opts.epochs {
        let mut errors = 0;
        for k in epoch_order(plan.train.len(), epoch + 1000) {
            let i = plan.train[k];
            let p = &prepared[i];
            for (cue, gold) in &p.spans {
                errors += spans.learn(&p.doc, &p.quoted, cue, gold);
            }
        }
        eprintln!("spans, epoch {}: {errors} labelling errors", epoch + 1);
    }
    let header = format!(
        "whosaid span labeller (averaged perceptron, labels O, source B/I, content B/I),\n\
         trained by `whosaid train` on {}.\n\
         Format: FNV-1a feature hash (hex), then one weight per label.",
        plan.trained_on(plan.opts.epochs)
    );
    let text = spans.finish(plan.opts.prune, &header);
    write(&plan.opts.models.join("spans.tsv"), &text)?;

    Ok(())
}

/// Cue-level precision and recall on the held-out documents.
fn report_held_out_cues(plan: &Plan, prepared: &[Prepared], cue_model: &cue_model::CueModel) {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (_, p) in prepared.iter().enumerate().filter(|(i, _)| plan.held(*i)) {
        let tags = cue_model.tag(&p.doc, &p.quoted);
        for (g, t) in p.cue_gold.iter().zip(&tags) {
            match (*g == cue_model::BEGIN, t.label == cue_model::BEGIN) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    eprintln!(
        "held out: cue starts P {p:.3} R {r:.3} F1 {:.3}",
        2.0 * p * r / (p + r).max(1e-9)
    );
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    eprintln!("wrote {} ({} bytes)", path.display(), text.len());
    Ok(())
}
