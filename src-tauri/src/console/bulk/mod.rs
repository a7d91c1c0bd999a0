//! Bulk actions: planned from the server's own data (who will be changed, who left out and
//! why), then run in the background by `authdesk-batch` (a few requests at a time, within the
//! server's rate limit, cancellable), each user's change audited as it ends and the batch once
//! at its end. A journal beside the audit log holds the plan and each result as it comes, so a
//! batch cut short by a crash or a quit is reported at the next start.

mod journal;
mod one_user;
mod plan;

use std::sync::Mutex;

use authdesk_batch::{Cancel, Event, Outcome, Pacer};
use authdesk_protocol::{
    ApiError, BulkAction, BulkItem, BulkPlan, BulkProgress, BulkResult, BulkSelection, BulkState,
    ErrorCode, OffsetDateTime, Permission, UserSummary,
};

use super::Console;
use super::audit::AuditEntry;

/// Requests in flight at once: enough to keep a slow server busy, few enough to be gentle.
const CONCURRENCY: usize = 4;

/// The planned batch waiting for its start, and the one running (or last run).
#[derive(Default)]
pub(super) struct BulkDesk {
    plan: Mutex<Option<(BulkPlan, Vec<UserSummary>)>>,
    run: Mutex<Option<Run>>,
    /// One pacer per profile and admin route, kept across batches: the next batch starts where
    /// the last left that server's rate limit.
    pacers: tokio::sync::Mutex<std::collections::HashMap<(String, &'static str), Pacer>>,
}

struct Run {
    progress: BulkProgress,
    cancel: Cancel,
    started: std::time::Instant,
}

impl Console {
    /// Works out what `action` will do to the users `selection` names, for the admin to confirm.
    pub async fn plan_bulk(
        &self,
        selection: BulkSelection,
        action: BulkAction,
    ) -> Result<BulkPlan, ApiError> {
        let action = plan::checked_action(action)?;
        let mut needs = vec![Permission::ListUsers];
        needs.extend_from_slice(action.needs());
        // Refused before any request when the role lacks what the action needs.
        self.may_now(&needs).await?;
        let users = plan::users_of(self, &selection).await?;
        let admin_id = self
            .session
            .read()
            .await
            .as_ref()
            .map(|active| active.admin.id.clone())
            .unwrap_or_default();
        let now = OffsetDateTime::now_utc();
        let (mut planned, mut skipped) = (Vec::new(), Vec::new());
        let mut kept = Vec::new();
        for user in users {
            let item = |result| BulkItem {
                user_id: user.id.clone(),
                email: user.email.clone(),
                result,
            };
            match action.skips(&user, &admin_id, now) {
                Some(reason) => skipped.push(item(BulkResult::Skipped { reason })),
                None => {
                    planned.push(item(BulkResult::Waiting));
                    kept.push(user);
                }
            }
        }
        let plan = BulkPlan {
            id: uuid::Uuid::new_v4().simple().to_string(),
            action,
            users: planned,
            skipped,
        };
        *self.bulk.plan.lock().expect("bulk plan lock") = Some((plan.clone(), kept));
        Ok(plan)
    }

