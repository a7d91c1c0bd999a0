//! Which users the table has selected for a bulk action: rows by hand (a click, a shift-click
//! range, the whole page) or everyone the view matches.

/// The selection. Ids stay selected across pages; a new view (search, filter) clears them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub ids: Vec<String>,
    /// The row last clicked on this page, where a shift-click range starts.
    anchor: Option<usize>,
    /// Everyone the view matches, not only the rows ticked.
    pub all_matching: bool,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && !self.all_matching
    }

    pub fn contains(&self, id: &str) -> bool {
        self.all_matching || self.ids.iter().any(|selected| selected == id)
    }

    /// A click on row `index` of `page` (its ids in order); with shift, the rows from the last
    /// click to this one take this row's new state.
    pub fn click(&mut self, page: &[String], index: usize, shift: bool) {
        let Some(id) = page.get(index) else {
            return;
        };
        self.all_matching = false;
        let select = !self.ids.contains(id);
        let range = match (shift, self.anchor) {
            (true, Some(anchor)) => anchor.min(index)..=anchor.max(index),
            _ => index..=index,
        };
        for id in &page[range] {
            self.set(id, select);
        }
        self.anchor = Some(index);
    }

    /// The header's box: the whole page, or none of it if all of it was selected.
    pub fn toggle_page(&mut self, page: &[String]) {
        self.all_matching = false;
        let all = page.iter().all(|id| self.ids.contains(id));
        for id in page {
            self.set(id, !all);
        }
    }

    pub fn page_selected(&self, page: &[String]) -> bool {
        !page.is_empty() && page.iter().all(|id| self.contains(id))
    }

    pub fn select_all_matching(&mut self) {
        self.all_matching = true;
    }

    fn set(&mut self, id: &str, selected: bool) {
        let at = self.ids.iter().position(|selected| selected == id);
        match (selected, at) {
            (true, None) => self.ids.push(id.to_owned()),
            (false, Some(at)) => {
                self.ids.remove(at);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Vec<String> {
        (0..6).map(|n| format!("u{n}")).collect()
    }

    #[test]
    fn a_shift_click_selects_the_range_from_the_last_click() {
        let mut selection = Selection::default();
        selection.click(&page(), 1, false);
        selection.click(&page(), 4, true);
        assert_eq!(selection.ids, ["u1", "u2", "u3", "u4"]);
        // Shift-clicking a selected row takes the range from the last click (4) off again.
        selection.click(&page(), 2, true);
        assert_eq!(selection.ids, ["u1"]);
    }

    #[test]
    fn the_header_box_selects_the_page_or_clears_it() {
        let mut selection = Selection::default();
        selection.click(&page(), 0, false);
        selection.toggle_page(&page());
        assert!(selection.page_selected(&page()));
        assert_eq!(selection.ids.len(), 6);
        selection.toggle_page(&page());
        assert!(selection.is_empty());
    }

    #[test]
    fn all_matching_covers_every_row_until_a_row_is_clicked() {
        let mut selection = Selection::default();
        selection.select_all_matching();
        assert!(selection.contains("anyone"));
        assert!(!selection.is_empty());
        selection.click(&page(), 0, false);
        assert!(!selection.all_matching);
        assert_eq!(selection.ids, ["u0"]);
    }
}
