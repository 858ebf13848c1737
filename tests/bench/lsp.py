#!/usr/bin/env python3
"""Measures the language server over stdio, as an editor sees it:

- time from process start to the `initialize` response (median of 21 starts);
- resident memory (VmRSS, /proc) with N policies of the corpus open (default 100; `all` opens every one), once
  the diagnostics of every one of them were received, and again 15 s later, when the allocator gave back
  the pages the analyses freed;
- change -> publishDiagnostics over stdio on the typical (closest to 2 KB) policy (median of 200 edits) and the
  largest (median of 20).

usage: tests/bench/lsp.py [--memory-only] [BINARY] [CORPUS_DIR] [N|all]
       defaults: target/release/iam-lsp, tests/corpus/managed, 100
"""
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEMORY_ONLY = "--memory-only" in sys.argv[1:]
ARGS = [a for a in sys.argv[1:] if a != "--memory-only"]
BINARY = ARGS[0] if len(ARGS) > 0 else os.path.join(ROOT, "target/release/iam-lsp")
CORPUS = ARGS[1] if len(ARGS) > 1 else os.path.join(ROOT, "tests/corpus/managed")
SETTLE = 15
N = None if len(ARGS) > 2 and ARGS[2] == "all" else int(ARGS[2]) if len(ARGS) > 2 else 100


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

    def wait_all_diagnostics(self, uris, version):
        """Returns the number of diagnostics in the last push of each of `uris`, once each got one."""
        pending, counts = set(uris), {}
        while pending:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics":
                p = message["params"]
                if p["uri"] in pending and p.get("version") == version:
                    pending.discard(p["uri"])
                    counts[p["uri"]] = len(p["diagnostics"])
        return counts

    def status(self, field):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])

    def rss_mib(self):
        return self.status("VmRSS") / 1024

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(10)


def initialized():
    server = Server()
    server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    server.notify("initialized", {})
    return server


def memory():
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".json"))
    opened = files if N is None else files[:N]
    texts = {f: open(os.path.join(CORPUS, f), encoding="utf-8").read() for f in opened}
    server = initialized()
    idle = server.rss_mib()
    uris = []
    for f in opened:
        uri = f"file:///corpus/{f}"
        uris.append(uri)
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": texts[f]}})
    counts = server.wait_all_diagnostics(uris, 1)
    busy = server.rss_mib()
    # jemalloc returns freed pages to the system about 10 s after the work that freed them.
    time.sleep(SETTLE)
    print(f"resident memory: {idle:.1f} MiB after initialize; with {len(opened)} policies open "
          f"({sum(len(t) for t in texts.values()) / 1024:.0f} KiB of JSON, {sum(counts.values())} diagnostics received, "
          f"{server.status('Threads')} threads): {busy:.1f} MiB on the last diagnostics, "
          f"{server.rss_mib():.1f} MiB {SETTLE} s later")
    server.close()


def main():
    if MEMORY_ONLY:
        return memory()
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

    memory()

    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".json"))
    texts = {f: open(os.path.join(CORPUS, f), encoding="utf-8").read() for f in files}

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
