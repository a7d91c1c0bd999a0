use authdesk_protocol::UserSummary;
use yew::prelude::*;

use crate::format::ban_label;

#[derive(Properties, PartialEq)]
pub struct UserTableProps {
    pub users: Vec<UserSummary>,
}

#[function_component]
pub fn UserTable(props: &UserTableProps) -> Html {
    html! {
        <table class="users" data-testid="user-table">
            <thead>
                <tr>
                    <th>{ "Name" }</th>
                    <th>{ "Email" }</th>
                    <th>{ "Roles" }</th>
                    <th>{ "Status" }</th>
                    <th>{ "Verified" }</th>
                    <th>{ "Created" }</th>
                </tr>
            </thead>
            <tbody>
                { for props.users.iter().map(user_row) }
            </tbody>
        </table>
    }
}

fn user_row(user: &UserSummary) -> Html {
    let (status, tone) = ban_label(&user.ban);
    html! {
        <tr key={user.id.clone()} data-testid={format!("user-row-{}", user.id)}>
            <td class="users__name">{ &user.name }</td>
            <td class="users__email">{ &user.email }</td>
            <td>{ for user.roles.iter().map(|role| html! { <span class="chip">{ role }</span> }) }</td>
            <td><span class={classes!("status", format!("status--{tone}"))}>{ status }</span></td>
            <td>{ if user.email_verified { "Yes" } else { "No" } }</td>
            <td class="users__date">{ user.created_at.date().to_string() }</td>
        </tr>
    }
}
