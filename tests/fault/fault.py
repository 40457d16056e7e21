#!/usr/bin/env python3
"""Fault tests: break things on purpose and prove that no acknowledged write
is lost or duplicated (python3 standard library only).

Usage: fault.py PATH/TO/haicap SCENARIO...   (scenarios below; "all" for all
that the environment allows). The database is SQLite, or PostgreSQL when
HC_TEST_PG names a server (scripts/pg-test.sh; HC_TEST_PG_CTL restarts it).

Every intake carries its own Idempotency-Key and a distinct applicant name,
so after a fault the test can tell, for every request, whether the server
acknowledged it (201), and after restarting and retrying the unacknowledged
ones with their keys, that each request produced exactly one dossier.
Request loops are bounded in count and time and target loopback only. The
last line printed is "N passed, M failed".
"""
import concurrent.futures
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import e2e  # noqa: E402  (Databases, PASSWORD, RECEPTION, check)

check = e2e.check
NAME_PREFIX = "Khách Kiểm Thử"
TIME_LIMIT_S = 120  # per load phase


class Node(e2e.Node):
    """One `haicap serve` process, with more request threads."""

    def __init__(self, binary, db, log_path, threads=8):
        super().__init__(binary, db, log_path, threads)

    def tail(self):
        return "\n".join(self.server_log().splitlines()[-30:])


def request(port, method, path, body=None, token=None, headers=None, timeout=30):
    """(status, json or None); status 0 when the connection failed."""
    h = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        raw = r.read()
        conn.close()
    except (OSError, http.client.HTTPException):
        return 0, None
    try:
        j = json.loads(raw.decode("utf-8")) if raw else None
    except ValueError:
        j = None
    return r.status, j


def login(port, user=e2e.RECEPTION):
    st, j = request(port, "POST", "/api/v1/sessions",
                    {"username": user, "password": e2e.PASSWORD})
    check(st == 201, "login: %r %r" % (st, j))
    return j["token"], j["user"]["unit"]


def first_procedure(port, token):
    st, j = request(port, "GET", "/api/v1/procedures?limit=50", token=token)
    check(st == 200 and j["items"], "procedures: %r" % st)
    return j["items"][0]["code"]


class Load:
    """N intakes, each with its own key and applicant; remembers which were
    acknowledged with 201 and under which code."""

    def __init__(self, tag, n, proc_code):
        self.tag, self.n, self.proc_code = tag, n, proc_code
        self.acked = {}  # i -> code
        self.statuses = {}
        self.lock = threading.Lock()

    def name(self, i):
        return "%s %s %05d" % (NAME_PREFIX, self.tag, i)

    def body(self, i):
        return {"procedure_code": self.proc_code, "channel": "direct",
                "applicant": {"name": self.name(i), "id_number": "001203004567",
                              "phone": "0912345678", "address": "Số 1, phố Kiểm Thử"},
                "components": [{"name": "Tờ khai", "digitized": True, "reused": False}],
                "note": "fault"}

    def key(self, i):
        return "fault-%s-%d-%05d" % (self.tag, os.getpid(), i)

    def send(self, port, token, i):
        st, j = request(port, "POST", "/api/v1/dossiers", self.body(i), token=token,
                        headers={"Idempotency-Key": self.key(i)}, timeout=20)
        with self.lock:
            self.statuses[st] = self.statuses.get(st, 0) + 1
            if st == 201:
                code = j["code"]
                prev = self.acked.get(i)
                check(prev is None or prev == code,
                      "request %d acknowledged twice with different codes %s %s" % (i, prev, code))
                self.acked[i] = code
        return st, j

    def run(self, port_of, token, indices, workers=16, stop_when=None):
        """Sends the given requests with `workers` threads; port_of(i) picks
        the port; stop_when(load) is polled and, once true, remaining
        requests are still sent (they see the fault)."""
        deadline = time.monotonic() + TIME_LIMIT_S
        fired = threading.Event()

        def one(i):
            if time.monotonic() > deadline:
                return 0
            st, _ = self.send(port_of(i), token, i)
            if stop_when and not fired.is_set() and stop_when(self):
                fired.set()
            return st
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            list(ex.map(one, indices))

    def retry_unacked(self, port, token, rounds=5):
        for _ in range(rounds):
            missing = [i for i in range(self.n) if i not in self.acked]
            if not missing:
                return
            self.run(lambda i: port, token, missing, workers=8)
            time.sleep(0.5)
        check(False, "%d requests never acknowledged: statuses %r" %
              (self.n - len(self.acked), self.statuses))


