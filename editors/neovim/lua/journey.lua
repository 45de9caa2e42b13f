-- Neovim support for the journey language: starts `journey lsp` for journey buffers.
-- Works with Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client; no vim.lsp.start).
--
--   require('journey').setup({
--     cmd = { 'journey', 'lsp' },          -- or { '/path/to/journey', 'lsp' }
--     root_markers = { 'journey.toml', '.git' },
--     on_attach = function(client, bufnr) end,
--     settings = {},                       -- sent as initializationOptions
--   })
--
-- plugin/journey.lua calls setup() with the defaults unless `vim.g.journey_no_setup` is set;
-- calling setup() again replaces the options. `vim.g.journey_server_path` overrides the binary.
local M = {}

local defaults = {
  cmd = nil, -- computed: { vim.g.journey_server_path or 'journey', 'lsp' }
  root_markers = { 'journey.toml', '.git' },
  on_attach = nil,
  settings = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(defaults)
-- One client per project root: root_dir -> client id.
M.clients = {}

local function notify(msg, level)
  vim.schedule(function()
    vim.notify('journey: ' .. msg, level or vim.log.levels.INFO)
  end)
end

local function command()
  if M.options.cmd then
    return M.options.cmd
  end
  return { vim.g.journey_server_path or 'journey', 'lsp' }
end

--- The project root of a file: the nearest ancestor holding one of the root markers, else the
--- file's directory.
function M.root_dir(fname)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  for _, marker in ipairs(M.options.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', ''):gsub('/$', '')
    end
  end
  return dir
end

local function client_alive(id)
  local client = id and vim.lsp.get_client_by_id(id)
  return client ~= nil and not client.is_stopped()
end

--- Starts (or reuses) the client for the buffer's project and attaches the buffer.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local cmd = command()
  if vim.fn.executable(cmd[1]) ~= 1 then
    if not M._warned then
      M._warned = true
      notify(
        ('cannot start the language server: `%s` is not executable. Install it with '
          .. '`cargo install --path crates/journey-cli` from the journey repository, or set '
          .. 'vim.g.journey_server_path / setup({ cmd = { "/path/to/journey", "lsp" } }).'):format(cmd[1]),
        vim.log.levels.WARN
      )
    end
    return nil
  end
  local root = M.root_dir(fname)
  local id = M.clients[root]
  if not client_alive(id) then
    id = vim.lsp.start_client({
      name = 'journey',
      cmd = cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = M.options.settings,
      capabilities = M.options.capabilities or vim.lsp.protocol.make_client_capabilities(),
      on_attach = M.options.on_attach,
      on_exit = function(code, signal)
        if code ~= 0 then
          notify(('the language server exited with code %d (signal %d)'):format(code, signal), vim.log.levels.WARN)
        end
      end,
    })
    if not id then
      notify('failed to start `' .. table.concat(cmd, ' ') .. '`', vim.log.levels.ERROR)
      return nil
    end
    M.clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Stops every journey client and re-attaches the journey buffers.
function M.restart()
  for root, id in pairs(M.clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      client.stop()
    end
    M.clients[root] = nil
  end
  vim.defer_fn(function()
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'journey' then
        M.attach(buf)
      end
    end
  end, 500)
end

function M.setup(opts)
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  M._warned = false
  local group = vim.api.nvim_create_augroup('journey_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'journey',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('JourneyRestart', M.restart, { desc = 'Restart the journey language server' })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'journey' then
      M.attach(buf)
    end
  end
end

return M
