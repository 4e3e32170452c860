# Sourced by benches/startup.sh, searchable.sh and compare.sh (with SEED set):
# where the build and the corpora are, the corpus generator, and which corpora
# to measure (SHAPES, default "real long"; SIZES in MB, default "10 100").
TARGET=${CARGO_TARGET_DIR:-target}
BIN=${RIZHI_BIN:-$TARGET/release/rizhi}  # RIZHI_BIN: time another build
SHAPES=${SHAPES:-"real long"}
SIZES=${SIZES:-"10 100"}
for shape in $SHAPES; do
    case $shape in
        real | long) ;;
        *) echo "$0: SHAPES: '$shape' is not real or long" >&2; exit 2 ;;
    esac
done

corpus() { # corpus SHAPE MB -> prints the folder (shared with `cargo bench`)
    local dir=$TARGET/rizhi-corpus/$1-seed$SEED-${2}mb
    if [ ! -e "$dir.done" ]; then
        rm -rf "$dir"
        mkdir -p "$TARGET/rizhi-corpus"
        # The generator's summary goes to the terminal and into the marker.
        "$TARGET/release/examples/gen_corpus" --mb "$2" --seed "$SEED" --shape "$1" --out "$dir" 2>"$dir.done.tmp" >&2 \
            || { cat "$dir.done.tmp" >&2; rm -f "$dir.done.tmp"; return 1; }
        cat "$dir.done.tmp" >&2
        mv "$dir.done.tmp" "$dir.done"
    fi
    echo "$dir"
}

# pause_dir: makes POLL_DIR (the caller's EXIT trap removes it) with a FIFO
# nobody writes to, so that `pause SECONDS` waits without a fork: a poll that
# forks every 20 ms takes CPU from the browser it is timing.
pause_dir() {
    POLL_DIR=$(mktemp -d)
    mkfifo "$POLL_DIR/never"
    exec {NEVER}<>"$POLL_DIR/never"
}
pause() { read -r -t "$1" -u "$NEVER" _ || true; }
