use authdesk_protocol::{BanState, FilterField, FilterOperator, ScanReport, UserSummary};
use time::macros::datetime;

use super::*;

fn reduce(state: UsersState, actions: impl IntoIterator<Item = UsersAction>) -> UsersState {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    Rc::unwrap_or_clone(state)
}

fn page(count: usize, total: u64) -> UserPage {
    let user = |index: usize| UserSummary {
        id: format!("u{index}"),
        name: format!("User {index}"),
        email: format!("u{index}@example.com"),
        email_verified: true,
        image: None,
        roles: vec!["user".into()],
        created_at: datetime!(2026-01-01 0:00 UTC),
        updated_at: datetime!(2026-01-01 0:00 UTC),
        ban: BanState::NotBanned,
        custom_fields: Default::default(),
        two_factor_enabled: None,
        last_sign_in_method: None,
    };
    UserPage {
        users: (0..count).map(user).collect(),
        total,
        scan: None,
    }
}

fn loaded(count: usize, total: u64) -> UsersState {
    let state = UsersState::default();
    let generation = state.generation;
    reduce(
        state,
        [UsersAction::Loaded {
            generation,
            page: page(count, total),
        }],
    )
}

#[test]
fn search_filter_sort_and_paging_become_one_server_request() {
    let state = reduce(
        loaded(25, 2431),
        [
            UsersAction::Search("  zoë ".into()),
            UsersAction::SearchField(SearchField::Name),
            UsersAction::SearchOperator(SearchOperator::StartsWith),
            UsersAction::AddCondition(ViewCondition::RoleContains {
                role: "admin".into(),
            }),
            UsersAction::SortBy(UserField::Email),
            UsersAction::PageSize(50),
        ],
    );
    let request = state.query.to_request(datetime!(2026-11-28 12:00 UTC));
    let search = request.search.unwrap();
    assert_eq!(
        (search.field, search.operator, search.value.as_str()),
        (SearchField::Name, SearchOperator::StartsWith, "zoë")
    );
    let filter = request.filter.unwrap();
    assert_eq!(
        (filter.field, filter.operator),
        (UserField::Role.into(), FilterOperator::Contains)
    );
    assert_eq!(filter.values, ["admin"]);
    assert_eq!(
        request.sort,
        Some(UserSort {
            field: UserField::Email,
            direction: SortDirection::Asc
        })
    );
    assert_eq!((request.limit, request.offset), (50, 0));
}

#[test]
fn lapsed_means_an_expiry_before_now() {
    let query = UsersQuery {
        conditions: vec![ViewCondition::BanLapsed],
        ..UsersQuery::default()
    };
    let filter = query
        .to_request(datetime!(2026-11-28 12:00 UTC))
        .filter
        .unwrap();
    assert_eq!(
        (filter.field, filter.operator),
        (UserField::BanExpires.into(), FilterOperator::Lt)
    );
    assert_eq!(filter.values, ["2026-11-28T12:00:00Z"]);
    let empty = UsersQuery {
        search: "   ".into(),
        ..UsersQuery::default()
    };
    assert!(
        empty
            .to_request(datetime!(2026-11-28 12:00 UTC))
            .search
            .is_none()
    );
}

#[test]
fn a_header_click_cycles_ascending_descending_then_newest_first() {
    let state = reduce(loaded(25, 100), [UsersAction::SortBy(UserField::Name)]);
    assert_eq!(
        state.query.sort_direction(UserField::Name),
        Some(SortDirection::Asc)
    );
    let state = reduce(state, [UsersAction::SortBy(UserField::Name)]);
    assert_eq!(
        state.query.sort_direction(UserField::Name),
        Some(SortDirection::Desc)
    );
    let state = reduce(state, [UsersAction::SortBy(UserField::Name)]);
    assert_eq!(state.query.sort, UsersQuery::default().sort);
}

