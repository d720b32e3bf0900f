-- Incident Lens for Neovim 0.7 and later, no plugins needed.
-- One server per workspace: the nearest folder above the file that holds
-- .incident-lens.yaml or .git (else the current directory). Every file opened
-- under it is attached, whatever its language: references live in comments and docs.
local incident_lens_clients = {}

local function incident_lens_root(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  while true do
    if vim.loop.fs_stat(dir .. '/.incident-lens.yaml') or vim.loop.fs_stat(dir .. '/.git') then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return vim.fn.getcwd()
    end
    dir = parent
  end
end

vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
  group = vim.api.nvim_create_augroup('incident_lens', { clear = true }),
  callback = function(args)
    if vim.bo[args.buf].buftype ~= '' or vim.api.nvim_buf_get_name(args.buf) == '' then
      return
    end
    local root = incident_lens_root(vim.api.nvim_buf_get_name(args.buf))
    local id = incident_lens_clients[root]
    if not id or vim.lsp.client_is_stopped(id) then
      id = vim.lsp.start_client({
        name = 'incident-lens',
        cmd = { 'incident-lens-server', '--stdio' },
        root_dir = root,
      })
      incident_lens_clients[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
      -- 0.7 maps no LSP keys by default (0.10 maps K to hover).
      vim.keymap.set('n', 'K', vim.lsp.buf.hover, { buffer = args.buf })
      vim.keymap.set('n', 'gd', vim.lsp.buf.definition, { buffer = args.buf })
    end
  end,
})
