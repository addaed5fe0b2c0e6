-- Neovim (0.7 API) as the language server's client: start sidecar-lint --lsp, open the manifest,
-- wait for its diagnostics, apply the first code action of the last one, wait again, and write
-- what Neovim holds to $SIDECAR_LINT_OUT. Run by test/neovim.test.ts.
local out = assert(io.open(vim.env.SIDECAR_LINT_OUT, 'w'))
local function say(text) out:write(text .. '\n') end

local client_id = vim.lsp.start_client({
  name = 'sidecar-lint',
  cmd = { vim.env.SIDECAR_LINT_NODE, vim.env.SIDECAR_LINT_BIN, '--lsp', '--stdio' },
  root_dir = vim.env.SIDECAR_LINT_ROOT,
  init_options = { debounceMs = 0 },
})
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.SIDECAR_LINT_FILE))
vim.lsp.buf_attach_client(0, client_id)

local function diagnostics(count)
  local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) == count end, 20)
  if not ok then say('timed out waiting for ' .. count .. ' diagnostics') end
  local list = vim.diagnostic.get(0)
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  for _, d in ipairs(list) do
    local lsp = d.user_data and d.user_data.lsp or {}
    say(string.format('%d:%d-%d:%d severity=%d source=%s code=%s', d.lnum, d.col, d.end_lnum, d.end_col, d.severity, d.source or '', tostring(lsp.code)))
  end
  return list
end

say('filetype=' .. vim.bo.filetype)
local list = diagnostics(2)
-- As vim.lsp.buf.code_action() asks: the diagnostics of the cursor's line, as LSP diagnostics.
local last = list[#list]
vim.api.nvim_win_set_cursor(0, { last.lnum + 1, last.col })
local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, last.lnum)
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = line_diagnostics }
local responses = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}
local actions = (responses[client_id] or {}).result or {}
for _, action in ipairs(actions) do say('action: ' .. action.title) end
vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
say('after fix:')
diagnostics(1)
say('line 13: ' .. vim.api.nvim_buf_get_lines(0, 12, 13, false)[1])
out:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
