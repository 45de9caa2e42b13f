-- Headless Neovim (0.7 to 0.11+) against `journey lsp`: attach, receive diagnostics,
-- answer hover and definition. A bare client: no plugins, no config.
-- Run by run.sh; exits with :cquit on any failure.
local function log(...)
  io.stdout:write(table.concat({ ... }, " ") .. "\n")
end

local ok, err = pcall(function()
  local bin = assert(os.getenv("JOURNEY_BIN"), "JOURNEY_BIN is not set")
  local file = assert(os.getenv("JOURNEY_FILE"), "JOURNEY_FILE is not set")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local diagnostics = nil
  local config = {
    name = "journey",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
    handlers = {
      ["textDocument/publishDiagnostics"] = function(_, result)
        if result and result.uri == uri then
          diagnostics = result.diagnostics
        end
      end,
    },
  }
  local client_id
  if vim.lsp.start then
    -- 0.8+: starts the client and attaches the current buffer (start_client is deprecated
    -- from 0.11 on).
    client_id = vim.lsp.start(config)
    assert(client_id, "the client did not start")
  else
    -- 0.7 (Debian's): no vim.lsp.start.
    client_id = vim.lsp.start_client(config)
    assert(client_id, "the client did not start")
    assert(vim.lsp.buf_attach_client(buf, client_id), "cannot attach")
  end
  log("neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "." .. tostring(vim.version().patch))

  assert(vim.wait(10000, function() return diagnostics ~= nil end, 20), "no diagnostics published")
  local codes = {}
  for _, d in ipairs(diagnostics) do
    table.insert(codes, d.code)
  end
  log("diagnostics:", table.concat(codes, ", "))
  local found = false
  for _, d in ipairs(diagnostics) do
    if d.code == "unknown-reference" and d.range.start.line == 2 then
      found = true
    end
  end
  assert(found, "expected unknown-reference on line 3")

  -- Hover on the `owner` keyword (line 3, column 4) and on `traveler`.
  local function request(method, line, character)
    local params = { textDocument = { uri = uri }, position = { line = line, character = character } }
    local responses = vim.lsp.buf_request_sync(buf, method, params, 5000)
    assert(responses, method .. ": no response")
    local response = responses[client_id]
    assert(response and not response.err, method .. ": " .. vim.inspect(response and response.err))
    return response.result
  end
  local hover = request("textDocument/hover", 2, 6)
  assert(hover and hover.contents and hover.contents.value:find("team"), "hover: " .. vim.inspect(hover))
  log("hover on owner:", (hover.contents.value:gsub("\n", " "):sub(1, 60)))
  local definition = request("textDocument/definition", 3, 10)
  assert(definition and definition[1] and definition[1].range.start.line == 0, "definition: " .. vim.inspect(definition))
  log("definition of traveler: line", definition[1].range.start.line)

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)

if not ok then
  io.stderr:write("nvim smoke test failed: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
log("nvim smoke test passed")
vim.cmd("qall!")
