//! `e`: open the config's `editor`, else `$VISUAL` / `$EDITOR`, at a line.
//! The value is split with shell-words (quotes and spaces work, no shell is
//! run). A value with a placeholder (`{line}`, `{col}`, `{file}`) is a
//! template, `myed +{line} {file}`; one without is looked up in a table of
//! editors rizhi knows (`+LINE`, `--goto file:line`, else the file alone).
//!
//! The notebook's path is the file system's, not ours: a file named
//! `+!touch PWNED` or `-c!sh` must reach the editor as a file name, never as
//! an option or a command. A relative path is therefore always passed as
//! `./path` (an absolute one starts with `/`), so no argument rizhi adds can
//! begin with `-` or `+` except the `+LINE` it writes itself. This works for
//! every editor, known or not; `--` is not added, because editors differ on
//! it (unknown ones may open a file named `--`, and `+LINE` must come before
//! it in vim but is a file after it).

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The words an editor value may hold, replaced in each word after splitting.
const PLACEHOLDERS: [&str; 3] = ["{line}", "{col}", "{file}"];

/// The command that opens `path` at `line`: `+LINE` for the editors that take
/// it, `--goto file:line` for VS Code and its kin, the file alone otherwise.
pub fn command(editor: &str, path: &Path, line: u32) -> Result<Command, String> {
    command_at(editor, path, line, 1)
}

/// [`command`] with a column for a template's `{col}` (the built-in table
/// passes lines only).
pub fn command_at(editor: &str, path: &Path, line: u32, col: u32) -> Result<Command, String> {
    let words = shell_words::split(editor)
        .map_err(|e| format!("cannot read the editor command `{editor}`: {e}"))?;
    if words.is_empty() {
        return Err("the editor command is empty (config `editor`, $VISUAL, $EDITOR)".into());
    }
    if words
        .iter()
        .any(|w| PLACEHOLDERS.iter().any(|p| w.contains(p)))
    {
        return Ok(from_template(&words, &as_file_name(path), line, col));
    }
    let Some((prog, args)) = words.split_first() else {
        return Err("the editor command is empty (config `editor`, $VISUAL, $EDITOR)".into());
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

/// A template's command: each word with `{line}`, `{col}` and `{file}`
/// replaced. The file goes in whole, as one argument, never split again (and
/// need not be UTF-8); a template without `{file}` gets it as its last word.
fn from_template(words: &[String], file: &Path, line: u32, col: u32) -> Command {
    let fill = |word: &str| {
        let mut out = OsString::new();
        let mut rest = word;
        while let Some((at, p)) = PLACEHOLDERS
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, *p)))
            .min()
        {
            out.push(&rest[..at]);
            match p {
                "{line}" => out.push(line.to_string()),
                "{col}" => out.push(col.to_string()),
                _ => out.push(file.as_os_str()),
            }
            rest = &rest[at + p.len()..];
        }
        out.push(rest);
        out
    };
    let mut cmd = Command::new(fill(&words[0]));
    cmd.args(words[1..].iter().map(|w| fill(w)));
    if !words.iter().any(|w| w.contains("{file}")) {
        cmd.arg(file);
    }
    cmd
}

/// What `e` and `rizhi new` run: the config's `editor` when it is set and
/// splits into words (else [`check`] has said why), else [`from_env`].
pub fn chosen(configured: Option<&str>) -> String {
    configured
        .filter(|e| shell_words::split(e).is_ok_and(|w| !w.is_empty()))
        .map_or_else(from_env, str::to_owned)
}

/// The config check for `editor`: it must split into words (quotes closed).
pub fn check(c: &crate::config::Config) -> Vec<(String, String)> {
    let Some(e) = c.editor.as_deref() else {
        return Vec::new();
    };
    match shell_words::split(e) {
        Err(err) => vec![(
            "editor".into(),
            format!("editor: cannot split `{e}`: {err}"),
        )],
        Ok(_) => Vec::new(),
    }
}

/// The program an editor value runs (its first word), for messages:
/// `back from myed` rather than the whole template.
pub fn program(editor: &str) -> String {
    shell_words::split(editor)
        .ok()
        .and_then(|w| w.into_iter().next())
        .unwrap_or_else(|| editor.to_owned())
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

    /// Issue 14: an editor rizhi does not know got the file alone; a
    /// template places the line, the column and the file.
    #[test]
    fn a_template_places_line_col_and_file() {
        assert_eq!(
            argv("myed +{line} {file}", "x.txt", 7),
            ["myed", "+7", "./x.txt"]
        );
        let c = command_at("subl {file}:{line}:{col}", Path::new("/n/a b.txt"), 3, 9).unwrap();
        let got: Vec<_> = c
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(c.get_program(), "subl");
        assert_eq!(got, ["/n/a b.txt:3:9"]);
        // Without {file}, the file comes last; {line} twice is fine.
        assert_eq!(
            argv("'my ed' -l {line} -L{line}", "x.txt", 2),
            ["my ed", "-l", "2", "-L2", "./x.txt"]
        );
        // A known editor's name in a template does not add +LINE again.
        assert_eq!(
            argv("vim -c {line} {file}", "x", 4),
            ["vim", "-c", "4", "./x"]
        );
        // Other braces are left alone.
        assert_eq!(
            argv("ed {} {lines} {file}", "x", 4),
            ["ed", "{}", "{lines}", "./x"]
        );
    }

    /// The file is one argument, whatever it holds: spaces, quotes, a
    /// placeholder of its own, and names that look like options.
    #[test]
    fn the_file_in_a_template_is_never_split_or_read_again() {
        for name in [
            "a b.txt",
            "it's \"q\".txt",
            "{line}.txt",
            "-c!sh",
            "+!touch PWNED",
        ] {
            let got = argv("myed +{line} {file}", name, 5);
            assert_eq!(got, ["myed", "+5", &format!("./{name}")], "{name:?}");
        }
        assert_eq!(argv("myed --file={file}", "-x", 1), ["myed", "--file=./-x"]);
    }

    #[test]
    fn the_config_editor_wins_when_it_splits() {
        assert_eq!(chosen(Some("myed +{line}")), "myed +{line}");
        let env = from_env();
        assert_eq!(chosen(None), env);
        assert_eq!(chosen(Some("   ")), env);
        assert_eq!(chosen(Some("myed 'open")), env);
        assert_eq!(program("'/opt/my ed' +{line} {file}"), "/opt/my ed");
        let c = crate::config::Config {
            editor: Some("myed 'open".into()),
            ..crate::config::Config::default()
        };
        assert_eq!(check(&c).len(), 1);
    }
}
