//! Where the UI's wasm goes, for the bench: read from the same build keeping its functions' names
//! (src-ui/build.sh writes it where `AUTHDESK_UI_NAMED_WASM` says), each function's code is
//! counted to the UI's module its name mentions (a Yew hook or a future made for a screen is that
//! screen's), else to the protocol's types if it names one, else to what any Yew UI that reads
//! JSON carries: Yew, std, serde and serde_json, `time`, the web bindings.

use std::collections::HashMap;
use std::path::Path;

use super::summary;

/// The parts, each function's code counted once.
#[derive(Default)]
struct Parts {
    shared: usize,
    protocol: usize,
    /// By the UI's module: `pages::user`, `components::palette`, `state`…
    ui: HashMap<String, usize>,
}

/// Adds the wasm's parts to the bench's summary; `shipped` is the size of the file that ships.
pub fn rows(shipped: u64, named: &Path) {
    let wasm = std::fs::read(named).unwrap_or_else(|error| panic!("{}: {error}", named.display()));
    let functions = functions(&wasm);
    assert!(
        functions.iter().any(|(_, name)| !name.is_empty()),
        "{} keeps no function names (src-ui/build.sh makes it with AUTHDESK_UI_NAMED_WASM)",
        named.display()
    );
    let mut parts = Parts::default();
    for (bytes, name) in functions {
        let name = without_hashes(&name);
        if let Some(module) = ui_module(&name) {
            *parts.ui.entry(module).or_default() += bytes;
        } else if name.contains("authdesk_protocol::") {
            parts.protocol += bytes;
        } else {
            parts.shared += bytes;
        }
    }
    let mut modules: Vec<(String, usize)> = parts.ui.into_iter().collect();
    modules.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    let ui: usize = modules.iter().map(|(_, bytes)| bytes).sum();
    let largest: Vec<String> = modules
        .iter()
        .take(6)
        .map(|(module, bytes)| format!("{module} {:.1} KB", *bytes as f64 / 1000.0))
        .collect();
    let rest = (shipped as usize).saturating_sub(parts.shared + parts.protocol + ui);
    let own = format!(
        "release UI wasm, the UI's own code: {} modules, the largest {}",
        modules.len(),
        largest.join(", ")
    );
    for (what, bytes) in [
        (SHARED, parts.shared),
        (PROTOCOL, parts.protocol),
        (own.as_str(), ui),
        (REST, rest),
    ] {
        let figure = bytes.to_string();
        let authdesk = format!("{figure} bytes");
        summary::row(
            what,
            &authdesk,
            "",
            &figure,
            bytes as f64,
            summary::Budget::Unset,
        );
        println!("size: {what}: {authdesk}");
    }
}

const SHARED: &str = "release UI wasm, code any Yew UI reading JSON carries \
                      (Yew, std, serde and serde_json, time, the web bindings)";
const PROTOCOL: &str = "release UI wasm, code reading and writing the protocol's types";
const REST: &str = "release UI wasm, the rest: data (text, tables), imports and exports";

/// The UI module a function belongs to: the first screen (`pages::…`, `components::…`) its name
/// mentions, so that `shell::run` made for a form counts to the form's screen; else the first of
/// the UI's other modules (`state`, `ipc`, `hooks`…).
fn ui_module(name: &str) -> Option<String> {
    let module_at = |at: usize| {
        let mut segments = name[at..].split("::").map(|segment| {
            segment
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
        });
        match segments.next().unwrap_or_default() {
            kind @ ("pages" | "components") => {
                format!("{kind}::{}", segments.next().unwrap_or_default())
            }
            module => module.to_owned(),
        }
    };
    let mentions = name
        .match_indices(UI_CRATE)
        .map(|(at, _)| module_at(at + UI_CRATE.len()));
    let mut first = None;
    for module in mentions {
        if module.contains("::") {
            return Some(module);
        }
        first.get_or_insert(module);
    }
    first
}

const UI_CRATE: &str = "authdesk_ui::";

/// `authdesk_ui[9b5f6b1e072b3365]::pages` → `authdesk_ui::pages`: rustc's crate hashes.
fn without_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let hash = rest.get(open + 1..open + 17);
        let is_hash = hash.is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()))
            && rest.get(open + 17..open + 18) == Some("]");
        let keep = if is_hash { open } else { open + 1 };
        out.push_str(&rest[..keep]);
        rest = &rest[if is_hash { open + 18 } else { open + 1 }..];
    }
    out.push_str(rest);
    out
}

/// Each function's code size and name, from the code section and the `name` section.
fn functions(wasm: &[u8]) -> Vec<(usize, String)> {
    let (mut imported, mut sizes, mut names) = (0, Vec::new(), HashMap::new());
    let mut at = 8; // past the magic number and the version
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at);
        let (mut i, end) = (at, at + size);
        match id {
            // Imported functions come first in the functions' numbering.
            2 => {
                for _ in 0..leb(wasm, &mut i) {
                    for _ in 0..2 {
                        let name = leb(wasm, &mut i); // the module's and the field's names
                        i += name;
                    }
                    let kind = wasm[i];
                    i += 1;
                    match kind {
                        0 => {
                            leb(wasm, &mut i);
                            imported += 1;
                        }
                        1 => {
                            i += 1;
                            limits(wasm, &mut i);
                        }
                        2 => limits(wasm, &mut i),
                        3 => i += 2,
                        _ => {
                            i += 1;
                            leb(wasm, &mut i);
                        }
                    }
                }
            }
            10 => {
                for _ in 0..leb(wasm, &mut i) {
                    let body = leb(wasm, &mut i);
                    sizes.push(body);
                    i += body;
                }
            }
            0 => {
                let length = leb(wasm, &mut i);
                if &wasm[i..i + length] == b"name" {
                    read_names(&wasm[i + length..end], &mut names);
                }
            }
            _ => {}
        }
        at = end;
    }
    (sizes.into_iter().enumerate())
        .map(|(index, bytes)| {
            let name = names.remove(&(index + imported)).unwrap_or_default();
            (bytes, name)
        })
        .collect()
}

/// The function names of a `name` section (its subsection 1).
fn read_names(section: &[u8], names: &mut HashMap<usize, String>) {
    let mut at = 0;
    while at < section.len() {
        let kind = section[at];
        at += 1;
        let size = leb(section, &mut at);
        let (mut i, end) = (at, at + size);
        if kind == 1 {
            for _ in 0..leb(section, &mut i) {
                let index = leb(section, &mut i);
                let length = leb(section, &mut i);
                names.insert(
                    index,
                    String::from_utf8_lossy(&section[i..i + length]).into_owned(),
                );
                i += length;
            }
        }
        at = end;
    }
}

fn limits(wasm: &[u8], at: &mut usize) {
    let flags = wasm[*at];
    *at += 1;
    leb(wasm, at);
    if flags & 1 == 1 {
        leb(wasm, at);
    }
}

/// An unsigned LEB128 number, as wasm writes sizes and counts.
fn leb(bytes: &[u8], at: &mut usize) -> usize {
    let (mut value, mut shift) = (0, 0);
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return value;
        }
        shift += 7;
    }
}
