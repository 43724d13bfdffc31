//! Inputs of `ingest`, streamed one document at a time: HTML and text files (directories
//! recursively), JSON Lines, WARC / WARC.gz (HTML response records) and RSS/Atom feeds.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde::Deserialize;
use whosaid_html::{InputError, Kind, RawDocument, MAX_INPUT_BYTES};

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

#[derive(Debug, Deserialize)]
struct JsonLine {
    url: Option<String>,
    html: Option<String>,
    text: Option<String>,
    title: Option<String>,
    published: Option<String>,
    site: Option<String>,
}

fn lower_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The files `ingest` reads in a directory.
pub fn is_ingestible(p: &Path) -> bool {
    let n = lower_name(p);
    [
        ".html", ".htm", ".txt", ".jsonl", ".warc", ".warc.gz", ".rss", ".atom", ".xml",
    ]
    .iter()
    .any(|e| n.ends_with(e))
}

/// The files `analyze` reads in a directory: pages and text articles.
pub fn is_page(p: &Path) -> bool {
    let n = lower_name(p);
    [".html", ".htm", ".txt"].iter().any(|e| n.ends_with(e))
}

/// Lists the files to read: `-` (standard input) and given files as they are,
/// directories recursively (sorted), keeping the files `accept` takes.
pub fn expand(
    paths: &[PathBuf],
    accept: fn(&Path) -> bool,
) -> Vec<Result<PathBuf, (String, String)>> {
    fn walk(
        dir: &Path,
        accept: fn(&Path) -> bool,
        out: &mut Vec<Result<PathBuf, (String, String)>>,
    ) {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(e) => e.flatten().map(|e| e.path()).collect(),
            Err(e) => {
                out.push(Err((dir.display().to_string(), e.to_string())));
                return;
            }
        };
        entries.sort();
        for p in entries {
            // a linked folder is not entered: a link to a parent would loop
            let linked = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if p.is_dir() {
                if !linked {
                    walk(&p, accept, out);
                }
            } else if accept(&p) {
                out.push(Ok(p));
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || (p.exists() && !p.is_dir()) {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            walk(p, accept, &mut out);
        } else {
            out.push(Err((
                p.display().to_string(),
                "no such file or directory".to_string(),
            )));
        }
    }
    out
}

fn file_url(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    format!("file://{}", abs.display())
}

/// Streams the documents of one file (`-`: standard input): one for a page or text, one
/// per line of JSON Lines, per HTML response of a WARC, per entry of a feed. `kind` says
/// how to read a single page (`Auto`: by its extension).
pub fn documents(path: PathBuf, kind: Kind) -> Box<dyn Iterator<Item = Item> + Send> {
    let name = lower_name(&path);
    let label = path.display().to_string();
    let size = match check_regular(&path) {
        Ok(size) => size,
        Err(reason) => return Box::new(std::iter::once(Err((label, reason)))),
    };
    if kind == Kind::Auto || kind == Kind::Html || kind == Kind::Text {
        if name.ends_with(".jsonl") {
            return json_lines(path, label);
        }
        if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            return warc_records(path, label, name.ends_with(".gz"));
        }
        if name.ends_with(".rss") || name.ends_with(".atom") || name.ends_with(".xml") {
            return Box::new(feed_entries(&path, &label).into_iter());
        }
    }
    let item = read_bytes(&path, size)
        .map_err(|e| (label.clone(), e))
        .map(|bytes| Input {
            doc: RawDocument {
                bytes,
                kind,
                url: (path.as_os_str() != "-").then(|| file_url(&path)),
                name: Some(label.clone()),
                ..RawDocument::default()
            },
            label,
        });
    Box::new(std::iter::once(item))
}

/// The size of a regular file (links followed), or why it is not one: a FIFO never ends
/// and a device never stops (a link named b.txt to /dev/zero). Standard input (`-`) passes.
fn check_regular(path: &Path) -> Result<u64, String> {
    if path.as_os_str() == "-" {
        return Ok(0);
    }
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if !meta.is_file() {
        return Err("not a regular file (a FIFO, device or socket)".to_string());
    }
    Ok(meta.len())
}

