//! The harness of the real-editor end-to-end tests (`nvim.rs`, `emacs.rs`), built on
//! libtest-mimic so that a missing editor shows as `ignored, <why>` instead of a false `ok`, and
//! as a failure when the editor is required (`IAM_LSP_REQUIRE_<EDITOR>=1`, set by `.ci/run`).
//!
//! The editor runs the scenario once, on the first test that needs it; each test asserts one
//! part of what it observed. A failed run is reported by every test, not rerun.

use std::env;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// One real editor under test.
pub struct Editor<R> {
    /// Its name in messages, e.g. "Neovim 0.11+".
    pub name: &'static str,
    /// The variable that makes a missing editor a failure, e.g. `IAM_LSP_REQUIRE_NVIM`.
    pub require_var: &'static str,
    /// How to get the editor, appended to the reason of a skip.
    pub install_hint: &'static str,
    /// Finds the editor; `Err` says why it is unavailable.
    pub find: fn() -> Result<PathBuf, String>,
    /// Runs the whole scenario in the editor found.
    pub drive: fn(&std::path::Path) -> Result<R, String>,
}

/// One test: its name and its assertions on what the editor observed.
pub type Check<R> = (&'static str, fn(&R));

/// Runs `tests` and exits with libtest's status.
pub fn main<R: Send + Sync + 'static>(editor: Editor<R>, tests: &[Check<R>]) -> ! {
    let args = Arguments::from_args();
    let found = (editor.find)();
    let required = env::var(editor.require_var).is_ok_and(|v| v == "1");
    let run: Arc<OnceLock<Result<R, String>>> = Arc::new(OnceLock::new());
    let Editor { name: editor_name, require_var, install_hint, drive, .. } = editor;
    let trials = tests
        .iter()
        .map(|&(name, check)| {
            let found = found.clone();
            let run = Arc::clone(&run);
            Trial::ignorable_test(name, move || match found {
                Err(why) if required => Err(Failed::from(format!("{require_var}=1 but {why}"))),
                Err(why) => Ok(Completion::ignored_with(format!(
                    "needs {editor_name}, and {why}; {install_hint}; {require_var}=1 makes this a failure"
                ))),
                Ok(path) => match run.get_or_init(|| drive(&path)) {
                    Ok(observed) => {
                        check(observed);
                        Ok(Completion::Completed)
                    }
                    Err(why) => Err(Failed::from(why.as_str())),
                },
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit()
}

/// 0-based line and byte column of the first occurrence of `needle` in `text`.
pub fn at(text: &str, needle: &str) -> (u64, u64) {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text}"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64;
    let col = (offset - before.rfind('\n').map_or(0, |i| i + 1)) as u64;
    (line, col)
}

/// The editor binary: the path in `var`, else `program` on PATH.
pub fn locate(var: &str, program: &str) -> Result<std::path::PathBuf, String> {
    match std::env::var_os(var).filter(|v| !v.is_empty()) {
        Some(path) => Ok(std::path::PathBuf::from(path)),
        None => std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
            .ok_or_else(|| format!("no `{program}` on PATH and {var} is not set")),
    }
}
