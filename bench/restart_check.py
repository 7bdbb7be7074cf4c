#!/usr/bin/env python3
"""Restart check of issue 3 (not a test): kill -9 the conductor mid-run and verify that downtime is never silence.

Starts the packaged conductor with I=0.5 s, M=3, G=3 s on its own data dir, registers 50 instances, beats all for 3 s,
silences 25, kills the conductor with -9, keeps the other 25 beating, starts it again after 6 s and prints, from the
first /health 200: ids kept, statuses, failed beats, and when the silent 25 turned degraded and offline.
usage: python3 bench/restart_check.py   (after ./mvnw -B -DskipTests package)
"""
import os, shutil, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import launch, make_call, wait_health

BASE = "http://127.0.0.1:%s" % os.environ.get("PORT", "8899")
DATA = os.path.abspath("bench/data/restart")

_call = make_call(BASE)

def call(method, path, body=None, timeout=5):
    """Never raises: while the conductor is down a beat simply fails (status 0)."""
    try:
        return _call(method, path, body, timeout)
    except Exception:
        return 0, None

def start():
    return launch(DATA, BASE.rsplit(":", 1)[1], "a", HARMONY_HEARTBEAT_INTERVAL="0.5", HARMONY_HEARTBEAT_GRACE="3")

def wait_health(limit=90, _wait=wait_health):
    return _wait(call, limit)

shutil.rmtree(DATA, ignore_errors=True); os.makedirs(DATA)
proc = start(); t_up = wait_health(); print("first start: healthy")
ids = []
for i in range(50):
    s, b = call("POST", "/register", {"component": "restart", "version": "1", "port": 10000 + i})
    assert s == 201, (s, b); ids.append(b["component_id"])
beating, silent = ids[:25], ids[25:]
stop_all, stop_silent = threading.Event(), threading.Event()
after_up = {"ok": 0, "fail": 0}; up_at = [None]

def beat(cid, group_stop):
    while not stop_all.is_set() and not group_stop.is_set():
        s, _ = call("POST", "/heartbeat", {"component_id": cid, "status": "healthy"}, timeout=2)
        if up_at[0] is not None and time.time() > up_at[0]:
            after_up["ok" if s == 200 else "fail"] += 1
        time.sleep(0.25)

never = threading.Event()
threads = [threading.Thread(target=beat, args=(c, never), daemon=True) for c in beating] + \
          [threading.Thread(target=beat, args=(c, stop_silent), daemon=True) for c in silent]
for t in threads: t.start()
time.sleep(3)
stop_silent.set()
time.sleep(0.3)  # the silent 25's last beats land
proc.send_signal(signal.SIGKILL); proc.wait(); killed = time.time(); print("killed -9")
time.sleep(6)
proc = start(); up = wait_health(); up_at[0] = up
print("restarted: /health 200 %.1f s after start" % (up - killed - 6))
s, b = call("GET", "/services?component=restart")
statuses = {x["component_id"]: x["status"] for x in b["services"]}
print("ids kept: %d/50; not healthy at first 200: %d" % (sum(1 for c in ids if c in statuses),
      sum(1 for c in ids if statuses.get(c) != "healthy")))
degraded_at, offline_at = {}, {}
while time.time() - up < 9:
    _, b = call("GET", "/services?component=restart")
    now = time.time() - up
    for x in (b or {}).get("services", []):
        if x["component_id"] in silent:
            if x["status"] in ("degraded", "offline"): degraded_at.setdefault(x["component_id"], now)
            if x["status"] == "offline": offline_at.setdefault(x["component_id"], now)
        elif x["status"] != "healthy":
            print("beating component not healthy:", x["component_id"], x["status"])
    time.sleep(0.1)
stop_all.set()
print("silent 25: degraded %d, latest at +%.2f s (bound +2.5); offline %d, latest at +%.2f s (bound +5.5)" % (
    len(degraded_at), max(degraded_at.values() or [0]), len(offline_at), max(offline_at.values() or [0])))
print("earliest degraded at +%.2f s (not before +1.5)" % min(degraded_at.values() or [0]))
print("beats after first 200: %d ok, %d failed" % (after_up["ok"], after_up["fail"]))
s, b = call("POST", "/register", {"component": "restart", "version": "1", "port": 10025})
print("re-register of", silent[0], "->", b and b["component_id"])
children = subprocess.run(["ps", "--ppid", str(proc.pid), "-o", "comm="], capture_output=True, text=True).stdout.split()
print("conductor's child processes:", children)
proc.send_signal(signal.SIGTERM); t = time.time(); proc.wait()
time.sleep(0.5)
left = subprocess.run(["pgrep", "-f", DATA], capture_output=True, text=True).stdout.split()
print("SIGTERM: exited in %.1f s; processes of ours left: %d" % (time.time() - t, len(left)))
