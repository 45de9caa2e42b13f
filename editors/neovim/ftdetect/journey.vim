" .journey files are customer-journey maps (the journey language).
autocmd BufRead,BufNewFile *.journey setfiletype journey
