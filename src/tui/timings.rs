//! Phase timings for `benches/startup.sh` (`RIZHI_TIMINGS=path`).

use super::app::App;
use std::time::{Duration, Instant};

/// Phase timings for `benches/startup.sh`: with `RIZHI_TIMINGS=path` the browser
/// appends `name milliseconds` lines to that file: `first_frame` (entries on
/// screen), `searchable` (every file loaded and every entry in the matcher),
/// per input batch `key_frame` (input read → next frame drawn) and
/// `key_results` (input read → the matcher's results complete), and per live
/// reload `reload` (the swap on the UI thread, and its `background` work).
pub struct Timings {
    out: Option<std::fs::File>,
    start: Instant,
    first_frame: bool,
    searchable: bool,
    key: Option<Instant>,
    results: Option<Instant>,
}

impl Timings {
    pub fn from_env() -> Timings {
        let out = std::env::var_os("RIZHI_TIMINGS").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        Timings {
            out,
            start: Instant::now(),
            first_frame: false,
            searchable: false,
            key: None,
            results: None,
        }
    }

    fn write(&mut self, name: &str, since: Instant, extra: &str) {
        use std::io::Write;
        if let Some(f) = self.out.as_mut() {
            let ms = since.elapsed().as_secs_f64() * 1e3;
            let _ = writeln!(f, "{name} {ms:.2}{extra}");
        }
    }

    /// A reload swapped in: the UI thread's part (since `swap`) and the
    /// reloader's (`background`: rescan, parse, store, matcher feed).
    pub fn reload(&mut self, swap: Instant, background: Duration) {
        let extra = format!(" background={:.2}", background.as_secs_f64() * 1e3);
        self.write("reload", swap, &extra);
    }

    pub fn input(&mut self) {
        if self.out.is_some() {
            self.key = Some(Instant::now());
        }
    }

    /// Called after every frame is drawn; `matching`: the matcher is still busy.
    pub fn frame(&mut self, app: &App, loading: bool, matching: bool) {
        if self.out.is_none() {
            return;
        }
        if !self.first_frame && !app.store.is_empty() {
            self.first_frame = true;
            self.write("first_frame", self.start, "");
        }
        let entries = app.store.len();
        if !self.searchable && !loading && app.search.injected() as usize == entries {
            self.searchable = true;
            self.write("searchable", self.start, &format!(" entries={entries}"));
        }
        if let Some(k) = self.key.take() {
            self.write("key_frame", k, "");
            self.results = Some(k);
        }
        if let Some(k) = self.results.filter(|_| !matching) {
            self.results = None;
            self.write(
                "key_results",
                k,
                &format!(" matched={}", app.result_count()),
            );
        }
    }
}
