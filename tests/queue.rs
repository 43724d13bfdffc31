//! The work queue end to end: `queue add` on a NATS JetStream server, `worker --drain`
//! into a PostgreSQL store, `queue status`, then the corpus commands on that store. Runs
//! when `WHOSAID_TEST_NATS` and `WHOSAID_TEST_POSTGRES` name servers (scripts/test.sh
//! starts both); the fault tests (a worker killed, servers restarted) are
//! `scripts/faults.py`.

use assert_cmd::Command;

/// The servers, or `None` (saying so) when either is not named.
fn servers() -> Option<(String, String)> {
    let get = |v: &str| std::env::var(v).ok().filter(|s| !s.is_empty());
    match (get("WHOSAID_TEST_NATS"), get("WHOSAID_TEST_POSTGRES")) {
        (Some(n), Some(p)) => Some((n, p)),
        _ => {
            eprintln!("skipped: WHOSAID_TEST_NATS and WHOSAID_TEST_POSTGRES are not both set (scripts/test.sh sets them)");
            None
        }
    }
}

/// A fresh database on the server, dropped at the end of the test.
struct Database {
    admin: String,
    name: String,
}

impl Database {
    fn new(admin: &str, name: &str) -> (Database, String) {
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("connect");
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create");
        let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
        let url = format!("{base}/{name}");
        (
            Database {
                admin: admin.to_string(),
                name: name.to_string(),
            },
            url,
        )
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn whosaid() -> Command {
    Command::cargo_bin("whosaid").expect("binary")
}

#[test]
fn documents_go_through_the_queue_into_postgresql() {
    let Some((nats, admin)) = servers() else {
        return;
    };
    let (_db, url) = Database::new(&admin, &format!("whosaid_queue_{}", std::process::id()));
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("empty.txt"), "").expect("write");
    let queue_name = format!("test-{}", std::process::id());
    let queue = [
        "--queue",
        &nats,
        "--queue-name",
        &queue_name,
        "--ack-wait",
        "5",
    ];
    let add = whosaid()
        .args(["queue", "add"])
        .args(queue)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .arg(dir.path())
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&add.stderr);
    assert!(said.contains("queued 3 documents"), "{said}");
    // adding the same inputs again queues nothing twice
    let again = whosaid()
        .args(["queue", "add"])
        .args(queue)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&again.stderr).contains("2 already queued"));
    let worker = whosaid()
        .args(["--db", &url, "worker", "--drain", "--quiet"])
        .args(queue)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run");
    let log = String::from_utf8_lossy(&worker.stderr);
    assert!(worker.status.success(), "{log}");
    assert!(
        log.contains("dead letters 1"),
        "the empty file fails for good: {log}"
    );
    let status = whosaid()
        .args(["queue", "status", "--json"])
        .args(queue)
        .output()
        .expect("run");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    assert_eq!(status["pending"], 0);
    assert_eq!(status["in_flight"], 0);
    assert_eq!(status["done"], 2);
    assert_eq!(status["failed"], 1);
    let speakers = whosaid()
        .args(["--db", &url, "speakers"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&speakers.stdout).contains("Vladimir Putin"));
}
