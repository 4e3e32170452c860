# Sourced by benches/startup.sh and benches/compare.sh (with SEED set):
# where the build and the corpora are, and the corpus generator.
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
