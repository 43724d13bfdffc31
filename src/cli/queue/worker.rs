//! `whosaid worker`: pulls documents from the queue a batch at a time, analyses them on
//! all cores, stores the batch in one transaction and only then acknowledges its
//! messages. A worker that dies loses nothing (its messages go to another worker after
//! the acknowledgement deadline); a store that goes away is waited for; a document that
//! fails [`nats::MAX_DELIVER`] times becomes a dead letter with its error.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::{AckKind, Context as JetStream, Message};
use clap::Args;
use futures_util::StreamExt;
use rayon::prelude::*;
use tokio::runtime::Runtime;
use whosaid_store::{ArticleRecord, Store, StoreError, WriteOutcome};

use super::super::ingest::{process, Outcome};
use super::super::term::line;
use super::{envelope, nats, QueueAddress};

/// Flags of `whosaid worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    queue: QueueAddress,
    /// Documents pulled and stored together (one transaction).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=1000))]
    batch: u64,
    /// Stop once the queue is empty (otherwise wait for more, until stopped).
    #[arg(long)]
    drain: bool,
    /// No progress lines.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    budget: super::super::Budgets,
    /// Store every page, not only articles.
    #[arg(long = "all-pages")]
    all_pages: bool,
    #[command(flatten)]
    model: super::super::models::ModelChoice,
    /// While documents keep coming, link surnames and refresh the speaker counts and
    /// totals at least this often (seconds); the whole corpus pass also runs whenever the
    /// queue is idle.
    #[arg(long = "stats-every", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    stats_every: u64,
}

/// What a worker did.
#[derive(Debug, Default)]
struct Tally {
    stored: usize,
    unchanged: usize,
    skipped: usize,
    retried: usize,
    dead: usize,
}

/// One pulled batch and what it needs to answer its messages.
struct Batch<'a> {
    rt: &'a Runtime,
    js: &'a JetStream,
    queue: &'a nats::Layout,
    messages: &'a [Message],
}

/// What is left to do for one message once its document is analysed.
enum Step {
    /// Acknowledge once the batch is stored.
    Write,
    /// Stored before: acknowledge.
    Known,
    /// Not an article: acknowledge.
    NotArticle,
    /// Could not be read or analysed: where and why.
    Failed(String, String),
}

/// How long a pull waits for documents before the worker looks around.
const PULL_WAIT: Duration = Duration::from_secs(2);
/// Longest pause between tries of a store that does not answer.
const MAX_BACKOFF: Duration = Duration::from_secs(15);

/// Runs a worker until stopped (or, with `--drain`, until the queue is empty).
pub fn run(db: &Path, args: &WorkerArgs) -> anyhow::Result<ExitCode> {
    super::super::models::install(args.model.analyzer()?);
    let rt = Runtime::new()?;
    let (js, q) = rt.block_on(args.queue.connect())?;
    let consumer = rt.block_on(nats::workers(&js, &q))?;
    let mut store = open_until_ready(db)?;
    let mut tally = Tally::default();
    let mut written_since_pass = false;
    let mut last_line = Instant::now();
    let mut last_stats = Instant::now();
    eprintln!(
        "whosaid: worker on {} storing into {}",
        args.queue.url,
        whosaid_store::describe(db)
    );
    loop {
        let messages = match rt.block_on(pull(&consumer, args.batch)) {
            Ok(m) => m,
            Err(e) => {
                // the server restarting: the client reconnects by itself
                eprintln!(
                    "whosaid: pulling from the queue: {}",
                    line(&format!("{e:#}"))
                );
                std::thread::sleep(PULL_WAIT);
                continue;
            }
        };
        if messages.is_empty() {
            if written_since_pass {
                corpus_pass(&mut store, Pass::Whole)?;
                written_since_pass = false;
                last_stats = Instant::now();
            }
            // drained: nothing waiting, nothing held by a worker (a killed worker's
            // documents come back once their acknowledgement deadline passes)
            let now = rt.block_on(nats::status(&js, &q))?;
            if args.drain && now.pending == 0 && now.in_flight == 0 {
                break;
            }
            continue;
        }
        let batch = Batch {
            rt: &rt,
            js: &js,
            queue: &q,
            messages: &messages,
        };
        written_since_pass |= handle(&batch, db, &mut store, args, &mut tally)?;
        if written_since_pass && last_stats.elapsed() >= Duration::from_secs(args.stats_every) {
            corpus_pass(&mut store, Pass::Stats)?;
            last_stats = Instant::now();
        }
        if !args.quiet && last_line.elapsed() > Duration::from_secs(10) {
            print_tally(&tally);
            last_line = Instant::now();
        }
    }
    print_tally(&tally);
    Ok(ExitCode::SUCCESS)
}

