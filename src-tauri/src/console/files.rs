//! Where an export goes: the admin says, in the desktop's own save dialog, and can then see the
//! file in its folder. The console asks; the app says how (`crate::desktop::NativeFiles`). The
//! window never names a path to write: it could not, as no command takes one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use authdesk_protocol::{ApiError, ErrorCode};

use super::Console;

/// A file to be saved, as the save dialog offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveAs {
    /// The dialog's title.
    pub title: &'static str,
    /// The name it suggests.
    pub file_name: String,
    /// The kind of file, as the dialog's filter names it ("CSV"), and its extension.
    pub kind: (&'static str, &'static str),
}

impl SaveAs {
    /// A file named `authdesk-<what>-<today>.<extension>`, of the `kind` named.
    pub(super) fn dated(
        title: &'static str,
        what: &str,
        kind: (&'static str, &'static str),
    ) -> Self {
        let day = authdesk_protocol::OffsetDateTime::now_utc().date();
        Self {
            title,
            file_name: format!("authdesk-{what}-{day}.{}", kind.1),
            kind,
        }
    }
}

/// How the app asks where to save, and shows a saved file.
pub trait Files: Send + Sync {
    /// Where the admin chose to save `request`: none when they cancelled. May block.
    fn save_as(&self, request: &SaveAs) -> Option<PathBuf>;
    /// Shows `path` selected in the desktop's file manager. May block.
    fn show_in_folder(&self, path: &Path) -> Result<(), String>;
}

impl Console {
    /// Asks through `files` where each export goes from now on (the app's dialog; tests').
    pub fn with_files(mut self, files: Arc<dyn Files>) -> Self {
        self.files = Some(files);
        self
    }

    /// The file the admin chose for `request`; none when they cancelled the dialog.
    pub(super) async fn ask_where_to_save(
        &self,
        request: SaveAs,
    ) -> Result<Option<PathBuf>, ApiError> {
        let files = self.files.clone().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Internal,
                "Authdesk cannot ask where to save here.",
            )
        })?;
        let chosen = tokio::task::spawn_blocking(move || files.save_as(&request))
            .await
            .map_err(|error| ApiError::new(ErrorCode::Internal, error.to_string()))?;
        if chosen
            .as_deref()
            .is_some_and(|path| same_file(path, self.audit.path()))
        {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Authdesk keeps its audit log in that file: choose another one.",
            ));
        }
        Ok(chosen)
    }

    /// Remembers the file an export wrote, for "Show in folder".
    pub(super) fn saved(&self, path: &Path) {
        *self
            .last_saved
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(path.to_owned());
    }

    /// Shows the last file an export wrote in the desktop's file manager (as exporting the
    /// audit log, only while the console is not locked).
    pub async fn show_saved_file(&self) -> Result<(), ApiError> {
        self.unless_locked().await?;
        let saved = self
            .last_saved
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let (Some(path), Some(files)) = (saved.filter(|path| path.exists()), self.files.clone())
        else {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "The exported file is not there any more.",
            ));
        };
        tokio::task::spawn_blocking(move || files.show_in_folder(&path))
            .await
            .map_err(|error| error.to_string())
            .and_then(|shown| shown)
            .map_err(|error| {
                tracing::warn!(%error, "the file manager did not show an export");
                ApiError::new(
                    ErrorCode::Internal,
                    "The file manager could not be opened: the file's path is shown above.",
                )
            })
    }
}

/// Whether `one` and `other` name the same file, whatever the links or `..` on the way.
fn same_file(one: &Path, other: &Path) -> bool {
    let place = |path: &Path| {
        let folder = path.parent()?.canonicalize().ok()?;
        Some(folder.join(path.file_name()?))
    };
    place(one).is_some_and(|one| Some(one) == place(other))
}

/// The last file an export wrote.
pub(super) type LastSaved = Arc<Mutex<Option<PathBuf>>>;

/// A file being written for the path the admin chose: a new file beside it, which becomes
/// that path only when it is whole. A partial export never stands under the chosen name, and a
/// link planted there is replaced, never followed.
pub(super) struct Writing {
    pub chosen: PathBuf,
    part: PathBuf,
}

impl Writing {
    pub fn start(chosen: &Path) -> Result<(Self, std::fs::File), ApiError> {
        let name = chosen.file_name().unwrap_or_default().to_string_lossy();
        let folder = chosen.parent().unwrap_or(Path::new("."));
        for copy in 1..=20 {
            let part = folder.join(format!(".{name}.{copy}.part"));
            // `create_new` refuses an existing name, and a link, wherever it points.
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&part);
            match file {
                Ok(file) => {
                    let chosen = chosen.to_owned();
                    return Ok((Self { chosen, part }, file));
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(could_not_write(chosen, &error)),
            }
        }
        let taken = std::io::Error::other("the folder holds 20 unfinished exports of it");
        Err(could_not_write(chosen, &taken))
    }

    /// Puts the whole file in place of whatever the chosen name held.
    pub fn finish(self) -> Result<PathBuf, ApiError> {
        std::fs::rename(&self.part, &self.chosen)
            .map_err(|error| could_not_write(&self.chosen, &error))?;
        Ok(self.chosen)
    }

    /// Removes what was written.
    pub fn abandon(self) {
        let _ = std::fs::remove_file(&self.part);
    }
}

pub(super) fn could_not_write(path: &Path, error: &std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("Could not write {}: {error}.", path.display()),
    )
}
