//! How long the analysis of one document may run, and a flag another thread raises to stop
//! it. The stages look at the budget between their steps and inside their long loops
//! (per sentence, per cue), so a document over its budget stops within milliseconds and
//! leaves no work running; its partial results are thrown away.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why an analysis stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OverBudget {
    /// The time budget ran out.
    #[error("over its time budget of {}", seconds(*.0))]
    Time(Duration),
    /// Whoever asked for the analysis gave up on it (a client that went away).
    #[error("cancelled")]
    Cancelled,
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// A deadline and a cancellation flag; the default has neither.
///
/// ```
/// use std::time::Duration;
/// use whosaid_analysis::budget::{Budget, OverBudget};
/// let b = Budget::for_duration(Duration::ZERO);
/// assert_eq!(b.check(), Err(OverBudget::Time(Duration::ZERO)));
/// assert_eq!(Budget::default().check(), Ok(()));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Budget {
    deadline: Option<(Instant, Duration)>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Budget {
    /// No limit.
    pub fn unlimited() -> Budget {
        Budget::default()
    }

    /// `limit` from now.
    pub fn for_duration(limit: Duration) -> Budget {
        Budget {
            deadline: Instant::now().checked_add(limit).map(|at| (at, limit)),
            cancel: None,
        }
    }

    /// `limit` from now, or no limit for `None`.
    pub fn optional(limit: Option<Duration>) -> Budget {
        limit.map(Budget::for_duration).unwrap_or_default()
    }

    /// The same budget, also stopped when `flag` is raised.
    pub fn with_cancel(mut self, flag: Arc<AtomicBool>) -> Budget {
        self.cancel = Some(flag);
        self
    }

    /// `Err` once the deadline has passed or the flag is raised.
    pub fn check(&self) -> Result<(), OverBudget> {
        if self
            .cancel
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            return Err(OverBudget::Cancelled);
        }
        match self.deadline {
            Some((at, limit)) if Instant::now() >= at => Err(OverBudget::Time(limit)),
            _ => Ok(()),
        }
    }

    /// True once [`Budget::check`] fails: for loops that stop early.
    pub fn spent(&self) -> bool {
        self.check().is_err()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_flag_stops_an_unlimited_budget() {
        let flag = Arc::new(AtomicBool::new(false));
        let b = Budget::unlimited().with_cancel(flag.clone());
        assert!(!b.spent());
        flag.store(true, Ordering::Relaxed);
        assert_eq!(b.check(), Err(OverBudget::Cancelled));
    }

    #[test]
    fn a_long_budget_is_not_spent_and_says_its_limit() {
        assert!(!Budget::for_duration(Duration::from_secs(3600)).spent());
        assert_eq!(
            OverBudget::Time(Duration::from_secs(30)).to_string(),
            "over its time budget of 30 s"
        );
        assert_eq!(
            OverBudget::Time(Duration::from_millis(1500)).to_string(),
            "over its time budget of 1.5 s"
        );
    }
}
