-- Headless Neovim, as a user would: open each file given in LSTMSPEC_FILES (one per line),
-- wait for lstmspec's diagnostics, apply the quick fix on the first diagnostic that has one
-- (through vim.lsp.buf.code_action and the code-action menu), again until none is offered,
-- then write the file. Configured by the shipped editors/neovim/lstmspec.lua. What happened
-- is written to LSTMSPEC_REPORT; any failure exits with status 1.

local lstmspec = require("lstmspec")
local report = {}
local WAIT = 30000

local function fail(message)
  report[#report + 1] = "FAIL " .. message
  vim.fn.writefile(report, vim.env.LSTMSPEC_REPORT)
  vim.cmd("cquit 1")
end

-- The version of the last diagnostics the server published, per buffer.
local published = {}
local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  original(err, result, ctx, config)
  published[vim.uri_to_bufnr(result.uri)] = result.version or -1
end

-- The code-action menu: choose the first quick fix, as a user picking it would.
local offered
vim.ui.select = function(items, _, on_choice)
  for index, item in ipairs(items) do
    if item[2].kind == "quickfix" then
      offered = true
      return on_choice(item, index)
    end
  end
  offered = false
end
vim.notify = function(message)
  if message == "No code actions available" then
    offered = false
  else
    report[#report + 1] = "notify " .. message
  end
end

local function settled(bufnr)
  return vim.wait(WAIT, function()
    return published[bufnr] ~= nil and published[bufnr] == vim.lsp.util.buf_versions[bufnr]
  end, 20)
end

local function fix_each_file()
lstmspec.setup({ cmd = vim.split(vim.env.LSTMSPEC_LSP, "\n") })

for _, path in ipairs(vim.split(vim.env.LSTMSPEC_FILES, "\n")) do
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if not settled(bufnr) then
    fail(path .. ": no diagnostics")
  end
  local fixes = 0
  for _ = 1, 20 do
    local diagnostics = vim.diagnostic.get(bufnr)
    offered = nil
    for _, diagnostic in ipairs(diagnostics) do
      vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
      offered = nil
      vim.lsp.buf.code_action()
      vim.wait(WAIT, function() return offered ~= nil end, 20)
      if offered then break end
    end
    if not offered then break end
    fixes = fixes + 1
    if not settled(bufnr) then
      fail(path .. ": no diagnostics after a fix")
    end
  end
  vim.cmd("write")
  local codes = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    codes[#codes + 1] = diagnostic.code
  end
  report[#report + 1] = path .. " fixes=" .. fixes .. " left=" .. table.concat(codes, ",")
end
end

local ok, err = pcall(fix_each_file)
if not ok then
  fail(tostring(err))
end
vim.fn.writefile(report, vim.env.LSTMSPEC_REPORT)
vim.cmd("qall!")
