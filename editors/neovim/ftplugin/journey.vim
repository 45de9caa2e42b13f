" Editing settings for journey files (the canonical style indents with 4 spaces).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=:///,://,s1:/*,mb:*,ex:*/
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=4 softtabstop=4 tabstop=4
" `check-in` and `świadomość` are single identifiers.
setlocal iskeyword=@,48-57,_,192-255,-
setlocal suffixesadd=.journey

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< tabstop< iskeyword< suffixesadd<'
