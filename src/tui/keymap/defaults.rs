//! The default bindings, per context (README and DESIGN.md list them).

use super::*;

impl Default for Keymap {
    fn default() -> Keymap {
        use Action::*;
        use Context::{Anywhere, Filter, List, Normal, Prompt, Reader, Timeline};
        use KeyCode as K;
        let (hm, hp) = (Context::Heatmap, Context::Help);
        let mut b: Vec<Binding> = Vec::new();
        let mut add = |context: Context, keys: Vec<Key>, action: Action| {
            b.push(Binding {
                context,
                keys,
                action,
            })
        };
        // Typing mode.
        add(Filter, vec![code(K::Up)], Up);
        add(Filter, vec![code(K::Down)], Down);
        add(Filter, vec![ctrl('p')], Up);
        add(Filter, vec![ctrl('n')], Down);
        add(Filter, vec![ctrl('k')], Up);
        add(Filter, vec![ctrl('j')], Down);
        add(Filter, vec![code(K::PageUp)], PageUp);
        add(Filter, vec![code(K::PageDown)], PageDown);
        add(Filter, vec![code(K::Enter)], Open);
        add(Filter, vec![code(K::Esc)], LeaveFilter);
        add(Filter, vec![ctrl('t')], ToggleScope);
        add(Filter, vec![code(K::Backspace)], DeleteChar);
        add(Filter, vec![ctrl('h')], DeleteChar);
        add(Filter, vec![ctrl('w')], DeleteWord);
        add(Filter, vec![ctrl('u')], ClearQuery);
        // Normal mode.
        add(Normal, vec![ch('/')], FocusFilter);
        add(Normal, vec![ch('h')], FocusTimeline);
        add(Normal, vec![code(K::Left)], FocusTimeline);
        add(Normal, vec![ch('l')], FocusReader);
        add(Normal, vec![code(K::Right)], FocusReader);
        add(Normal, vec![ctrl('w'), ch('w')], NextPane);
        add(Normal, vec![ctrl('w'), ctrl('w')], NextPane);
        add(Normal, vec![ctrl('w'), ch('h')], FocusTimeline);
        add(Normal, vec![ctrl('w'), ch('l')], FocusReader);
        add(Normal, vec![ctrl('w'), ch('k')], FocusFilter);
        add(Normal, vec![ch('j')], Down);
        add(Normal, vec![code(K::Down)], Down);
        add(Normal, vec![ch('k')], Up);
        add(Normal, vec![code(K::Up)], Up);
        add(Normal, vec![ctrl('d')], HalfPageDown);
        add(Normal, vec![ctrl('u')], HalfPageUp);
        add(Normal, vec![ch(' ')], PageDown);
        add(Normal, vec![code(K::PageDown)], PageDown);
        add(Normal, vec![ctrl('f')], PageDown);
        add(Normal, vec![ch('b')], PageUp);
        add(Normal, vec![code(K::PageUp)], PageUp);
        add(Normal, vec![ctrl('b')], PageUp);
        add(Normal, vec![ch('g'), ch('g')], Top);
        add(Normal, vec![code(K::Home)], Top);
        add(Normal, vec![ch('G')], Bottom);
        add(Normal, vec![code(K::End)], Bottom);
        add(Normal, vec![ch(':')], Goto);
        add(Timeline, vec![code(K::Enter)], Open);
        add(Reader, vec![ch('n')], NextLink);
        add(Reader, vec![ch('N')], PrevLink);
        add(Reader, vec![code(K::Enter)], FollowLink);
        add(Reader, vec![ctrl(']')], FollowLink);
        add(Normal, vec![code(K::Tab)], Forward);
        add(Normal, vec![Key::new(K::Right, ALT)], Forward);
        add(Normal, vec![ch('[')], PrevPart);
        add(Normal, vec![ch(']')], NextPart);
        add(Normal, vec![ch('t')], Todos);
        add(Normal, vec![ch('T')], Thread);
        add(Normal, vec![ch('o')], OnThisDay);
        add(Timeline, vec![ch('H')], Heatmap);
        add(Normal, vec![ch('K')], Keywords);
        add(Normal, vec![ch('*')], LikeThis);
        add(Reader, vec![ctrl('n')], NextMatchInEntry);
        add(Reader, vec![ch('g'), ch('n')], NextMatchInEntry);
        add(Reader, vec![ctrl('p')], PrevMatchInEntry);
        add(Reader, vec![ch('g'), ch('N')], PrevMatchInEntry);
        add(Normal, vec![ch('e')], Edit);
        add(Normal, vec![ch('a')], AppendEntry);
        add(Normal, vec![ch('y')], YankStamp);
        add(Normal, vec![ch('Y')], YankLink);
        add(Reader, vec![ch('g'), ch('x')], OpenUrl);
        add(Filter, vec![ctrl('r')], RecallQuery);
        add(Filter, vec![Key::new(K::Char('p'), ALT)], TogglePinyin);
        add(Normal, vec![ch('q')], Quit);
        add(Normal, vec![ch('?')], Help);
        // Everywhere.
        add(Anywhere, vec![ctrl('o')], Back);
        add(Normal, vec![ctrl('t')], Back);
        add(Anywhere, vec![Key::new(K::Left, ALT)], Back);
        add(Anywhere, vec![code(K::F(1))], Help);
        add(Anywhere, vec![ctrl('c')], Quit);
        add(Anywhere, vec![ctrl('z')], Suspend);
        // Vim habits: the window command from the Filter too (Ctrl-w then
        // another key deletes a word and handles that key), scrolling, and
        // the query as a search in the Timeline.
        add(Filter, vec![ctrl('w'), ch('w')], NextPane);
        add(Filter, vec![ctrl('w'), ch('h')], FocusTimeline);
        add(Filter, vec![ctrl('w'), ch('j')], FocusTimeline);
        add(Filter, vec![ctrl('w'), ch('l')], FocusReader);
        add(Filter, vec![ctrl('w'), ch('k')], FocusFilter);
        add(Normal, vec![ch('z'), ch('z')], LineToMiddle);
        add(Normal, vec![ch('z'), ch('t')], LineToTop);
        add(Normal, vec![ch('z'), ch('b')], LineToBottom);
        add(Normal, vec![ctrl('e')], ScrollDown);
        add(Normal, vec![ctrl('y')], ScrollUp);
        add(Timeline, vec![ch('n')], NextMatch);
        add(Timeline, vec![ch('N')], PrevMatch);
        // `rizhi pick`.
        add(Context::Pick, vec![code(K::Enter)], Choose);
        add(Context::Pick, vec![code(K::Esc)], Cancel);
        // The `:` line.
        add(Prompt, vec![code(K::Enter)], Open);
        add(Prompt, vec![code(K::Esc)], Close);
        add(Prompt, vec![code(K::Backspace)], DeleteChar);
        add(Prompt, vec![ctrl('h')], DeleteChar);
        add(Prompt, vec![ctrl('w')], DeleteWord);
        add(Prompt, vec![ctrl('u')], ClearQuery);
        add(Prompt, vec![code(K::Up)], HistoryPrev);
        add(Prompt, vec![ctrl('p')], HistoryPrev);
        add(Prompt, vec![code(K::Down)], HistoryNext);
        add(Prompt, vec![ctrl('n')], HistoryNext);
        // Lists.
        add(List, vec![code(K::Up)], Up);
        add(List, vec![ctrl('p')], Up);
        add(List, vec![ctrl('k')], Up);
        add(List, vec![code(K::Down)], Down);
        add(List, vec![ctrl('n')], Down);
        add(List, vec![ctrl('j')], Down);
        add(List, vec![code(K::PageUp)], PageUp);
        add(List, vec![code(K::PageDown)], PageDown);
        add(List, vec![code(K::Enter)], Open);
        add(List, vec![code(K::Esc)], Close);
        add(List, vec![code(K::Backspace)], DeleteChar);
        add(List, vec![ctrl('w')], DeleteWord);
        add(List, vec![ctrl('u')], ClearQuery);
        add(List, vec![ch('+')], DeeperThread);
        add(List, vec![ch('-')], ShallowerThread);
        add(List, vec![ctrl('s')], CycleSort);
        // The heatmap.
        add(hm, vec![ch('h')], PrevDay);
        add(hm, vec![code(K::Left)], PrevDay);
        add(hm, vec![ch('l')], NextDay);
        add(hm, vec![code(K::Right)], NextDay);
        add(hm, vec![ch('k')], PrevMonth);
        add(hm, vec![code(K::Up)], PrevMonth);
        add(hm, vec![ch('j')], NextMonth);
        add(hm, vec![code(K::Down)], NextMonth);
        add(hm, vec![ch('[')], PrevYear);
        add(hm, vec![ch(']')], NextYear);
        add(hm, vec![code(K::Enter)], Open);
        add(hm, vec![code(K::Esc)], Close);
        add(hm, vec![ch('H')], Heatmap);
        // The help.
        add(hp, vec![ch('j')], Down);
        add(hp, vec![code(K::Down)], Down);
        add(hp, vec![ch('k')], Up);
        add(hp, vec![code(K::Up)], Up);
        add(hp, vec![ctrl('d')], HalfPageDown);
        add(hp, vec![ctrl('u')], HalfPageUp);
        add(hp, vec![ch(' ')], PageDown);
        add(hp, vec![code(K::PageDown)], PageDown);
        add(hp, vec![ctrl('f')], PageDown);
        add(hp, vec![ch('b')], PageUp);
        add(hp, vec![code(K::PageUp)], PageUp);
        add(hp, vec![ctrl('b')], PageUp);
        add(hp, vec![ch('g'), ch('g')], Top);
        add(hp, vec![code(K::Home)], Top);
        add(hp, vec![ch('G')], Bottom);
        add(hp, vec![code(K::End)], Bottom);
        add(hp, vec![code(K::Esc)], Close);
        add(hp, vec![ch('?')], Close);
        add(hp, vec![ch('q')], Close);
        Keymap { bindings: b }
    }
}
