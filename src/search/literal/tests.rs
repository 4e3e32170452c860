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
            let want: Vec<(EntryKey, u32)> = want.into_iter().map(|w| (w.2, w.0)).collect();
            let got: Vec<(EntryKey, u32)> = (0..live.matched())
                .map(|n| (live.get(n).unwrap(), live.score(n).unwrap()))
                .collect();
            assert_eq!(live.get(live.matched()), None);
            assert_eq!(got, want, "{q:?} in {scope:?}");
        }
    }
}

/// A notebook of one entry a title, each with `body` under it.
fn notebook(titles: &[&str], body: &str) -> Arc<crate::notebook::Notebook> {
    let text: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!("9:{i:02} 2014-3-1\n{t}\n{body}\n\n"))
        .collect();
    Arc::new(crate::notebook::Notebook::from_bytes(
        "a.txt",
        text.as_bytes(),
    ))
}

/// A matcher fed `nb` as file 0.
fn fed(nb: &Arc<crate::notebook::Notebook>) -> Literal {
    let live = Literal::new(Arc::new(|| {}));
    Literal::push(&live.feed(), 0, nb);
    live
}

/// Sets the query and runs its job to the end.
fn run(live: &mut Literal, query: &str, scope: Scope) {
    live.set(query, scope);
    while live.tick(10).1 {}
}

/// The matches' titles, sorted.
fn titles(live: &Literal, nb: &crate::notebook::Notebook) -> Vec<String> {
    let mut t: Vec<String> = live
        .all()
        .map(|k| nb.title(&nb.entries()[k.index as usize]).to_string())
        .collect();
    t.sort();
    t
}

#[test]
fn the_same_query_in_a_wider_scope_finds_the_body_only_matches() {
    let nb = notebook(&["xen", "arm"], "scheduler xen");
    let mut live = fed(&nb);
    run(&mut live, "xen", Scope::Keywords);
    assert_eq!(titles(&live, &nb), ["xen"]);
    run(&mut live, "xen", Scope::All);
    assert_eq!(titles(&live, &nb), ["arm", "xen"]);
}

#[test]
fn extending_a_negative_word_brings_matches_back() {
    let nb = notebook(&["xen", "xeon", "arm"], "-");
    let mut live = fed(&nb);
    run(&mut live, "!xe", Scope::Keywords);
    assert_eq!(titles(&live, &nb), ["arm"]);
    run(&mut live, "!xen", Scope::Keywords);
    assert_eq!(titles(&live, &nb), ["arm", "xeon"]);
}

#[test]
fn a_query_grown_from_one_never_matched_matches_afresh() {
    // "b" replaced "alpha" and was never run: "bc" narrows nothing.
    let nb = notebook(&["alpha", "bcd", "abc"], "-");
    let mut live = fed(&nb);
    run(&mut live, "alpha", Scope::Keywords);
    assert_eq!(titles(&live, &nb), ["alpha"]);
    live.set("b", Scope::Keywords);
    run(&mut live, "bc", Scope::Keywords);
    assert_eq!(titles(&live, &nb), ["abc", "bcd"]);
}

#[test]
fn the_empty_query_grows_as_files_are_fed() {
    let a = notebook(&["one", "two"], "-");
    let b = notebook(&["three"], "-");
    let mut live = Literal::new(Arc::new(|| {}));
    assert_eq!(live.injected(), 0);
    Literal::push(&live.feed(), 0, &a);
    run(&mut live, "", Scope::Keywords);
    assert_eq!((live.injected(), live.matched()), (2, 2));
    Literal::push(&live.feed(), 1, &b);
    while live.tick(10).1 {}
    assert_eq!((live.injected(), live.matched()), (3, 3));
    let files: Vec<u32> = live.all().map(|k| k.file).collect();
    assert_eq!(files, [0, 0, 1]);
}

/// Past 4 GiB an item holds no place of its title or body and the job reads
/// them from its entry: the same matches and scores, each in its scope.
#[test]
fn items_without_places_match_as_items_with_them() {
    use crate::notebook::Notebook;
    let text = "9:00 2014-3-1\nxen, arm\n1, body one\n\n\
                9:05 2014-3-1\nkernel\n1, xen in the body\n\n\
                9:10 2014-3-1\nv1.2 notes\n1, two\n";
    let nb = Arc::new(Notebook::from_bytes("a.txt", text.as_bytes()));
    let live = Literal::new(Arc::new(|| {}));
    Literal::push(&live.feed(), 0, &nb);
    let (items, files) = {
        let g = live.feed();
        let g = g.read().unwrap();
        (Arc::clone(&g.list), g.files.clone())
    };
    let bare: Arc<Vec<Item>> = Arc::new(
        items
            .iter()
            .map(|i| Item {
                title: None,
                body: None,
                ..*i
            })
            .collect(),
    );
    let matches = |scope: Scope, q: &str, items: &Arc<Vec<Item>>| -> Vec<(EntryKey, u32)> {
        let job = JobInput {
            pattern: Arc::new(Parsed::new(q)),
            scope,
            items: Arc::clone(items),
            files: files.clone(),
            keep: Vec::new(),
            todo: (0..items.len() as u32).collect(),
            cancel: Arc::new(AtomicBool::new(false)),
        };
        let found = job.run().expect("not cancelled");
        found.iter().map(|m| (m.key, m.score)).collect()
    };
    for scope in [Scope::Keywords, Scope::All] {
        for q in ["xen", "'body", "kernel", "'v12", "two !arm"] {
            let want = matches(scope, q, &items);
            assert_eq!(matches(scope, q, &bare), want, "{q:?} in {scope:?}");
        }
    }
    assert!(
        matches(Scope::Keywords, "'body", &bare).is_empty(),
        "titles only"
    );
    assert_eq!(matches(Scope::All, "'body", &bare).len(), 2, "the bodies");
    // A title is matched as written: its `.` stays (only pinyin spellings
    // join their readings for an exact word).
    assert!(matches(Scope::Keywords, "'v12", &items).is_empty());
    assert_eq!(matches(Scope::Keywords, "'v1.2", &items).len(), 1);
}

/// A long body with an accented letter is scored by nucleo (which folds the
/// accent), never by the byte windows (which do not).
#[test]
fn long_texts_with_accents_are_scored_by_nucleo() {
    let filler = "lorem ipsum dolor sit amet ".repeat(200);
    for body in [format!("{filler}café\n"), "x café\n".to_string()] {
        let nb = notebook(&["title"], &body);
        let mut live = fed(&nb);
        for q in ["cafe", "'cafe", "caf"] {
            run(&mut live, q, Scope::All);
            assert_eq!(live.matched(), 1, "{q:?} in a body of {} bytes", body.len());
        }
    }
}
