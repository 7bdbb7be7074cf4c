#!/usr/bin/env python3
"""Encryption-at-rest check of issue 18 (not a test): a marker string in payloads is nowhere in the files on disk.

Starts the packaged conductor on its own data dir (embedded Kafka and Redis, AOF on) with a fresh random
harmony.encryption.key, sends the marker through every path that stores a payload (queued messages, a request and
its reply, a broadcast), checks that the API hands the marker back in plaintext, stops the conductor (so the broker
and Redis flush), then reads every file under the data dir (broker log segments, Redis AOF, Streams state) as bytes.
PASS: the marker is in no file, while the routing fields sent with it (which stay readable) are in both the broker's
segments and the AOF, which shows the data did reach the disk and the search would have found it.
usage: ./mvnw -B -q -DskipTests package && python3 bench/encryption_check.py
       python3 bench/encryption_check.py --no-key    # the control: same run unencrypted, must FAIL
"""
import base64, http.client, json, os, shutil, sys, threading, time, uuid
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import launch, make_call, wait_health

PORT = int(os.environ.get("PORT", "8897"))
DATA = os.path.abspath("bench/data/encryption-check")
ENCRYPT = "--no-key" not in sys.argv
call = make_call("http://127.0.0.1:%d" % PORT)

marker = "plaintext-marker-" + uuid.uuid4().hex
route = "vault-" + uuid.uuid4().hex[:12]       # a recipient / component name: routing, stays readable
env = {"HARMONY_HEARTBEAT_INTERVAL": "5"}
if ENCRYPT:
    # Never printed: the check is also that nothing the conductor writes needs it printed.
    env["HARMONY_ENCRYPTION_KEY"] = base64.b64encode(os.urandom(32)).decode()
    env["HARMONY_ENCRYPTION_KEY_ID"] = "check"

shutil.rmtree(DATA, ignore_errors=True); os.makedirs(DATA)
conductor = launch(DATA, PORT, **env)
ok = True
def check(name, passed, detail=""):
    global ok
    ok = ok and passed
    print("  %-4s %s%s" % ("ok" if passed else "FAIL", name, (": " + detail) if detail else ""))

try:
    wait_health(call, 120)
    print("conductor up on :%d, data in %s, encryption %s" % (PORT, DATA, "on" if ENCRYPT else "OFF (control)"))
    # Queue: two received back through the API, one left in its list (in Redis memory and its AOF).
    for i in range(3):
        code, _ = call("POST", "/queue/send", {"from": "checker", "to": route, "message_type": "secret",
                                               "payload": {"secret": marker, "n": i}})
        check("queue send %d" % i, code == 202, str(code))
    code, body = call("GET", "/queue/receive?component=%s&max=2" % route)
    check("queue receive hands out plaintext", code == 200 and [m["payload"]["secret"] for m in body["messages"]] == [marker] * 2)

    # Request and reply over HTTP.
    code, reg = call("POST", "/register", {"component": route, "version": "1", "port": 9999})
    cid = reg["component_id"]
    answer = {}
    t = threading.Thread(target=lambda: answer.update(r=call("POST", "/request", {"from": "checker", "to": route,
            "request_type": "reveal", "payload": {"secret": marker}, "timeout_seconds": 10}, timeout=15)))
    t.start()
    got = []
    deadline = time.time() + 10
    while not got and time.time() < deadline:
        code, body = call("GET", "/requests/receive?component=%s&wait_seconds=2" % cid, timeout=5)
        got = body["requests"] if code == 200 else []
    check("request handed to the target in plaintext", bool(got) and got[0]["payload"]["secret"] == marker)
    if got:
        call("POST", "/requests/%s/reply" % got[0]["request_id"], {"response": {"secret": marker}})
    t.join()
    code, body = answer.get("r", (0, None))
    check("reply handed to the caller in plaintext", code == 200 and body["response"]["secret"] == marker, str(code))

    # Broadcast, read back from the event stream (from its first event, so no subscription race).
    code, _ = call("POST", "/broadcast", {"from": route, "event_type": "secret-ev", "data": {"secret": marker}})
    check("broadcast", code == 202, str(code))
    sse = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    sse.request("GET", "/events/subscribe?event_type=secret-ev&last_event_id=-1")
    stream, streamed = sse.getresponse(), None
    while streamed is None:
        line = stream.readline().decode()
        if line.startswith("data:"):
            streamed = json.loads(line[5:])
    sse.close()
    check("the event stream hands out plaintext", streamed["data"].get("secret") == marker)
    time.sleep(2)   # Redis appends to its AOF every second (appendfsync everysec)
finally:
    conductor.terminate(); conductor.wait()

print("searching every file under %s (after the conductor stopped)" % DATA)
hits, routed = [], set()
needle, route_bytes = marker.encode(), route.encode()
for dirpath, _, files in os.walk(DATA):
    for f in files:
        path = os.path.join(dirpath, f)
        if f == "conductor.log":
            continue   # the log is not data at rest (and the conductor never logs payloads anyway)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if needle in data:
            hits.append(os.path.relpath(path, DATA))
        if route_bytes in data:
            routed.add("kafka" if "/kafka/" in path else "redis" if "/redis/" in path else "other")
check("routing fields reached the broker's segments", "kafka" in routed)
check("routing fields reached the Redis AOF", "redis" in routed)
check("marker in no file", not hits, ", ".join(sorted(hits)[:10]) + (" …" if len(hits) > 10 else ""))
with open(os.path.join(DATA, "conductor.log"), "rb") as fh:
    check("marker not in the conductor's log", needle not in fh.read())
print("PASS" if ok else "FAIL")
sys.exit(0 if ok else 1)
