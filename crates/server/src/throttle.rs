//! Guessing a password: after [`FREE_FAILURES`] wrong passwords in a row for one name,
//! that name's sign-ins are refused (429, with Retry-After) for a wait that doubles with
//! each further failure, from one second up to [`LONGEST_WAIT`]; a right password clears
//! the count. An attacker gets about a hundred guesses a day at one name, and a user who
//! mistyped waits seconds. The per-client rate (limits.rs) bounds trying many names.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords for one name before sign-ins wait.
pub const FREE_FAILURES: u32 = 5;
/// The longest wait between guesses at one name.
pub const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
/// Names remembered at once; past it, those no longer waiting are forgotten.
const NAMES: usize = 10_000;

#[derive(Default)]
pub(crate) struct SignInThrottle {
    names: Mutex<HashMap<String, Failures>>,
}

struct Failures {
    count: u32,
    until: Instant,
}

impl SignInThrottle {
    /// How long `name` must still wait before its next sign-in, if at all.
    pub(crate) fn wait(&self, name: &str) -> Option<Duration> {
        let names = self.names.lock().unwrap_or_else(|p| p.into_inner());
        let f = names.get(&name.to_lowercase())?;
        f.until
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }

    /// A wrong password for `name`: past the free failures, its next sign-in waits.
    pub(crate) fn failed(&self, name: &str) {
        let mut names = self.names.lock().unwrap_or_else(|p| p.into_inner());
        if names.len() >= NAMES {
            let now = Instant::now();
            names.retain(|_, f| f.until > now);
        }
        let f = names.entry(name.to_lowercase()).or_insert(Failures {
            count: 0,
            until: Instant::now(),
        });
        f.count += 1;
        if f.count >= FREE_FAILURES {
            let doublings = (f.count - FREE_FAILURES).min(20);
            let wait = Duration::from_secs(1u64 << doublings).min(LONGEST_WAIT);
            f.until = Instant::now() + wait;
        }
    }

    /// A right password: the count starts again.
    pub(crate) fn succeeded(&self, name: &str) {
        let mut names = self.names.lock().unwrap_or_else(|p| p.into_inner());
        names.remove(&name.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_waits_after_the_free_failures_longer_each_time_and_a_success_clears_it() {
        let t = SignInThrottle::default();
        for _ in 0..FREE_FAILURES - 1 {
            t.failed("Amina");
            assert!(t.wait("amina").is_none());
        }
        t.failed("amina");
        let first = t.wait("AMINA").expect("a wait after the free failures");
        assert!(first <= Duration::from_secs(1));
        t.failed("amina");
        t.failed("amina");
        assert!(t.wait("amina").unwrap() > Duration::from_secs(2));
        // another name is not held up
        assert!(t.wait("someone else").is_none());
        for _ in 0..40 {
            t.failed("amina");
        }
        assert!(t.wait("amina").unwrap() <= LONGEST_WAIT);
        t.succeeded("Amina");
        assert!(t.wait("amina").is_none());
    }
}