    /// Starts the planned batch `plan_id` in the background; answers its first progress.
    pub async fn start_bulk(&self, plan_id: String) -> Result<BulkProgress, ApiError> {
        self.audit_writable()?;
        if self
            .bulk_report()
            .is_some_and(|progress| !progress.is_over())
        {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "A bulk action is running: wait for it to end, or stop it, first.",
            ));
        }
        let (plan, users) = {
            let mut slot = self.bulk.plan.lock().expect("bulk plan lock");
            match slot.take() {
                Some((plan, users)) if plan.id == plan_id => (plan, users),
                other => {
                    *slot = other;
                    return Err(ApiError::new(
                        ErrorCode::NotFound,
                        "This plan is no longer current: choose the users and the action again.",
                    ));
                }
            }
        };
        {
            let guard = self.session.read().await;
            let active = guard.as_ref().ok_or_else(super::not_signed_in)?;
            active.may(plan.action.needs())?;
            if plan.action.needs_fresh_proof() {
                active.fresh_for_bulk(&plan.action)?;
            }
        }
        let mut items = plan.users.clone();
        items.extend(plan.skipped.iter().cloned());
        let progress = BulkProgress {
            id: plan.id.clone(),
            action: plan.action.clone(),
            state: BulkState::Running,
            total: items.len() as u64,
            done: 0,
            skipped: plan.skipped.len() as u64,
            failed: 0,
            seconds_left: None,
            waiting_until: None,
            items,
        };
        // A batch an earlier run left unfinished is audited before its journal is reused.
        if let Some(earlier) = journal::interrupted(&self.bulk_journal()) {
            self.record_batch(&earlier).await;
        }
        let admin = self.admin_email().await.unwrap_or_default();
        journal::begin(&self.bulk_journal(), &admin, &progress);
        let cancel = Cancel::default();
        *self.bulk.run.lock().expect("bulk run lock") = Some(Run {
            progress: progress.clone(),
            cancel: cancel.clone(),
            started: std::time::Instant::now(),
        });
        let console = self.clone();
        tokio::spawn(async move { console.work_through(plan.action, users, cancel).await });
        Ok(progress)
    }

    /// The batch running or last run, or one a crash or quit cut short. Its users are names
    /// the window may show only to a signed-in, unlocked admin.
    pub async fn bulk_progress(&self) -> Result<Option<BulkProgress>, ApiError> {
        self.open_to_look().await?;
        Ok(self.bulk_report())
    }

    /// Whether a batch is still at work (or finishing what is in flight).
    pub(super) fn bulk_running(&self) -> bool {
        self.bulk
            .run
            .lock()
            .expect("bulk run lock")
            .as_ref()
            .is_some_and(|run| !run.progress.is_over())
    }

    fn bulk_report(&self) -> Option<BulkProgress> {
        if let Some(run) = self.bulk.run.lock().expect("bulk run lock").as_ref() {
            return Some(run.progress.clone());
        }
        journal::interrupted(&self.bulk_journal())
    }

    /// Starts nothing more; what is in flight finishes.
    pub async fn cancel_bulk(&self) -> Result<(), ApiError> {
        self.open_to_look().await?;
        if let Some(run) = self.bulk.run.lock().expect("bulk run lock").as_mut()
            && run.progress.state == BulkState::Running
        {
            run.cancel.cancel();
            run.progress.state = BulkState::Stopping;
        }
        Ok(())
    }

    /// Puts away the report of a batch that is over (an interrupted one is audited then).
    pub async fn dismiss_bulk(&self) -> Result<(), ApiError> {
        self.open_to_look().await?;
        let running = self.bulk.run.lock().expect("bulk run lock").take();
        match running {
            Some(run) if !run.progress.is_over() => {
                *self.bulk.run.lock().expect("bulk run lock") = Some(run);
                Err(ApiError::new(
                    ErrorCode::Validation,
                    "The bulk action is still running.",
                ))
            }
            Some(_) => Ok(()),
            None => {
                if let Some(report) = journal::interrupted(&self.bulk_journal()) {
                    self.record_batch(&report).await;
                    journal::end(&self.bulk_journal());
                }
                Ok(())
            }
        }
    }

    async fn work_through(&self, action: BulkAction, users: Vec<UserSummary>, cancel: Cancel) {
        let journal_path = self.bulk_journal();
        let stopper = cancel.clone();
        let work = |user: UserSummary| {
            let (console, action, stopper) = (self.clone(), action.clone(), stopper.clone());
            async move { console.one_of_bulk(&action, &user, &stopper).await }
        };
        let profile = self
            .session
            .read()
            .await
            .as_ref()
            .map(|active| active.profile_id().to_owned())
            .unwrap_or_default();
        let mut pacers = self.bulk.pacers.lock().await;
        let pacer = pacers.entry((profile, route_of(&action))).or_default();
        authdesk_batch::run(users, CONCURRENCY, cancel, pacer, work, |event| {
            self.note(&journal_path, event)
        })
        .await;
        drop(pacers);
        let report = {
            let guard = self.bulk.run.lock().expect("bulk run lock");
            let Some(run) = guard.as_ref() else {
                return;
            };
            BulkProgress {
                state: if run.cancel.is_cancelled() {
                    BulkState::Cancelled
                } else {
                    BulkState::Finished
                },
                seconds_left: None,
                waiting_until: None,
                ..run.progress.clone()
            }
        };
        // The run is over once its own entry is written and the keyring holds it as the last.
        self.record_batch(&report).await;
        if let Some(run) = self.bulk.run.lock().expect("bulk run lock").as_mut() {
            run.progress = report.clone();
        }
        journal::end(&journal_path);
        if report.state == BulkState::Finished {
            self.call_attention(super::Notice {
                title: format!(
                    "{} of {} users finished",
                    report.action.title(),
                    report.total
                ),
                body: report.summary(),
            });
        }
    }

    /// Keeps one event of the run in its progress and journal.
    fn note(&self, journal_path: &std::path::Path, event: Event<UserSummary>) {
        let mut guard = self.bulk.run.lock().expect("bulk run lock");
        let Some(run) = guard.as_mut() else {
            return;
        };
        let progress = &mut run.progress;
        match event {
            Event::Waiting(until) => {
                let wait = until.saturating_duration_since(tokio::time::Instant::now());
                progress.waiting_until = Some(OffsetDateTime::now_utc() + wait);
            }
            Event::Resumed => progress.waiting_until = None,
            Event::Finished(user, outcome) => {
                let result = match outcome {
                    Outcome::Done => BulkResult::Done,
                    Outcome::Skipped(reason) => BulkResult::Skipped { reason },
                    Outcome::Failed(reason) => BulkResult::Failed { reason },
                    Outcome::NotDone => BulkResult::NotDone,
                };
                match &result {
                    BulkResult::Done => progress.done += 1,
                    BulkResult::Skipped { .. } => progress.skipped += 1,
                    BulkResult::Failed { .. } => progress.failed += 1,
                    _ => {}
                }
                journal::note(journal_path, &user.id, &result);
                if let Some(item) = progress
                    .items
                    .iter_mut()
                    .find(|item| item.user_id == user.id)
                {
                    item.result = result;
                }
                let ended = progress.done + progress.failed;
                let left = progress.total - progress.done - progress.failed - progress.skipped;
                if ended > 0 {
                    let pace = run.started.elapsed().as_secs_f64() / ended as f64;
                    progress.seconds_left = Some((pace * left as f64).ceil() as u64);
                }
            }
        }
    }

    /// The batch's own line in the audit trail: what it was and how it ended.
    async fn record_batch(&self, report: &BulkProgress) {
        let Some(admin) = self
            .admin_email()
            .await
            .or_else(|| journal::admin_of(&self.bulk_journal()))
        else {
            return;
        };
        let how = match report.state {
            BulkState::Cancelled => "stopped",
            BulkState::Interrupted => "interrupted",
            _ => "finished",
        };
        let entry = AuditEntry::batch(format!(
            "{} of {} users {how}: {}",
            report.action.title(),
            report.total,
            report.summary()
        ));
        self.record::<()>(&admin, entry, &Ok(()));
    }

    fn bulk_journal(&self) -> std::path::PathBuf {
        self.audit.path().with_file_name("bulk-journal.jsonl")
    }
}

/// The server route each user's change goes to: its rate limit is counted per route.
fn route_of(action: &BulkAction) -> &'static str {
    match action {
        BulkAction::Ban { .. } => "ban-user",
        BulkAction::Unban => "unban-user",
        BulkAction::RevokeSessions => "revoke-user-sessions",
        BulkAction::AddRole { .. } | BulkAction::RemoveRole { .. } => "set-role",
        BulkAction::Delete => "remove-user",
    }
}