/// The bytes of a file (`size` bytes, as [`check_regular`] found) or of standard input,
/// refusing what is over the size limit before reading it.
fn read_bytes(path: &Path, size: u64) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    if size > MAX_INPUT_BYTES as u64 {
        return Err(InputError::TooLarge {
            size: size as usize,
            limit: MAX_INPUT_BYTES,
        }
        .to_string());
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

fn json_lines(path: PathBuf, label: String) -> Box<dyn Iterator<Item = Item> + Send> {
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err((label, e.to_string())))),
    };
    let reader = BufReader::new(file);
    Box::new(reader.lines().enumerate().filter_map(move |(i, line)| {
        let where_ = format!("{label}:{}", i + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err((where_, e.to_string()))),
        };
        if line.trim().is_empty() {
            return None;
        }
        let rec: JsonLine = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => return Some(Err((where_, format!("invalid JSON line: {e}")))),
        };
        let (kind, body) = match (rec.html, rec.text) {
            (Some(h), _) => (Kind::Html, h),
            (None, Some(t)) => (Kind::Text, t),
            (None, None) => {
                return Some(Err((
                    where_,
                    "a line needs \"html\" or \"text\"".to_string(),
                )))
            }
        };
        Some(Ok(Input {
            label: where_,
            doc: RawDocument {
                bytes: body.into_bytes(),
                kind,
                name: None,
                url: rec.url,
                title: rec.title,
                published: rec.published,
                site: rec.site,
            },
        }))
    }))
}

fn warc_records(path: PathBuf, label: String, gz: bool) -> Box<dyn Iterator<Item = Item> + Send> {
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err((label, e.to_string())))),
    };
    let reader: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::new(MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    let records = warc::WarcReader::new(LineCap::new(reader)).iter_records();
    let mut n = 0usize;
    let mut failed = false;
    Box::new(
        records
            .map_while(move |rec| {
                if failed {
                    return None;
                }
                n += 1;
                let where_ = format!("{label} record {n}");
                match rec {
                    Err(e) => {
                        // a broken record stops the file: the stream cannot be resynchronised safely
                        failed = true;
                        Some(Some(Err((where_, format!("malformed WARC record: {e}")))))
                    }
                    Ok(r) => {
                        if *r.warc_type() != warc::RecordType::Response {
                            return Some(None);
                        }
                        let uri = r
                            .header(warc::WarcHeader::TargetURI)
                            .map(|u| u.trim_matches(['<', '>']).to_string());
                        let date = r.date().to_rfc3339();
                        let body = r.body();
                        // the HTTP response: headers, a blank line, the payload
                        let split = body
                            .windows(4)
                            .position(|w| w == b"\r\n\r\n")
                            .map(|p| (p, 4))
                            .or_else(|| body.windows(2).position(|w| w == b"\n\n").map(|p| (p, 2)));
                        let Some((pos, sep)) = split else {
                            return Some(Some(Err((
                                where_,
                                "HTTP response without headers".to_string(),
                            ))));
                        };
                        let headers = String::from_utf8_lossy(&body[..pos]).to_lowercase();
                        let is_html = headers.lines().any(|l| {
                            l.starts_with("content-type:")
                                && (l.contains("html") || l.contains("xhtml"))
                        });
                        if !is_html {
                            return Some(None);
                        }
                        let payload = body[pos + sep..].to_vec();
                        Some(Some(Ok(Input {
                            label: where_,
                            doc: RawDocument {
                                bytes: payload,
                                kind: Kind::Html,
                                url: uri,
                                published: Some(date),
                                ..RawDocument::default()
                            },
                        })))
                    }
                }
            })
            .flatten(),
    )
}

/// A reader that fails once it has read more than [`MAX_INPUT_BYTES`] without a line end:
/// a WARC header is lines, and a decompression bomb of zeros is one endless line that the
/// WARC reader would buffer whole (1 GB of zeros took 1 GB of memory and was reported as
/// nothing at all).
struct LineCap<R> {
    inner: R,
    since_newline: usize,
}

impl<R: BufRead> LineCap<R> {
    fn new(inner: R) -> Self {
        LineCap {
            inner,
            since_newline: 0,
        }
    }
}

impl<R: BufRead> Read for LineCap<R> {
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

impl<R: BufRead> BufRead for LineCap<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.since_newline > MAX_INPUT_BYTES {
            return Err(std::io::Error::other(format!(
                "over {} MiB without a line end (a decompression bomb?)",
                MAX_INPUT_BYTES / (1024 * 1024)
            )));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffered) = self.inner.fill_buf() {
            let taken = &buffered[..amount.min(buffered.len())];
            self.since_newline = match taken.iter().rposition(|&b| b == b'\n') {
                Some(p) => taken.len() - p - 1,
                None => self.since_newline + taken.len(),
            };
        }
        self.inner.consume(amount);
    }
}