#[test]
fn paging_says_where_you_are_and_stops_at_the_ends() {
    let state = reduce(loaded(50, 2431), [UsersAction::PageSize(50)]);
    let generation = state.generation;
    let state = reduce(
        state,
        [
            UsersAction::Loaded {
                generation,
                page: page(50, 2431),
            },
            UsersAction::Page(1),
        ],
    );
    let generation = state.generation;
    let state = reduce(
        state,
        [UsersAction::Loaded {
            generation,
            page: page(50, 2431),
        }],
    );
    assert_eq!(state.range_label().as_deref(), Some("51–100 of 2,431"));
    assert_eq!(
        state.query.to_request(OffsetDateTime::UNIX_EPOCH).offset,
        50
    );
    assert_eq!(state.page_count(), 49);
    let last = reduce(state, [UsersAction::Page(500)]);
    assert_eq!(last.query.page, 48);
    assert_eq!(
        reduce(loaded(0, 0), []).range_label().as_deref(),
        Some("No users")
    );
}

#[test]
fn a_new_question_starts_at_page_one_and_keeps_the_old_rows_while_loading() {
    let state = reduce(loaded(25, 2431), [UsersAction::Page(3)]);
    assert_eq!(state.query.page, 3);
    let state = reduce(state, [UsersAction::Search("ann".into())]);
    assert_eq!(state.query.page, 0);
    assert!(state.typed);
    assert!(matches!(&state.result, UsersResult::Loading(Some(old)) if old.users.len() == 25));
}

#[test]
fn a_search_no_server_takes_is_not_sent_and_the_rows_stay() {
    let state = loaded(25, 2431);
    let too_long = "a".repeat(authdesk_protocol::checks::MAX_SEARCH_CHARS + 1);
    let refused = reduce(
        state.clone(),
        [
            UsersAction::Search(too_long.clone()),
            UsersAction::SortBy(UserField::Email),
        ],
    );
    assert_eq!(
        refused.query.search, too_long,
        "what was typed stays in the box"
    );
    assert_eq!(refused.generation, state.generation, "nothing is asked");
    assert!(matches!(&refused.result, UsersResult::Loaded(page) if page.users.len() == 25));
    let mended = reduce(refused, [UsersAction::Search("ann".into())]);
    assert_eq!(mended.generation, state.generation + 1);
    assert_eq!(
        mended.query.sort_direction(UserField::Email),
        Some(SortDirection::Asc),
        "the sort chosen meanwhile is asked with the mended search"
    );
}

#[test]
fn a_late_answer_to_an_older_question_is_dropped() {
    let state = UsersState::default();
    let old = state.generation;
    let state = reduce(state, [UsersAction::Search("a".into())]);
    let stale = reduce(
        state.clone(),
        [UsersAction::Loaded {
            generation: old,
            page: page(3, 3),
        }],
    );
    assert_eq!(stale, state);
    let fresh = reduce(
        state.clone(),
        [UsersAction::Loaded {
            generation: state.generation,
            page: page(1, 1),
        }],
    );
    assert_eq!(fresh.result.page().unwrap().total, 1);
}

#[test]
fn the_keyboard_cursor_stays_within_the_rows() {
    let state = reduce(loaded(3, 3), [UsersAction::MoveCursor(1)]);
    assert_eq!(state.cursor, Some(0));
    let state = reduce(
        state,
        [
            UsersAction::MoveCursor(1),
            UsersAction::MoveCursor(1),
            UsersAction::MoveCursor(1),
        ],
    );
    assert_eq!(state.cursor, Some(2));
    let state = reduce(state, [UsersAction::MoveCursor(-5)]);
    assert_eq!(state.cursor, Some(0));
    assert_eq!(
        reduce(UsersState::default(), [UsersAction::MoveCursor(1)]).cursor,
        None
    );
}

#[test]
fn only_offered_page_sizes_are_taken() {
    let state = reduce(loaded(25, 100), [UsersAction::PageSize(7)]);
    assert_eq!(state.query.page_size, 25);
}

