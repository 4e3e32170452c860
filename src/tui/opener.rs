//! `gx`: a URL from the reader opened in a browser, detached.
//!
//! The program is `$BROWSER` (a `:`-separated list whose first entry is
//! used; `%s` in it stands for the URL, else the URL is the last argument;
//! split with shell-words, no shell is run), else the platform's opener
//! (`open` on macOS, `xdg-open` elsewhere). It runs in its own process group
//! with stdin, stdout and stderr on /dev/null and is never waited for (a
//! thread reaps it), so the browser keeps the terminal and a chatty opener
//! cannot draw over the screen.

use std::process::{Command, Stdio};

/// Whether `url` may be handed to a browser: `http://` or `https://`,
/// nothing but printable ASCII after it (the reader's URL marks stop at
/// whitespace, quotes and non-ASCII; this makes sure of the rest).
pub fn acceptable(url: &str) -> bool {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    rest.is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_graphic()))
}

/// The argv that opens `url`, given `$BROWSER` (`None` or empty: the
/// platform's opener).
pub fn command_line(browser: Option<&str>, url: &str, macos: bool) -> Result<Vec<String>, String> {
    let first = browser
        .and_then(|b| b.split(':').map(str::trim).find(|s| !s.is_empty()))
        .map(str::to_string);
    let Some(b) = first else {
        let opener = if macos { "open" } else { "xdg-open" };
        return Ok(vec![opener.to_string(), url.to_string()]);
    };
    let mut words =
        shell_words::split(&b).map_err(|e| format!("cannot read $BROWSER `{b}`: {e}"))?;
    if words.is_empty() {
        return Err("$BROWSER is empty".into());
    }
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", url);
        }
    } else {
        words.push(url.to_string());
    }
    Ok(words)
}

/// Opens `url` (see the module documentation); the name of the program
/// started, or why not.
pub fn open(url: &str) -> Result<String, String> {
    use std::os::unix::process::CommandExt;
    if !acceptable(url) {
        return Err("not an http(s) URL rizhi will open".into());
    }
    let browser = std::env::var("BROWSER").ok();
    let argv = command_line(browser.as_deref(), url, cfg!(target_os = "macos"))?;
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("could not run {}: {e}", argv[0]))?;
    std::thread::spawn(move || child.wait());
    Ok(argv[0].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://example.org/a?b=1&c=2";

    #[test]
    fn without_browser_the_platform_opener() {
        assert_eq!(command_line(None, URL, false).unwrap(), ["xdg-open", URL]);
        assert_eq!(command_line(Some(""), URL, true).unwrap(), ["open", URL]);
        assert_eq!(
            command_line(Some(" : "), URL, false).unwrap(),
            ["xdg-open", URL]
        );
    }

    #[test]
    fn browser_takes_the_first_entry_and_percent_s() {
        assert_eq!(
            command_line(Some("firefox --new-tab:chromium"), URL, false).unwrap(),
            ["firefox", "--new-tab", URL]
        );
        assert_eq!(
            command_line(Some("'/opt/my browser/w3m' -o x=%s"), URL, false).unwrap(),
            ["/opt/my browser/w3m", "-o", &format!("x={URL}")]
        );
        assert!(command_line(Some("w3m 'unclosed"), URL, false).is_err());
    }

    #[test]
    fn only_plain_http_urls_are_opened() {
        assert!(acceptable(URL));
        assert!(acceptable("http://x"));
        assert!(!acceptable("http://"));
        assert!(!acceptable("file:///etc/passwd"));
        assert!(!acceptable("javascript:alert(1)"));
        assert!(!acceptable("http://x\x1b]0;t\x07"));
        assert!(!acceptable("http://x y"));
        assert!(!acceptable("http://例子.cn"));
    }
}
