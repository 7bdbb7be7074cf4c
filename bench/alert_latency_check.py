#!/usr/bin/env python3
"""Alert check of issue 6 (not a test): the seed's metrics and alert curls, and how fast a rule fires.

Starts the conductor (own data dir, port 8898, heartbeat interval 5 s as by default) with its webhook channel pointed at
an in-process receiver; runs the seed's metrics curls against the conductor's port and the seed's alert body; then a
component reports errors 0, and 2 s later errors 10 (errors_per_minute 300): prints the time from that heartbeat's
202/200 to the alert-firing event on the SSE stream and to the webhook delivery, and how many deliveries arrived.
usage: ./mvnw -B -q -DskipTests package && python3 bench/alert_latency_check.py
"""
import http.client, http.server, json, os, shutil, signal, subprocess, sys, threading, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import launch, make_call, wait_health

PORT = 8898
DATA = os.path.abspath("bench/data/alert-latency")
hooks = []
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        hooks.append((time.time(), json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=srv.serve_forever, daemon=True).start()

shutil.rmtree(DATA, ignore_errors=True); os.makedirs(DATA)
p = launch(DATA, PORT, HARMONY_ALERTS_WEBHOOK_URL="http://127.0.0.1:%d/hook" % srv.server_address[1])
call = make_call("http://127.0.0.1:%d" % PORT)
events = []
def sse():
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    c.request("GET", "/events/subscribe?event_type=alert-*")
    r = c.getresponse()
    while True:
        line = r.readline().decode()
        if not line: return
        if line.startswith("data:"): events.append((time.time(), json.loads(line[5:])))
try:
    wait_health(call, 120)
    threading.Thread(target=sse, daemon=True).start()
    s, reg = call("POST", "/register", {"component": "sherlock-hub", "version": "1.0.0", "port": 8000,
                                         "capabilities": ["entity-mapping"], "health_check_url": "http://localhost:8000/health"})
    cid = reg["component_id"]
    call("POST", "/heartbeat", {"component_id": cid, "timestamp": "2025-12-17T19:45:05Z", "status": "healthy",
                                "metrics": {"requests_total": 150, "requests_per_minute": 2.5, "average_response_time_ms": 45,
                                            "entities_count": 1000, "relationships_count": 500, "errors": 0}})
    time.sleep(1)
    for path in ["/dashboard", "/metrics/" + cid, "/metrics", "/metrics?start=2025-12-17T19:00:00Z&end=2025-12-17T20:00:00Z"]:
        code, body = call("GET", path)
        print("seed curl GET %-60s -> %d %s" % (path, code, json.dumps(body)[:110]))
    code, body = call("POST", "/alerts/configure", {"alert_name": "high-error-rate", "condition": "errors_per_minute > 5",
                                                    "components": ["sherlock-hub", "echo-git-sync"],
                                                    "notification_channels": ["email", "slack"]})
    print("seed alert curl (email, slack: no endpoints configured, logged as skipped) -> %d %s" % (code, json.dumps(body)))
    code, body = call("POST", "/alerts/configure", {"alert_name": "errors-webhook", "condition": "errors_per_minute > 5",
                                                    "components": ["sherlock-hub"], "notification_channels": ["webhook"]})
    print("webhook rule -> %d" % code)
    time.sleep(2)
    t0 = time.time()
    call("POST", "/heartbeat", {"component_id": cid, "status": "healthy", "metrics": {"requests_total": 170, "errors": 10}})
    acked = time.time()
    while time.time() - t0 < 10 and not (any(e["data"]["alert_name"] == "errors-webhook" for _, e in events)
                                         and any(h["alert_name"] == "errors-webhook" for _, h in hooks)):
        time.sleep(0.005)
    fired = [t for t, e in events if e["event"] == "alert-firing" and e["data"]["alert_name"] == "errors-webhook"]
    got = [t for t, h in hooks if h["alert_name"] == "errors-webhook" and h["event"] == "alert-firing"]
    print("heartbeat with errors_per_minute ~300 acknowledged in %.0f ms" % ((acked - t0) * 1000))
    print("alert-firing on SSE %.0f ms after the heartbeat; webhook delivery %.0f ms after it" % (
        (fired[0] - t0) * 1000 if fired else float("nan"), (got[0] - t0) * 1000 if got else float("nan")))
    time.sleep(3)
    print("webhook deliveries of that firing after 3 s more: %d" % len([1 for _, h in hooks if h["alert_name"] == "errors-webhook" and h["event"] == "alert-firing"]))
    print("GET /alerts/active -> %s" % json.dumps(call("GET", "/alerts/active")[1]))
finally:
    p.send_signal(signal.SIGTERM); p.wait(30)
