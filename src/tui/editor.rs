//! `e`: open `$VISUAL` / `$EDITOR` at a line. The value is split with
//! shell-words (quotes and spaces work, no shell is run).

use std::path::Path;
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
            ["/usr/bin/nvim", "-u", "NONE", "+3", "a b.txt"]
        );
    }

    #[test]
    fn code_gets_goto() {
        assert_eq!(
            argv("code --wait", "x.txt", 7),
            ["code", "--wait", "--goto", "x.txt:7"]
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
        assert_eq!(argv("ed", "x.txt", 7), ["ed", "x.txt"]);
    }
}
