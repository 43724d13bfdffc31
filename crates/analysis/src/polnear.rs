//! PolNeAR-style predictions: the attribution records that
//! `shared/tools/eval_attribution.py` scores, with byte offsets into the text file.

use serde::Serialize;

use crate::types::{Analysis, QuoteKind};

/// One predicted attribution.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    /// Content extent `[start, end)`.
    pub content: [usize; 2],
    /// Source mention, if any.
    pub source: Option<[usize; 2]>,
    /// Cue, if any.
    pub cue: Option<[usize; 2]>,
}

/// Predictions for one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPredictions {
    /// Text file name.
    pub doc: String,
    /// The predicted attributions.
    pub quotes: Vec<Prediction>,
}

/// Converts an analysis of a raw text file into scorer predictions: a direct quote that
/// lies inside a reported content is part of that attribution, not another one, and a
/// direct quote without a speaker is left out.
pub fn predictions(doc: &str, analysis: &Analysis) -> DocumentPredictions {
    let reported: Vec<_> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Reported)
        .map(|q| q.extent())
        .collect();
    let mut quotes = Vec::new();
    for q in &analysis.quotes {
        let extent = q.extent();
        if q.kind == QuoteKind::Direct {
            if reported.iter().any(|r| r.overlaps(extent)) {
                continue;
            }
            // a quotation without a speaker is not an attribution (PolNeAR scores the
            // source): on train, leaving them out raises DIRECT end-to-end F1 0.706 → 0.758
            if q.speaker.is_none() {
                continue;
            }
        }
        quotes.push(Prediction {
            content: [extent.start, extent.end],
            source: q
                .speaker
                .as_ref()
                .and_then(|s| s.mention)
                .map(|m| [m.start, m.end]),
            cue: q.cue.as_ref().map(|c| [c.span.start, c.span.end]),
        });
    }
    DocumentPredictions {
        doc: doc.to_string(),
        quotes,
    }
}
