//! The server's own user fields (its `additionalFields` and the plugins'), each read as its type
//! and edited one at a time in an editor of that type, checked before anything is sent.

use authdesk_protocol::{
    ApiError, AuditAction, Field, FieldKind, UserFieldInfo, UserFields, UserUpdate,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::{TextField, field_shell};
use crate::hooks::offset_at;
use crate::ipc;
use crate::shell::{FormError, run, use_shell};
use crate::state::fields::{display, edited_value, editor_text, label, shown_fields};
use crate::state::forms::{self, FormKind};

#[derive(Properties, PartialEq)]
pub(super) struct ServerFieldsProps {
    pub user: authdesk_protocol::UserSummary,
    pub fields: UserFields,
    pub on_saved: Callback<()>,
}

#[function_component]
pub(super) fn ServerFields(props: &ServerFieldsProps) -> Html {
    let shell = use_shell();
    // The field being edited and its text; one at a time.
    let editing = use_state(|| None::<(String, FieldKind, String)>);
    let error = use_state(|| None::<ApiError>);
    let shown = shown_fields(&props.fields, &props.user.custom_fields);
    if shown.is_empty() {
        return html! {};
    }
    let cannot_edit = |key: &str| {
        let extra = UserFieldInfo::named(key).needs();
        let mut needs = AuditAction::UpdateUser.needs().to_vec();
        needs.extend(extra);
        shell.lacks(&needs)
    };
    let rows = shown.into_iter().map(|(key, kind, writable)| {
        let value = props.user.custom_fields.get(&key).cloned().unwrap_or_default();
        let shown_value = display(kind, &value);
        if let Some((_, _, text)) = editing.as_ref().filter(|(k, _, _)| *k == key) {
            let context = EditorContext {
                editing: editing.clone(),
                error: error.clone(),
                user_id: props.user.id.clone(),
                on_saved: props.on_saved.clone(),
                shell: shell.clone(),
            };
            return editor(&key, kind, text, &context);
        }
        let start = {
            let (editing, error, key) = (editing.clone(), error.clone(), key.clone());
            let text = editor_text(kind, &value, offset_at);
            Callback::from(move |_: MouseEvent| {
                error.set(None);
                editing.set(Some((key.clone(), kind, text.clone())));
            })
        };
        let reason = cannot_edit(&key);
        let disabled = reason.is_some();
        html! {
            <div class="server-field" data-testid={format!("field-{key}")}>
                <dt title={key.clone()}>{ label(&key) }</dt>
                <dd>
                    <span class={classes!(shown_value.is_none().then_some("muted"))} data-testid={format!("field-value-{key}")}>
                        { shown_value.unwrap_or_else(|| "Not set".to_owned()) }
                    </span>
                    if writable {
                        <button class="link" onclick={start} {disabled} title={reason}
                            aria-label={format!("Edit {}", label(&key))} data-testid={format!("field-edit-{key}")}>{ "Edit" }</button>
                    } else {
                        <span class="muted" title="The server sets this itself."> { " · set by the server" }</span>
                    }
                </dd>
            </div>
        }
    });
    html! {
        <section class="section" data-testid="server-fields">
            <h3>{ "This server's fields" }</h3>
            if !props.fields.from_schema {
                <p class="muted">{ "The server publishes no schema: these are the fields its users carry, typed by their values." }</p>
            }
            <dl class="facts">{ for rows }</dl>
        </section>
    }
}

/// What an editor changes and reports to.
struct EditorContext {
    editing: UseStateHandle<Option<(String, FieldKind, String)>>,
    error: UseStateHandle<Option<ApiError>>,
    user_id: String,
    on_saved: Callback<()>,
    shell: crate::shell::Shell,
}

/// One field's editor: its type's input, Save and Cancel, and the error right under it.
fn editor(key: &str, kind: FieldKind, text: &str, context: &EditorContext) -> Html {
    let EditorContext {
        editing,
        error,
        user_id,
        on_saved,
        shell,
    } = context;
    let set_text = {
        let (editing, key) = (editing.clone(), key.to_owned());
        Callback::from(move |text: String| editing.set(Some((key.clone(), kind, text))))
    };
    let at_field = forms::error_at(error, Field::CustomField);
    let input = match kind {
        FieldKind::YesNo => field_shell(
            "field-input",
            key,
            at_field,
            None,
            html! {
                <select id="field-input" data-testid="field-input"
                    onchange={set_text.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value())}>
                    { for [("", "Not set"), ("yes", "Yes"), ("no", "No")].map(|(value, label)| html! {
                        <option value={value} selected={text == value}>{ label }</option>
                    }) }
                </select>
            },
        ),
        FieldKind::Date => html! {
            <TextField id="field-input" label={label(key)} kind="datetime-local" value={text.to_owned()}
                error={at_field} hint={AttrValue::from("Your local time; empty clears it.")} on_input={set_text} />
        },
        _ => html! {
            <TextField id="field-input" label={label(key)} value={text.to_owned()} error={at_field}
                hint={AttrValue::from(match kind {
                    FieldKind::Number => "A number; empty clears it.",
                    FieldKind::Json => "JSON, e.g. {\"theme\": \"dark\"}; empty clears it.",
                    _ => "Empty clears it.",
                })} on_input={set_text} />
        },
    };
    let on_save = {
        let form = FormError {
            slot: error.clone(),
            kind: FormKind::Fields,
        };
        let (key, text, editing, on_saved, shell) = (
            key.to_owned(),
            text.to_owned(),
            editing.clone(),
            on_saved.clone(),
            shell.clone(),
        );
        let user_id = user_id.to_owned();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = match edited_value(kind, &text, offset_at) {
                Ok(value) => value,
                Err(problem) => return form.slot.set(Some(problem)),
            };
            let mut update = UserUpdate::default();
            update.custom_fields.insert(key.clone(), value);
            let (editing, on_saved, done) = (editing.clone(), on_saved.clone(), shell.clone());
            let key = key.clone();
            run(
                Some(&shell),
                Some(&form),
                ipc::update_user(user_id.clone(), update),
                move |_| {
                    done.success(format!("Saved {}", label(&key)));
                    editing.set(None);
                    on_saved.emit(());
                },
            );
        })
    };
    html! {
        <form class="form server-field__editor" onsubmit={on_save} novalidate=true data-testid="field-editor">
            { input }
            <div class="form__actions">
                <button type="button" class="button" onclick={let editing = editing.clone(); move |_| editing.set(None)}
                    data-testid="field-cancel">{ "Cancel" }</button>
                <button type="submit" class="button button--primary" data-testid="field-save">{ "Save" }</button>
            </div>
        </form>
    }
}
