//! `y` / `Y`: text to the clipboard, two ways at once.
//!
//! 1. The terminal's clipboard escape, OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`),
//!    written through the terminal guard's writer (the screen rizhi draws on,
//!    `/dev/tty` under `rizhi pick`). It works over ssh and inside tmux: with
//!    tmux's `set-clipboard on` tmux puts the text in its paste buffer and
//!    passes it on to the outer terminal. Inside tmux (`$TMUX` set) the escape
//!    is sent a second time wrapped for tmux's passthrough
//!    (`ESC P tmux; … ESC \`), which reaches the outer terminal directly when
//!    `allow-passthrough` is on and is dropped by tmux otherwise. The text is
//!    base64 in the escape, so nothing from a notebook can act on the terminal.
//! 2. A local clipboard tool, because a terminal may ignore OSC 52 silently
//!    (VTE-based ones do): `wl-copy` under Wayland (`$WAYLAND_DISPLAY`), else
//!    `xclip`, then `xsel` under X11 (`$DISPLAY`), else `pbcopy` on macOS.
//!    Wayland first: an X11 tool there only reaches X11 programs. The tool is
//!    started detached (its stdout and stderr to null) and fed the text on
//!    stdin; xclip and wl-copy stay running to serve the selection.

use base64::Engine as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The escapes that set the clipboard to `text`: OSC 52, and inside tmux the
/// same wrapped for passthrough (an ESC inside it doubled, as tmux wants).
pub fn osc52(text: &str, in_tmux: bool) -> Vec<u8> {
    let plain = format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    );
    let mut out = plain.clone().into_bytes();
    if in_tmux {
        out.extend_from_slice(b"\x1bPtmux;");
        out.extend_from_slice(plain.replace('\x1b', "\x1b\x1b").as_bytes());
        out.extend_from_slice(b"\x1b\\");
    }
    out
}

/// The local clipboard tool for this session, as argv, given the
/// environment (`var`) and a lookup of programs on `$PATH` (`find`).
pub fn local_tool(
    var: impl Fn(&str) -> Option<String>,
    find: impl Fn(&str) -> Option<PathBuf>,
    macos: bool,
) -> Option<Vec<String>> {
    let set = |v: &str| var(v).is_some_and(|s| !s.is_empty());
    let mut candidates: Vec<&[&str]> = Vec::new();
    if set("WAYLAND_DISPLAY") {
        candidates.push(&["wl-copy"]);
    }
    if set("DISPLAY") {
        candidates.push(&["xclip", "-selection", "clipboard", "-in"]);
        candidates.push(&["xsel", "--clipboard", "--input"]);
    }
    if macos {
        candidates.push(&["pbcopy"]);
    }
    candidates.into_iter().find_map(|argv| {
        let prog = find(argv[0])?;
        let mut v = vec![prog.display().to_string()];
        v.extend(argv[1..].iter().map(|s| s.to_string()));
        Some(v)
    })
}

/// `name` as an executable file in one of `$PATH`'s folders.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Copies `text`: the escapes to `screen` (flushed), and the local tool if
/// there is one. Returns how it went out, for the status line
/// (`OSC 52`, `OSC 52 + wl-copy`).
pub fn copy(screen: &mut impl Write, text: &str) -> std::io::Result<String> {
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    screen.write_all(&osc52(text, in_tmux))?;
    screen.flush()?;
    let mut via = "OSC 52".to_string();
    let tool = local_tool(
        |v| std::env::var(v).ok(),
        on_path,
        cfg!(target_os = "macos"),
    );
    if let Some(argv) = tool {
        let name = Path::new(&argv[0])
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match feed(&argv, text) {
            Ok(()) => via = format!("{via} + {name}"),
            Err(e) => via = format!("{via} ({name} failed: {e})"),
        }
    }
    Ok(via)
}

/// Starts `argv` detached and writes `text` to its stdin; a thread reaps it.
fn feed(argv: &[String], text: &str) -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: Ctrl-c and Ctrl-z in rizhi are not its.
        .process_group(0)
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard base64 with `=` padding, over the text's UTF-8 bytes.
    #[test]
    fn the_escape_is_standard_padded_base64() {
        let s = String::from_utf8(osc52("见\x1b", false)).unwrap();
        assert_eq!(s, "\x1b]52;c;6KeBGw==\x07");
    }

    #[test]
    fn the_escape_carries_only_base64() {
        let seq = osc52("see\"16:50 2013-1-4\"\x1b]0;pwned\x07", false);
        let s = String::from_utf8(seq).unwrap();
        assert!(s.starts_with("\x1b]52;c;") && s.ends_with('\x07'));
        let body = &s["\x1b]52;c;".len()..s.len() - 1];
        assert!(body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)));
    }

    #[test]
    fn inside_tmux_a_passthrough_copy_follows() {
        let s = String::from_utf8(osc52("x", true)).unwrap();
        assert_eq!(
            s,
            "\x1b]52;c;eA==\x07\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\"
        );
    }

    #[test]
    fn the_tool_follows_the_display_server() {
        let all = |n: &str| Some(PathBuf::from(format!("/usr/bin/{n}")));
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |v: &str| pairs.iter().find(|p| p.0 == v).map(|p| p.1.to_string())
        };
        let wayland = local_tool(
            env(&[("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0")]),
            all,
            false,
        );
        assert_eq!(wayland.unwrap(), ["/usr/bin/wl-copy"]);
        let x11 = local_tool(env(&[("DISPLAY", ":0")]), all, false).unwrap();
        assert_eq!(x11[0], "/usr/bin/xclip");
        let only_xsel = |n: &str| (n == "xsel").then(|| PathBuf::from("/bin/xsel"));
        let x11 = local_tool(env(&[("DISPLAY", ":0")]), only_xsel, false).unwrap();
        assert_eq!(x11, ["/bin/xsel", "--clipboard", "--input"]);
        // An empty DISPLAY is no display; no tool over ssh.
        assert_eq!(local_tool(env(&[("DISPLAY", "")]), all, false), None);
        assert_eq!(
            local_tool(env(&[]), all, true).unwrap(),
            ["/usr/bin/pbcopy"]
        );
        assert_eq!(local_tool(env(&[("DISPLAY", ":0")]), |_| None, false), None);
    }
}
