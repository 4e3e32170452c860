use super::*;
use crate::notebook::Notebook;
use crate::store::reload_fixtures::{stamp, BETA, LOG, ZERO};
use crate::tui::app::{Options, Pane};
use crate::tui::lists::ListKind;

fn reload(files: &[(&str, &str)], changes: Vec<Change>) -> Reload {
    Reload::new(
        files
            .iter()
            .map(|(p, t)| Arc::new(Notebook::from_bytes(*p, t.as_bytes())))
            .collect(),
        changes,
        Vec::new(),
    )
}

fn app(files: &[(&str, &str)]) -> App {
    let opts = Options {
        now: chrono::NaiveDate::from_ymd_opt(2013, 1, 10)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .expect("date"),
        theme: crate::tui::theme::Theme::new(false),
        wrap: crate::text::WrapOptions::default(),
        sample: false,
    };
    let nbs = files
        .iter()
        .map(|(p, t)| Notebook::from_bytes(*p, t.as_bytes()))
        .collect();
    crate::tui::open(nbs, opts)
}

/// The stamp and file of the entry in the reader.
fn reading(app: &App) -> (String, String) {
    let id = app.current_id().expect("an entry in the reader");
    (
        app.store.entry(id).stamp.notebook_form(),
        app.store.notebook(id).path.display().to_string(),
    )
}

#[test]
fn the_reader_its_scroll_and_the_jumplist_survive_an_insert() {
    let mut app = app(&[("log.txt", LOG)]);
    let beta = app.store.with_stamp(stamp("10:59 2013-1-4")).start;
    let gamma = app.store.with_stamp(stamp("15:00 2013-1-6")).start;
    app.jump(beta, None);
    app.jump(gamma, None);
    app.reader.top = 1;
    app.on_reload(reload(&[("log.txt", &format!("{ZERO}{LOG}"))], Vec::new()));
    assert_eq!(reading(&app), ("15:00 2013-01-06".into(), "log.txt".into()));
    assert_eq!(app.reader.top, 1);
    assert_eq!(app.store.len(), 4);
    app.update(crate::tui::action::Action::Back);
    assert_eq!(reading(&app), ("10:59 2013-01-04".into(), "log.txt".into()));
    app.update(crate::tui::action::Action::Back);
    assert_eq!(reading(&app), ("15:00 2013-01-06".into(), "log.txt".into()));
    assert_eq!(app.message, None);
}

#[test]
fn the_query_and_the_selected_result_survive_a_reload() {
    let mut app = app(&[("log.txt", LOG)]);
    app.on_paste("two");
    app.settle();
    assert_eq!(app.result_count(), 1);
    assert_eq!(reading(&app).0, "10:59 2013-01-04");
    // A newer, shorter entry that ranks first for the query.
    let more = format!("{LOG}\n16:00 2013-1-7\ntwo\n");
    app.on_reload(reload(&[("log.txt", &more)], Vec::new()));
    app.settle();
    assert_eq!(app.filter.query, "two");
    assert_eq!(app.result_count(), 2);
    let selected = app.result(app.filter.sel).expect("a selected result");
    assert_eq!(app.store.entry(selected).stamp, stamp("10:59 2013-1-4"));
    assert_eq!(reading(&app).0, "10:59 2013-01-04");
    assert_ne!(
        app.filter.sel,
        0,
        "the new entry ranks first: {}",
        app.store.title(app.result(0).unwrap())
    );
}

#[test]
fn an_empty_query_keeps_the_selection_on_the_same_entry() {
    let mut app = app(&[("log.txt", LOG)]);
    app.focus = Pane::Filter;
    // Newest first: beta is the second row.
    app.update(crate::tui::action::Action::Down);
    assert_eq!(reading(&app).0, "10:59 2013-01-04");
    app.on_reload(reload(
        &[("log.txt", &format!("{LOG}\n16:00 2013-1-7\nnew\n"))],
        Vec::new(),
    ));
    assert_eq!(app.filter.sel, 2);
    app.update(crate::tui::action::Action::Down);
    assert_eq!(reading(&app).0, "09:00 2013-01-02");
}