class Store:
    """Direct reads of the database, independent of the server."""

    def __init__(self, dbs, db):
        self.dbs, self.db = dbs, db

    def sql(self, q):
        if self.dbs.pg:
            out = subprocess.run(["psql", "-qAtX", "-F", "\t", self.db, "-c", q],
                                 capture_output=True, text=True, timeout=120, check=True)
        else:
            out = subprocess.run(["sqlite3", "-separator", "\t", self.db, q],
                                 capture_output=True, text=True, timeout=120, check=True)
        return [ln.split("\t") for ln in out.stdout.splitlines() if ln]

    def applicants(self, tag):
        rows = self.sql("SELECT applicant_name, code FROM dossiers WHERE applicant_name LIKE "
                        "'%s %s %%'" % (NAME_PREFIX, tag))
        by_name = {}
        for name, code in rows:
            by_name.setdefault(name, []).append(code)
        return by_name

    def integrity(self):
        if self.dbs.pg:
            return  # PostgreSQL checks its own pages; the audit chain is checked below
        rows = self.sql("PRAGMA integrity_check")
        check(rows == [["ok"]], "integrity_check: %r" % rows[:5])


def verify(binary, store, load, label):
    """Every acknowledged request is present under its code, every request
    made exactly one dossier, codes are gap-free per day, the audit chains
    verify."""
    names = store.applicants(load.tag)
    for i, code in load.acked.items():
        codes = names.get(load.name(i), [])
        check(codes == [code], "%s: request %d acknowledged as %s, stored as %r" %
              (label, i, code, codes))
    dup = {n: c for n, c in names.items() if len(c) != 1}
    check(not dup, "%s: duplicated dossiers: %r" % (label, list(dup.items())[:3]))
    check(len(names) == load.n, "%s: %d dossiers for %d requests" % (label, len(names), load.n))
    # gap-free receipt numbers per unit and day (all of today's intakes)
    by_day = {}
    for codes in names.values():
        prefix, seq = codes[0].rsplit("-", 1)
        by_day.setdefault(prefix, []).append(int(seq))
    for prefix, seqs in by_day.items():
        every = [int(r[0].rsplit("-", 1)[1]) for r in
                 store.sql("SELECT code FROM dossiers WHERE code LIKE '%s-%%'" % prefix)]
        check(sorted(every) == list(range(1, len(every) + 1)),
              "%s: receipt numbers of %s not gap-free: %r" % (label, prefix, sorted(every)[:20]))
    store.integrity()
    p = subprocess.run([binary, "audit", "verify", "--db", store.db], capture_output=True,
                       text=True, timeout=600)
    check(p.returncode == 0 and "audit chain ok" in p.stdout, "%s: audit: %s %s" %
          (label, p.stdout, p.stderr))


# ---------------------------------------------------------------------------

class Env:
    def __init__(self, binary):
        self.binary = binary
        self.tmp = tempfile.mkdtemp(prefix="haicap-fault-")
        self.dbs = e2e.Databases(self.tmp)
        self.figures = []

    def fresh_db(self, name):
        db = self.dbs.new(name)
        subprocess.run([self.binary, "demo", "--db", db, "--scale", "0.002", "--now", e2e.NOW],
                       check=True, capture_output=True, timeout=600)
        return db

    def node(self, db, name):
        return Node(self.binary, db, os.path.join(self.tmp, name + ".log"))

    def close(self):
        self.dbs.drop_all()
        shutil.rmtree(self.tmp, ignore_errors=True)


