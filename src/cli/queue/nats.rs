//! The work queue on NATS JetStream: its layout (one work-queue stream of documents, one
//! stream of dead letters, one durable pull consumer shared by every worker), made the
//! same way by whoever comes first, and the counts `queue status` shows.

use std::time::Duration;

use anyhow::Context;
use async_nats::jetstream::{self, consumer, stream, Context as JetStream};

/// The names and settings of one queue on a NATS server, all derived from its name
/// (`--queue-name`, "whosaid" by default), so that several queues (and tests) share a
/// server without meeting.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The stream of documents waiting for a worker (work-queue retention: a document
    /// leaves it once a worker acknowledges it).
    pub stream: String,
    /// The subject documents are published on.
    pub subject: String,
    /// The stream of documents that failed [`MAX_DELIVER`] times, each with its error.
    pub dead_stream: String,
    /// The subject of dead letters.
    pub dead_subject: String,
    /// The durable consumer all workers pull from.
    pub consumer: String,
    /// How long a worker holds a document without word before it goes to another (a
    /// worker that is killed loses its documents to the others after this).
    pub ack_wait: Duration,
}

impl Layout {
    /// The layout of the queue called `name` (letters, digits, `-` and `_`).
    pub fn named(name: &str, ack_wait: Duration) -> anyhow::Result<Layout> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            anyhow::bail!("a queue name is letters, digits, - and _, not {name:?}");
        }
        let upper = name.to_ascii_uppercase().replace('-', "_");
        Ok(Layout {
            stream: upper.clone(),
            subject: format!("{name}.docs"),
            dead_stream: format!("{upper}_DEAD"),
            dead_subject: format!("{name}.dead"),
            consumer: format!("{name}-workers"),
            ack_wait,
        })
    }
}

/// The header of a dead letter that says why it failed.
pub const ERROR_HEADER: &str = "Whosaid-Error";
/// Deliveries of one document before it becomes a dead letter.
pub const MAX_DELIVER: i64 = 3;
/// Documents handed out and not yet acknowledged, over all workers (backpressure).
pub const MAX_IN_FLIGHT: i64 = 2_000;
/// How long the stream remembers a document's id, so that adding it again is a no-op.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// A JetStream context on the server at `url`, with the queue's streams in place.
pub async fn connect(url: &str, q: &Layout) -> anyhow::Result<JetStream> {
    let client = async_nats::ConnectOptions::new()
        .connection_timeout(Duration::from_secs(10))
        .name("whosaid")
        .connect(url)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    let js = jetstream::new(client);
    js.get_or_create_stream(stream::Config {
        name: q.stream.clone(),
        subjects: vec![q.subject.clone()],
        retention: stream::RetentionPolicy::WorkQueue,
        storage: stream::StorageType::File,
        duplicate_window: DUPLICATE_WINDOW,
        ..Default::default()
    })
    .await
    .context("setting up the document stream")?;
    js.get_or_create_stream(stream::Config {
        name: q.dead_stream.clone(),
        subjects: vec![q.dead_subject.clone()],
        storage: stream::StorageType::File,
        ..Default::default()
    })
    .await
    .context("setting up the dead-letter stream")?;
    Ok(js)
}

/// The workers' durable consumer, made with the queue's settings when missing.
pub async fn workers(js: &JetStream, q: &Layout) -> anyhow::Result<consumer::PullConsumer> {
    let stream = js.get_stream(&q.stream).await?;
    stream
        .get_or_create_consumer(
            &q.consumer,
            consumer::pull::Config {
                durable_name: Some(q.consumer.clone()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: q.ack_wait,
                max_deliver: MAX_DELIVER,
                max_ack_pending: MAX_IN_FLIGHT,
                ..Default::default()
            },
        )
        .await
        .context("setting up the workers' consumer")
}

/// Where the queue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    /// Added and not yet handed to a worker.
    pub pending: u64,
    /// Handed to a worker and not yet acknowledged.
    pub in_flight: u64,
    /// Stored (or skipped as known or not an article) and acknowledged.
    pub done: u64,
    /// Given up on after [`MAX_DELIVER`] tries: in the dead-letter stream.
    pub failed: u64,
    /// Deliveries beyond the first so far (documents a worker died holding, or retried).
    pub redelivered: u64,
}

/// The counts of the queue at `js`.
pub async fn status(js: &JetStream, q: &Layout) -> anyhow::Result<Status> {
    let mut docs = js.get_stream(&q.stream).await?;
    let info = docs.info().await?.state.clone();
    let mut dead = js.get_stream(&q.dead_stream).await?;
    let failed = dead.info().await?.state.messages;
    let mut consumer = workers(js, q).await?;
    let c = consumer.info().await?;
    let in_flight = c.num_ack_pending as u64;
    // every document added has a sequence number; those no longer in the work-queue
    // stream were acknowledged: stored, or given up on (and then dead letters)
    let left_stream = info.last_sequence.saturating_sub(info.messages);
    Ok(Status {
        pending: info.messages.saturating_sub(in_flight),
        in_flight,
        done: left_stream.saturating_sub(failed),
        failed,
        redelivered: c.num_redelivered as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_name_makes_every_name() {
        let q = Layout::named("news-2016", Duration::from_secs(5)).expect("name");
        assert_eq!(q.stream, "NEWS_2016");
        assert_eq!(q.subject, "news-2016.docs");
        assert_eq!(q.dead_stream, "NEWS_2016_DEAD");
        assert_eq!(q.consumer, "news-2016-workers");
        assert!(Layout::named("a.b", Duration::ZERO).is_err());
        assert!(Layout::named("", Duration::ZERO).is_err());
    }
}
