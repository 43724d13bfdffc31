//! `whosaid queue add|status` and `whosaid worker`: ingest spread over machines through a
//! NATS JetStream work queue. `queue add` publishes documents (every file, JSON line, WARC
//! record and feed item, read as `ingest` reads them); any number of workers pull them,
//! analyse and store them, and acknowledge each after its transaction commits.

mod envelope;
mod nats;
pub mod worker;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::message::PublishMessage;
use clap::{Args, Subcommand};
use whosaid_html::Kind;

pub use worker::WorkerArgs;

use super::sources;
use super::term::{counted, line};

/// The NATS server of the queue.
#[derive(Debug, Clone, Args)]
pub struct QueueAddress {
    /// The NATS server (with JetStream) holding the queue.
    #[arg(
        long = "queue",
        value_name = "URL",
        default_value = "nats://127.0.0.1:4222",
        env = "WHOSAID_QUEUE"
    )]
    pub url: String,
    /// The queue's name on that server (its streams and consumer are named after it).
    #[arg(long = "queue-name", value_name = "NAME", default_value = "whosaid")]
    pub name: String,
    /// Seconds a worker may hold a document without word before it goes to another
    /// worker (set when the queue's consumer is made).
    #[arg(long = "ack-wait", value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub ack_wait: u64,
}

impl QueueAddress {
    /// The queue's names and settings.
    pub fn layout(&self) -> anyhow::Result<nats::Layout> {
        nats::Layout::named(&self.name, std::time::Duration::from_secs(self.ack_wait))
    }

    /// Connects, with the queue's streams in place.
    pub async fn connect(&self) -> anyhow::Result<(async_nats::jetstream::Context, nats::Layout)> {
        let layout = self.layout()?;
        Ok((nats::connect(&self.url, &layout).await?, layout))
    }
}

/// `whosaid queue …`.
#[derive(Debug, Args)]
pub struct QueueArgs {
    #[command(subcommand)]
    command: QueueCommand,
}

#[derive(Debug, Subcommand)]
enum QueueCommand {
    /// Publish documents for the workers: files and directories (.html .htm .txt), JSON
    /// Lines, WARC and RSS/Atom feeds, one message per document. A document added again
    /// within a day is recognised and not queued twice.
    Add(AddArgs),
    /// Documents pending, in flight, done and failed (the dead letters).
    Status(StatusArgs),
}

/// Flags of `whosaid queue add`.
#[derive(Debug, Args)]
struct AddArgs {
    /// Inputs.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    queue: QueueAddress,
    #[command(flatten)]
    budget: super::Budgets,
    #[command(flatten)]
    given: super::Given,
}

/// Flags of `whosaid queue status`.
#[derive(Debug, Args)]
struct StatusArgs {
    #[command(flatten)]
    queue: QueueAddress,
    #[command(flatten)]
    out: super::Output,
}

/// Publishes not awaited at once, at most (the server's acknowledgements pace the rest).
const PUBLISHING: usize = 256;

/// Runs `whosaid queue …`.
pub fn run(args: QueueArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    match args.command {
        QueueCommand::Add(a) => runtime.block_on(add(a)),
        QueueCommand::Status(a) => runtime.block_on(status(a)),
    }
}

/// What `queue add` did.
#[derive(Debug, Default)]
struct Added {
    queued: usize,
    again: usize,
    failed: usize,
}

async fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (js, q) = args.queue.connect().await?;
    nats::workers(&js, &q).await?;
    let mut added = Added::default();
    let mut waiting: Vec<(String, PublishAckFuture)> = Vec::new();
    for file in sources::expand(&args.paths, sources::is_ingestible) {
        let items: sources::Items = match file {
            Ok(path) => sources::documents(path, Kind::Auto, args.budget.limits()),
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        for item in items.map(|i| args.given.apply(i)) {
            let input = match item {
                Ok(input) => input,
                Err((label, reason)) => {
                    report(&mut added, &label, &reason);
                    continue;
                }
            };
            let message = PublishMessage::build()
                .message_id(super::ingest::input_hash(&input))
                .payload(envelope::encode(&input)?.into());
            match js.send_publish(q.subject.clone(), message).await {
                Ok(ack) => waiting.push((input.label, ack)),
                Err(e) => report(&mut added, &input.label, &too_large(&e.to_string())),
            }
            if waiting.len() >= PUBLISHING {
                settle(&mut waiting, &mut added).await;
            }
        }
    }
    settle(&mut waiting, &mut added).await;
    eprintln!(
        "whosaid: queued {} on {}, {} already queued, failed {} — {:.1} s",
        counted(added.queued, "document", "documents"),
        args.queue.url,
        added.again,
        added.failed,
        started.elapsed().as_secs_f64()
    );
    Ok(if added.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Waits for the server to take every publish in flight.
async fn settle(waiting: &mut Vec<(String, PublishAckFuture)>, added: &mut Added) {
    for (label, ack) in waiting.drain(..) {
        match ack.await {
            Ok(a) if a.duplicate => added.again += 1,
            Ok(_) => added.queued += 1,
            Err(e) => report(added, &label, &e.to_string()),
        }
    }
}

/// One line for an input that could not be queued.
fn report(added: &mut Added, label: &str, reason: &str) {
    added.failed += 1;
    eprintln!("whosaid: {}: {}", line(label), line(reason));
}

/// A publish error in words, with what to do about a document over the server's limit.
fn too_large(error: &str) -> String {
    if error.to_lowercase().contains("payload") {
        format!("{error}: larger than the NATS server takes in one message (its max_payload); raise it, or ingest this document directly")
    } else {
        error.to_string()
    }
}

async fn status(args: StatusArgs) -> anyhow::Result<ExitCode> {
    let (js, q) = args.queue.connect().await?;
    let s = nats::status(&js, &q)
        .await
        .with_context(|| format!("reading the queue on {}", args.queue.url))?;
    if args.out.json {
        println!("{}", serde_json::to_string(&s)?);
    } else {
        println!(
            "pending {}  in flight {}  done {}  failed {}  (redelivered {})",
            s.pending, s.in_flight, s.done, s.failed, s.redelivered
        );
    }
    Ok(ExitCode::SUCCESS)
}
