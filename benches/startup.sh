#!/usr/bin/env bash
# Start-up and keystroke timings of the real release binary, driven in tmux.
#
#   benches/startup.sh            # 10 and 100 MB corpora, 5 runs each
#   RUNS=9 SIZES="100" benches/startup.sh
#
# The browser writes phase timings when RIZHI_TIMINGS names a file (see
# src/tui/mod.rs `Timings`): first_frame (entries on screen), searchable (all
# files loaded, every entry in the matcher), and per keystroke key_frame (key
# read -> next frame drawn) and key_results (key read -> results complete).
# Times are milliseconds from the start of `tui::run`. Medians are printed.
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"10 100"}
SEED=1
command -v tmux >/dev/null || { echo "startup.sh: tmux is required (apt-get install tmux)" >&2; exit 2; }
if [ -n "${RIZHI_BIN:-}" ]; then cargo build --release --quiet --example gen_corpus; else cargo build --release --quiet --bin rizhi --example gen_corpus; fi
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

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "-"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }
maxof() { sort -n | tail -1 | grep . || echo -; }

count() { grep -c "^$1 " "$2" 2>/dev/null || true; }

# wait_lines NAME FILE N: until FILE holds N lines starting with NAME (30 s),
# failing early when the browser has exited.
wait_lines() {
    local deadline=$((SECONDS + 30))
    while [ "$(count "$1" "$2")" -lt "$3" ]; do
        [ $SECONDS -lt $deadline ] || { echo "startup.sh: timed out waiting for $1 in $2" >&2; return 1; }
        tmux -L "$SOCK" has-session 2>/dev/null || return 1
        sleep 0.02
    done
}

SOCK=""
cleanup() { [ -n "$SOCK" ] && tmux -L "$SOCK" kill-server 2>/dev/null || true; }
trap cleanup EXIT

for mb in $SIZES; do
    dir=$(corpus "$mb")
    out=$(mktemp -d); touch "$out/keys" "$out/frames" "$out/first" "$out/searchable"
    for run in $(seq "$RUNS"); do
        t=$out/timings-$run
        : >"$t"
        SOCK=rizhi-bench-$$-$mb-$run
        tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 40 \
            "RIZHI_TIMINGS=$t TERM=xterm-256color LANG=C.UTF-8 $BIN $dir 2>$out/stderr"
        wait_lines searchable "$t" 1
        # Type queries one key at a time, waiting for each key's results:
        # ASCII in both scopes, then CJK in both scopes (Ctrl-T toggles).
        n=0
        scope=keywords
        for step in keywords:xen all:xen keywords:调度器 all:调度器; do
            want=${step%%:*} q=${step#*:}
            kind=ascii; [ "$q" = xen ] || kind=cjk
            if [ "$want" != "$scope" ]; then
                tmux -L "$SOCK" send-keys C-t; n=$((n + 1)); wait_lines key_results "$t" $n || break
                scope=$want
            fi
            ok=1
            for c in $(echo "$q" | grep -o .); do
                tmux -L "$SOCK" send-keys -l "$c"; n=$((n + 1))
                wait_lines key_results "$t" $n || { ok=0; break; }
                echo "$scope-$kind $(grep '^key_results ' "$t" | tail -1 | cut -d' ' -f2)" >>"$out/keys"
                grep '^key_frame ' "$t" | tail -1 | cut -d' ' -f2 >>"$out/frames"
            done
            if [ $ok = 0 ]; then
                echo "startup.sh: rizhi stopped while typing $scope-$kind: $(grep -m1 panicked "$out/stderr" || echo 'no panic message')" >&2
                break
            fi
            tmux -L "$SOCK" send-keys C-u; n=$((n + 1)); wait_lines key_results "$t" $n || break
        done
        tmux -L "$SOCK" send-keys C-c 2>/dev/null || true
        sleep 0.2
        cleanup; SOCK=""
        grep '^first_frame ' "$t" | cut -d' ' -f2 >>"$out/first"
        grep '^searchable ' "$t" | cut -d' ' -f2 >>"$out/searchable"
    done
    entries=$(grep -o 'entries=[0-9]*' "$out/timings-1" | head -1 | cut -d= -f2)
    size=$(du -sb "$dir" | cut -f1)
    echo "== ${mb} MB corpus ($size bytes, $entries entries), $RUNS runs, medians in ms"
    echo "first frame with entries:     $(median <"$out/first")"
    echo "every entry searchable:       $(median <"$out/searchable")"
    echo "keystroke -> next frame:      $(median <"$out/frames")  (max $(maxof <"$out/frames"))"
    for k in keywords-ascii keywords-cjk all-ascii all-cjk; do
        printf "keystroke -> results, %-15s %s  (max %s)\n" "$k:" \
            "$(grep "^$k " "$out/keys" | cut -d' ' -f2 | median)" \
            "$(grep "^$k " "$out/keys" | cut -d' ' -f2 | maxof)"
    done
    rm -rf "$out"
done
