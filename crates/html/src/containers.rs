//! Documents inside containers, read from any byte stream: JSON Lines (one document per
//! line), WARC (one per HTML response record, gzip or not) and RSS/Atom feeds (one per
//! entry). Each yields [`Item`]s one at a time; a bad line, record or entry is one
//! `Err` naming where it is and why, and memory stays bounded: no line, record or feed is
//! read past [`Limits::max_bytes`] (a decompression bomb fails as one record).

use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::Deserialize;

use crate::{InputError, Kind, Limits, RawDocument};

/// One document to analyse: where it comes from, for messages ("a.warc.gz record 12"),
/// and its bytes with what is known beside them.
#[derive(Debug, Clone)]
pub struct Input {
    /// Where it comes from.
    pub label: String,
    /// The document.
    pub doc: RawDocument,
}

/// A document, or where and why one could not be read.
pub type Item = Result<Input, (String, String)>;

/// A stream of documents.
pub type Items = Box<dyn Iterator<Item = Item> + Send>;

/// How much a WARC record may hold beyond its payload (its WARC and HTTP headers).
const RECORD_HEADROOM: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
struct JsonLine {
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    title: Option<String>,
    published: Option<String>,
    site: Option<String>,
}

/// The documents of a JSON Lines stream: one object per line with `html` or `text`, and
/// optionally `url`, `title`, `published` and `site`. Blank lines are skipped; a line
/// over the size limit is skipped without being held in memory.
pub fn json_lines<R: BufRead + Send + 'static>(
    mut reader: R,
    label: String,
    limits: Limits,
) -> Items {
    let max = limits.max_bytes;
    let mut number = 0usize;
    let mut line = Vec::new();
    Box::new(std::iter::from_fn(move || loop {
        number += 1;
        line.clear();
        let where_ = format!("{label}:{number}");
        let read = reader
            .by_ref()
            .take(max as u64 + 1)
            .read_until(b'\n', &mut line);
        match read {
            Err(e) => return Some(Err((where_, e.to_string()))),
            Ok(0) => return None,
            Ok(_) => {}
        }
        if line.len() > max && line.last() != Some(&b'\n') {
            line = Vec::new();
            let _ = reader.skip_until(b'\n');
            return Some(Err((where_, format!("a line over {}", size(max)))));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        return Some(json_line(&line, where_, limits));
    }))
}

/// One line of JSON Lines as a document.
fn json_line(line: &[u8], where_: String, limits: Limits) -> Item {
    let rec: JsonLine = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => return Err((where_, format!("invalid JSON line: {e}"))),
    };
    let (kind, body) = match (rec.html, rec.text) {
        (Some(h), _) => (Kind::Html, h),
        (None, Some(t)) => (Kind::Text, t),
        (None, None) => return Err((where_, "a line needs \"html\" or \"text\"".to_string())),
    };
    Ok(Input {
        label: where_,
        doc: RawDocument {
            bytes: body.into_bytes(),
            kind,
            name: None,
            url: rec.url,
            title: rec.title,
            published: rec.published,
            site: rec.site,
            limits,
        },
    })
}

/// A size for messages: "64 MiB", "1.5 MiB", "900 bytes".
fn size(bytes: usize) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if bytes < 1024 * 1024 {
        format!("{bytes} bytes")
    } else if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

/// The HTML responses of a WARC stream (decompress `.warc.gz` before). Other records
/// are skipped; a malformed or oversized record ends the stream with one error, as a
/// WARC stream cannot be resynchronised safely.
pub fn warc_records<R: BufRead + Send + 'static>(
    reader: R,
    label: String,
    limits: Limits,
) -> Items {
    let counted = Arc::new(AtomicUsize::new(0));
    let capped = RecordCap {
        inner: reader,
        read: counted.clone(),
        max: limits.max_bytes,
    };
    // raw records: the crate's `Record::header` unwraps a header's bytes as UTF-8 and
    // panics on a non-UTF-8 target URI (found by the `warc` fuzz target)
    let records = warc::WarcReader::new(capped).iter_raw_records();
    let mut n = 0usize;
    let mut failed = false;
    Box::new(
        records
            .map_while(move |rec| {
                if failed {
                    return None;
                }
                n += 1;
                counted.store(0, Ordering::Relaxed);
                let where_ = format!("{label} record {n}");
                let parsed = rec.map_err(|e| e.to_string()).and_then(|(raw, body)| {
                    let uri = raw.headers.get(&warc::WarcHeader::TargetURI).map(|u| {
                        String::from_utf8_lossy(u)
                            .trim_matches(['<', '>'])
                            .to_string()
                    });
                    let head = warc::Record::<warc::EmptyBody>::try_from(raw)
                        .map_err(|e| e.to_string())?;
                    Ok((head, uri, body))
                });
                match parsed {
                    Err(e) => {
                        failed = true;
                        Some(Some(Err((where_, format!("malformed WARC record: {e}")))))
                    }
                    Ok((head, uri, body)) => Some(warc_response(&head, uri, &body, where_, limits)),
                }
            })
            .flatten(),
    )
}

