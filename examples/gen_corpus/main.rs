//! Writes a deterministic notebook corpus for benchmarks:
//! `cargo run --release --example gen_corpus -- --mb 100 --seed 1 --out DIR`.

mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut mb = 10u64;
    let mut seed = 1u64;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v) {
            ("--mb", Some(v)) if v.parse::<u64>().is_ok() => mb = v.parse().unwrap_or(mb),
            ("--seed", Some(v)) if v.parse::<u64>().is_ok() => seed = v.parse().unwrap_or(seed),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            _ => {
                eprintln!("usage: gen_corpus --mb N --seed S --out DIR");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: gen_corpus --mb N --seed S --out DIR");
        return ExitCode::from(2);
    };
    match corpus::generate(mb, seed, &out) {
        Ok(s) => {
            eprintln!(
                "{} files, {} bytes, {} entries ({} B/entry), {} refs ({} approximate, {} dangling), {} updates, {:.0}% CJK chars",
                s.files,
                s.bytes,
                s.entries,
                s.bytes / s.entries.max(1) as u64,
                s.refs,
                s.refs_approx,
                s.refs_dangling,
                s.updates,
                100.0 * s.cjk_chars as f64 / s.chars.max(1) as f64
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}