def scenario_kill9(env):
    """kill -9 of the server during 1,000 concurrent intakes, then restart."""
    db = env.fresh_db("kill9")
    node = env.node(db, "kill9").start()
    token, _ = login(node.port)
    load = Load("kill9", 1000, first_procedure(node.port, token))
    killed = threading.Event()

    at_kill = []

    def kill_at_400(ld):
        with ld.lock:
            if len(ld.acked) >= 400 and not killed.is_set():
                killed.set()
                at_kill.append(len(ld.acked))
                node.kill9()
        return killed.is_set()
    load.run(lambda i: node.port, token, range(load.n), stop_when=kill_at_400)
    check(killed.is_set(), "the load ended before the kill: %r" % load.statuses)
    acked_before = len(load.acked)  # includes replies that were already on their way
    node.start()
    verify_partial(env, db, load)
    token, _ = login(node.port)
    load.retry_unacked(node.port, token)
    node.stop()
    verify(env.binary, Store(env.dbs, db), load, "kill9")
    env.figures.append("kill -9 (%s) at %d acknowledged intakes: %d acknowledged in all, all "
                       "found after restart; %d retried with their keys; %d dossiers for %d "
                       "requests, 0 duplicates" % (env.dbs.backend, at_kill[0], acked_before,
                                                   load.n - acked_before, load.n, load.n))


def verify_partial(env, db, load):
    """Right after the restart: every acknowledged request is there once."""
    names = Store(env.dbs, db).applicants(load.tag)
    for i, code in load.acked.items():
        check(names.get(load.name(i)) == [code], "after restart: request %d (%s) -> %r" %
              (i, code, names.get(load.name(i))))
    check(all(len(c) == 1 for c in names.values()), "duplicates after restart")