/// A WARC record as a document: `None` for a record that is not an HTML response.
fn warc_response(
    r: &warc::Record<warc::EmptyBody>,
    uri: Option<String>,
    body: &[u8],
    where_: String,
    limits: Limits,
) -> Option<Item> {
    if *r.warc_type() != warc::RecordType::Response {
        return None;
    }
    let date = r.date().to_rfc3339();
    // the HTTP response: headers, a blank line, the payload
    let split = body
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, 4))
        .or_else(|| body.windows(2).position(|w| w == b"\n\n").map(|p| (p, 2)));
    let Some((pos, sep)) = split else {
        return Some(Err((where_, "HTTP response without headers".to_string())));
    };
    let headers = String::from_utf8_lossy(&body[..pos]).to_lowercase();
    let is_html = headers
        .lines()
        .any(|l| l.starts_with("content-type:") && (l.contains("html") || l.contains("xhtml")));
    if !is_html {
        return None;
    }
    Some(Ok(Input {
        label: where_,
        doc: RawDocument {
            bytes: body[pos + sep..].to_vec(),
            kind: Kind::Html,
            url: uri,
            published: Some(date),
            limits,
            ..RawDocument::default()
        },
    }))
}

/// A reader that fails once one WARC record has taken more than the size limit plus
/// headroom: the WARC reader buffers a record whole, whatever length it declares, and a
/// decompression bomb of zeros or of line ends would otherwise fill the memory (1 GB of
/// zeros took 1 GB and was reported as nothing at all). The record iterator resets the
/// count after each record.
struct RecordCap<R> {
    inner: R,
    read: Arc<AtomicUsize>,
    max: usize,
}

impl<R: BufRead> Read for RecordCap<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for RecordCap<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.read.load(Ordering::Relaxed) > self.max.saturating_add(RECORD_HEADROOM) {
            return Err(std::io::Error::other(format!(
                "a record over {} (a decompression bomb?)",
                size(self.max)
            )));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.read.fetch_add(amount, Ordering::Relaxed);
        self.inner.consume(amount);
    }
}

/// The entries of an RSS or Atom feed, each as an HTML document with the entry's title,
/// link, date and the feed's title as site. A feed over the size limit is refused.
pub fn feed_entries<R: Read>(reader: R, label: &str, limits: Limits) -> Vec<Item> {
    let mut bytes = Vec::new();
    if let Err(e) = reader
        .take(limits.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
    {
        return vec![Err((label.to_string(), e.to_string()))];
    }
    if bytes.len() > limits.max_bytes {
        let too_large = InputError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        };
        return vec![Err((label.to_string(), too_large.to_string()))];
    }
    let feed = match feed_rs::parser::parse(bytes.as_slice()) {
        Ok(f) => f,
        Err(e) => {
            let reason = format!("not a readable RSS/Atom feed: {e}");
            return vec![Err((label.to_string(), reason))];
        }
    };
    let site = feed.title.as_ref().map(|t| t.content.clone());
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| feed_entry(e, format!("{label} entry {}", i + 1), site.clone(), limits))
        .collect()
}

