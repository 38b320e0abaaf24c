//! Copying the write-ahead log into the database file on a thread of its own.
//!
//! In WAL mode every page a batch changes is written twice: appended to the log when the
//! batch commits, and copied into the database by a checkpoint. SQLite runs the
//! checkpoint inside the commit that crosses `wal_autocheckpoint`, so during a bulk ingest
//! the storing thread, which bounds the whole pipeline, spent about a sixth of its time
//! copying pages (measured on 40,000 generated reports). A [`Checkpointer`] does most of
//! that work on a second connection and thread instead, while the writer goes on with
//! the next batches: SQLite lets a passive checkpoint run beside a writer.
//!
//! The log only starts again from its beginning when a write transaction begins with
//! every frame copied; a writer that never stops would otherwise grow it without end (and
//! pay the file system for fresh blocks). So when the thread has copied what the log held
//! when it started, the writer, before its next batch, copies the few frames committed
//! since (`Store::batch` asks [`Checkpointer::caught_up`]), and that batch restarts the
//! log.
//!
//! Invariants: the checkpointer never writes rows, so it needs no writer lock; it is
//! stopped and its connection closed before the store's own connection changes the
//! journal mode on drop; if it cannot start, the store keeps SQLite's own checkpoints.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// How many commits the checkpointer lets pass between two checkpoints: a page that
/// several batches change (an index's last page, an act's summary) is then copied once
/// for them all.
pub(crate) const COMMITS_PER_CHECKPOINT: u64 = 4;

#[derive(Default)]
struct State {
    /// Commits signalled since the last checkpoint.
    commits: u64,
    /// The thread finished a checkpoint the writer has not yet completed.
    caught_up: bool,
    stop: bool,
}

/// A thread that checkpoints the store's log after every few commits.
pub(crate) struct Checkpointer {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens a second connection to the store at `path` and starts the thread.
    pub(crate) fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let display = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::cannot_open(&display, e))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(|e| StoreError::from_sqlite(&display, e))?;
        let shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let theirs = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("truce-checkpoint".into())
            .spawn(move || run(conn, &theirs))
            .map_err(|e| StoreError::cannot_open(&display, format!("no checkpoint thread: {e}")))?;
        Ok(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// Tells the thread the writer committed.
    pub(crate) fn committed(&self) {
        let (lock, wake) = &*self.shared;
        let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
        state.commits += 1;
        if state.commits >= COMMITS_PER_CHECKPOINT {
            wake.notify_one();
        }
    }

    /// Waits until the thread has finished a checkpoint the writer has not completed yet,
    /// for at most `limit`; whether it had.
    #[cfg(test)]
    pub(crate) fn wait_caught_up(&self, limit: Duration) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            let (lock, _) = &*self.shared;
            if lock.lock().unwrap_or_else(|p| p.into_inner()).caught_up {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    /// Whether the thread has copied the log as it was when it started, so that the
    /// writer should now copy the rest itself (once; the answer is then reset).
    pub(crate) fn caught_up(&self) -> bool {
        let (lock, _) = &*self.shared;
        std::mem::take(&mut lock.lock().unwrap_or_else(|p| p.into_inner()).caught_up)
    }
}

fn run(conn: Connection, shared: &(Mutex<State>, Condvar)) {
    let (lock, wake) = shared;
    loop {
        {
            let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
            while !state.stop && state.commits < COMMITS_PER_CHECKPOINT {
                state = wake.wait(state).unwrap_or_else(|p| p.into_inner());
            }
            if state.stop {
                return;
            }
            state.commits = 0;
        }
        // A passive checkpoint copies what no reader still needs and never waits for the
        // writer; what it leaves is copied next time, or when the store closes. An error
        // (the disk full, say) is the writer's to meet and report at its next commit.
        let done = conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0))
            .is_ok_and(|busy| busy == 0);
        lock.lock().unwrap_or_else(|p| p.into_inner()).caught_up = done;
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        {
            let (lock, wake) = &*self.shared;
            lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
            wake.notify_one();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
