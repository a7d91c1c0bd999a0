//! Short notes about what just happened ("Roles saved"), dismissed by time or by hand.

use std::rc::Rc;

use yew::Reducible;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Toasts {
    pub shown: Vec<Toast>,
    next_id: u64,
}

/// At most this many stay on screen; the oldest goes first.
const MOST_SHOWN: usize = 4;

pub enum ToastAction {
    Show(ToastKind, String),
    Dismiss(u64),
}

impl Reducible for Toasts {
    type Action = ToastAction;

    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ToastAction::Show(kind, text) => {
                next.shown.push(Toast {
                    id: next.next_id,
                    kind,
                    text,
                });
                next.next_id += 1;
                if next.shown.len() > MOST_SHOWN {
                    next.shown.remove(0);
                }
            }
            ToastAction::Dismiss(id) => next.shown.retain(|toast| toast.id != id),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toasts_stack_up_to_four_and_go_away_by_id() {
        let mut state = Rc::new(Toasts::default());
        for index in 0..6 {
            state = state.reduce(ToastAction::Show(
                ToastKind::Success,
                format!("note {index}"),
            ));
        }
        let texts: Vec<_> = state
            .shown
            .iter()
            .map(|toast| toast.text.as_str())
            .collect();
        assert_eq!(texts, ["note 2", "note 3", "note 4", "note 5"]);
        let id = state.shown[1].id;
        let state = state.reduce(ToastAction::Dismiss(id));
        assert_eq!(state.shown.len(), 3);
        assert!(state.shown.iter().all(|toast| toast.id != id));
    }
}
