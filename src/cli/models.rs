//! `--model fast|accurate`: which analyzer a command runs, and where the accurate mode's
//! pretrained encoder lives (fetched once by `scripts/fetch_encoder.sh`, never at run time).

use std::path::PathBuf;

use clap::Args;
use whosaid_analysis::{Analyzer, Mode};

/// The analysis mode of `analyze`, `ingest`, `worker` and `serve`.
#[derive(Debug, Clone, Args)]
pub struct ModelChoice {
    /// `fast` (the default: the span labeller) or `accurate` (experimental, in a build with
    /// `--features accurate`: a fine-tuned transformer encoder finds reported speech;
    /// better on PolNeAR dev end to end and on every span, but a few articles a second
    /// instead of hundreds: see docs/accuracy.md; needs the encoder fetched once by
    /// `scripts/fetch_encoder.sh`).
    #[arg(long = "model", value_name = "MODE", default_value = "fast")]
    pub mode: Mode,
    /// The pretrained encoder's folder (`config.json`, `tokenizer.json`,
    /// `model.safetensors`) for the accurate mode.
    #[arg(long, value_name = "DIR", env = "WHOSAID_ENCODER")]
    pub encoder: Option<PathBuf>,
    /// Fine-tuned weights to use in the accurate mode instead of the shipped ones (an
    /// `accurate.safetensors` made by `train --model accurate`).
    #[arg(long = "accurate-weights", value_name = "FILE")]
    pub weights: Option<PathBuf>,
}

/// The analyzer every worker thread of this process uses (the fast one unless a command
/// installed another first).
static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();

/// Makes `analyzer` the one every worker uses (the first call wins).
pub fn install(analyzer: Analyzer) {
    let _ = ANALYZER.set(analyzer);
}

/// The analyzer every worker uses.
pub fn analyzer() -> Analyzer {
    *ANALYZER.get_or_init(Analyzer::new)
}

/// Where `scripts/fetch_encoder.sh` puts the encoder when `WHOSAID_ENCODER` is not set:
/// `$XDG_CACHE_HOME/whosaid/encoder`, else `~/.cache/whosaid/encoder`.
pub fn default_encoder_dir() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    cache.join("whosaid").join("encoder")
}

impl ModelChoice {
    /// The encoder's folder.
    pub fn encoder_dir(&self) -> PathBuf {
        self.encoder.clone().unwrap_or_else(default_encoder_dir)
    }

    /// The analyzer of this mode (the accurate one loads its encoder: once per process).
    pub fn analyzer(&self) -> anyhow::Result<Analyzer> {
        self.analyzer_over(Analyzer::new())
    }

    /// The analyzer of this mode over `fast`'s models (the part-of-speech tagger, cue
    /// tagger and span labeller, which the accurate mode uses too).
    pub fn analyzer_over(&self, fast: Analyzer) -> anyhow::Result<Analyzer> {
        match self.mode {
            Mode::Fast => Ok(fast),
            Mode::Accurate => accurate(&self.encoder_dir(), self.weights.as_deref(), fast),
        }
    }
}

/// The pretrained encoder's files, read from `dir`.
#[cfg(feature = "accurate")]
pub fn encoder_files(dir: &std::path::Path) -> anyhow::Result<whosaid_accurate::EncoderFiles> {
    use anyhow::Context;
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).with_context(|| {
            format!(
                "{}: cannot read the accurate mode's encoder (fetch it once with `bash scripts/fetch_encoder.sh`, or point --encoder or WHOSAID_ENCODER at its folder)",
                path.display()
            )
        })
    };
    let [config, tokenizer, weights] = whosaid_accurate::ENCODER_FILES;
    Ok(whosaid_accurate::EncoderFiles {
        config: String::from_utf8(read(config)?)
            .with_context(|| format!("{}: not UTF-8", dir.join(config).display()))?,
        tokenizer: read(tokenizer)?,
        weights: read(weights)?,
    })
}

#[cfg(feature = "accurate")]
fn accurate(
    dir: &std::path::Path,
    weights: Option<&std::path::Path>,
    fast: Analyzer,
) -> anyhow::Result<Analyzer> {
    use anyhow::Context;
    let files = encoder_files(dir)?;
    let tuned: std::borrow::Cow<[u8]> = match weights {
        Some(path) => std::fs::read(path)
            .with_context(|| format!("{}: cannot read the weights", path.display()))?
            .into(),
        None => whosaid_accurate::SHIPPED_WEIGHTS.into(),
    };
    let tagger = whosaid_accurate::AccurateTagger::new(&files, &tuned)
        .with_context(|| format!("{}: loading the accurate mode", dir.display()))?;
    // one tagger per process, shared by every worker thread for the process's life
    let tagger: &'static whosaid_accurate::AccurateTagger = Box::leak(Box::new(tagger));
    Ok(fast.with_tagger(tagger))
}

#[cfg(not(feature = "accurate"))]
fn accurate(
    _dir: &std::path::Path,
    _weights: Option<&std::path::Path>,
    _fast: Analyzer,
) -> anyhow::Result<Analyzer> {
    anyhow::bail!("this whosaid was built without the accurate mode (build it with `cargo build --release --features accurate`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoder_defaults_to_the_user_cache() {
        let dir = default_encoder_dir();
        assert!(dir.ends_with("whosaid/encoder"), "{}", dir.display());
    }
}
