//! What the server tests share: a real server on an ephemeral loopback port, raw HTTP
//! requests, a temporary store holding the founding example and hostile articles, and a
//! fresh PostgreSQL database.
#![allow(dead_code)] // each test file uses some of these

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use whosaid_analysis::{plaintext, Analyzer};
use whosaid_store::{ArticleRecord, Store};

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).expect("write");
    s.write_all(body).expect("write");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Reply {
        status,
        headers: headers.to_ascii_lowercase(),
        body,
    }
}

pub fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path, "text/plain", b"")
}

pub fn store_with(db: &Path) {
    let mut store = Store::open(db).expect("store");
    let example = include_str!("../../../../examples/putin-nato-2022.html");
    let mut records = vec![ArticleRecord {
        url: Some("https://government.vision/putin".into()),
        source: None,
        analysis: Analyzer::new().analyze(whosaid_html::extract(example).expect("article")),
        input_hash: None,
    }];
    let hostile = "<script>alert('title')</script> Evil title\n\n\
        “<img src=x onerror=alert(1)> We will win,” said Jane <b onmouseover=alert(2)>Doe</b>.\n\n\
        Click <a href=\"javascript:alert(3)\">here</a> and '; DROP TABLE quotes; -- said Robert Tables.";
    records.push(ArticleRecord {
        url: Some("https://evil.example/x".into()),
        source: None,
        analysis: Analyzer::new().analyze(plaintext::parse(hostile)),
        input_hash: None,
    });
    store.write_batch(&records).expect("write");
    store.link_surnames().expect("link");
    store.refresh_stats().expect("stats");
}

pub fn start(db: &Path, max_body: usize) -> SocketAddr {
    let mut config = whosaid_server::Config::new(db.to_path_buf());
    config.max_body = max_body;
    start_with(config)
}

pub fn start_with(config: whosaid_server::Config) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async move {
            listener.set_nonblocking(true).expect("nonblocking");
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            whosaid_server::serve_on(listener, config, std::future::pending())
                .await
                .expect("serve");
        });
    });
    addr
}

pub fn json(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

/// A fresh database on the PostgreSQL server named by `WHOSAID_TEST_POSTGRES` (which
/// `scripts/test.sh` starts), dropped when the guard goes; `None`, saying so, without one.
pub struct FreshDatabase {
    admin: String,
    name: String,
    pub url: String,
}

impl FreshDatabase {
    pub fn new() -> Option<FreshDatabase> {
        let Some(admin) = std::env::var("WHOSAID_TEST_POSTGRES")
            .ok()
            .filter(|s| !s.is_empty())
        else {
            eprintln!(
                "skipped on PostgreSQL: WHOSAID_TEST_POSTGRES is not set (scripts/test.sh sets it)"
            );
            return None;
        };
        let name = format!("whosaid_api_{}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect");
        for sql in [
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ] {
            client.batch_execute(&sql).expect("create database");
        }
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Some(FreshDatabase { admin, name, url })
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// An answer with the stores' own row ids left out (PostgreSQL's identity columns skip
/// numbers SQLite's rowids do not), so that two engines' answers compare.
pub fn without_ids(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => m
            .into_iter()
            .filter(|(k, _)| k != "id" && !k.ends_with("_id"))
            .map(|(k, v)| (k, without_ids(v)))
            .collect(),
        serde_json::Value::Array(a) => a.into_iter().map(without_ids).collect(),
        other => other,
    }
}
