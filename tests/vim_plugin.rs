//! contrib/vim/plugin/rizhi.vim, run in a headless Vim against a fake `rizhi`
//! (a shell script written here that logs its arguments and prints fixed
//! answers in the contract's shapes). Skipped, with a message, without Vim.

use std::path::Path;
use std::process::{Command, Stdio};

fn vim_available() -> bool {
    let ok = Command::new("vim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "vim_plugin: skipped, `vim --version` does not run (install vim to test the plugin)"
        );
    }
    ok
}

/// The fake: `resolve` answers by the line in FILE:LINE:COL, `search` prints
/// two hits (none for the query `nothing`), `pick` prints a link.
fn fake_rizhi(dir: &Path) -> String {
    let d = dir.display();
    let script = format!(
        r#"#!/bin/sh
for a in "$@"; do printf '[%s]' "$a"; done >> '{d}/args.log'
echo >> '{d}/args.log'
case "$1" in
resolve)
  case "$2" in
    *:3:*) echo '{{"file": "{d}/log201212.txt", "line": 4, "col": 3, "stamp": "16:50 2012-12-04", "status": "exact", "reason": ""}}' ;;
    *:5:*) echo '{{"file": "{d}/log201301.txt", "line": 2, "col": 1, "stamp": "9:05 2013-1-4", "status": "approximate", "reason": "1 minute off"}}' ;;
    *:6:*) echo '{{"file": null, "line": null, "col": null, "stamp": "7:00 2011-1-1", "status": "dangling", "reason": "before the loaded notebooks"}}' ;;
    *) exit 1 ;;
  esac ;;
search)
  [ "$2" = nothing ] && exit 1
  echo '{d}/log201212.txt:4:5: 2012-12-04 16:50  内核, 调度'
  echo '{d}/log201301.txt:2:1: 2013-01-04 09:05  plan'
  ;;
pick) echo 'see"16:50 2012-12-4"' ;;
*) exit 2 ;;
esac
"#
    );
    let path = dir.join("fake-rizhi");
    std::fs::write(&path, script).expect("write fake");
    let _ = Command::new("chmod").arg("+x").arg(&path).status();
    path.display().to_string()
}

const SOURCE: &str = "9:05 2013-1-4\nplan\n1, see\"16:50 2012-12-4\"2\nno link here\n2, \"9:04 2013-1-4\"\n3, ref \"7:00 2011-1-1\"\nab\n";
const TARGET: &str = "16:50 2012-12-4\n内核, 调度\n1, one\n2, two\n";

/// Runs `body` (Vim script) after sourcing the plugin; returns what it
/// wrote with `call R(...)`, one item a line, and the fake's argument log.
fn run_vim(body: &str) -> Option<(Vec<String>, String)> {
    run_vim_with(None, body)
}

/// [`run_vim`] with `command` as `g:rizhi_command` (the fake when `None`).
fn run_vim_with(command: Option<&str>, body: &str) -> Option<(Vec<String>, String)> {
    if !vim_available() {
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("log201301.txt"), SOURCE).expect("write");
    std::fs::write(d.join("log201212.txt"), TARGET).expect("write");
    std::fs::write(d.join("notes.md"), "see\"16:50 2012-12-4\"\n").expect("write");
    let fake = command.map_or_else(|| fake_rizhi(d), str::to_string);
    let plugin = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/vim/plugin/rizhi.vim");
    let result = d.join("result.txt");
    let script = format!(
        r#"set nomore shortmess=
let g:rizhi_command = '{fake}'
let s:out = []
function! R(x) abort
  call add(s:out, type(a:x) == v:t_string ? a:x : string(a:x))
endfunction
function! Here() abort
  return fnamemodify(expand('%:p'), ':t') . ':' . line('.') . ':' . col('.')
endfunction
try
  source {plugin}
  cd {d}
{body}
catch
  call R('EXCEPTION ' . v:exception . ' at ' . v:throwpoint)
endtry
call writefile(s:out, '{result}')
qa!
"#,
        plugin = plugin.display(),
        d = d.display(),
        result = result.display(),
    );
    let test = d.join("test.vim");
    std::fs::write(&test, script).expect("write script");
    let status = Command::new("vim")
        .args(["-u", "NONE", "-i", "NONE", "-N", "-es", "-S"])
        .arg(&test)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env("HOME", d)
        .env("RIZHI_CONFIG", d.join("none.toml"))
        .status()
        .expect("run vim");
    assert!(status.success(), "vim exited {status}");
    let out = std::fs::read_to_string(&result).expect("vim wrote no result");
    let log = std::fs::read_to_string(d.join("args.log")).unwrap_or_default();
    let out: Vec<String> = out.lines().map(str::to_string).collect();
    assert!(!out.iter().any(|l| l.starts_with("EXCEPTION")), "{out:#?}");
    Some((out, log.replace(&d.display().to_string(), "DIR")))
}

