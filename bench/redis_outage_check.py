#!/usr/bin/env python3
"""Redis outage check of issue 5 (not a test): the conductor on an external Redis that is killed and restarted.

Starts its own redis-server (REDIS_SERVER, default `redis-server` on PATH; Debian: apt-get install redis-server) with
keyspace notifications, the conductor pointed at it with QUARKUS_REDIS_HOSTS, a component beating every 0.2 s and an
SSE subscriber of state-*. Kills Redis with -9 for DOWN seconds while calling the Redis-backed endpoints, then restarts
it on the same port and measures when each capability is back. Prints every status code seen, per endpoint.
usage: ./mvnw -B -q -DskipTests package && python3 bench/redis_outage_check.py
"""
import collections, http.client, json, os, shutil, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import launch, make_call, wait_health

PORT = int(os.environ.get("PORT", "8896"))
REDIS_PORT = int(os.environ.get("REDIS_PORT", "6391"))
DOWN = float(os.environ.get("DOWN", "6"))
REDIS = os.environ.get("REDIS_SERVER", shutil.which("redis-server") or "redis-server")
DATA = os.path.abspath("bench/data/redis-outage")
call = make_call("http://127.0.0.1:%d" % PORT)

def redis_server():
    return subprocess.Popen([REDIS, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--notify-keyspace-events", "KEA"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

def redis_cmd(*args):
    """One RESP command over a plain socket (no client library needed)."""
    import socket
    s = socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1)
    s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in args)).encode())
    reply = s.recv(65536)
    s.close()
    return reply

def timed(method, path, body=None):
    t = time.time()
    try:
        code = call(method, path, body, timeout=5)[0]
    except Exception as e:
        code = "ERR " + type(e).__name__
    return code, (time.time() - t) * 1000

state_events = []  # (arrival time, data)
def sse_reader():
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            conn.request("GET", "/events/subscribe?event_type=state-*")
            resp = conn.getresponse()
            while True:
                line = resp.readline().decode()
                if not line:
                    break
                if line.startswith("data:"):
                    state_events.append((time.time(), json.loads(line[5:])))
        except Exception:
            time.sleep(0.2)

beats = collections.Counter()
def beater(cid, stop):
    while not stop.is_set():
        beats[timed("POST", "/heartbeat", {"component_id": cid, "status": "healthy"})[0]] += 1
        time.sleep(0.2)

shutil.rmtree(DATA, ignore_errors=True); os.makedirs(DATA)
redis = redis_server()
time.sleep(0.5)
conductor = launch(DATA, PORT, QUARKUS_REDIS_HOSTS="redis://127.0.0.1:%d" % REDIS_PORT)
try:
    wait_health(call, 120)
    code, reg = call("POST", "/register", {"component": "outage-probe", "version": "1.0", "port": 9999})
    cid = reg["component_id"]
    stop = threading.Event()
    threading.Thread(target=beater, args=(cid, stop), daemon=True).start()
    threading.Thread(target=sse_reader, daemon=True).start()
    time.sleep(1)
    print("before: PUT /state/outage:probe ->", timed("PUT", "/state/outage:probe", {"value": {"n": 1}})[0])

    redis.send_signal(signal.SIGKILL); redis.wait()
    killed = time.time()
    print("redis killed (-9); calling the endpoints for %.0f s" % DOWN)
    seen = collections.defaultdict(collections.Counter)
    slowest = collections.defaultdict(float)
    probes = [("GET", "/state/outage:probe", None), ("PUT", "/state/outage:probe", {"value": 2}),
              ("DELETE", "/state/outage:probe", None), ("GET", "/state?prefix=outage:", None),
              ("GET", "/queue/receive?component=outage-probe", None),
              ("POST", "/queue/send", {"from": "a", "to": "outage-probe", "message_type": "t", "payload": {}}),
              ("POST", "/register", {"component": "outage-late", "version": "1.0", "port": 1}),
              ("GET", "/health", None), ("GET", "/services", None), ("GET", "/services/" + cid, None)]
    while time.time() - killed < DOWN:
        for m, p, b in probes:
            code, ms = timed(m, p, b)
            seen[m + " " + p][code] += 1
            slowest[m + " " + p] = max(slowest[m + " " + p], ms)
    for k in seen:
        print("  %-45s %s  slowest %.0f ms" % (k, dict(seen[k]), slowest[k]))
    print("  heartbeats during the outage:", dict(beats))
    any500 = any(isinstance(c, int) and c >= 500 and c != 503 for v in seen.values() for c in v)

    redis = redis_server()
    restarted = time.time()
    print("redis restarted (empty) at +0.0 s")
    back = {}
    n = 0
    while time.time() - restarted < 20 and len(set(back) - {"queue"}) < 5:
        now = time.time() - restarted
        if "state PUT" not in back and timed("PUT", "/state/outage:after", {"value": "x"})[0] == 200:
            back["state PUT"] = now
        if "health" not in back and timed("GET", "/health")[0] == 200:
            back["health"] = now
        if "keyspace events" not in back:
            n += 1
            try:
                redis_cmd("SET", "echo:outage:direct", str(n))
            except OSError:
                pass
            if any(d["data"].get("key") == "outage:direct" for _, d in state_events):
                back["keyspace events"] = time.time() - restarted
        if "queue" not in back and "state PUT" in back:
            if timed("POST", "/queue/send", {"from": "a", "to": "outage-after", "message_type": "t", "payload": {"k": 1}})[0] == 202:
                code, body = call("GET", "/queue/receive?component=outage-after&wait_seconds=2", timeout=5)
                if code == 200 and body["messages"]:
                    back["queue send+receive"] = time.time() - restarted
                    back["queue"] = True
        if "long-poll wake-up" not in back and "queue" in back:
            got = {}
            def poll():
                got["r"] = call("GET", "/queue/receive?component=outage-wake&wait_seconds=5", timeout=8)
            t = threading.Thread(target=poll); t.start(); time.sleep(0.3)
            sent = time.time()
            call("POST", "/queue/send", {"from": "a", "to": "outage-wake", "message_type": "t", "payload": {}})
            t.join()
            if got["r"][0] == 200 and got["r"][1]["messages"] and time.time() - sent < 1:
                back["long-poll wake-up"] = time.time() - restarted
        time.sleep(0.1)
    for k, v in back.items():
        if k != "queue":
            print("  back after restart: %-22s +%.2f s" % (k, v))
    stop.set()
    print("heartbeats overall:", dict(beats))
    print("RESULT: %s" % ("no 500 seen" if not any500 else "500s SEEN"))
finally:
    conductor.send_signal(signal.SIGTERM)
    try:
        conductor.wait(20)
    except subprocess.TimeoutExpired:
        conductor.kill()
    redis.kill()
