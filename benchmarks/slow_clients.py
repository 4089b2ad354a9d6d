"""Slow clients against a real ``humasgraph serve`` on 127.0.0.1 (bounded: 2,000 sockets, about 20 s).

    .venv/bin/python benchmarks/slow_clients.py STORE [PORT]

2,000 connections trickle a request's headers a byte every 5 s (default header_timeout 10 s,
max_connections 1,000); a normal request is made meanwhile; prints how many the server closed.
"""

import socket
import subprocess
import sys
import time

import httpx

store = sys.argv[1]
port = int(sys.argv[2]) if len(sys.argv) > 2 else 18932
srv = subprocess.Popen([".venv/bin/humasgraph", "--store", store, "serve", "--port", str(port)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
url = f"http://127.0.0.1:{port}"
try:
    for _ in range(200):
        try:
            httpx.get(url + "/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    socks = []
    t0 = time.monotonic()
    for _ in range(2000):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"G")
        socks.append(s)
    time.sleep(1)
    t = time.perf_counter()
    r = httpx.get(url + "/healthz", timeout=30)
    print(f"opened 2,000 trickling connections in {time.monotonic() - t0:.1f} s; /healthz meanwhile: "
          f"HTTP {r.status_code} in {(time.perf_counter() - t) * 1000:.0f} ms")
    time.sleep(max(0, 5 - (time.monotonic() - t0)))
    for s in socks:
        try:
            s.sendall(b"E")
        except OSError:
            pass
    time.sleep(max(0, 12 - (time.monotonic() - t0)))
    closed = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(10) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    print(f"after {time.monotonic() - t0:.1f} s: {closed} of 2,000 closed by the server (header_timeout 10 s)")
    for s in socks:
        s.close()
    print("after:", httpx.get(url + "/healthz", timeout=30).status_code)
finally:
    srv.terminate()
    srv.wait(timeout=30)
