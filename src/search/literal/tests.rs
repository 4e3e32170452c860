use super::super::chars::utf32;
use super::*;
use nucleo::Config;

#[test]
fn scores_like_nucleo_ties_newest_first() {
    use crate::notebook::Notebook;
    let text = "9:00 2014-3-1\nxen, arm\n1, xen\n\n9:05 2014-3-1\nx e n\nxen xen\n\n\
                9:10 2014-3-1\nnothing here\n1, 内核 xen 调度\n";
    let nb = Arc::new(Notebook::from_bytes("a.txt", text.as_bytes()));
    for scope in [Scope::Keywords, Scope::All] {
        for q in ["xen", "x", "调度", "xen !arm", ""] {
            let mut live = Literal::new(Arc::new(|| {}));
            Literal::push(&live.feed(), 0, &nb);
            let mut reference = nucleo::Nucleo::new(Config::DEFAULT, Arc::new(|| {}), None, 2);
            let inj = reference.injector();
            for (i, e) in nb.entries().iter().enumerate() {
                let key = EntryKey {
                    file: 0,
                    index: i as u32,
                };
                inj.push(key, |_, cols| {
                    cols[0] = utf32(nb.title(e));
                    cols[1] = utf32(nb.body(e));
                });
            }
            let col = if scope == Scope::Keywords { 0 } else { 1 };
            let p = &mut reference.pattern;
            p.reparse(col, q, CaseMatching::Smart, Normalization::Smart, false);
            while reference.tick(10).running {}
            live.set(q, scope);
            while live.tick(10).1 {}
            let snap = reference.snapshot();
            let pat = snap.pattern().column_pattern(col);
            let mut m = matcher();
            let mut want: Vec<(u32, Stamp, EntryKey)> = snap
                .matched_items(..)
                .map(|i| {
                    let k = *i.data;
                    let score = pat.score(i.matcher_columns[col].slice(..), &mut m);
                    let score = score.unwrap_or(0);
                    (score, nb.entries()[k.index as usize].stamp, k)
                })
                .collect();
            if !q.is_empty() {
                want.sort_by(|a, b| b.cmp(a));
            }
            let want: Vec<EntryKey> = want.into_iter().map(|w| w.2).collect();
            let got: Vec<EntryKey> = live.all().collect();
            assert_eq!(got, want, "{q:?} in {scope:?}");
        }
    }
}
