//! A newer Authdesk on the fleet's update feed: offered, then downloaded and checked against
//! the fleet's key, then installed on a restart. Nothing happens without the admin's click.

use authdesk_protocol::{ApiError, UpdateOffer};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;

#[function_component]
pub fn UpdateBanner() -> Html {
    let offer = use_state(|| None::<UpdateOffer>);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<String>);
    let later = use_state(|| false);
    {
        let offer = offer.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(Some(found)) = ipc::check_for_update().await {
                    offer.set(Some(found));
                }
            });
        });
    }
    let Some(found) = (*offer).clone().filter(|_| !*later) else {
        return Html::default();
    };
    let on_download = {
        let (offer, busy, problem) = (offer.clone(), busy.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            let offer = offer.clone();
            run_step(&busy, &problem, ipc::download_update(), move |next| {
                offer.set(Some(next));
            });
        })
    };
    let on_install = {
        let (busy, problem) = (busy.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            run_step(&busy, &problem, ipc::install_update(), |()| ());
        })
    };
    let line = if found.verified {
        format!(
            "Authdesk {} is downloaded and signed with your organisation's key.",
            found.version
        )
    } else {
        format!(
            "Authdesk {} is available from your organisation's update feed.",
            found.version
        )
    };
    html! {
        <aside class="update" role="status" data-testid="update" aria-label="Update">
            <p class="update__line" data-testid="update-line">{ line }</p>
            if let Some(notes) = &found.notes {
                <p class="update__notes">{ notes }</p>
            }
            if let Some(problem) = &*problem {
                <p class="update__problem" role="alert" data-testid="update-problem">{ problem }</p>
            }
            <div class="update__actions">
                <button class="button" onclick={let later = later.clone(); move |_| later.set(true)}>{ "Later" }</button>
                if found.verified {
                    <button class="button button--primary" data-testid="update-install" disabled={*busy}
                        onclick={on_install}>{ "Restart and install" }</button>
                } else if problem.is_none() {
                    <button class="button button--primary" data-testid="update-download" disabled={*busy}
                        onclick={on_download}>{ if *busy { "Downloading…" } else { "Download and check" } }</button>
                }
            </div>
        </aside>
    }
}

/// Runs `step` with the buttons held; what it refuses is said under the offer.
fn run_step<T: 'static>(
    busy: &UseStateHandle<bool>,
    problem: &UseStateHandle<Option<String>>,
    step: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    let (busy, problem) = (busy.clone(), problem.clone());
    busy.set(true);
    spawn_local(async move {
        match step.await {
            Ok(answer) => done(answer),
            Err(error) => problem.set(Some(error.message)),
        }
        busy.set(false);
    });
}
