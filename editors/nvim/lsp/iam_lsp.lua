-- iam-lsp: the AWS IAM policy language server, for Neovim 0.11+.
--
-- Put the folder holding this `lsp/` directory on 'runtimepath' (or copy this file into
-- `~/.config/nvim/lsp/`), then `vim.lsp.enable("iam_lsp")`. Override anything with
-- `vim.lsp.config("iam_lsp", { ... })`, e.g. `cmd = { "/path/to/iam-lsp" }` or `settings`.

--- How much of a buffer is read to decide whether it is a policy (policies are at most a few
--- hundred KB; the markers sit near the top).
local SCAN_LINES = 400

--- Whether the buffer looks like an IAM policy: it has a `"Statement"` key, or a policy
--- `"Version"` ("2012-10-17" or the old "2008-10-17"). `package.json`, `tsconfig.json` and other
--- JSON have neither, so no server starts for them.
---@param bufnr integer
---@return boolean
local function looks_like_policy(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, SCAN_LINES, false)
  local text = table.concat(lines, "\n")
  return text:find('"Statement"%s*:') ~= nil
    or text:find('"Version"%s*:%s*"2012%-10%-17"') ~= nil
    or text:find('"Version"%s*:%s*"2008%-10%-17"') ~= nil
end

---@type vim.lsp.Config
return {
  cmd = { "iam-lsp" },
  filetypes = { "json", "jsonc" },
  ---@param bufnr integer
  ---@param on_dir fun(root_dir?: string)
  root_dir = function(bufnr, on_dir)
    if not looks_like_policy(bufnr) then
      return
    end
    local name = vim.api.nvim_buf_get_name(bufnr)
    local root = vim.fs.root(bufnr, { ".git" })
      or (name ~= "" and vim.fs.dirname(name))
      or vim.uv.cwd()
    on_dir(root)
  end,
  -- The server's settings: per-code severity (error|warning|info|hint|off), policy type per glob
  -- (identity|resource|trust|scp|rcp) and inlay hints, e.g.
  --   settings = { severity = { MISSING_VERSION = "off" }, policyTypes = { ["**/trust*.json"] = "trust" } }
  -- They are sent on `workspace/didChangeConfiguration` and, unless `init_options` is set, as
  -- `initializationOptions` too, so the first diagnostics already use them.
  settings = vim.empty_dict(),
  before_init = function(params, config)
    if params.initializationOptions == nil then
      params.initializationOptions = config.settings
    end
  end,
}
