//! One document as a queue message: a length-prefixed JSON head (how to read the bytes and
//! what came beside them) followed by the bytes as they are, so that a worker on another
//! machine reads the document exactly as `ingest` would have read it here.

use serde::{Deserialize, Serialize};
use whosaid_html::containers::Input;
use whosaid_html::{Kind, Limits, RawDocument};

/// What travels beside the bytes.
#[derive(Debug, Serialize, Deserialize)]
struct Head {
    /// Where the document comes from (file, WARC record, feed item), for messages.
    label: String,
    /// How to read the bytes: auto, html, text or raw.
    kind: String,
    name: Option<String>,
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    site: Option<String>,
}

/// The label of a reading kind in a message.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Auto => "auto",
        Kind::Html => "html",
        Kind::Text => "text",
        Kind::Raw => "raw",
    }
}

/// The reading kind a message names.
fn kind_named(label: &str) -> Option<Kind> {
    Some(match label {
        "auto" => Kind::Auto,
        "html" => Kind::Html,
        "text" => Kind::Text,
        "raw" => Kind::Raw,
        _ => return None,
    })
}

/// The message for a document.
pub fn encode(input: &Input) -> Result<Vec<u8>, serde_json::Error> {
    let d = &input.doc;
    let head = serde_json::to_vec(&Head {
        label: input.label.clone(),
        kind: kind_label(d.kind).to_string(),
        name: d.name.clone(),
        url: d.url.clone(),
        title: d.title.clone(),
        published: d.published.clone(),
        site: d.site.clone(),
    })?;
    let len = u32::try_from(head.len()).unwrap_or(u32::MAX).to_le_bytes();
    let mut out = Vec::with_capacity(4 + head.len() + d.bytes.len());
    out.extend_from_slice(&len);
    out.extend_from_slice(&head);
    out.extend_from_slice(&d.bytes);
    Ok(out)
}

/// The document in a message, read under this worker's `limits`; or why the message is
/// not one.
pub fn decode(message: &[u8], limits: Limits) -> Result<Input, String> {
    let len = message
        .get(..4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
        .ok_or("a message shorter than its header")?;
    let end = usize::try_from(len)
        .ok()
        .and_then(|l| l.checked_add(4))
        .filter(|&e| e <= message.len())
        .ok_or("a message whose header runs past its end")?;
    let head: Head =
        serde_json::from_slice(&message[4..end]).map_err(|e| format!("a bad header: {e}"))?;
    let kind = kind_named(&head.kind).ok_or_else(|| format!("an unknown kind {:?}", head.kind))?;
    Ok(Input {
        label: head.label,
        doc: RawDocument {
            bytes: message[end..].to_vec(),
            kind,
            name: head.name,
            url: head.url,
            title: head.title,
            published: head.published,
            site: head.site,
            limits,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_travels_whole() {
        let input = Input {
            label: "feed.xml#3".into(),
            doc: RawDocument {
                bytes: b"<html>\xff\x00 bytes as they are</html>".to_vec(),
                kind: Kind::Html,
                url: Some("https://example.com/a".into()),
                title: Some("Ünïcode “title”".into()),
                ..Default::default()
            },
        };
        let back = decode(&encode(&input).expect("encode"), Limits::default()).expect("decode");
        assert_eq!(back.label, input.label);
        assert_eq!(back.doc.bytes, input.doc.bytes);
        assert_eq!(back.doc.kind, Kind::Html);
        assert_eq!(back.doc.title, input.doc.title);
        assert_eq!(back.doc.published, None);
    }

    #[test]
    fn broken_messages_are_refused_with_a_reason() {
        assert!(decode(b"", Limits::default()).is_err());
        assert!(decode(&[200, 0, 0, 0, b'{'], Limits::default()).is_err());
        assert!(decode(&[2, 0, 0, 0, b'{', b'}'], Limits::default())
            .unwrap_err()
            .contains("bad header"));
    }
}
