#!/usr/bin/env python3
"""Two-replica check of issues 5 and 6 (not a test): two conductors on one Kafka and one Redis.

Replica A starts the embedded Kafka and Redis; replica B is pointed at them (KAFKA_BOOTSTRAP_SERVERS,
QUARKUS_REDIS_HOSTS). Then: every alert firing reaches the webhook once (evaluation runs in the Streams task that owns
the component, delivery in one consumer group), every direct Redis change is one state-changed event on both replicas'
SSE streams, and GET /metrics answers the same on both replicas (forwarded to the owner when not local).
usage: ./mvnw -B -q -DskipTests package && python3 bench/replicas_check.py
"""
import collections, http.client, http.server, json, os, re, shutil, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import launch, make_call, wait_health

PORT_A, PORT_B = 8901, 8902
DATA = os.path.abspath("bench/data/replicas")
EVERY = {"HARMONY_HEARTBEAT_INTERVAL": "1", "HARMONY_HEARTBEAT_GRACE": "5"}

hooks = []
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        hooks.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
hook_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=hook_server.serve_forever, daemon=True).start()
EVERY["HARMONY_ALERTS_WEBHOOK_URL"] = "http://127.0.0.1:%d/hook" % hook_server.server_address[1]

def sse(port, pattern, sink):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    c.request("GET", "/events/subscribe?event_type=" + pattern)
    r = c.getresponse()
    while True:
        line = r.readline().decode()
        if not line: return
        if line.startswith("data:"): sink.append(json.loads(line[5:]))

shutil.rmtree(DATA, ignore_errors=True)
os.makedirs(DATA + "/a"); os.makedirs(DATA + "/b")
a = launch(DATA + "/a", PORT_A, **EVERY)
call_a, call_b = make_call("http://127.0.0.1:%d" % PORT_A), make_call("http://127.0.0.1:%d" % PORT_B)
b = None
try:
    wait_health(call_a, 120)
    log = open(DATA + "/a/conductor.log").read()
    kafka, redis = re.search(r"Using Kafka at (\S+) and Redis at (\S+)", log).groups()
    redis_port = redis.rsplit(":", 1)[1]
    print("replica A on :%d started Kafka %s and Redis %s" % (PORT_A, kafka, redis))
    b = launch(DATA + "/b", PORT_B, KAFKA_BOOTSTRAP_SERVERS=kafka, QUARKUS_REDIS_HOSTS=redis, **EVERY)
    wait_health(call_b, 120)
    print("replica B on :%d uses them" % PORT_B)
    time.sleep(8)  # let the Streams group settle on both members (tasks split between A and B)

    events_a, events_b = [], []
    threading.Thread(target=sse, args=(PORT_A, "state-*,alert-*", events_a), daemon=True).start()
    threading.Thread(target=sse, args=(PORT_B, "state-*,alert-*", events_b), daemon=True).start()

    ids = []
    for i in range(6):
        call = call_a if i % 2 == 0 else call_b
        ids.append(call("POST", "/register", {"component": "rep-%d" % i, "version": "1", "port": 9100 + i})[1]["component_id"])
    code, _ = call_a("POST", "/alerts/configure", {"alert_name": "rep-errors", "condition": "errors_per_minute > 5",
                                                 "notification_channels": ["webhook"]})
    print("rule configured on A:", code, "| visible on B:", any(r["alert_name"] == "rep-errors" for r in call_b("GET", "/alerts")[1]["alerts"]))
    errors = 0
    for round_ in range(6):  # beat all six through alternating replicas; errors jump in round 3
        if round_ == 3: errors = 100
        for i, cid in enumerate(ids):
            (call_a if (i + round_) % 2 == 0 else call_b)("POST", "/heartbeat", {"component_id": cid, "metrics": {"errors": errors, "requests_total": 10 * round_}})
        time.sleep(0.5)
    # two of them fall silent: the built-in component-degraded rule fires for each
    silent = ids[:2]
    stop = threading.Event()
    def keep_beating():  # the other four beat until the end, through both replicas
        while not stop.is_set():
            for i, cid in enumerate(ids[2:]):
                (call_a if i % 2 == 0 else call_b)("POST", "/heartbeat", {"component_id": cid, "metrics": {"errors": errors, "requests_total": 60}})
            time.sleep(0.5)
    threading.Thread(target=keep_beating, daemon=True).start()
    time.sleep(5)

    # shared state: ten direct writes
    for n in range(10):
        subprocess.run(["redis-cli", "-p", redis_port, "SET", "echo:replicas:probe", "v%d" % n], capture_output=True)
        time.sleep(0.1)
    time.sleep(3)

    print("GET /alerts/active on B: %s" % sorted((x["alert_name"], x["component_id"]) for x in call_b("GET", "/alerts/active")[1]["alerts"]))
    stop.set()
    deliveries = collections.Counter((h.get("alert_name"), h.get("component_id"), h.get("event")) for h in hooks)
    firing = {k: v for k, v in deliveries.items() if k[2] == "alert-firing"}
    print("webhook deliveries of alert-firing per (rule, component):")
    for k, v in sorted(firing.items()):
        print("   %-20s %-10s %d" % (k[0], k[1], v))
    print("  rep-errors firings: %d (6 components), each delivered once: %s" % (
        sum(1 for k in firing if k[0] == "rep-errors"), all(v == 1 for v in firing.values())))
    print("  component-degraded firings for the silent two: %s" % sorted(k[1] for k in firing if k[0] == "component-degraded"))
    for name, evs in (("A", events_a), ("B", events_b)):
        states = [e for e in evs if e["event"] == "state-changed" and e["data"]["key"] == "replicas:probe"]
        alerts = collections.Counter((e["data"]["alert_name"], e["data"]["component_id"]) for e in evs if e["event"] == "alert-firing")
        print("SSE on %s: state-changed for the 10 writes: %d (distinct values %d); alert-firing events %d, any twice: %s" % (
            name, len(states), len({e["data"]["value"] for e in states}), sum(alerts.values()), any(v > 1 for v in alerts.values())))
    same = 0
    for cid in ids:
        pa = call_a("GET", "/metrics/" + cid)[1]["points"]
        pb = call_b("GET", "/metrics/" + cid)[1]["points"]
        same += pa == pb and len(pa) > 0
    print("GET /metrics/{id} identical on A and B (non-empty): %d of %d components" % (same, len(ids)))
finally:
    for p in (b, a):
        if p:
            p.send_signal(signal.SIGTERM)
            try: p.wait(20)
            except subprocess.TimeoutExpired: p.kill()
