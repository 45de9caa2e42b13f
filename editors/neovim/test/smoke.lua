-- Headless smoke test of the shipped Neovim config (run by test/run.sh):
--   * the file is detected as `journey` and the syntax file highlights it;
--   * with JOURNEY_NVIM_LSP=1: a `journey lsp` client attaches to the buffer and publishes an
--     error diagnostic on the line containing `emotoin` (a deliberate syntax error).
-- Exits with :cquit (non-zero) on any failure: an uncaught Lua error would still exit 0.
local function out(msg)
  io.stdout:write(msg .. '\n')
end

local failures = 0
local passes = 0
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passes = passes + 1
    out('ok   ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. ': ' .. tostring(err))
  end
end

-- vim.lsp.get_clients (0.10+) replaces vim.lsp.buf_get_clients (deprecated there).
local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf })
  end
  return vim.lsp.buf_get_clients(buf)
end

local function journey_client(buf)
  for _, c in pairs(clients_of(buf)) do
    if c.name == 'journey' and c.initialized ~= false and c.server_capabilities then
      return c
    end
  end
  return nil
end

local function group_at(lnum, col)
  return vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), 'name')
end

--- The 1-based line and column of the first match of a Lua pattern, or error.
local function find(pattern)
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  for i, line in ipairs(lines) do
    local s = line:find(pattern)
    if s then
      return i, s
    end
  end
  error('no line matches ' .. pattern)
end

local main_ok, main_err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()

  check('filetype is journey', function()
    assert(vim.bo[buf].filetype == 'journey', 'filetype is "' .. vim.bo[buf].filetype .. '"')
  end)

  check('ftplugin: // comments, 4-space indent, check-in is one word', function()
    assert(vim.bo[buf].commentstring == '// %s', 'commentstring ' .. vim.bo[buf].commentstring)
    assert(vim.bo[buf].shiftwidth == 4 and vim.bo[buf].expandtab, 'indent settings')
    assert(vim.bo[buf].iskeyword:find('-', 1, true), 'iskeyword lacks -: ' .. vim.bo[buf].iskeyword)
  end)

  check('syntax highlighting', function()
    assert(vim.b.current_syntax == 'journey', 'current_syntax is ' .. tostring(vim.b.current_syntax))
    local l, c = find('^journey ')
    assert(group_at(l, c) == 'journeyDefine', 'journey keyword: ' .. group_at(l, c))
    assert(group_at(l, c + 8) == 'journeyDefName', 'journey id: ' .. group_at(l, c + 8))
    local sl, sc = find('"')
    assert(group_at(sl, sc) == 'journeyString', 'string: ' .. group_at(sl, sc))
    local el, ec = find('emotion %d')
    assert(group_at(el, ec) == 'journeyKeyword', 'emotion: ' .. group_at(el, ec))
    assert(group_at(el, ec + 8) == 'journeyNumber', 'number: ' .. group_at(el, ec + 8))
    local pl, pc = find('phase ')
    local vl, vc = pl, pc + 6
    assert(group_at(vl, vc) == 'journeyEnum', 'phase value: ' .. group_at(vl, vc))
    local kl, kc = find('//')
    assert(group_at(kl, kc):match('Comment$'), 'comment: ' .. group_at(kl, kc))
  end)

  if vim.env.JOURNEY_NVIM_LSP == '1' then
    local client
    local journey = require('journey')
    local v = vim.version()
    out(('     Neovim %d.%d.%d: %s'):format(
      v.major,
      v.minor,
      v.patch,
      journey.has_lsp_config() and 'vim.lsp.config + vim.lsp.enable' or 'vim.lsp.start_client'
    ))

    check('a journey lsp client attaches to the buffer', function()
      local attached = vim.wait(20000, function()
        client = journey_client(buf)
        return client ~= nil
      end, 100)
      assert(attached, 'no journey client attached within 20 s (is `journey` on PATH?)')
    end)

    check('the client is set up the way this Neovim version supports', function()
      local root = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':p:h')
      if journey.has_lsp_config() then
        local config = vim.lsp.config.journey
        assert(config, 'vim.lsp.config.journey is not defined')
        assert(vim.deep_equal(config.filetypes, { 'journey' }), 'filetypes ' .. vim.inspect(config.filetypes))
        assert(next(journey.clients) == nil, 'the pre-0.11 client table was used')
      else
        assert(journey.clients[root] == client.id, 'no client recorded for ' .. root)
      end
      assert(client.config.root_dir == root, 'root_dir ' .. tostring(client.config.root_dir) .. ', expected ' .. root)
    end)

    check('the server publishes an error on the broken line', function()
      local lnum = find('emotoin') - 1
      local got = vim.wait(20000, function()
        for _, d in ipairs(vim.diagnostic.get(buf)) do
          if d.lnum == lnum and d.severity == vim.diagnostic.severity.ERROR then
            return true
          end
        end
        return false
      end, 100)
      local all = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        table.insert(all, ('%d:%d %s'):format(d.lnum + 1, d.col + 1, d.message))
      end
      assert(got, 'no error diagnostic on line ' .. (lnum + 1) .. '; diagnostics: ' .. table.concat(all, ' | '))
      out('     ' .. table.concat(all, '\n     '))
    end)

    check(':JourneyRestart starts a new client for the buffer', function()
      assert(client, 'no client to restart')
      local old_id = client.id
      vim.cmd('JourneyRestart')
      local restarted = vim.wait(20000, function()
        local c = journey_client(buf)
        if c and c.id ~= old_id then
          client = c
          return true
        end
        return false
      end, 100)
      assert(restarted, 'no new journey client after :JourneyRestart')
    end)

    if client then
      local stopped
      if journey.has_lsp_config() then
        client:stop()
        stopped = function() return client:is_stopped() end
      else
        client.stop()
        stopped = function() return client.is_stopped() end
      end
      vim.wait(5000, stopped, 100)
    end
  else
    out('skip language-server checks (JOURNEY_NVIM_LSP=0)')
  end
end)

if not main_ok then
  failures = failures + 1
  out('FAIL smoke test harness: ' .. tostring(main_err))
end
out(('%d passed, %d failed'):format(passes, failures))
if failures > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
