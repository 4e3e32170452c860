//! What rizhi tells the user outside the browser: `rizhi: MESSAGE` warnings on
//! stderr, and the one sanitiser for text (names, paths, notebook lines) shown
//! to a terminal.

use std::borrow::Cow;
use std::io::IsTerminal;

/// Text from a notebook on its way to a terminal: control characters and escape
/// sequences are made visible so a file can never drive the terminal. Into a pipe
/// the text goes unchanged.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    // Asked once: a subcommand prints thousands of lines.
    static TERMINAL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*TERMINAL.get_or_init(|| std::io::stdout().is_terminal()) {
        return s.into();
    }
    sanitize(s)
}

/// Control characters (except newline and tab), bidi controls and
/// zero-width characters in the visible `^[` / `<U+202E>` forms the reader
/// draws (one implementation: [`crate::text::visible_text`]).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    crate::text::visible_text(s, &crate::text::WrapOptions::default())
}

/// Prints `rizhi: MESSAGE` on stderr. Messages carry file names, paths,
/// arguments and config values: when stderr is a terminal they are shown in
/// visible form, so none of them can drive it.
pub fn warn(message: impl std::fmt::Display) {
    let text = message.to_string();
    let text = if std::io::stderr().is_terminal() {
        sanitize(&text)
    } else {
        text.as_str().into()
    };
    eprintln!("rizhi: {text}");
}
