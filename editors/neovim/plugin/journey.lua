-- Starts `journey lsp` for journey buffers with the default options. Set
-- `vim.g.journey_no_setup = 1` before this runs to call require('journey').setup({...}) yourself.
if vim.g.loaded_journey then
  return
end
vim.g.loaded_journey = 1
if vim.g.journey_no_setup then
  return
end
require('journey').setup()