NGINX_CONF = """
worker_processes 1;
pid %(dir)s/nginx.pid;
error_log %(dir)s/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path %(dir)s/body;
  proxy_temp_path %(dir)s/proxy;
  fastcgi_temp_path %(dir)s/fastcgi;
  uwsgi_temp_path %(dir)s/uwsgi;
  scgi_temp_path %(dir)s/scgi;
  upstream haicap {
    server 127.0.0.1:%(a)d max_fails=1 fail_timeout=30s;
    server 127.0.0.1:%(b)d max_fails=1 fail_timeout=30s;
  }
  server {
    listen 127.0.0.1:%(port)d;
    location / {
      proxy_pass http://haicap;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout;
    }
  }
}
"""


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def scenario_two_nodes(env):
    """Two nodes on one PostgreSQL behind nginx: sessions work on either,
    receipt codes stay unique and gap-free, idempotency keys hold across
    nodes; then one node is killed mid-load."""
    check(env.dbs.pg, "two nodes need PostgreSQL")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    check(os.path.exists(nginx), "nginx not installed (apt-get install nginx-light)")
    db = env.fresh_db("nodes")
    a = env.node(db, "node-a").start()
    b = env.node(db, "node-b").start()
    ndir = os.path.join(env.tmp, "nginx")
    os.makedirs(ndir)
    port = free_port()
    conf = os.path.join(ndir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF % {"dir": ndir, "a": a.port, "b": b.port, "port": port})
    subprocess.run([nginx, "-c", conf, "-e", os.path.join(ndir, "startup.log")], check=True,
                   timeout=30)
    try:
        for _ in range(50):
            if request(port, "GET", "/healthz")[0] == 200:
                break
            time.sleep(0.1)
        token, _ = login(a.port)  # a session made on node A ...
        st, _ = request(b.port, "GET", "/api/v1/dossiers?limit=1", token=token)
        check(st == 200, "a session of node A on node B: %r" % st)  # ... works on B
        proc = first_procedure(port, token)
        # the same key on both nodes: one dossier, the same reply
        load = Load("keys", 1, proc)
        s1, j1 = load.send(a.port, token, 0)
        s2, j2 = load.send(b.port, token, 0)
        check(s1 == 201 and s2 == 201 and j1["code"] == j2["code"], "key across nodes: %r %r"
              % (j1, j2))
        # concurrent intake through nginx, node B killed halfway
        load = Load("nodes", 1000, proc)
        killed = threading.Event()

        at_kill = []

        def kill_b(ld):
            with ld.lock:
                if len(ld.acked) >= 500 and not killed.is_set():
                    killed.set()
                    at_kill.append(len(ld.acked))
                    b.kill9()
            return killed.is_set()
        load.run(lambda i: port, token, range(load.n), stop_when=kill_b)
        check(killed.is_set(), "the load ended before the kill")
        acked_before = len(load.acked)
        load.retry_unacked(port, token)  # through nginx: node A takes all
        check(a.alive(), "node A died:\n" + a.tail())
        a.stop()
        served = []
        for n in (a, b):
            with open(n.log_path) as f:
                served.append(sum(1 for ln in f if "POST /api/v1/dossiers 201" in ln))
        check(all(served), "both nodes took intakes: %r" % served)
    finally:
        subprocess.run([nginx, "-c", conf, "-s", "stop"], timeout=30)
        for n in (a, b):
            if n.alive():
                n.stop()
    verify(env.binary, Store(env.dbs, db), load, "two nodes")
    env.figures.append("two nodes behind nginx (intakes served %d / %d), node B killed at %d "
                       "acknowledged: %d acknowledged without retry, %d dossiers for %d "
                       "requests, 0 duplicates, receipt numbers gap-free"
                       % (served[0], served[1], at_kill[0], acked_before, load.n, load.n))


def scenario_pg_restart(env):
    """PostgreSQL restarts mid-load: clients get 201 or a clear 503 (JSON),
    never anything else; the server reconnects by itself."""
    check(env.dbs.pg and os.environ.get("HC_TEST_PG_CTL"), "needs scripts/pg-test.sh")
    db = env.fresh_db("pgrestart")
    node = env.node(db, "pgrestart").start()
    token, _ = login(node.port)
    load = Load("pgrestart", 600, first_procedure(node.port, token))
    restarted = threading.Event()
    errors = []

    def restart(ld):
        if len(ld.acked) >= 200 and not restarted.is_set():
            restarted.set()
            threading.Thread(target=lambda: subprocess.run(
                [os.environ["HC_TEST_PG_CTL"], "restart"], timeout=120)).start()
        return restarted.is_set()
    orig_send = load.send

    def send(port, tok, i):
        st, j = orig_send(port, tok, i)
        if st not in (201, 503):
            errors.append((st, j))
        elif st == 503 and not (j and j.get("error", {}).get("code") == "unavailable"):
            errors.append((st, j))
        return st, j
    load.send = send
    load.run(lambda i: node.port, token, range(load.n), stop_when=restart)
    check(restarted.is_set(), "the load ended before the restart")
    check(not errors, "statuses other than 201 / 503 unavailable: %r" % errors[:3])
    check(node.alive(), "server died:\n" + node.tail())
    time.sleep(1)
    load.retry_unacked(node.port, token)
    unavailable = load.statuses.get(503, 0)
    node.stop()
    verify(env.binary, Store(env.dbs, db), load, "pg restart")
    env.figures.append("PostgreSQL restart mid-load: %d replies 503 (retried), %d dossiers for "
                       "%d requests, 0 duplicates" % (unavailable, load.n, load.n))


