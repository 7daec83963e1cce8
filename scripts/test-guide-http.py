#!/usr/bin/env python3
"""Runs the examples of docs/guide-http.md against a real `zhili serve`.

Usage: test-guide-http.py ZHILI_BINARY   (from the repository root)

Starts `zhili serve --cors https://example.org --static bindings-wasm/explorer` on a free loopback
port, with `localhost:8080` in the examples read as its address, then:

- each ```console block is one bash session: every `$ ` line is a command, the lines after it up to
  the next command are its expected output, line for line; an expected line ending in `…` matches
  any line that starts with what comes before the `…` (for values such as an ETag);
- every `curl` line of the ```sh blocks runs and must succeed (exit 0) and print a JSON body.

Python 3 standard library only; bounded (every command has a timeout).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time

GUIDE = "docs/guide-http.md"
ORIGIN = "https://example.org"


def start(binary):
    log = tempfile.NamedTemporaryFile(prefix="zhili-guide-", suffix=".log")
    proc = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0", "--log-format", "json", "--log", "warn,zhili_server=info",
         "--cors", ORIGIN, "--static", "bindings-wasm/explorer"],
        stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(600):
        with open(log.name) as f:
            for line in f:
                try:
                    fields = json.loads(line).get("fields", {})
                except ValueError:
                    continue
                if fields.get("message") == "zhili serve listening":
                    return proc, log, fields["addr"]
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    sys.exit("zhili serve did not start:\n" + open(log.name).read())


def console_blocks(text):
    """[(commands, expected lines per command)] of each ```console block."""
    blocks = []
    for body in re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M):
        cmds = []
        for line in body.splitlines():
            if line.startswith("$ "):
                cmds.append((line[2:], []))
            elif cmds:
                cmds[-1][1].append(line)
            else:
                raise SystemExit(f"a console block starts with output: {line!r}")
        blocks.append(cmds)
    return blocks


def matches(expected, actual):
    if len(expected) != len(actual):
        return False
    for e, a in zip(expected, actual):
        if e.endswith("…"):
            if not a.startswith(e[:-1]):
                return False
        elif e != a:
            return False
    return True


def run_console(cmds, addr):
    marker = "@@zhili-guide-command@@"
    script = "".join(f"echo {marker}\n{c.replace('localhost:8080', addr)}\n" for c, _ in cmds)
    out = subprocess.run(["bash", "-c", script], capture_output=True, timeout=120)
    stdout = out.stdout.decode(errors="replace").replace("\r", "")
    outputs = stdout.split(marker + "\n")[1:]
    assert len(outputs) == len(cmds), f"{len(outputs)} outputs for {len(cmds)} commands:\n{stdout}"
    for (cmd, expected), got in zip(cmds, outputs):
        actual = got.splitlines()
        if not matches(expected, actual):
            raise SystemExit(f"{GUIDE}: `{cmd}`\n  expected: {expected}\n  got:      {actual}\n"
                             f"{out.stderr.decode(errors='replace')}")


def run_sh_curls(text, addr):
    n = 0
    for body in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        for line in body.splitlines():
            if not line.startswith("curl "):
                continue
            cmd = line.replace("localhost:8080", addr)
            out = subprocess.run(["bash", "-c", cmd], capture_output=True, timeout=120)
            body_text = out.stdout.decode(errors="replace").lstrip()
            if out.returncode != 0 or not body_text[:1] in "{[":
                raise SystemExit(f"{GUIDE}: `{line}` exited {out.returncode}: {body_text[:300]!r}")
            n += 1
    return n


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    text = open(GUIDE, encoding="utf-8").read()
    proc, log, addr = start(sys.argv[1])
    try:
        blocks = console_blocks(text)
        assert len(blocks) >= 3, "the guide's console examples"
        for cmds in blocks:
            run_console(cmds, addr)
        curls = run_sh_curls(text, addr)
        ran = sum(len(b) for b in blocks)
        print(f"   {GUIDE}: {ran} console commands with their output, {curls} curl examples: ok")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
