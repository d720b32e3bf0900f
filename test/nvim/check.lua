-- Drives Neovim's own LSP client (0.7+), set up by the documented test/nvim/init.lua, against the
-- Incident Lens server, and writes what Neovim got back as JSON. Run by test/nvim/nvim.test.ts:
--
--   PATH=<dir with an incident-lens-server>:$PATH INCIDENT_LENS_ROOT=<workspace> INCIDENT_LENS_OUT=<file.json> \
--     nvim --headless -n -i NONE -u test/nvim/init.lua -c 'lua dofile(os.getenv("INCIDENT_LENS_CHECK"))'
--
-- Only 0.7 APIs are used (buf_request_sync, vim.diagnostic.get). Every wait is bounded; the script
-- always writes its JSON (with `error` on failure) and quits.

local root = assert(os.getenv('INCIDENT_LENS_ROOT'), 'INCIDENT_LENS_ROOT is not set')
local out = assert(os.getenv('INCIDENT_LENS_OUT'), 'INCIDENT_LENS_OUT is not set')

local result = { nvim = vim.version(), steps = {} }
local client_id

local function step(name)
  table.insert(result.steps, name)
end

local function write_result()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
end

-- Sends one request through the buffer's attached clients; returns our client's result.
local function request(bufnr, method, params, timeout_ms)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout_ms)
  if not responses then
    error(method .. ' failed: ' .. tostring(err))
  end
  local response = responses[client_id]
  if not response then
    return nil
  end
  if response.err or response.error then
    error(method .. ' answered with an error: ' .. vim.inspect(response.err or response.error))
  end
  return response.result
end

-- The incident-lens clients attached to a buffer (0.7 lists a client only once it is initialized).
local function attached(bufnr)
  local ids = {}
  for id, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'incident-lens' then
      table.insert(ids, id)
    end
  end
  return ids
end

-- Opens a file as a user would (:edit); init.lua's autocmd attaches the server. Waits (bounded)
-- until the client is initialized and attached.
local function open(rel)
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
  local bufnr = vim.api.nvim_get_current_buf()
  local ids = {}
  vim.wait(20000, function()
    ids = attached(bufnr)
    return #ids > 0
  end, 50)
  if #ids ~= 1 then
    error(#ids .. ' initialized incident-lens clients attached to ' .. rel .. ' within 20 s (expected 1)')
  end
  return bufnr, ids[1]
end

local function hover_text(hover)
  if type(hover) ~= 'table' then
    return nil
  end
  local contents = hover.contents
  if type(contents) == 'table' and type(contents.value) == 'string' and contents.value ~= '' then
    return contents.value
  end
  return nil
end

local function run()
  step('open')
  local pool
  pool, client_id = open('src/checkout/pool.ts')

  local client = vim.lsp.get_client_by_id(client_id)
  result.hoverProvider = client.server_capabilities ~= nil and client.server_capabilities.hoverProvider or nil
  result.rootDir = client.config.root_dir

  -- The reference on line 2 (1-based), `// see INC-2024-017: ...`, at byte column 10.
  vim.api.nvim_win_set_cursor(0, { 2, 10 })
  local params = vim.lsp.util.make_position_params()
  result.position = params.position

  -- The first index is built in the background: ask until the hover has content.
  step('hover')
  -- A plain loop, not vim.wait(cond): buf_request_sync waits itself, and nesting waits is fragile.
  local hover
  local attempts = 0
  local deadline = vim.loop.now() + 20000
  repeat
    attempts = attempts + 1
    hover = request(pool, 'textDocument/hover', params, 5000)
    if hover_text(hover) ~= nil then
      break
    end
    vim.wait(200)
    vim.loop.update_time()
  until vim.loop.now() > deadline
  result.hoverAttempts = attempts
  if hover_text(hover) == nil then
    error('no hover content within 20 s; last answer: ' .. vim.inspect(hover))
  end
  result.hover = hover
  result.hoverText = hover_text(hover)

  step('definition')
  result.definition = request(pool, 'textDocument/definition', params, 5000)

  -- The user's way: `gd` on the reference jumps to the record's id.
  step('gd')
  vim.cmd('normal gd')
  vim.wait(5000, function()
    return vim.api.nvim_get_current_buf() ~= pool
  end, 20)
  result.afterGd = {
    file = vim.api.nvim_buf_get_name(0),
    cursor = vim.api.nvim_win_get_cursor(0),
  }

  step('diagnostics')
  local retry, retry_client = open('src/checkout/retry.py')
  result.sameClient = retry_client == client_id
  result.retryUri = vim.uri_from_bufnr(retry)
  -- Wait (bounded) for the one the test looks for; whatever arrived is reported either way.
  local diagnostics = {}
  vim.wait(20000, function()
    diagnostics = vim.diagnostic.get(retry)
    for _, d in ipairs(diagnostics) do
      if d.message:find('INC-2024-071', 1, true) then
        return true
      end
    end
    return false
  end, 100)
  result.retryDiagnostics = {}
  for _, d in ipairs(diagnostics) do
    table.insert(result.retryDiagnostics, {
      lnum = d.lnum,
      col = d.col,
      severity = d.severity,
      message = d.message,
      code = d.code,
      source = d.source,
    })
  end
  step('done')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  result.error = tostring(err)
end
write_result()

-- Shut the server down (shutdown + exit) and wait for it, so no process outlives Neovim.
if client_id then
  local client = vim.lsp.get_client_by_id(client_id)
  if client then
    client.stop()
    vim.wait(5000, function()
      return vim.lsp.client_is_stopped(client_id)
    end, 50)
  end
end
vim.cmd('qa!')
