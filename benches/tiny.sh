#!/usr/bin/env bash
# Issue #17's memory figure: `rizhi stats` on 1M tiny entries (a header, one
# keyword, a blank line: 21 B an entry, 20 MB in 23 monthly files), peak RSS
# by GNU time, RUNS runs (default 3), warm index and --no-cache. Target:
# <= 150 MB. The corpus is written once to target/rizhi-corpus/tiny-1m/.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${RIZHI_BIN:-$TARGET/release/rizhi}
[ -n "${RIZHI_BIN:-}" ] || cargo build --release --quiet --bin rizhi
if [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi
dir=$TARGET/rizhi-corpus/tiny-1m
if [ ! -e "$dir.done" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 - "$dir" <<'PY'
import datetime, sys
d = sys.argv[1]
t = datetime.datetime(2000, 1, 1)
words = ["ab", "xen", "cd", "调度", "mm", "io", "net", "fs"]
fh, cur = None, None
for n in range(1_000_000):
    key = t.strftime("%Y%m")
    if key != cur:
        if fh:
            fh.close()
        fh, cur = open(f"{d}/log{key}.txt", "w", encoding="utf-8"), key
    fh.write(t.strftime("%H:%M %Y-%m-%d") + "\n" + words[n % 8] + "\n\n")
    t += datetime.timedelta(minutes=1)
fh.close()
PY
    touch "$dir.done"
fi
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export RIZHI_CACHE=$cache
"$BIN" stats "$dir" >/dev/null  # writes the index
echo "== rizhi stats on 1M tiny entries ($(du -sb "$dir" | cut -f1) bytes), $RUNS runs"
for mode in warm --no-cache; do
    for _ in $(seq "$RUNS"); do
        if [ "$mode" = warm ]; then
            /usr/bin/time -f "%e %M" -o "$cache/t" "$BIN" stats "$dir" >/dev/null
        else
            /usr/bin/time -f "%e %M" -o "$cache/t" "$BIN" stats --no-cache "$dir" >/dev/null
        fi
        tail -1 "$cache/t"
    done | sort -n -k2 | awk -v m="$mode" '{s[NR]=$1; r[NR]=$2} END {i=int((NR+1)/2); printf "%-10s median %.2f s, peak RSS %.0f MB (target 150: %s)\n", m, s[i], r[i]/1024, (r[i]/1024 <= 150 ? "met" : "NOT MET")}'
done
