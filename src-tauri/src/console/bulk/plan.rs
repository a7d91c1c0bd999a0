//! What a bulk action is for: its details checked as the single-user commands check them, and
//! the users a selection names, read from the server page by page.

use authdesk_protocol::{
    ApiError, BanLength, BulkAction, BulkSelection, ErrorCode, FilterOperator, ListUsersQuery,
    MAX_BULK_USERS, Permission, SortDirection, UserField, UserFilter, UserSort, UserSummary,
    checks,
};

use crate::console::Console;
use crate::console::views::ViewPages;

/// Users asked for per list-users page while planning.
const PLAN_PAGE: u32 = 100;

/// The action with its reason, length or role checked as the single-user commands check them.
pub(super) fn checked_action(action: BulkAction) -> Result<BulkAction, ApiError> {
    Ok(match action {
        BulkAction::Ban { ban } => BulkAction::Ban {
            ban: authdesk_protocol::BanRequest {
                reason: checks::check_reason(&ban.reason)?,
                length: match ban.length {
                    BanLength::Timed { seconds } => BanLength::Timed {
                        seconds: checks::check_ban_seconds(seconds)?,
                    },
                    BanLength::Permanent => BanLength::Permanent,
                },
            },
        },
        BulkAction::AddRole { role } => BulkAction::AddRole {
            role: checks::check_roles(&[role])?.remove(0),
        },
        BulkAction::RemoveRole { role } => BulkAction::RemoveRole {
            role: checks::check_roles(&[role])?.remove(0),
        },
        other => other,
    })
}

/// The users a selection names, as the server has them now.
pub(super) async fn users_of(
    console: &Console,
    selection: &BulkSelection,
) -> Result<Vec<UserSummary>, ApiError> {
    let too_many = || {
        ApiError::new(
            ErrorCode::Validation,
            format!("A bulk action takes at most {MAX_BULK_USERS} users: narrow the view first."),
        )
    };
    let mut users: Vec<UserSummary> = Vec::new();
    match selection {
        BulkSelection::Users { ids } => {
            let mut wanted: Vec<String> = Vec::new();
            for id in ids {
                checks::check_user_id(id)?;
                if !wanted.contains(id) {
                    wanted.push(id.clone());
                }
            }
            if wanted.len() > MAX_BULK_USERS {
                return Err(too_many());
            }
            for chunk in wanted.chunks(PLAN_PAGE as usize) {
                let query = ListUsersQuery {
                    filter: Some(UserFilter {
                        field: UserField::Id.into(),
                        operator: FilterOperator::In,
                        values: chunk.to_vec(),
                    }),
                    ..ListUsersQuery::page(PLAN_PAGE, 0)
                };
                let page = console
                    .as_admin(Permission::ListUsers, async |client| {
                        client.list_users(&query).await
                    })
                    .await?;
                users.extend(page.users);
            }
        }
        BulkSelection::Matching { query } => {
            checks::check_list_query(query)?;
            let (narrowest, total) = console.narrowest(query).await?;
            if narrowest.and_also.is_empty() && total as usize > MAX_BULK_USERS {
                return Err(too_many());
            }
            // In id order: a database pages an unsorted (or tied) list as it likes.
            let by_id = ListUsersQuery {
                sort: Some(UserSort {
                    field: UserField::Id,
                    direction: SortDirection::Asc,
                }),
                ..narrowest
            };
            let mut pages = ViewPages::new(&by_id, PLAN_PAGE);
            while let Some(page) = pages.next(console).await? {
                users.extend(page);
                if users.len() > MAX_BULK_USERS {
                    return Err(too_many());
                }
            }
        }
    }
    // A user who moved between pages while they were read is planned once.
    let mut seen = std::collections::HashSet::new();
    users.retain(|user| seen.insert(user.id.clone()));
    Ok(users)
}
