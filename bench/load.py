"""Load: the platform under many clients, through the same gunicorn as `make run`, on loopback.

    .venv/bin/python bench/load.py                       # 200 clients for 60 s (the full size)
    .venv/bin/python bench/load.py --users 50 --seconds 15
    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/load.py --use-database-url

Sets up a scratch database (a fresh SQLite file, or the PostgreSQL database given with
--use-database-url, which it migrates and fills with the demo), starts gunicorn with 2 workers
as `make run` does, and drives it with Locust (as a library, in this process):

- 85 % anonymous public pages: the home page in each language, and — where they exist on this
  build — the portal's search, themes and the standards pages;
- 5 % the Ask form (the page; posting is rate limited per client, so a load test posting from one
  address would measure the limiter);
- 10 % staff: a signed-in helpdesk expert opening the queue and case pages.

First it measures the limit: the same clients on a static file of the portal's size, served by
WhiteNoise in the same gunicorn. It prints requests per second of both, the ratio, the error count
and p50/p95/p99 of the anonymous pages (aims: 0 errors; p99 ≤ 10 × p50), and writes one BENCH line
for `make bench`'s summary.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-1"  # noqa: S105 - a throwaway scratch database
LANGUAGES = ["en", "fr", "es", "zh-hans", "ja", "vi"]
OPTIONAL_PUBLIC = [
    "/en/search/?q=wages",
    "/fr/search/?q=salaire",
    "/en/standards/",
    "/en/standards/instruments/C087/",
    "/fr/standards/countries/FRA/",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_reference_data", "-v0")
    manage(env, "demo_setup")
    manage(
        env,
        "shell",
        "-c",
        "from labourdesk.accounts.models import User\n"
        "from labourdesk.accounts.services import user_create\n"
        "if not User.objects.filter(username='load-expert').exists():\n"
        f"    user_create(actor=None, username='load-expert', password={PASSWORD!r},"
        " roles=['helpdesk_expert'], email='load@labourdesk.localhost')\n",
    )


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def static_file_of_size(static_root: Path, size: int) -> str:
    """A file under STATIC_ROOT with the byte size of a portal page (WhiteNoise serves it)."""
    target = static_root / "bench" / "page.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((b"<p>static baseline</p>\n" * (size // 23 + 1))[:size])
    return "/static/bench/page.html"


def run_locust(host: str, user_classes, users: int, seconds: float):
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=user_classes, host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=max(users / 4, 1))
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    return env.stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--use-database-url", action="store_true")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="labourdesk-load-"))
    env = {
        **os.environ,
        "LABOURDESK_VAR_DIR": str(scratch),
        "LABOURDESK_DEMO": "1",
        "DJANGO_SETTINGS_MODULE": "labourdesk.settings",
        "LOG_LEVEL": "WARNING",
    }
    if not args.use_database_url:
        env.pop("DATABASE_URL", None)
    prepare(env)
    static_root = scratch / "static"

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    gunicorn = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"

    def start():
        server = subprocess.Popen(
            [gunicorn, "labourdesk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(150):
            if status_of(f"{host}/healthz") == 200:
                return server
            time.sleep(0.2)
        sys.exit("gunicorn did not start")

    def stop(server):
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

    # WhiteNoise indexes the static files when gunicorn starts: measure the page, write a static
    # file of its size, then start the server that the two runs measure.
    server = start()
    with urllib.request.urlopen(f"{host}/en/", timeout=10) as response:  # noqa: S310
        page_size = len(response.read())
    stop(server)
    static_path = static_file_of_size(static_root, page_size)
    server = start()
    try:
        public = [f"/{lang}/" for lang in LANGUAGES]
        public += [path for path in OPTIONAL_PUBLIC if status_of(host + path) == 200]
        assert status_of(host + static_path) == 200, "static baseline not served"

        from locust import HttpUser, between, task  # imported here: it patches with gevent

        class StaticClient(HttpUser):
            wait_time = between(0, 0)

            @task
            def static(self):
                self.client.get(static_path, name="static file")

        class Visitor(HttpUser):
            weight = 85
            wait_time = between(0, 0)

            @task
            def page(self):
                path = public[int(time.monotonic() * 1000) % len(public)]
                self.client.get(path, name="anonymous pages")

        class Asker(HttpUser):
            weight = 5
            wait_time = between(0, 0)

            @task
            def ask(self):
                self.client.get("/en/ask/", name="ask form")

        class Expert(HttpUser):
            weight = 10
            wait_time = between(0, 0)

            def on_start(self):
                page = self.client.get("/en/accounts/login/", name="login")
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                self.client.post(
                    "/en/accounts/login/",
                    {
                        "csrfmiddlewaretoken": token.group(1) if token else "",
                        "username": "load-expert",
                        "password": PASSWORD,
                    },
                    name="login",
                )
                queue = self.client.get("/en/helpdesk/", name="staff queue")
                self.cases = sorted(
                    set(re.findall(r'href="(/en/helpdesk/cases/\d+/)"', queue.text))
                )

            @task
            def work(self):
                if self.cases and int(time.monotonic() * 1000) % 2:
                    path = self.cases[int(time.monotonic() * 1000) % len(self.cases)]
                    self.client.get(path, name="staff case page")
                else:
                    self.client.get("/en/helpdesk/", name="staff queue")

        baseline = run_locust(host, [StaticClient], args.users, args.seconds)
        mixed = run_locust(host, [Visitor, Asker, Expert], args.users, args.seconds)
    finally:
        stop(server)
        shutil.rmtree(scratch, ignore_errors=True)

    vendor = (
        "PostgreSQL"
        if args.use_database_url and "postgres" in env.get("DATABASE_URL", "")
        else "SQLite"
    )
    static_rps = baseline.total.total_rps
    total = mixed.total
    anon = mixed.get("anonymous pages", "GET")
    p50, p95, p99 = (anon.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99))
    print(
        f"database: {vendor}; {args.users} clients for {args.seconds:.0f} s each run; "
        f"gunicorn 2 workers; anonymous pages: {', '.join(public)}"
    )
    print(
        f"static file ({page_size:,} bytes): {static_rps:,.0f} req/s, "
        f"{baseline.total.num_failures} errors"
    )
    print(
        f"mixed load: {total.total_rps:,.0f} req/s "
        f"({total.total_rps / static_rps:.2f} x the static file), "
        f"{total.num_requests:,} requests, {total.num_failures} errors"
    )
    for entry in sorted(mixed.entries.values(), key=lambda e: e.name):
        print(
            f"  {entry.method} {entry.name}: {entry.num_requests:,} requests, "
            f"{entry.num_failures} errors, p50 {entry.get_response_time_percentile(0.5):.0f} ms, "
            f"p99 {entry.get_response_time_percentile(0.99):.0f} ms"
        )
    print(
        f"anonymous pages: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms "
        f"(p99/p50 {p99 / max(p50, 1):.1f}; aim <= 10)"
    )
    for error in mixed.errors.values():
        print(f"  error: {error.occurrences} x {error.method} {error.name}: {error.error}")
    print(
        "BENCH "
        + json.dumps(
            {
                "bench": "load",
                "figure": f"{total.total_rps:,.0f} req/s mixed, {total.num_failures} errors",
                "limit": f"{static_rps:,.0f} req/s static file",
                "ratio": round(total.total_rps / static_rps, 2),
                "aim": "0 errors; p99 <= 10 x p50",
                "met": total.num_failures == 0 and p99 <= 10 * max(p50, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