/// One feed entry as a document.
fn feed_entry(
    e: feed_rs::model::Entry,
    where_: String,
    site: Option<String>,
    limits: Limits,
) -> Item {
    let body = e
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .or_else(|| e.summary.as_ref().map(|s| s.content.clone()));
    let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
        return Err((where_, "entry without content".to_string()));
    };
    let title = e.title.as_ref().map(|t| t.content.clone());
    let html = format!(
        "<html><head><title>{}</title></head><body><article>{}</article></body></html>",
        title.as_deref().map(escape).unwrap_or_default(),
        body
    );
    Ok(Input {
        label: where_,
        doc: RawDocument {
            bytes: html.into_bytes(),
            kind: Kind::Html,
            name: None,
            url: e.links.first().map(|l| l.href.clone()),
            title,
            published: e.published.or(e.updated).map(|d| d.to_rfc3339()),
            site,
            limits,
        },
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bomb_in_a_warc_stream_fails_as_one_record_without_filling_memory() {
        // zeros, then line ends: neither may be buffered past the cap
        for byte in [0u8, b'\n'] {
            let head = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\n";
            let bomb = std::io::Cursor::new(head.as_bytes().to_vec())
                .chain(std::io::repeat(byte).take(80 << 20));
            let items: Vec<Item> = warc_records(
                std::io::BufReader::new(bomb),
                "b.warc".into(),
                Limits::default(),
            )
            .collect();
            assert_eq!(items.len(), 1, "{items:?}");
            assert!(items[0]
                .as_ref()
                .is_err_and(|e| e.0 == "b.warc record 1" && e.1.contains("malformed")));
        }
    }

    #[test]
    fn a_non_utf8_target_uri_is_read_not_a_panic() {
        // found by the `warc` fuzz target: the warc crate unwrapped header bytes as UTF-8
        let payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>\xe2\x80\x9cYes,\xe2\x80\x9d she said.</p>";
        let mut record = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2016-10-12T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: http\x86\xc5\xd0x.org/a\r\n".to_vec();
        record.extend(format!("Content-Length: {}\r\n\r\n", payload.len()).as_bytes());
        record.extend(payload);
        record.extend(b"\r\n\r\n");
        let items: Vec<Item> = warc_records(
            std::io::Cursor::new(record),
            "u.warc".into(),
            Limits::default(),
        )
        .collect();
        assert_eq!(items.len(), 1);
        let doc = &items[0].as_ref().expect("a document").doc;
        assert!(doc
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("http") && u.ends_with("x.org/a")));
        assert_eq!(doc.published.as_deref(), Some("2016-10-12T00:00:00+00:00"));
    }

    #[test]
    fn json_lines_keep_what_is_known_and_skip_a_giant_line() {
        let text = "{\"text\":\"Título\\n\\n“Sí,” dijo.\",\"site\":\"El País\"}\n\nnot json\n{\"url\":\"x\"}\n";
        let items: Vec<Item> =
            json_lines(text.as_bytes(), "a.jsonl".into(), Limits::default()).collect();
        assert_eq!(items.len(), 3, "the blank line is skipped");
        let first = items[0].as_ref().expect("a document");
        assert_eq!(first.doc.kind, Kind::Text);
        assert_eq!(first.doc.site.as_deref(), Some("El País"));
        assert_eq!(first.label, "a.jsonl:1");
        assert!(items[1].as_ref().is_err_and(|e| e.0 == "a.jsonl:3"));
        assert!(items[2]
            .as_ref()
            .is_err_and(|e| e.1.contains("needs \"html\" or \"text\"")));
        // a line of 80 MiB, then a good one: one error, then the document
        let giant = std::io::repeat(b'x')
            .take(80 << 20)
            .chain(&b"\n{\"text\":\"T\\n\\nBody.\"}\n"[..]);
        let items: Vec<Item> = json_lines(
            std::io::BufReader::new(giant),
            "g.jsonl".into(),
            Limits::default(),
        )
        .collect();
        assert_eq!(items.len(), 2);
        assert!(items[0]
            .as_ref()
            .is_err_and(|e| e.0 == "g.jsonl:1" && e.1 == "a line over 64 MiB"));
        assert!(items[1].as_ref().is_ok_and(|i| i.label == "g.jsonl:2"));
    }

    #[test]
    fn feeds_become_one_document_per_entry() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title>
            <item><title>A &amp; B</title><link>https://x.org/1</link>
            <description>“Yes,” she said.</description></item>
            <item><title>Empty</title></item></channel></rss>"#;
        let items = feed_entries(rss.as_bytes(), "f.rss", Limits::default());
        assert_eq!(items.len(), 2);
        let first = items[0].as_ref().expect("entry");
        assert_eq!(first.doc.site.as_deref(), Some("Daily"));
        assert_eq!(first.doc.url.as_deref(), Some("https://x.org/1"));
        assert!(items[1]
            .as_ref()
            .is_err_and(|e| e.1 == "entry without content"));
        assert!(feed_entries(&b"<rss"[..], "bad.rss", Limits::default())[0].is_err());
    }
}
