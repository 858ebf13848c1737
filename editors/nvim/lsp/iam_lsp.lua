-- iam-lsp: the AWS IAM policy language server, for Neovim 0.11+.
--
-- Put the folder holding this `lsp/` directory on 'runtimepath' (or copy this file into
-- `~/.config/nvim/lsp/`), then `vim.lsp.enable("iam_lsp")`. Override anything with
-- `vim.lsp.config("iam_lsp", { ... })`, e.g. `cmd = { "/path/to/iam-lsp" }` or `settings`.

--- How much of a buffer is read to decide whether it is a policy (policies are at most a few
--- hundred KB; the markers sit near the top).
local SCAN_LINES = 400

--- Whether `text` holds a policy's version string ("2012-10-17", or the old "2008-10-17").
---@param text string
---@return boolean
local function has_version(text)
  return text:find("2012%-10%-17") ~= nil or text:find("2008%-10%-17") ~= nil
end

--- The markers of a policy per filetype. JSON: a `"Statement"` key or a policy `"Version"`, so no
--- server starts for `package.json` and `tsconfig.json`. YAML (CloudFormation/SAM templates,
--- serverless.yml): a `Statement` key, Serverless's `statements` / `iamRoleStatements`, or a policy
--- version, so none starts for a docker-compose.yml. Terraform: `Statement =` in `jsonencode`,
--- `"Statement":` in heredoc JSON, `statement {` blocks, `aws_iam_policy_document`, or a version.
---@type table<string, fun(text: string): boolean>
local MARKERS = {
  json = function(text)
    return text:find('"Statement"%s*:') ~= nil or text:find('"Version"%s*:%s*"20[01][28]%-10%-17"') ~= nil
  end,
  yaml = function(text)
    for _, key in ipairs({ "Statement", "statements", "iamRoleStatements" }) do
      if text:find("%f[%w]" .. key .. "[\"']?%s*:") then
        return true
      end
    end
    return has_version(text)
  end,
  terraform = function(text)
    return text:find("%f[%w][Ss]tatement\"?%s*[=:{]") ~= nil
      or text:find("aws_iam_policy_document", 1, true) ~= nil
      or has_version(text)
  end,
}
MARKERS.jsonc = MARKERS.json
MARKERS.hcl = MARKERS.terraform

--- Whether the buffer looks like it holds an IAM policy, by its filetype's markers.
---@param bufnr integer
---@return boolean
local function looks_like_policy(bufnr)
  local marker = MARKERS[vim.bo[bufnr].filetype]
  if marker == nil then
    return false
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, SCAN_LINES, false)
  return marker(table.concat(lines, "\n"))
end

---@type vim.lsp.Config
return {
  cmd = { "iam-lsp" },
  -- Policies in JSON, in CloudFormation/SAM and Serverless YAML, and in Terraform. Only buffers
  -- with a policy's markers attach (see `root_dir`), so the YAML and Terraform servers are alone on
  -- every other file.
  filetypes = { "json", "jsonc", "yaml", "terraform", "hcl" },
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
