"""Shared by the bench scripts: launch the packaged conductor with the README's JVM flags, call it, wait for health.
AUTH=on: every conductor launched here runs with auth on and a fresh admin token (ADMIN_TOKEN), which every call
sends (the scripts pass it on to wrk as $TOKEN)."""
import atexit, json, os, secrets, subprocess, sys, time, urllib.error, urllib.request

AUTH = os.environ.get("AUTH", "off") == "on"
# Made here, never printed: the conductor gets it through its environment, wrk through $TOKEN.
ADMIN_TOKEN = "hmy_bench_" + secrets.token_urlsafe(32) if AUTH else None

def auth_headers():
    """The Authorization header every call sends with AUTH=on; none otherwise."""
    return {"Authorization": "Bearer " + ADMIN_TOKEN} if AUTH else {}

# The README's run command (JAVA_FLAGS to try others): a fixed young generation for short pauses, and a heap that
# grows with the work up to 512 MB instead of a fixed 1 GB (issue 20: memory follows the work), C2 later, and the
# build's class-data-sharing archive (README). A CONDUCTOR_JAR elsewhere cannot use that archive: the JVM says so, once.
JAVA_FLAGS = os.environ.get("JAVA_FLAGS", "-XX:SharedArchiveFile=src/conductor/target/harmony.jsa -XX:+UseParallelGC -Xmn160m -Xmx512m -XX:MaxTenuringThreshold=2 -XX:MetaspaceSize=64m "
                        "-XX:Tier4InvocationThreshold=40000 -XX:Tier4MinInvocationThreshold=12000 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=320000").split()
# CONDUCTOR_JAR: another build's jar, for a before/after comparison in one run.
JAVA = ["java", *JAVA_FLAGS, "-jar", os.environ.get("CONDUCTOR_JAR", "src/conductor/target/harmony-conductor-runner.jar")]

def make_call(base):
    """A JSON HTTP call against base: (status, parsed body or None)."""
    def call(method, path, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", **auth_headers()})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, None
    return call

def launch(data_dir, port, log_mode="a", **env):
    """Starts the conductor on its own data dir and port; its log goes to <data_dir>/conductor.log."""
    full = dict(os.environ, HARMONY_DATA_DIR=data_dir, QUARKUS_HTTP_PORT=str(port), **env)
    if AUTH:
        full.update(HARMONY_AUTH_ENABLED="true", HARMONY_AUTH_ADMIN_TOKEN=ADMIN_TOKEN)
    log = open(os.path.join(data_dir, "conductor.log"), log_mode)
    proc = subprocess.Popen(JAVA, env=full, stdout=log, stderr=subprocess.STDOUT)
    # A script that fails half-way must not leave a conductor running (and holding its ports) behind it.
    atexit.register(lambda: proc.poll() is None and (proc.terminate(), proc.wait()))
    return proc

def wait_health(call, limit=120):
    """Waits for GET /health 200; answers the moment it came, or exits the script."""
    t = time.time()
    while time.time() - t < limit:
        try:
            if call("GET", "/health", timeout=1)[0] == 200:
                return time.time()
        except Exception:
            pass
        time.sleep(0.05)
    sys.exit("conductor not healthy within %d s" % limit)
