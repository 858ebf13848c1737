#!/usr/bin/env python3
"""Measures the language server over stdio, as an editor sees it:

- time from process start to the `initialize` response (median of 21 starts);
- resident memory (VmRSS, /proc) with N policies of the corpus open (default 100), diagnostics received;
- change -> publishDiagnostics over stdio on the typical (closest to 2 KB) policy (median of 200 edits) and the
  largest (median of 20).

usage: tests/bench/lsp.py [BINARY] [CORPUS_DIR] [N]
       defaults: target/release/iam-lsp, tests/corpus/managed, 100
"""
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/iam-lsp")
CORPUS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests/corpus/managed")
N = int(sys.argv[3]) if len(sys.argv) > 3 else 100


class Server:
    def __init__(self):
        self.proc = subprocess.Popen([BINARY], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, version):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics":
                p = message["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(10)


def initialized():
    server = Server()
    server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    server.notify("initialized", {})
    return server


def main():
    starts = []
    for _ in range(21):
        t0 = time.perf_counter()
        server = Server()
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        starts.append(time.perf_counter() - t0)
        server.notify("initialized", {})
        server.close()
    print(f"process start -> initialize response: median {statistics.median(starts) * 1000:.1f} ms "
          f"(min {min(starts) * 1000:.1f}, max {max(starts) * 1000:.1f}; 21 starts)")

    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".json"))
    texts = {f: open(os.path.join(CORPUS, f), encoding="utf-8").read() for f in files}
    server = initialized()
    idle = server.rss_mib()
    for f in files[:N]:
        uri = f"file:///corpus/{f}"
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": texts[f]}})
    # Every document's diagnostics, the last one's last.
    server.wait_diagnostics(f"file:///corpus/{files[min(N, len(files)) - 1]}", 1)
    print(f"resident memory: {idle:.1f} MiB after initialize, {server.rss_mib():.1f} MiB with {min(N, len(files))} policies open "
          f"({sum(len(texts[f]) for f in files[:N]) / 1024:.0f} KiB of JSON)")
    server.close()

    typical = min(files, key=lambda f: abs(len(texts[f]) - 2048))
    largest = max(files, key=lambda f: len(texts[f]))
    for label, name, edits in (("typical", typical, 200), ("largest", largest, 20)):
        server = initialized()
        uri = f"file:///bench/{name}"
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": texts[name]}})
        server.wait_diagnostics(uri, 1)
        times = []
        for version in range(2, 2 + edits):
            start = {"line": 1, "character": 0}
            end = start if version % 2 == 0 else {"line": 1, "character": 1}
            text = " " if version % 2 == 0 else ""
            t0 = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [{"range": {"start": start, "end": end}, "text": text}]})
            server.wait_diagnostics(uri, version)
            times.append(time.perf_counter() - t0)
        print(f"change -> publishDiagnostics over stdio, {label} ({name}, {len(texts[name])} B): "
              f"median {statistics.median(times) * 1000:.2f} ms, p90 {sorted(times)[edits * 9 // 10 - 1] * 1000:.2f} ms ({edits} edits)")
        server.close()


if __name__ == "__main__":
    main()
