use authdesk_protocol::{ProviderSignIn, SignInPurpose, provider_name, refuses_embedded_sign_in};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::sign_in_steps::finished;
use crate::ipc;
use crate::state::{Action, AppState, SignInForm};

/// Single sign-on with the server's providers, each in a window of its own.
pub(super) fn sign_on_buttons(
    form: &SignInForm,
    purpose: SignInPurpose,
    dispatcher: &UseReducerDispatcher<AppState>,
    on_finished: &Callback<()>,
) -> Html {
    let buttons = form.providers.iter().map(|provider| {
        let request = ProviderSignIn {
            base_url: form.base_url.clone(),
            provider: provider.clone(),
            purpose,
        };
        let (dispatcher, on_finished) = (dispatcher.clone(), on_finished.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let (request, dispatcher, on_finished) =
                (request.clone(), dispatcher.clone(), on_finished.clone());
            dispatcher.dispatch(Action::SignInStarted);
            spawn_local(async move {
                let action = finished(ipc::sign_in_with_provider(request).await, purpose);
                let finished = matches!(action, Action::SignedIn(_) | Action::Unlocked(_));
                dispatcher.dispatch(action);
                if finished {
                    on_finished.emit(());
                }
            });
        });
        html! {
            <button type="button" class="button" data-testid={format!("sign-on-{provider}")}
                disabled={form.submitting} {onclick}>
                { format!("Continue with {}", provider_name(provider)) }
            </button>
        }
    });
    let refusing: Vec<String> = form
        .providers
        .iter()
        .filter(|provider| refuses_embedded_sign_in(provider))
        .map(|provider| provider_name(provider))
        .collect();
    html! {
        <div class="sign-on" data-testid="sign-on">
            <p class="sign-on__or">{ "or" }</p>
            { for buttons }
            <p class="field__hint">
                { "Single sign-on opens the provider in a window of its own, which keeps nothing \
                   afterwards. " }
                if !refusing.is_empty() {
                    { format!("{} does not allow signing in inside an app's window: for such an \
                               account, use an email code or a magic link instead.", refusing.join(" and ")) }
                }
            </p>
        </div>
    }
}
