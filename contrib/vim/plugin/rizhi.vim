" rizhi.vim - follow see-links, search and insert links in rizhi notebooks
" Maintainer: the rizhi project (MIT).  Documentation: :help rizhi
"
" The contract with the rizhi command line (every call goes through
" g:rizhi_command, then g:rizhi_paths are appended as PATH arguments):
"
"   rizhi resolve FILE:LINE:COL --json [PATH...]
"       LINE is 1-based; COL is the 1-based byte column of the cursor in the
"       line as Vim holds it (col('.'), UTF-8).  Resolves the see-link under
"       that position against PATHs (else the configured notebooks; FILE is
"       always loaded) and prints one JSON object on stdout:
"         {"file": "/notes/log201301.txt", "line": 12, "col": 1,
"          "stamp": "16:50 2013-01-04",
"          "status": "exact" | "approximate" | "dangling",
"          "reason": "..."}
"       file/line/col is where the link lands (the section it names, else the
"       entry header; col 1-based bytes); for "dangling" they may be null.
"       "reason" says why a link is approximate or dangling (may be empty
"       for "exact").  Exit 0 with that object; exit 1, printing nothing on
"       stdout, when there is no see-link at that position; 2 on errors
"       (message on stderr).
"
"   rizhi search QUERY [PATH...]
"       Plain output, one hit a line: `file:line:col: text`.  Exit 1 when
"       nothing matches.
"
"   rizhi pick --print link [QUERY] [PATH...]
"       Draws the chooser on /dev/tty, prints the chosen link (e.g.
"       `see"16:50 2013-01-04"`) on stdout and exits 0; exits 130 printing
"       nothing when the user cancels.

if exists('g:loaded_rizhi') || &compatible || v:version < 800
  finish
endif
let g:loaded_rizhi = 1

" The command to run, used as-is in a shell command line (may hold options).
let g:rizhi_command = get(g:, 'rizhi_command', 'rizhi')
" Notebook files or folders passed to every call; empty: rizhi's config.
let g:rizhi_paths = get(g:, 'rizhi_paths', [])
" Which buffers are notebooks (an autocmd pattern, like the config's pattern).
let g:rizhi_pattern = get(g:, 'rizhi_pattern', 'log*.txt')
" The buffer-local key for :RizhiFollow in notebook buffers; '' for none.
let g:rizhi_follow_key = get(g:, 'rizhi_follow_key', 'gf')
" Open the quickfix window after :RizhiSearch when it found something.
let g:rizhi_open_quickfix = get(g:, 'rizhi_open_quickfix', 1)

function! s:Message(group, text) abort
  execute 'echohl' a:group
  echomsg 'rizhi: ' . a:text
  echohl None
endfunction

" The shell command line for rizhi ARGS, each argument quoted. `bang` quotes
" for :! as well (where `%`, `#` and `!` are special).
function! s:Command(args, bang) abort
  let words = a:args + g:rizhi_paths
  return g:rizhi_command . ' ' . join(map(copy(words), 'shellescape(v:val, a:bang)'), ' ')
endfunction

