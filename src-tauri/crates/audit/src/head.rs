//! The log's last entry, kept in the keyring off the writer's path. A keyring write takes tens of
//! milliseconds (a D-Bus round trip to the Secret Service); an append takes one. So an append
//! hands its head to a thread of the log's own and returns, and that thread writes the newest
//! head it was handed: a burst of appends costs one keyring write at a time, not one each.
//! [`HeadKeeper::settle`] waits until the keyring holds the last head handed over.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crate::SecretKeeper;

/// The last entry written: its number and seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub seq: u64,
    pub hash: String,
}

impl Head {
    fn to_secret(&self) -> String {
        format!("{}:{}", self.seq, self.hash)
    }

    fn from_secret(secret: &str) -> Option<Self> {
        let (seq, hash) = secret.split_once(':')?;
        Some(Self {
            seq: seq.parse().ok()?,
            hash: hash.to_owned(),
        })
    }
}

pub(crate) struct HeadKeeper {
    keeper: Arc<dyn SecretKeeper>,
    name: String,
    shared: Arc<Shared>,
    writer: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Handed over and not yet being written.
    next: Option<Head>,
    writing: bool,
    closing: bool,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl HeadKeeper {
    /// Keeps the head under `name` in `keeper`.
    pub fn new(keeper: Arc<dyn SecretKeeper>, name: String) -> Self {
        let shared = Arc::new(Shared::default());
        let writer = std::thread::Builder::new()
            .name("audit-head".into())
            .spawn({
                let (keeper, name, shared) = (Arc::clone(&keeper), name.clone(), shared.clone());
                move || write_heads(keeper.as_ref(), &name, &shared)
            })
            .inspect_err(|error| tracing::warn!(%error, "no thread for the audit log's head"))
            .ok();
        Self {
            keeper,
            name,
            shared,
            writer,
        }
    }

    /// The head the keyring holds, once every head handed over is written.
    pub fn load(&self) -> Option<Head> {
        self.settle();
        let secret = self.keeper.load(&self.name).ok()??;
        Head::from_secret(&secret)
    }

    /// Has `head` written soon; a newer one handed over before then replaces it.
    pub fn hand_over(&self, head: Head) {
        if self.writer.is_none() {
            return save(self.keeper.as_ref(), &self.name, &head);
        }
        self.shared.state().next = Some(head);
        self.shared.changed.notify_all();
    }

    /// Waits until the keyring holds the last head handed over (or was tried and failed).
    pub fn settle(&self) {
        let mut state = self.shared.state();
        while state.next.is_some() || state.writing {
            state = self.shared.wait(state);
        }
    }
}

impl Drop for HeadKeeper {
    /// Writes what is left before the log goes.
    fn drop(&mut self) {
        self.shared.state().closing = true;
        self.shared.changed.notify_all();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn write_heads(keeper: &dyn SecretKeeper, name: &str, shared: &Shared) {
    loop {
        let head = {
            let mut state = shared.state();
            loop {
                if let Some(head) = state.next.take() {
                    state.writing = true;
                    break head;
                }
                if state.closing {
                    return;
                }
                state = shared.wait(state);
            }
        };
        save(keeper, name, &head);
        shared.state().writing = false;
        shared.changed.notify_all();
    }
}

fn save(keeper: &dyn SecretKeeper, name: &str, head: &Head) {
    if let Err(error) = keeper.save(name, &head.to_secret()) {
        tracing::warn!(%error, "the audit log's last entry could not be kept in the keyring");
    }
}
