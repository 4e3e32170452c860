#!/usr/bin/env bash
# Keystroke -> results in the browser's Filter, keyword scope, once loading is
# over: the keys x, e, n typed WAIT seconds (default 2) after every entry is
# searchable, RUNS runs (default 3) on the real-shape 100 MB corpus (SHAPES and
# SIZES as in benches/common.sh). Prints each run's `searchable` and the three
# `key_results` figures (ms, from RIZHI_TIMINGS, as benches/startup.sh reads
# them). NOPY=1 turns pinyin off first (Alt-p). RIZHI_CACHE is honoured.
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
WAIT=${WAIT:-2}
SEED=1
SHAPES=${SHAPES:-real}
SIZES=${SIZES:-100}
command -v tmux >/dev/null || { echo "keys.sh: tmux is required (apt-get install tmux)" >&2; exit 2; }
if [ -n "${RIZHI_BIN:-}" ]; then cargo build --release --quiet --example gen_corpus; else cargo build --release --quiet --bin rizhi --example gen_corpus; fi
. benches/common.sh
SOCK=rizhi-keys-$$
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true' EXIT
for shape in $SHAPES; do
    for mb in $SIZES; do
        dir=$(corpus "$shape" "$mb")
        echo "== $shape $mb MB: searchable, then key_results for x, e, n (ms)"
        for _ in $(seq "$RUNS"); do
            t=$(mktemp)
            tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 40 \
                "RIZHI_TIMINGS=$t TERM=xterm-256color LANG=C.UTF-8 $BIN $dir"
            for _ in $(seq 400); do grep -q '^searchable' "$t" && break; sleep 0.05; done
            sleep "$WAIT"
            if [ -n "${NOPY:-}" ]; then tmux -L "$SOCK" send-keys M-p; sleep 0.3; fi
            n=$(grep -c '^key_results' "$t" || true)
            for c in x e n; do
                tmux -L "$SOCK" send-keys -l "$c"; n=$((n + 1))
                for _ in $(seq 250); do [ "$(grep -c '^key_results' "$t" || true)" -ge $n ] && break; sleep 0.02; done
            done
            grep -E '^(searchable|key_results)' "$t" | awk '{printf "%s %s  ", $1, $2} END {print ""}'
            tmux -L "$SOCK" kill-server 2>/dev/null || true
            sleep 0.3  # the server's exit, before the next run starts one
            rm -f "$t"
        done
    done
done
