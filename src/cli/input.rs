//! Reading inputs: files, directories and stdin, each turned into an article or a
//! one-line reason why not.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use whosaid_analysis::{plaintext, Article};
use whosaid_html::{InputError, MAX_INPUT_BYTES};

use super::InputKind;

/// One input to analyze.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given or found (`-` for stdin).
    pub path: PathBuf,
}

/// Expands directories (recursively, sorted) into their .html/.htm/.txt files.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Source, (PathBuf, String)>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Source { path: p.clone() }));
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, &mut out);
            found.sort();
            out.extend(found.into_iter().map(|path| Ok(Source { path })));
        } else if p.exists() {
            out.push(Ok(Source { path: p.clone() }));
        } else {
            out.push(Err((p.clone(), "no such file or directory".to_string())));
        }
    }
    out
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<Result<Source, (PathBuf, String)>>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Err((dir.to_path_buf(), e.to_string())));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found, errors);
        } else if matches!(
            path.extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase)
                .as_deref(),
            Some("html" | "htm" | "txt")
        ) {
            found.push(path);
        }
    }
}

/// Reads the bytes of a source, refusing files over the size limit before reading them.
pub fn read_bytes(source: &Source) -> Result<Vec<u8>, String> {
    if source.path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES as u64 + 1)
            .read_to_end(&mut buf)
            .map_err(|e| e.to_string())?;
        return Ok(buf);
    }
    let meta = fs::metadata(&source.path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if meta.len() > MAX_INPUT_BYTES as u64 {
        return Err(InputError::TooLarge {
            size: meta.len() as usize,
            limit: MAX_INPUT_BYTES,
        }
        .to_string());
    }
    fs::read(&source.path).map_err(|e| e.to_string())
}

fn is_html(source: &Source, kind: InputKind, bytes: &[u8]) -> bool {
    match kind {
        InputKind::Html => true,
        InputKind::Text => false,
        InputKind::Auto => match source
            .path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("html" | "htm") => true,
            Some(_) => false,
            None => {
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
                let head = head.trim_start();
                head.starts_with('<') || head.contains("<html") || head.contains("<!doctype")
            }
        },
    }
}

/// Reads a source as an article (HTML extraction or the plain-text rules).
pub fn read_article(source: &Source, kind: InputKind) -> Result<Article, String> {
    let bytes = read_bytes(source)?;
    let html = is_html(source, kind, &bytes);
    let text = whosaid_html::decode(&bytes, html).map_err(|e| e.to_string())?;
    let article = if html {
        whosaid_html::extract(&text).map_err(|e| e.to_string())?
    } else {
        plaintext::parse(&text)
    };
    if article.paragraphs.is_empty() {
        return Err(InputError::NoArticle.to_string());
    }
    Ok(article)
}

/// Reads a text file exactly as it is (for PolNeAR offsets).
pub fn read_raw_text(source: &Source) -> Result<Article, String> {
    let bytes = read_bytes(source)?;
    let text = whosaid_html::decode(&bytes, false).map_err(|e| e.to_string())?;
    Ok(Article::from_raw_text(&text))
}