#[test]
fn conditions_combine_each_in_its_slot_and_a_saved_view_comes_back_whole() {
    let plan = |value: &str| ViewCondition::FieldEquals {
        key: "plan".into(),
        value: value.into(),
    };
    let state = reduce(
        loaded(25, 2431),
        [
            UsersAction::AddCondition(ViewCondition::Banned),
            UsersAction::AddCondition(plan("team")),
            UsersAction::AddCondition(ViewCondition::NotBanned),
            UsersAction::Page(3),
        ],
    );
    assert_eq!(
        state.query.conditions,
        [ViewCondition::NotBanned, plan("team")],
        "not banned took banned's place"
    );
    let request = state.query.to_request(datetime!(2026-11-28 12:00 UTC));
    assert_eq!(request.conditions().count(), 2);
    assert_eq!(
        request.and_also[0].field,
        FilterField::Custom("plan".into())
    );
    let edited = reduce(state.clone(), [UsersAction::EditCondition(1, plan("pro"))]);
    assert_eq!(edited.query.conditions[1], plan("pro"));
    assert_eq!(
        edited.query.page, 0,
        "a changed view starts at its first page"
    );
    let refused = reduce(
        state.clone(),
        [UsersAction::EditCondition(1, ViewCondition::Banned)],
    );
    assert_eq!(
        refused.generation, state.generation,
        "a condition keeps its slot"
    );
    let view = state.query.view();
    let cleared = reduce(
        state,
        [UsersAction::ClearConditions, UsersAction::PageSize(100)],
    );
    assert!(cleared.query.conditions.is_empty());
    let shown = reduce(cleared, [UsersAction::Show(view.clone())]);
    assert_eq!(shown.query.view(), view);
    assert_eq!(
        shown.query.page_size, 100,
        "the page size is the table's, not the view's"
    );
}

#[test]
fn a_scan_in_progress_says_so_and_offers_a_next_page() {
    let state = loaded(25, 40);
    let generation = state.generation;
    let scanned = |complete| UsersAction::Loaded {
        generation,
        page: UserPage {
            scan: Some(ScanReport {
                scanned: 2000,
                of: 12480,
                complete,
            }),
            ..page(25, 40)
        },
    };
    let state = reduce(state, [scanned(false)]);
    assert_eq!(state.page_count(), 2);
    assert_eq!(state.range_label().unwrap(), "1–25 of at least 40");
    assert_eq!(
        state.scan_label().unwrap(),
        "Filtered in Authdesk: 40 of 2,000 scanned so far, of 12,480"
    );
    let unfinished = state.result.page().unwrap();
    assert_eq!(
        super::matched(unfinished),
        "at least 40",
        "for 'select all'"
    );
    let state = reduce(state, [scanned(true)]);
    assert_eq!(super::matched(state.result.page().unwrap()), "40");
    assert_eq!(state.range_label().unwrap(), "1–25 of 40");
    assert_eq!(
        state.scan_label().unwrap(),
        "Filtered in Authdesk: 40 of 2,000 scanned"
    );
}

#[test]
fn a_row_leads_with_the_role_its_view_asked_for_and_leaves_the_default_role_last() {
    let roles = |list: &[&str]| list.iter().map(|role| role.to_string()).collect::<Vec<_>>();
    let user_support = roles(&["user", "support"]);
    assert_eq!(roles_shown(&user_support, None), ["support", "user"]);
    assert_eq!(roles_shown(&user_support, Some("use")), ["user", "support"]);
    // Otherwise the server's order.
    let several = roles(&["billing", "user", "support"]);
    assert_eq!(roles_shown(&several, None), ["billing", "support", "user"]);
    assert_eq!(
        roles_shown(&several, Some("sup")),
        ["support", "billing", "user"]
    );
    assert_eq!(roles_shown(&roles(&["user"]), Some("admin")), ["user"]);

    let mut query = UsersQuery::default();
    assert_eq!(query.role_condition(), None);
    query.conditions = vec![
        ViewCondition::EmailVerified,
        ViewCondition::RoleContains {
            role: "admin".into(),
        },
    ];
    assert_eq!(query.role_condition(), Some("admin"));
}