#[test]
fn a_deleted_entry_in_the_reader_is_named_and_the_nearest_shown() {
    let mut app = app(&[("log.txt", LOG)]);
    let beta = app.store.with_stamp(stamp("10:59 2013-1-4")).start;
    let gamma = app.store.with_stamp(stamp("15:00 2013-1-6")).start;
    app.jump(gamma, None);
    app.jump(beta, None);
    app.reader.top = 2;
    let changes = vec![Change::Changed {
        path: "log.txt".into(),
        before: 3,
        after: 2,
    }];
    app.on_reload(reload(&[("log.txt", &LOG.replace(BETA, ""))], changes));
    assert_eq!(reading(&app).0, "09:00 2013-01-02");
    assert_eq!(app.reader.top, 0);
    assert_eq!(
        app.message.as_deref(),
        Some("entry 10:59 2013-01-04 was removed from log.txt; reloaded log.txt (−1 entry)")
    );
    // The jump from gamma to beta is still there; beta itself is not.
    app.update(crate::tui::action::Action::Back);
    assert_eq!(reading(&app).0, "15:00 2013-01-06");
}

#[test]
fn a_deleted_file_is_said_once_and_an_open_list_follows_the_new_store() {
    let mut app = app(&[
        ("log.txt", LOG),
        ("b.txt", "9:00 2013-2-1\nfeb, b \\todo x\n"),
    ]);
    let beta = app.store.with_stamp(stamp("10:59 2013-1-4")).start;
    app.jump(beta, None);
    app.update(crate::tui::action::Action::Todos);
    assert_eq!(app.overlays.list.as_ref().map(|l| l.items.len()), Some(2));
    let changes = vec![Change::Removed {
        path: "log.txt".into(),
        entries: 3,
    }];
    app.on_reload(reload(
        &[("b.txt", "9:00 2013-2-1\nfeb, b \\todo x\n")],
        changes,
    ));
    assert_eq!(reading(&app), ("09:00 2013-02-01".into(), "b.txt".into()));
    assert_eq!(
        app.message.as_deref(),
        Some("log.txt is gone: its 3 entries left the timeline")
    );
    let list = app
        .overlays
        .list
        .as_ref()
        .expect("the todo list stays open");
    assert_eq!(list.kind, ListKind::Todos);
    assert_eq!(list.items.len(), 1);
    let k = list.items[0].entry.expect("an entry");
    assert_eq!(app.store.id_of(k), Some(0));
}

#[test]
fn everything_gone_leaves_an_empty_browser_that_works() {
    let mut app = app(&[("log.txt", LOG)]);
    app.on_reload(reload(&[], Vec::new()));
    assert_eq!(app.current_id(), None);
    assert!(app.store.is_empty());
    for a in [
        crate::tui::action::Action::Down,
        crate::tui::action::Action::Back,
        crate::tui::action::Action::Todos,
        crate::tui::action::Action::Open,
    ] {
        app.update(a);
    }
    app.prepare(ratatui::layout::Rect::new(0, 0, 100, 30));
    app.on_reload(reload(&[("log.txt", LOG)], Vec::new()));
    assert_eq!(reading(&app).0, "15:00 2013-01-06");
}

#[test]
fn notes_say_what_happened_to_which_file() {
    let p = std::path::PathBuf::from("notes/log201301.txt");
    let changed = |before, after| Change::Changed {
        path: p.clone(),
        before,
        after,
    };
    assert_eq!(note(&changed(3, 4)), "reloaded log201301.txt (+1 entry)");
    assert_eq!(note(&changed(3, 1)), "reloaded log201301.txt (−2 entries)");
    assert_eq!(note(&changed(3, 3)), "reloaded log201301.txt");
    assert_eq!(
        note(&Change::Removed {
            path: p.clone(),
            entries: 3
        }),
        "log201301.txt is gone: its 3 entries left the timeline"
    );
    assert_eq!(
        note(&Change::Added {
            path: p.clone(),
            entries: 1
        }),
        "loaded new log201301.txt (1 entry)"
    );
    assert_eq!(
        note(&Change::Unreadable {
            path: p,
            message: "Input/output error (os error 5)".into(),
            kept: 1
        }),
        "could not re-read log201301.txt: Input/output error (os error 5); kept the 1 entry read before"
    );
}