/// Up to `n` messages, waiting at most [`PULL_WAIT`] for them.
async fn pull(consumer: &PullConsumer, n: u64) -> anyhow::Result<Vec<Message>> {
    let mut batch = consumer
        .fetch()
        .max_messages(usize::try_from(n).unwrap_or(64))
        .expires(PULL_WAIT)
        .messages()
        .await?;
    let mut out = Vec::new();
    while let Some(m) = batch.next().await {
        out.push(m.map_err(|e| anyhow::anyhow!(e))?);
    }
    Ok(out)
}

/// One batch: analysed in parallel, stored in one transaction, then acknowledged. True
/// when something was written.
fn handle(
    batch: &Batch,
    db: &Path,
    store: &mut Store,
    args: &WorkerArgs,
    tally: &mut Tally,
) -> anyhow::Result<bool> {
    let Batch {
        rt, js, messages, ..
    } = *batch;
    let limits = args.budget.limits();
    let outcomes: Vec<Outcome> = messages
        .par_iter()
        .map_init(
            || Store::open_reader(db).ok(),
            |reader, m| {
                let item = envelope::decode(&m.payload, limits)
                    .map_err(|reason| ("a queue message".to_string(), reason));
                process(item, reader.as_ref(), &args.budget, args.all_pages)
            },
        )
        .collect();
    let mut records = Vec::new();
    let steps: Vec<Step> = outcomes
        .into_iter()
        .map(|o| match o {
            Outcome::Record(r) => {
                records.push(*r);
                Step::Write
            }
            Outcome::Known => Step::Known,
            Outcome::NotArticle(_) => Step::NotArticle,
            Outcome::Failed(label, reason) => Step::Failed(label, reason),
        })
        .collect();
    let written = write_until_stored(rt, db, store, &records, messages)?;
    for w in &written {
        match w {
            WriteOutcome::Inserted | WriteOutcome::Replaced => tally.stored += 1,
            WriteOutcome::Unchanged | WriteOutcome::AnotherSource => tally.unchanged += 1,
        }
    }
    for (m, step) in messages.iter().zip(steps) {
        match step {
            Step::Failed(label, reason) => rt.block_on(failed(
                js,
                &batch.queue.dead_subject,
                m,
                &label,
                &reason,
                tally,
            )),
            Step::Known => {
                tally.unchanged += 1;
                ack(rt, m, AckKind::Ack);
            }
            Step::NotArticle => {
                tally.skipped += 1;
                ack(rt, m, AckKind::Ack);
            }
            Step::Write => ack(rt, m, AckKind::Ack),
        }
    }
    Ok(!written.is_empty())
}

/// Acknowledges a message; one lost on the way is delivered again and then found stored.
fn ack(rt: &Runtime, m: &Message, kind: AckKind) {
    if let Err(e) = rt.block_on(m.ack_with(kind)) {
        eprintln!("whosaid: acknowledging a message: {}", line(&e.to_string()));
    }
}

