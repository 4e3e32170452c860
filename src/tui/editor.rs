//! `e`: open `$VISUAL` / `$EDITOR` at a line. The value is split with
//! shell-words (quotes and spaces work, no shell is run).
//!
//! The notebook's path is the file system's, not ours: a file named
//! `+!touch PWNED` or `-c!sh` must reach the editor as a file name, never as
//! an option or a command. A relative path is therefore always passed as
//! `./path` (an absolute one starts with `/`), so no argument rizhi adds can
//! begin with `-` or `+` except the `+LINE` it writes itself. This works for
//! every editor, known or not; `--` is not added, because editors differ on
//! it (unknown ones may open a file named `--`, and `+LINE` must come before
//! it in vim but is a file after it).

use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The command that opens `path` at `line`: `+LINE` for the editors that take
/// it, `--goto file:line` for VS Code and its kin, the file alone otherwise.
pub fn command(editor: &str, path: &Path, line: u32) -> Result<Command, String> {
    let words =
        shell_words::split(editor).map_err(|e| format!("cannot read $EDITOR `{editor}`: {e}"))?;
    let Some((prog, args)) = words.split_first() else {
        return Err("$VISUAL and $EDITOR are empty".into());
    };
    let name = Path::new(prog)
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".exe").unwrap_or(&name);
    let path = &as_file_name(path);
    let mut cmd = Command::new(prog);
    cmd.args(args);
    match name {
        "vi" | "vim" | "nvim" | "gvim" | "view" | "nano" | "emacs" | "emacsclient" | "kak"
        | "hx" | "helix" | "micro" | "joe" | "mg" | "ne" => {
            cmd.arg(format!("+{line}")).arg(path);
        }
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor" => {
            cmd.arg("--goto").arg(format!("{}:{line}", path.display()));
        }
        _ => {
            cmd.arg(path);
        }
    }
    Ok(cmd)
}

/// `path` in a form no program reads as an option: a relative path gets a
/// `./` in front (`+!cmd` → `./+!cmd`); `./x`, `../x` and `/x` stay as they are.
fn as_file_name(path: &Path) -> PathBuf {
    match path.components().next() {
        Some(Component::Normal(_)) => Path::new(".").join(path),
        _ => path.to_path_buf(),
    }
}

/// `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn from_env() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(editor: &str, path: &str, line: u32) -> Vec<String> {
        let c = command(editor, Path::new(path), line).unwrap();
        std::iter::once(c.get_program())
            .chain(c.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn vim_family_gets_plus_line() {
        assert_eq!(argv("vim", "/n/log.txt", 12), ["vim", "+12", "/n/log.txt"]);
        assert_eq!(
            argv("/usr/bin/nvim -u NONE", "a b.txt", 3),
            ["/usr/bin/nvim", "-u", "NONE", "+3", "./a b.txt"]
        );
    }

    #[test]
    fn code_gets_goto() {
        assert_eq!(
            argv("code --wait", "x.txt", 7),
            ["code", "--wait", "--goto", "./x.txt:7"]
        );
    }

    #[test]
    fn quotes_and_spaces_in_the_editor_value() {
        assert_eq!(
            argv(
                "'/opt/my editor/bin/vim' -c 'set ft=text'",
                "/tmp/my notes/log.txt",
                1
            ),
            [
                "/opt/my editor/bin/vim",
                "-c",
                "set ft=text",
                "+1",
                "/tmp/my notes/log.txt"
            ]
        );
        assert!(command("vim 'unclosed", Path::new("x"), 1).is_err());
        assert!(command("  ", Path::new("x"), 1).is_err());
    }

    #[test]
    fn unknown_editors_get_the_file_alone() {
        assert_eq!(argv("ed", "x.txt", 7), ["ed", "./x.txt"]);
    }

    /// Issue 13, defect 1: `+!touch PWNED` opened with `e` ran
    /// `vim +2 '+!touch PWNED'`, and vim ran the command. Every argument
    /// after the editor's own words is `+LINE` (ours), `--goto`, or the path,
    /// and the path never starts with `-` or `+`, for any editor.
    #[test]
    fn a_hostile_file_name_is_never_an_option_or_a_command() {
        let editors = [
            "vim",
            "vi",
            "nvim",
            "gvim",
            "emacs",
            "emacsclient -t",
            "nano",
            "micro",
            "hx",
            "kak",
            "code",
            "codium --wait",
            "ed",
            "my-editor",
            "/opt/x/unknown -n",
        ];
        let names = [
            "+!touch PWNED",
            "-c!touch PWNED",
            "--cmd=!touch PWNED",
            "-",
            "+",
            "--",
            "-eval=(shell-command \"touch PWNED\")",
            "+1:!touch PWNED",
            "notes/+!touch PWNED",
        ];
        for editor in editors {
            let own = shell_words::split(editor).unwrap().len();
            for name in names {
                let got = argv(editor, name, 2);
                let added = &got[own..];
                let file = added.last().unwrap();
                assert!(
                    file.starts_with("./") && file[2..].starts_with(name),
                    "{editor} {name:?}: path passed as {file:?} in {got:?}"
                );
                for a in &added[..added.len() - 1] {
                    assert!(
                        a == "+2" || a == "--goto",
                        "{editor} {name:?}: unexpected {a:?} in {got:?}"
                    );
                }
            }
        }
        // Paths that cannot be read as options stay as they are.
        assert_eq!(argv("vim", "/n/+x", 2), ["vim", "+2", "/n/+x"]);
        assert_eq!(argv("vim", "./-x", 2), ["vim", "+2", "./-x"]);
        assert_eq!(argv("vim", "../-x", 2), ["vim", "+2", "../-x"]);
        assert_eq!(argv("nano", "-x", 2), ["nano", "+2", "./-x"]);
        assert_eq!(argv("emacs", "+3", 2), ["emacs", "+2", "./+3"]);
        assert_eq!(argv("code", "-x", 2), ["code", "--goto", "./-x:2"]);
        assert_eq!(argv("ed", "!touch PWNED", 2), ["ed", "./!touch PWNED"]);
    }
}
