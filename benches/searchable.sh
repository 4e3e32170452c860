#!/usr/bin/env bash
# "Every entry searchable" for two or more builds, runs alternating, so that
# the machine's drift (a VM's stolen time moves this figure by 50 ms between
# blocks of one binary) falls on every build alike.
#
#   benches/searchable.sh OLD_BINARY [NEW_BINARY...]   # default: target/release/rizhi last
#   RUNS=21 SHAPES=real SIZES=100 benches/searchable.sh /tmp/rizhi-old
#
# Each run starts the browser in tmux on the corpus (the one startup.sh and
# `cargo bench` use), waits for the `searchable` line of RIZHI_TIMINGS and
# stops it: no keys are typed. Prints each build's median, quartiles and
# runs, in ms. Give each build its own RIZHI_CACHE when their index formats
# differ (two versions sharing one cache rewrite each other's files).
set -euo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
RUNS=${RUNS:-15}
SEED=1
command -v tmux >/dev/null || { echo "searchable.sh: tmux is required (apt-get install tmux)" >&2; exit 2; }
cargo build --release --quiet --bin rizhi --example gen_corpus
SHAPES=${SHAPES:-real}
SIZES=${SIZES:-100}
. benches/common.sh
bins=("$@")
[ ${#bins[@]} -gt 0 ] || { echo "usage: searchable.sh BINARY [BINARY...]" >&2; exit 2; }
[ "${bins[-1]}" = "$BIN" ] || bins+=("$BIN")
for b in "${bins[@]}"; do [ -x "$b" ] || { echo "searchable.sh: $b is not an executable" >&2; exit 2; }; done

pause_dir
SOCK=rizhi-searchable-$$
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$POLL_DIR"' EXIT

# one BINARY DIR: prints one run's searchable time ("-" after 30 s).
one() {
    local t=$POLL_DIR/timings name val rest got=- i
    : >"$t"
    tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 40 \
        "RIZHI_TIMINGS=$t TERM=xterm-256color LANG=C.UTF-8 $1 $2 2>/dev/null"
    for ((i = 0; i < 1500; i++)); do
        while read -r name val rest; do
            [ "$name" = searchable ] && got=$val
        done <"$t"
        [ "$got" = - ] || break
        pause 0.02
    done
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    pause 0.3
    echo "$got"
}

for mb in $SIZES; do
for shape in $SHAPES; do
    dir=$(corpus "$shape" "$mb")
    declare -A times=()
    for b in "${bins[@]}"; do one "$b" "$dir" >/dev/null; done # warm the indexes
    for _ in $(seq "$RUNS"); do
        for b in "${bins[@]}"; do times[$b]="${times[$b]:-} $(one "$b" "$dir")"; done
    done
    echo "== $shape shape, $mb MB: every entry searchable, $RUNS runs alternating (ms)"
    for b in "${bins[@]}"; do
        # shellcheck disable=SC2086
        printf '%s\n' ${times[$b]} | sort -n | awk -v b="$b" '
            {a[NR]=$1} END {q=int((NR+3)/4); printf "%-40s median %7.1f  quartiles %7.1f %7.1f  all", b, a[int((NR+1)/2)], a[q], a[NR+1-q];
            for (i=1;i<=NR;i++) printf " %.0f", a[i]; printf "\n"}'
    done
    unset times
done
done
