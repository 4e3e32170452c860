//! Writes a deterministic notebook corpus for benchmarks:
//! `cargo run --release --example gen_corpus -- --mb 100 --seed 1 --shape real --out DIR`.
//!
//! `--shape real` (the default): the size mix of real notebooks, mean ~1.2 KB an
//! entry; `--shape long`: the original corpus, ~2.8 KB an entry.

mod corpus;

use corpus::Shape;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_corpus --mb N --seed S [--shape real|long] --out DIR";

fn main() -> ExitCode {
    let mut mb = 10u64;
    let mut seed = 1u64;
    let mut shape = Shape::Real;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v) {
            ("--mb", Some(v)) if v.parse::<u64>().is_ok() => mb = v.parse().unwrap_or(mb),
            ("--seed", Some(v)) if v.parse::<u64>().is_ok() => seed = v.parse().unwrap_or(seed),
            ("--shape", Some(v)) if Shape::parse(&v).is_some() => {
                shape = Shape::parse(&v).unwrap_or(shape)
            }
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match corpus::generate(mb, seed, shape, &out) {
        Ok(s) => {
            let n = s.entries.max(1);
            eprintln!(
                "shape {}: {} files, {} bytes, {} entries, mean {} B/entry (median {}, p90 {}, p99 {}, max {}; {:.1}% under 200 B), {} refs ({} approximate, {} dangling), {} updates, {:.0}% CJK chars",
                shape.name(),
                s.files,
                s.bytes,
                s.entries,
                s.entry_bytes / n as u64,
                s.entry_p50,
                s.entry_p90,
                s.entry_p99,
                s.entry_max,
                100.0 * s.entries_under_200 as f64 / n as f64,
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
