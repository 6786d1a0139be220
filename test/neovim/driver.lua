-- Drives Neovim's own LSP client (loaded from the README snippet) headless, as a user would:
-- waits for diagnostics, runs a code lens with vim.lsp.codelens.run() and code actions through
-- vim.lsp.buf.code_action() (vim.ui.select answered by title), then writes what happened as JSON.
local results = { branch = vim.lsp.start and '0.8+' or '0.7', messages = {}, showMessageRequests = 0, unsupported = {}, steps = {} }

vim.lsp.handlers['window/showMessageRequest'] = function()
  results.showMessageRequests = results.showMessageRequests + 1
  return vim.NIL
end
vim.lsp.handlers['window/showMessage'] = function(_, r)
  table.insert(results.messages, r.message)
end
-- "Language server does not support command ..." would come through vim.notify.
local notify = vim.notify
vim.notify = function(msg, ...)
  if type(msg) == 'string' and msg:find('does not support command', 1, true) then table.insert(results.unsupported, msg) end
  return notify(msg, ...)
end

local wanted
vim.ui.select = function(items, opts, on_choice)
  for i, item in ipairs(items) do
    local title = opts.format_item and opts.format_item(item) or tostring(item)
    if title:find(wanted, 1, true) then return on_choice(item, i) end
  end
  table.insert(results.steps, 'no action titled ' .. wanted)
  on_choice(nil, nil)
end

local function finish()
  local f = io.open(vim.env.XMPP_E2E_RESULT, 'w')
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qa!')
end

local function count(t)
  return #t
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  results.filetype = vim.bo.filetype
  vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  results.diagnostics = {}
  local fromLine
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(results.diagnostics, code)
    if code == 'cpim.header.case' then fromLine = d.lnum end
  end
  results.attached = #vim.lsp.buf_get_clients(bufnr) > 0

  -- The lens above the object, run the way a user runs it.
  vim.lsp.codelens.refresh()
  vim.wait(20000, function() return count(vim.lsp.codelens.get(bufnr)) > 0 end, 50)
  local lenses = vim.lsp.codelens.get(bufnr)
  results.lens = lenses[1] and lenses[1].command and lenses[1].command.title or nil
  if lenses[1] then
    vim.api.nvim_win_set_cursor(0, { lenses[1].range.start.line + 1, 0 })
    local before = #results.messages
    vim.lsp.codelens.run()
    vim.wait(20000, function() return #results.messages > before or #results.unsupported > 0 end, 50)
    local msg = results.messages[before + 1] or 'no message'
    table.insert(results.steps, 'lens: ' .. msg)
    -- The file lives while the server runs: read its first line now.
    local path = msg:match('written to: (.*)$')
    if path then results.decodedFirstLine = vim.fn.readfile(path, '', 1)[1] end
  end

  -- Code actions on the lower-case CPIM header line.
  if fromLine then
    for _, title in ipairs({ 'Open Decoded Object 1', 'Unseal Object 1 into a Side View' }) do
      vim.api.nvim_win_set_cursor(0, { fromLine + 1, 0 })
      wanted = title
      local before = #results.messages
      vim.lsp.buf.code_action()
      vim.wait(20000, function() return #results.messages > before or #results.unsupported > 0 end, 50)
      table.insert(results.steps, title .. ': ' .. (results.messages[before + 1] or 'no message'))
    end
    vim.api.nvim_win_set_cursor(0, { fromLine + 1, 0 })
    wanted = "Replace with 'From'"
    vim.lsp.buf.code_action()
    vim.wait(20000, function()
      return vim.api.nvim_buf_get_lines(bufnr, fromLine, fromLine + 1, false)[1]:find('From: <im:', 1, true) ~= nil
    end, 50)
    results.fixedLine = vim.api.nvim_buf_get_lines(bufnr, fromLine, fromLine + 1, false)[1]
  end

  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = fromLine or 0, character = 2 },
  }, 20000)
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then results.hover = r.result.contents.value end
  end
  finish()
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    vim.defer_fn(function()
      local ok, err = pcall(run)
      if not ok then
        results.error = tostring(err)
        finish()
      end
    end, 100)
  end,
})