fn feed_entries(path: &Path, label: &str) -> Vec<Item> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return vec![Err((label.to_string(), e.to_string()))],
    };
    let feed = match feed_rs::parser::parse(BufReader::new(file)) {
        Ok(f) => f,
        Err(e) => {
            return vec![Err((
                label.to_string(),
                format!("not a readable RSS/Atom feed: {e}"),
            ))]
        }
    };
    let site = feed.title.as_ref().map(|t| t.content.clone());
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let where_ = format!("{label} entry {}", i + 1);
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
                    site: site.clone(),
                },
            })
        })
        .collect()
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
    fn expand_lists_what_each_command_reads_sorted() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in [
            "b.html",
            "a.TXT",
            "c.jsonl",
            "d.warc.gz",
            "e.png",
            "sub/f.htm",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            std::fs::write(path, "x").expect("file");
        }
        let names = |accept: fn(&Path) -> bool| -> Vec<String> {
            expand(&[dir.path().to_path_buf()], accept)
                .into_iter()
                .map(|r| {
                    let p = r.expect("a file");
                    p.strip_prefix(dir.path())
                        .expect("inside")
                        .display()
                        .to_string()
                })
                .collect()
        };
        assert_eq!(names(is_page), ["a.TXT", "b.html", "sub/f.htm"]);
        assert_eq!(
            names(is_ingestible),
            ["a.TXT", "b.html", "c.jsonl", "d.warc.gz", "sub/f.htm"]
        );
        let missing = expand(
            &[PathBuf::from("/no/such/dir"), PathBuf::from("-")],
            is_page,
        );
        assert!(missing[0]
            .as_ref()
            .is_err_and(|e| e.1 == "no such file or directory"));
        assert_eq!(missing[1].as_ref().ok(), Some(&PathBuf::from("-")));
    }

    #[test]
    fn an_endless_line_is_cut_off_not_buffered() {
        use std::io::Read as _;
        let zeros = BufReader::with_capacity(1 << 16, std::io::repeat(0).take(80 << 20));
        let mut line = Vec::new();
        let result = LineCap::new(zeros).read_until(b'\n', &mut line);
        assert!(result.is_err_and(|e| e.to_string().contains("without a line end")));
        assert!(line.len() <= MAX_INPUT_BYTES + (1 << 16));
        // lines of ordinary length pass
        let text = "WARC/1.0\r\nWARC-Type: response\r\n\r\n".repeat(1000);
        let mut all = String::new();
        LineCap::new(text.as_bytes())
            .read_to_string(&mut all)
            .expect("read");
        assert_eq!(all, text);
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_linked_folders_not_entered() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.txt"), "Title\n\nText.").expect("file");
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("b.txt")).expect("link");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("loop");
        let files = expand(&[dir.path().to_path_buf()], is_page);
        assert_eq!(files.len(), 2, "a.txt and b.txt, once each: {files:?}");
        let read: Vec<Item> = files
            .into_iter()
            .flatten()
            .flat_map(|p| documents(p, Kind::Auto))
            .collect();
        assert!(read[0].is_ok());
        assert!(read[1]
            .as_ref()
            .is_err_and(|e| e.1.starts_with("not a regular file")));
    }

    #[test]
    fn json_lines_keep_what_is_known_beside_each_document() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.jsonl");
        std::fs::write(
            &path,
            "{\"text\":\"Título\\n\\n“Sí,” dijo.\",\"site\":\"El País\"}\n\nnot json\n{\"url\":\"x\"}\n",
        )
        .expect("file");
        let items: Vec<Item> = documents(path, Kind::Auto).collect();
        assert_eq!(items.len(), 3, "the blank line is skipped");
        let first = items[0].as_ref().expect("a document");
        assert_eq!(first.doc.kind, Kind::Text);
        assert_eq!(first.doc.site.as_deref(), Some("El País"));
        assert!(first.label.ends_with("a.jsonl:1"));
        assert!(items[1].as_ref().is_err_and(|e| e.0.ends_with(":3")));
        assert!(items[2]
            .as_ref()
            .is_err_and(|e| e.1.contains("needs \"html\" or \"text\"")));
    }
}
