-- lstmspec's language server (`lstmspec lsp`) in Neovim's built-in LSP client.
--
-- Works with Neovim 0.7 and later (Debian 12 ships 0.7.2): it uses vim.lsp.start where
-- Neovim has it (0.8+) and vim.lsp.start_client + buf_attach_client before that. Copy this
-- file to ~/.config/nvim/lua/lstmspec.lua (or add editors/neovim to your runtimepath) and put
-- in your init.lua:
--
--   require("lstmspec").setup()                        -- every YAML buffer
--   require("lstmspec").setup({ cmd = { "/path/to/venv/bin/lstmspec", "lsp" } })
--
-- Diagnostics then appear as you type; K hovers (vim.lsp.buf.hover), <C-x><C-o> completes
-- (set omnifunc=v:lua.vim.lsp.omnifunc), gd goes to a reference's layer
-- (vim.lsp.buf.definition) and vim.lsp.buf.code_action() offers the quick fixes.

local M = {}

local MARKERS = { "pyproject.toml", "lstmspec.toml", ".lstmspec.toml", ".git" }

-- The folder of the nearest marker above the file (its project), else the file's folder.
local function root_of(path)
  local folder = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs(MARKERS) do
    local found = vim.fn.findfile(marker, folder .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, folder .. ";")
    end
    if found ~= "" then
      return (vim.fn.fnamemodify(found, ":p:h"):gsub("/%.git/?$", ""))
    end
  end
  return folder
end

local clients = {} -- root folder -> client id (Neovim 0.7: one server per project)

local function attach(bufnr, opts)
  local root = root_of(vim.api.nvim_buf_get_name(bufnr))
  local config = {
    name = "lstmspec",
    cmd = opts.cmd or { "lstmspec", "lsp" },
    root_dir = root,
    on_attach = opts.on_attach,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = opts or {}
  vim.api.nvim_create_autocmd("FileType", {
    pattern = opts.filetypes or { "yaml" },
    callback = function(args)
      attach(args.buf, opts)
    end,
  })
end

return M