/// A document that could not be read or analysed: tried again later, or after
/// [`nats::MAX_DELIVER`] tries published as a dead letter with its error.
async fn failed(
    js: &JetStream,
    dead_subject: &str,
    m: &Message,
    label: &str,
    reason: &str,
    tally: &mut Tally,
) {
    let tries = m.info().map(|i| i.delivered).unwrap_or(nats::MAX_DELIVER);
    if tries < nats::MAX_DELIVER {
        tally.retried += 1;
        let _ = m.ack_with(AckKind::Nak(Some(Duration::from_secs(5)))).await;
        return;
    }
    eprintln!("whosaid: {}: {}", line(label), line(reason));
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(
        nats::ERROR_HEADER,
        line(&format!("{label}: {reason}")).as_ref(),
    );
    let published = match js
        .publish_with_headers(dead_subject.to_string(), headers, m.payload.clone())
        .await
    {
        Ok(ack) => ack.await.is_ok(),
        Err(_) => false,
    };
    if published {
        tally.dead += 1;
        let _ = m.ack_with(AckKind::Ack).await;
    }
}

/// Writes the batch, waiting for a store that went away (a restarting server) and trying
/// again after a conflict with another worker; meanwhile the messages' acknowledgement
/// deadlines are pushed back, so that no other worker takes them.
fn write_until_stored(
    rt: &Runtime,
    db: &Path,
    store: &mut Store,
    records: &[ArticleRecord],
    messages: &[Message],
) -> anyhow::Result<Vec<WriteOutcome>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let mut pause = Duration::from_millis(250);
    loop {
        match store.write_batch(records) {
            Ok(w) => return Ok(w),
            Err(e) if e.is_transient() => {
                eprintln!(
                    "whosaid: storing a batch: {}; trying again in {:.1} s",
                    line(&e.to_string()),
                    pause.as_secs_f64()
                );
                for m in messages {
                    let _ = rt.block_on(m.ack_with(AckKind::Progress));
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(MAX_BACKOFF);
                if let Ok(fresh) = Store::open(db) {
                    *store = fresh;
                }
            }
            Err(e) => return Err(e).context("writing to the store"),
        }
    }
}

/// The store at `db`, waiting while its server is not up yet.
fn open_until_ready(db: &Path) -> anyhow::Result<Store> {
    let mut pause = Duration::from_millis(250);
    loop {
        match Store::open(db) {
            Ok(s) => return Ok(s),
            Err(e) if e.is_transient() && pause < MAX_BACKOFF * 8 => {
                eprintln!("whosaid: opening the store: {}", line(&e.to_string()));
                std::thread::sleep(pause);
                pause *= 2;
            }
            Err(e) => {
                return Err(e).with_context(|| format!("opening {}", whosaid_store::describe(db)))
            }
        }
    }
}

/// How much of the corpus pass to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Surname linking and the aggregates: cheap enough to run while busy.
    Stats,
    /// That and the comparisons of quotes and articles across the corpus.
    Whole,
}

/// The corpus pass, by one worker at a time (the others skip it: it covers what they
/// wrote too).
fn corpus_pass(store: &mut Store, pass: Pass) -> anyhow::Result<()> {
    let ran = store.exclusively("whosaid corpus pass", |s| {
        s.link_surnames()?;
        if pass == Pass::Whole {
            s.refresh_similar()?;
        }
        s.refresh_stats()?;
        Ok::<(), StoreError>(())
    });
    match ran {
        Ok(_) => Ok(()),
        Err(e) if e.is_transient() => {
            eprintln!("whosaid: the corpus pass waits: {}", line(&e.to_string()));
            Ok(())
        }
        Err(e) => Err(e).context("linking speakers and comparing the corpus"),
    }
}

/// The worker's one line.
fn print_tally(t: &Tally) {
    eprintln!(
        "whosaid: worker stored {}, unchanged {}, skipped {} (not articles), retried {}, dead letters {}",
        t.stored, t.unchanged, t.skipped, t.retried, t.dead
    );
}
