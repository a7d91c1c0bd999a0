use authdesk_protocol::BanState;
use yew::prelude::*;

use crate::format::ban_label;
use crate::hooks::use_now;

#[derive(Properties, PartialEq)]
pub struct BanStatusProps {
    pub ban: BanState,
    pub test_id: AttrValue,
}

/// A ban's state as a badge that counts down each second. It keeps its own clock, so the
/// second's tick re-renders this badge and not the page around it.
#[function_component]
pub fn BanStatus(props: &BanStatusProps) -> Html {
    let now = use_now(std::time::Duration::from_secs(1));
    let (status, tone) = ban_label(&props.ban, now);
    html! {
        <span class={classes!("status", format!("status--{tone}"))} data-testid={props.test_id.clone()}>{ status }</span>
    }
}
