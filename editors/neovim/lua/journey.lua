-- Neovim support for the journey language: starts `journey lsp` for journey buffers.
-- On Neovim 0.11+ it declares the server with vim.lsp.config('journey', …) and
-- vim.lsp.enable('journey'), so that :checkhealth vim.lsp, vim.lsp.config overrides and the
-- built-in LSP commands see it. Older versions (down to 0.7, which has no vim.lsp.start) use
-- vim.lsp.start_client + vim.lsp.buf_attach_client, one client per project root.
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
-- One client per project root: root_dir -> client id (Neovim < 0.11 only).
M.clients = {}

--- True on Neovim 0.11+, which has vim.lsp.config and vim.lsp.enable.
function M.has_lsp_config()
  return vim.fn.has('nvim-0.11') == 1 and type(vim.lsp.enable) == 'function' and vim.lsp.config ~= nil
end

-- Client methods are called with `:` since 0.11 (`client.stop()` is deprecated there) and with
-- `.` before it (where `client:stop()` would pass the client as `force`).
local function client_stop(client)
  if M.has_lsp_config() then
    client:stop()
  else
    client.stop()
  end
end

local function client_is_stopped(client)
  if M.has_lsp_config() then
    return client:is_stopped()
  end
  return client.is_stopped()
end

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
  return client ~= nil and not client_is_stopped(client)
end

--- Whether the server can be started; warns once (per setup) when it cannot.
local function executable(cmd)
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not M._warned then
    M._warned = true
    notify(
      ('cannot start the language server: `%s` is not executable. Install it with '
        .. '`cargo install --path crates/journey-cli` from the journey repository, or set '
        .. 'vim.g.journey_server_path / setup({ cmd = { "/path/to/journey", "lsp" } }).'):format(cmd[1]),
      vim.log.levels.WARN
    )
  end
  return false
end

local function on_exit(code, signal)
  if code ~= 0 then
    notify(('the language server exited with code %d (signal %d)'):format(code, signal), vim.log.levels.WARN)
  end
end

--- The buffer's file name when it is a file the server should see, else nil.
local function file_of(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  return fname
end

--- The configuration given to vim.lsp.config('journey', …) on Neovim 0.11+.
function M.lsp_config()
  return {
    cmd = command(),
    filetypes = { 'journey' },
    -- Same roots as before 0.11 (the file's directory when no marker is found, where
    -- root_markers alone would start a client without a workspace folder), and no start at
    -- all, with one warning, when the server is not installed.
    root_dir = function(bufnr, on_dir)
      local fname = file_of(bufnr)
      if fname and executable(command()) then
        on_dir(M.root_dir(fname))
      end
    end,
    init_options = M.options.settings,
    capabilities = M.options.capabilities,
    on_attach = M.options.on_attach,
    on_exit = on_exit,
  }
end

--- Starts (or reuses) the client for the buffer's project and attaches the buffer.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local fname = file_of(bufnr)
  if not fname then
    return nil
  end
  local cmd = command()
  if not executable(cmd) then
    return nil
  end
  if M.has_lsp_config() then
    -- vim.lsp.start reuses the client of the same name and root.
    return vim.lsp.start(vim.tbl_extend('force', vim.lsp.config.journey or {}, {
      name = 'journey',
      cmd = cmd,
      root_dir = M.root_dir(fname),
    }), { bufnr = bufnr })
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
      on_exit = on_exit,
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
  if M.has_lsp_config() then
    for _, client in ipairs(vim.lsp.get_clients({ name = 'journey' })) do
      client:stop()
    end
  end
  for root, id in pairs(M.clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      client_stop(client)
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
  vim.api.nvim_create_user_command('JourneyRestart', M.restart, { desc = 'Restart the journey language server' })
  if M.has_lsp_config() then
    -- enable() also starts the server for journey buffers that are already open.
    vim.lsp.config('journey', M.lsp_config())
    vim.lsp.enable('journey')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'journey',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'journey' then
      M.attach(buf)
    end
  end
end

return M
