//! What a ticket asks for most: the mails that let a user back in, a verified address, and
//! two-factor turned off for someone who lost their authenticator.

use authdesk_protocol::{
    ApiError, AuditAction, Field, Permission, UserSummary, UserUpdate, check_reset_page,
};
use yew::prelude::*;

use super::SectionProps;
use crate::components::{ConfirmRequest, TextField};
use crate::ipc;
use crate::shell::{FormError, Shell, run, use_shell};
use crate::state::forms::{self, FormKind};

#[function_component]
pub(super) fn SupportActions(props: &SectionProps) -> Html {
    let shell = use_shell();
    let user = &props.user;
    let reset_page = shell.admin.profile.settings.password_reset_page.clone();
    let typed_page = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let form = FormError {
        slot: error.clone(),
        kind: FormKind::Fields,
    };
    let lacks = |action: AuditAction| shell.lacks(action.needs());
    let send_reset = {
        let (shell, form, user_id, typed_page) = (
            shell.clone(),
            form.clone(),
            user.id.clone(),
            typed_page.clone(),
        );
        let saved_page = reset_page.clone();
        Callback::from(move |()| match &saved_page {
            Some(_) => send_reset_mail(&shell, &form, user_id.clone()),
            None => save_page_then_send(&shell, &form, user_id.clone(), &typed_page),
        })
    };
    let resend_verification = {
        let (shell, id) = (shell.clone(), user.id.clone());
        Callback::from(move |()| {
            let done = shell.clone();
            run(
                Some(&shell),
                None,
                ipc::send_verification_email(id.clone()),
                move |user| {
                    done.success(format!("Verification email sent to {}", user.email));
                },
            );
        })
    };
    let mark_verified = {
        let (shell, id, on_saved) = (shell.clone(), user.id.clone(), props.on_saved.clone());
        Callback::from(move |()| {
            let update = UserUpdate {
                email_verified: Some(true),
                ..UserUpdate::default()
            };
            let (done, on_saved) = (shell.clone(), on_saved.clone());
            run(
                Some(&shell),
                None,
                ipc::update_user(id.clone(), update),
                move |_| {
                    done.success("Email marked verified");
                    on_saved.emit(());
                },
            );
        })
    };
    let reset_two_factor = {
        let (shell, user, ask, on_saved) = (
            shell.clone(),
            user.clone(),
            props.ask.clone(),
            props.on_saved.clone(),
        );
        Callback::from(move |()| ask.emit(two_factor_question(&shell, &user, &on_saved)))
    };
    html! {
        <section class="section" data-testid="support-actions">
            <h3>{ "Help them sign in" }</h3>
            if let Some(on) = user.two_factor_enabled {
                <p class="muted" data-testid="two-factor-state">
                    { if on { "Two-factor sign-in is on." } else { "Two-factor sign-in is off." } }
                </p>
            }
            if reset_page.is_none() && lacks(AuditAction::SendPasswordReset).is_none() {
                <TextField id="reset-page" label="Your product's password-reset page"
                    placeholder="https://app.example.com/reset-password"
                    hint={AttrValue::from("Where the server's reset link lands; kept in this profile.")}
                    value={(*typed_page).clone()} error={forms::error_at(&error, Field::ResetPage)}
                    on_input={let typed_page = typed_page.clone(); move |v| typed_page.set(v)} />
            }
            <div class="form__actions form__actions--start">
                { button("Send password-reset email", "send-password-reset",
                    lacks(AuditAction::SendPasswordReset), send_reset) }
                if !user.email_verified {
                    { button("Resend verification email", "send-verification",
                        lacks(AuditAction::SendVerification), resend_verification) }
                    { button("Mark email verified", "mark-verified",
                        shell.lacks(&[Permission::UpdateUser, Permission::SetEmail]), mark_verified) }
                }
                if user.two_factor_enabled == Some(true) {
                    { button("Turn two-factor off…", "reset-two-factor",
                        lacks(AuditAction::ResetTwoFactor), reset_two_factor) }
                }
            </div>
        </section>
    }
}

/// A support action's button: disabled, with the reason as its tooltip, for a role without it.
fn button(label: &str, test_id: &str, reason: Option<String>, call: Callback<()>) -> Html {
    let disabled = reason.is_some();
    html! {
        <button class="button" data-testid={test_id.to_owned()} {disabled}
            title={reason} onclick={call.reform(|_: MouseEvent| ())}>{ label }</button>
    }
}

fn send_reset_mail(shell: &Shell, form: &FormError, user_id: String) {
    let done = shell.clone();
    run(
        Some(shell),
        Some(form),
        ipc::send_password_reset(user_id),
        move |user| {
            done.success(format!("Password-reset email sent to {}", user.email));
        },
    );
}

/// Keeps the typed reset page in the signed-in profile, then sends the mail.
fn save_page_then_send(
    shell: &Shell,
    form: &FormError,
    user_id: String,
    typed: &UseStateHandle<String>,
) {
    let page = match check_reset_page(typed) {
        Ok(page) => page,
        Err(problem) => return form.slot.set(Some(problem)),
    };
    let profile = shell.admin.profile.clone();
    let mut settings = profile.settings.clone();
    settings.password_reset_page = Some(page);
    let (then_shell, then_form) = (shell.clone(), form.clone());
    run(
        Some(shell),
        Some(form),
        ipc::save_profile(Some(profile.id), settings),
        move |_| {
            then_shell.refresh_admin.emit(());
            send_reset_mail(&then_shell, &then_form, user_id);
        },
    );
}

fn two_factor_question(
    shell: &Shell,
    user: &UserSummary,
    on_saved: &Callback<()>,
) -> ConfirmRequest {
    let (shell, id, on_saved) = (shell.clone(), user.id.clone(), on_saved.clone());
    ConfirmRequest {
        title: format!("Turn two-factor off for {}?", user.email),
        body: "They sign in with their password alone until they turn it on again. Do this only \
               once you are sure the request comes from them."
            .into(),
        action: "Turn two-factor off".into(),
        typed: None,
        on_confirm: Callback::from(move |()| {
            let (done, on_saved) = (shell.clone(), on_saved.clone());
            run(
                Some(&shell),
                None,
                ipc::reset_two_factor(id.clone()),
                move |user| {
                    done.success(format!("Two-factor is off for {}", user.email));
                    on_saved.emit(());
                },
            );
        }),
    }
}