" Jumps to the see-link under the cursor.  With a:fallback, a position
" without a link does what the key does without the plugin (Vim's gf).
function! s:Follow(fallback) abort
  let file = expand('%:p')
  if empty(file)
    call s:Message('ErrorMsg', 'this buffer has no file')
    return
  endif
  if &modified
    call s:Message('WarningMsg', 'buffer modified: the link is read from the file on disk')
  endif
  let out = system(s:Command(['resolve', file . ':' . line('.') . ':' . col('.'), '--json'], 0))
  if v:shell_error == 1
    if a:fallback
      try
        normal! gf
      catch
        call s:Message('ErrorMsg', 'no see-link under the cursor (' . v:exception . ')')
      endtry
    else
      call s:Message('WarningMsg', 'no see-link under the cursor')
    endif
    return
  elseif v:shell_error != 0
    call s:Message('ErrorMsg', 'resolve failed: ' . substitute(out, '\n\+$', '', ''))
    return
  endif
  try
    let r = json_decode(out)
  catch
    call s:Message('ErrorMsg', 'resolve printed no JSON object: ' . out)
    return
  endtry
  let status = get(r, 'status', '')
  let reason = get(r, 'reason', '')
  let reason = type(reason) == v:t_string ? reason : ''
  let target = get(r, 'file', v:null)
  if status ==# 'dangling' || type(target) != v:t_string || empty(target)
    call s:Message('WarningMsg', 'dangling link to ' . get(r, 'stamp', '?')
          \ . (empty(reason) ? '' : ': ' . reason))
    return
  endif
  let lnum = get(r, 'line', 1)
  let cnum = get(r, 'col', 1)
  " Remember where we were (Ctrl-o comes back), then go.
  normal! m'
  if fnamemodify(target, ':p') !=# file
    execute 'edit' fnameescape(target)
  endif
  call cursor(type(lnum) == v:t_number ? lnum : 1, type(cnum) == v:t_number ? cnum : 1)
  normal! zv
  if status ==# 'approximate'
    call s:Message('WarningMsg', 'approximate: ' . get(r, 'stamp', '?')
          \ . (empty(reason) ? '' : ' (' . reason . ')'))
  endif
endfunction

" Fills the quickfix list with the hits of `rizhi search QUERY`.
function! s:Search(query) abort
  let lines = systemlist(s:Command(['search', a:query], 0))
  let title = 'rizhi search ' . a:query
  if v:shell_error == 1
    call setqflist([], ' ', {'items': [], 'title': title})
    call s:Message('WarningMsg', 'no match for ' . a:query)
    return
  elseif v:shell_error != 0
    call s:Message('ErrorMsg', 'search failed: ' . join(lines, ' '))
    return
  endif
  call setqflist([], ' ', {'lines': lines, 'efm': '%f:%l:%c: %m', 'title': title})
  if g:rizhi_open_quickfix
    cwindow
  endif
endfunction

" Inserts a link chosen with `rizhi pick` after the cursor.  The picker needs
" the terminal, so it runs through :! (not system()) with stdout sent to a
" temporary file.
function! s:Link(query) abort
  let tmp = tempname()
  " QUERY comes before PATHs: an empty one keeps the first path a path.
  let keep = !empty(a:query) || !empty(g:rizhi_paths)
  let args = ['pick', '--print', 'link'] + (keep ? [a:query] : [])
  try
    execute 'silent !' . s:Command(args, 1) . ' >' . shellescape(tmp, 1)
    let status = v:shell_error
    redraw!
    let link = filereadable(tmp) ? join(readfile(tmp), '') : ''
  finally
    call delete(tmp)
  endtry
  if status == 130
    return
  elseif status != 0
    call s:Message('ErrorMsg', 'pick failed (exit ' . status . ')')
    return
  endif
  let link = substitute(link, '^\s\+\|\s\+$', '', 'g')
  if empty(link)
    return
  endif
  let text = getline('.')
  let at = empty(text) ? 0 : col('.') - 1 + len(matchstr(text, '.', col('.') - 1))
  call setline('.', strpart(text, 0, at) . link . strpart(text, at))
  call cursor(line('.'), at + len(link))
endfunction

command! -bar RizhiFollow call <SID>Follow(0)
command! -nargs=+ RizhiSearch call <SID>Search(<q-args>)
command! -nargs=* RizhiLink call <SID>Link(<q-args>)

nnoremap <silent> <Plug>(rizhi-follow) :<C-u>call <SID>Follow(0)<CR>
nnoremap <silent> <Plug>(rizhi-link) :<C-u>call <SID>Link('')<CR>

function! s:Setup() abort
  let b:rizhi_notebook = 1
  if !empty(g:rizhi_follow_key)
    execute 'nnoremap <buffer> <silent>' g:rizhi_follow_key
          \ ':<C-u>call <SID>Follow(' . (g:rizhi_follow_key ==# 'gf') . ')<CR>'
  endif
endfunction

augroup rizhi
  autocmd!
  execute 'autocmd BufRead,BufNewFile' g:rizhi_pattern 'call s:Setup()'
augroup END
