//! The save dialog as the integration tests answer it, beneath the real one (`e2e/saving.rs`).

use std::path::PathBuf;

/// The save dialog as a test answers it: the name it suggests in one folder, as pressing Enter
/// in the real one does, a file typed in, or cancelled. The real dialog is driven in
/// `e2e/saving.rs`.
pub struct SaveDialog {
    answer: SaveAnswer,
    pub shown: std::sync::Mutex<Vec<PathBuf>>,
}

enum SaveAnswer {
    InFolder(PathBuf),
    File(PathBuf),
    Cancel,
}

impl SaveDialog {
    fn new(answer: SaveAnswer) -> Self {
        Self {
            answer,
            shown: Default::default(),
        }
    }

    pub fn saving_into(folder: PathBuf) -> Self {
        Self::new(SaveAnswer::InFolder(folder))
    }

    pub fn answering(file: PathBuf) -> Self {
        Self::new(SaveAnswer::File(file))
    }

    pub fn cancelled() -> Self {
        Self::new(SaveAnswer::Cancel)
    }
}

impl authdesk_app::console::Files for SaveDialog {
    fn save_as(&self, request: &authdesk_app::console::SaveAs) -> Option<PathBuf> {
        match &self.answer {
            SaveAnswer::InFolder(folder) => Some(folder.join(&request.file_name)),
            SaveAnswer::File(file) => Some(file.clone()),
            SaveAnswer::Cancel => None,
        }
    }

    fn show_in_folder(&self, path: &std::path::Path) -> Result<(), String> {
        self.shown.lock().unwrap().push(path.to_owned());
        Ok(())
    }
}
