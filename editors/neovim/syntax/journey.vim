" Vim syntax file for the journey language (customer-journey maps, LANGUAGE.md §3–§4).
" Keywords are contextual in the language; here they are highlighted wherever they appear,
" except that the name after a defining keyword (`stage goal`) is highlighted as a name.
if exists('b:current_syntax')
  finish
endif

syntax iskeyword @,48-57,_,192-255,-
syntax case match

" Statement keywords.
syntax keyword journeyImport import
syntax keyword journeyDefine team persona channel journey stage touchpoint desired promise kpi nextgroup=journeyDefName skipwhite
syntax keyword journeyKeyword segment age region interests needs description goal
syntax keyword journeyKeyword approach scale phase expects emotion effort pain
syntax keyword journeyKeyword moment_of_truth opportunity severity target event actual direction
syntax keyword journeyKeyword does thinks says backstage system source as_of
syntax keyword journeyKeyword completed keeps owner next for data requires nextgroup=journeyRefName skipwhite
syntax keyword journeyOf of
syntax keyword journeyOf by nextgroup=journeyRefName skipwhite
" Enumerated values.
syntax keyword journeyEnum b2b b2c functional business engagement action pre_purchase usage
syntax keyword journeyEnum low medium high higher lower

" Names after a defining keyword, and after `completed` / `keeps`.
syntax match journeyDefName /[[:alpha:]_\u00c0-\uffff][[:alnum:]_\-\u00c0-\uffff]*/ contained
syntax match journeyRefName /[[:alpha:]_\u00c0-\uffff][[:alnum:]_\-\u00c0-\uffff]*/ contained

" Values.
syntax match journeyNumber /\<-\?\d\+\%(\.\d\+\)\?\>/
syntax match journeyNumber /-\?\<\d\+\%(\.\d\+\)\?\ze%/ nextgroup=journeyUnit
syntax match journeyNumber /-\?\<\d\+\%(\.\d\+\)\?\ze\%(min\|s\|h\|d\|w\)\>/ nextgroup=journeyUnit
syntax match journeyNumber /-\?\<\d\+\%(\.\d\+\)\?\ze\s\+\u\u\u\>/ nextgroup=journeyCurrency skipwhite
syntax match journeyUnit /%\|min\|s\|h\|d\|w/ contained
syntax match journeyCurrency /\u\u\u\>/ contained
syntax match journeyRange /\.\./
syntax match journeyDate /\<\d\{4}-\d\d-\d\d\>/

" Strings and escapes.
syntax region journeyString start=/"/ skip=/\\\\\|\\"/ end=/"\|$/ contains=journeyEscape,journeyBadEscape oneline
syntax match journeyBadEscape /\\./ contained
syntax match journeyEscape /\\[\\"nt]/ contained
syntax match journeyEscape /\\u{\x\{1,6}}/ contained

" Comments: `///` doc comments, `//` and `/* */`.
syntax keyword journeyTodo TODO FIXME XXX NOTE contained
syntax match journeyComment "//.*$" contains=journeyTodo,@Spell
syntax match journeyDocComment "^\s*///\%(/\)\@!.*$" contains=journeyTodo,@Spell
syntax region journeyComment start="/\*" end="\*/" contains=journeyTodo,@Spell

syntax match journeyBrace /[{}]/

highlight default link journeyImport Include
highlight default link journeyDefine Structure
highlight default link journeyKeyword Keyword
highlight default link journeyOf Keyword
highlight default link journeyEnum Constant
highlight default link journeyDefName Function
highlight default link journeyRefName Identifier
highlight default link journeyNumber Number
highlight default link journeyUnit Type
highlight default link journeyCurrency Type
highlight default link journeyRange Operator
highlight default link journeyDate Number
highlight default link journeyString String
highlight default link journeyEscape SpecialChar
highlight default link journeyBadEscape Error
highlight default link journeyComment Comment
highlight default link journeyDocComment SpecialComment
highlight default link journeyTodo Todo
highlight default link journeyBrace Delimiter

let b:current_syntax = 'journey'
