//! Programs the tests run beside the app: a command that must succeed, the helper scripts of
//! `tests/support` that serve while a test runs, and the one way a server or driver the tests
//! started is ended.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use super::repo_root;

/// Runs `program` with `arguments` in `folder` and fails the test if it fails.
pub fn run_in(folder: &std::path::Path, program: &str, arguments: &[&str]) {
    let status = Command::new(program)
        .args(arguments)
        .current_dir(folder)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|error| panic!("{program} ({error}; tests/setup.sh installs it)"));
    assert!(status.success(), "{program} {arguments:?}");
}

/// A helper script of `tests/support` run by the system's python3 (with the packages
/// `tests/setup.sh` installs), ended when dropped.
pub struct Helper(Child);

impl Helper {
    /// Starts `script` with `arguments`; answers it and the first line it prints, which it
    /// prints once it is ready.
    pub fn start(script: &str, arguments: &[&std::ffi::OsStr]) -> (Self, String) {
        let mut process = Command::new("/usr/bin/python3")
            .arg(repo_root().join("tests/support").join(script))
            .args(arguments)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let line = ready_line(&mut process);
        (Self(process), line.trim().to_owned())
    }
}

/// The first line `child` prints on its piped stdout: the helpers and the sandbox print one once
/// they are ready.
pub fn ready_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("its output, piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the ready line");
    line
}

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Asks `child` to end (SIGTERM, so a server closes what it holds) and waits until it has.
pub fn end_gently(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}
