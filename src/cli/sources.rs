//! Inputs of `ingest`, streamed one document at a time: HTML and text files (directories
//! recursively), JSON Lines, WARC / WARC.gz (HTML response records) and RSS/Atom feeds.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use whosaid_html::containers;
pub use whosaid_html::containers::Items;
pub use whosaid_html::containers::{Input, Item};
use whosaid_html::{InputError, Kind, Limits, RawDocument};

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
/// how to read a single page (`Auto`: by its extension); `limits` what each may be.
pub fn documents(path: PathBuf, kind: Kind, limits: Limits) -> Items {
    let name = lower_name(&path);
    let label = path.display().to_string();
    let size = match check_regular(&path) {
        Ok(size) => size,
        Err(reason) => return Box::new(std::iter::once(Err((label, reason)))),
    };
    if kind == Kind::Auto || kind == Kind::Html || kind == Kind::Text {
        let container = [".jsonl", ".warc", ".warc.gz", ".rss", ".atom", ".xml"];
        if container.iter().any(|ext| name.ends_with(ext)) {
            return container_documents(&path, &name, label, limits);
        }
    }
    let item = read_bytes(&path, size, limits.max_bytes)
        .map_err(|e| (label.clone(), e))
        .map(|bytes| Input {
            doc: RawDocument {
                bytes,
                kind,
                url: (path.as_os_str() != "-").then(|| file_url(&path)),
                name: Some(label.clone()),
                limits,
                ..RawDocument::default()
            },
            label,
        });
    Box::new(std::iter::once(item))
}

/// The documents inside a JSON Lines, WARC (gzip or not) or feed file.
fn container_documents(path: &Path, name: &str, label: String, limits: Limits) -> Items {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return Box::new(std::iter::once(Err((label, e.to_string())))),
    };
    if name.ends_with(".jsonl") {
        containers::json_lines(BufReader::new(file), label, limits)
    } else if name.ends_with(".warc.gz") {
        let gunzipped = BufReader::new(MultiGzDecoder::new(file));
        containers::warc_records(gunzipped, label, limits)
    } else if name.ends_with(".warc") {
        containers::warc_records(BufReader::new(file), label, limits)
    } else {
        Box::new(containers::feed_entries(file, &label, limits).into_iter())
    }
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
fn read_bytes(path: &Path, size: u64, max_bytes: usize) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    if size > max_bytes as u64 {
        return Err(InputError::TooLarge {
            size: size as usize,
            limit: max_bytes,
        }
        .to_string());
    }
    std::fs::read(path).map_err(|e| e.to_string())
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
            .flat_map(|p| documents(p, Kind::Auto, Limits::default()))
            .collect();
        assert!(read[0].is_ok());
        assert!(read[1]
            .as_ref()
            .is_err_and(|e| e.1.starts_with("not a regular file")));
    }
}