#[test]
fn follow_lands_on_the_target_section_and_ctrl_o_comes_back() {
    let Some((out, log)) = run_vim(
        r#"
  edit log201301.txt
  call R(maparg('gf', 'n') =~# 'Follow(1)')
  call cursor(3, 10)
  normal gf
  call R(Here())
  execute "normal \<C-o>"
  call R(Here())
  edit notes.md
  call R(maparg('gf', 'n'))
"#,
    ) else {
        return;
    };
    assert_eq!(out, ["1", "log201212.txt:4:3", "log201301.txt:3:10", ""]);
    assert_eq!(log, "[resolve][DIR/log201301.txt:3:10][--json]\n");
}

#[test]
fn follow_reports_approximate_dangling_and_no_link() {
    let Some((out, log)) = run_vim(
        r#"
  edit log201301.txt
  call cursor(5, 4)
  RizhiFollow
  call R(Here())
  call cursor(6, 4)
  RizhiFollow
  call R(Here())
  call cursor(4, 2)
  RizhiFollow
  call R(Here())
  call R(filter(split(execute('messages'), "\n"), 'v:val =~# "^rizhi:"'))
"#,
    ) else {
        return;
    };
    assert_eq!(
        out[..3],
        [
            "log201301.txt:2:1",
            "log201301.txt:6:4",
            "log201301.txt:4:2"
        ]
    );
    assert_eq!(
        out[3],
        "['rizhi: approximate: 9:05 2013-1-4 (1 minute off)', \
         'rizhi: dangling link to 7:00 2011-1-1: before the loaded notebooks', \
         'rizhi: no see-link under the cursor']"
    );
    assert_eq!(log.lines().count(), 3, "{log}");
}

#[test]
fn search_fills_the_quickfix_list() {
    let Some((out, log)) = run_vim(
        r#"
  let g:rizhi_paths = ['notes dir']
  RizhiSearch 内核 调度
  call R(getqflist({'title': 1}).title)
  for e in getqflist()
    call R(fnamemodify(bufname(e.bufnr), ':t') . ':' . e.lnum . ':' . e.col . ': ' . e.text)
  endfor
  RizhiSearch nothing
  call R(len(getqflist()))
"#,
    ) else {
        return;
    };
    assert_eq!(
        out,
        [
            "rizhi search 内核 调度",
            "log201212.txt:4:5: 2012-12-04 16:50  内核, 调度",
            "log201301.txt:2:1: 2013-01-04 09:05  plan",
            "0",
        ]
    );
    assert_eq!(
        log,
        "[search][内核 调度][notes dir]\n[search][nothing][notes dir]\n"
    );
}

#[test]
fn link_inserts_the_picked_link_after_the_cursor() {
    let Some((out, log)) = run_vim(
        r#"
  edit log201301.txt
  call cursor(7, 1)
  RizhiLink kernel
  call R(getline(7))
  call R(col('.'))
"#,
    ) else {
        return;
    };
    assert_eq!(out, ["asee\"16:50 2012-12-4\"b", "21"]);
    assert_eq!(log, "[pick][--print][link][kernel]\n");
}

#[test]
fn the_help_file_builds_its_tags() {
    if !vim_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/vim/doc/rizhi.txt");
    std::fs::copy(&doc, dir.path().join("rizhi.txt")).expect("copy");
    let out = Command::new("vim")
        .args(["-u", "NONE", "-i", "NONE", "-N", "-es", "-c"])
        .arg(format!("helptags {}", dir.path().display()))
        .args(["-c", "qa!"])
        .stdin(Stdio::null())
        .output()
        .expect("run vim");
    assert!(out.status.success(), "{out:?}");
    let tags = std::fs::read_to_string(dir.path().join("tags")).expect("tags");
    for tag in [
        ":RizhiFollow",
        ":RizhiSearch",
        ":RizhiLink",
        "g:rizhi_command",
        "rizhi-contract",
    ] {
        assert!(
            tags.lines().any(|l| l.starts_with(&format!("{tag}\t"))),
            "{tag}"
        );
    }
}

#[test]
fn follow_with_the_real_rizhi_lands_on_the_section_and_comes_back() {
    let Some((out, _)) = run_vim_with(
        Some(env!("CARGO_BIN_EXE_rizhi")),
        r#"
  let g:rizhi_paths = ['log201212.txt', 'log201301.txt']
  edit log201301.txt
  call cursor(3, 10)
  normal gf
  call R(Here())
  execute "normal \<C-o>"
  call R(Here())
  call cursor(5, 4)
  RizhiFollow
  call R(Here())
  call cursor(6, 4)
  RizhiFollow
  call R(Here())
  call cursor(4, 2)
  RizhiFollow
  call R(Here())
  call R(filter(split(execute('messages'), "\n"), 'v:val =~# "^rizhi:"'))
"#,
    ) else {
        return;
    };
    assert_eq!(
        out[..5],
        [
            "log201212.txt:4:1",
            "log201301.txt:3:10",
            "log201301.txt:1:1",
            "log201301.txt:6:4",
            "log201301.txt:4:2",
        ]
    );
    assert!(
        out[5].starts_with("['rizhi: approximate: 9:05 2013-1-4 (1 minute off)', 'rizhi: dangling link to 7:00 2011-1-1: outside the loaded range"),
        "{}",
        out[5]
    );
    assert!(
        out[5].ends_with("'rizhi: no see-link under the cursor']"),
        "{}",
        out[5]
    );
}