def scenario_disk(env):
    """A full disk under a SQLite database: writes get a clear 503, reads go
    on, nothing is corrupted, and writes resume once space is back. Then the
    file system goes read-only: the server refuses to start with a clear
    message, and the database is intact."""
    check(not env.dbs.pg, "SQLite only")
    mnt = os.path.join(env.tmp, "small")
    os.makedirs(mnt)
    src = env.fresh_db("disk-src")
    size_kb = os.path.getsize(src) // 1024 + 8192
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % size_kb, "tmpfs", mnt],
                   check=True, timeout=30)
    node = None
    try:
        db = os.path.join(mnt, "haicap.db")
        shutil.copy(src, db)
        node = env.node(db, "disk").start()
        token, _ = login(node.port)
        load = Load("disk", 2000, first_procedure(node.port, token))
        ballast = os.path.join(mnt, "ballast")
        with open(ballast, "wb") as f:  # fill the file system
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        bad = {}
        for i in range(40):
            st, j = load.send(node.port, token, i)
            if st != 201:
                bad[st] = j
        check(set(bad) == {503}, "full disk: statuses %r" % bad)
        check(bad[503]["error"]["code"] == "unavailable" and bad[503]["error"]["message"],
              repr(bad[503]))
        st, _ = request(node.port, "GET", "/api/v1/dossiers?limit=5", token=token)
        check(st == 200, "reads on a full disk: %r" % st)
        full_503 = load.statuses.get(503, 0)
        os.unlink(ballast)
        time.sleep(0.2)
        st, _ = load.send(node.port, token, 40)
        check(st == 201, "after freeing space: %r" % st)
        check(node.alive(), "server died:\n" + node.tail())
        node.stop()
        node = None
        # a read-only file system: the server refuses to start, saying why
        subprocess.run(["mount", "-o", "remount,ro", mnt], check=True, timeout=30)
        p = subprocess.run([env.binary, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                           capture_output=True, text=True, timeout=60)
        check(p.returncode == 1 and "read" in p.stderr.lower() and
              "Không ghi được cơ sở dữ liệu" in p.stderr, "read-only start: %r" % p)
        subprocess.run(["mount", "-o", "remount,rw", mnt], check=True, timeout=30)
        load.n = 41
        node = env.node(db, "disk2").start()
        token, _ = login(node.port)
        load.retry_unacked(node.port, token)
        node.stop()
        node = None
        verify(env.binary, Store(env.dbs, db), load, "disk")
        env.figures.append("full disk: %d intakes refused with 503, reads served, writes "
                           "resumed after freeing space; on a read-only file system the "
                           "server refuses to start with a clear message; integrity_check ok"
                           % full_503)
    finally:
        if node and node.alive():
            node.stop()
        if not os.environ.get("HC_FAULT_KEEP"):
            subprocess.run(["umount", "-l", mnt], timeout=30)


SCENARIOS = {"kill9": scenario_kill9, "two_nodes": scenario_two_nodes,
             "pg_restart": scenario_pg_restart, "disk": scenario_disk}


def main():
    if len(sys.argv) < 3:
        print("usage: fault.py PATH/TO/haicap SCENARIO... (%s)" % ", ".join(SCENARIOS),
              file=sys.stderr)
        return 2
    env = Env(os.path.abspath(sys.argv[1]))
    print("fault tests on %s" % env.dbs.backend)
    passed = failed = 0
    try:
        for name in sys.argv[2:]:
            t0 = time.monotonic()
            try:
                SCENARIOS[name](env)
                passed += 1
                print("ok   %s (%.1f s)" % (name, time.monotonic() - t0))
            except Exception:  # noqa: BLE001 - report and go on
                failed += 1
                print("FAIL %s\n%s" % (name, traceback.format_exc()))
    finally:
        if os.environ.get("HC_FAULT_KEEP"):
            print("kept " + env.tmp)
        else:
            env.close()
    for line in env.figures:
        print("  " + line)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
