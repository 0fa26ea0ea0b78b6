"""Benchmark: the portal under one gunicorn, and search beside the bare full-text SQL.

    .venv/bin/python bench/portal.py [--qas 100000] [--seconds 10] [--port 18199]

(a) a static file of the same bytes as the theme page, served by WhiteNoise; (b) a theme page
with 20 Q&As, cached; (c) the same page uncached (a query string bypasses the cache); all three
in requests per second through the same gunicorn (2 workers, 4 client threads). (d) search in
three languages over `--qas` Q&As: p95 of the portal's search selector beside p95 of the bare
full-text SQL of the same query (PostgreSQL: the tsvector match; SQLite: the FTS5 MATCH).
Uses the database of DATABASE_URL: run it against a scratch database. The Q&As are synthetic.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
# A cache of its own: the default file cache (var/cache) is shared with `make run`, whose
# database has other pages (its list of portal sections made the bench theme a 404).
os.environ["CACHE_DIR"] = tempfile.mkdtemp(prefix="labourdesk-bench-portal-cache-")
WORDS = {
    "en": ["wages", "overtime", "safety", "union", "dialogue", "contract", "leave", "hours"],
    "fr": ["salaires", "heures", "sécurité", "syndicat", "dialogue", "contrat", "congé", "durée"],
    "es": [
        "salarios",
        "horas",
        "seguridad",
        "sindicato",
        "diálogo",
        "contrato",
        "licencia",
        "jornada",
    ],
}


def _rps(url: str, seconds: float, threads: int = 4) -> float:
    count = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        nonlocal count
        while time.perf_counter() < stop:
            with urllib.request.urlopen(url) as response:  # noqa: S310 - our loopback server
                response.read()
            with lock:
                count += 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return count / seconds


def _p95(fn, runs: int = 40) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.quantiles(times, n=20)[18] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qas", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=18199)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from labourdesk.helpdesk.models.taxonomy import Topic
    from labourdesk.knowledge import search as portal_search
    from labourdesk.knowledge.models import QAIndexPage, QuestionPage, SearchEntry, ThemePage

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    topic = Topic.objects.get(code="working_time")
    existing = QuestionPage.objects.filter(slug__startswith="bench-").count()
    per_language = max(1, args.qas // 3)
    t0 = time.perf_counter()
    for language, words in WORDS.items():
        index = QAIndexPage.objects.get(locale__language_code=language)
        have = QuestionPage.objects.filter(slug__startswith=f"bench-{language}-").count()
        for i in range(have, per_language):
            w = words[i % len(words)]
            page = QuestionPage(
                title=f"{w} {i}",
                slug=f"bench-{language}-{i}",
                question=f"Synthetic benchmark question {i} about {w} and {words[(i + 3) % 8]}.",
                answer=f"<p>Synthetic benchmark answer {i}: {w}.</p>",
                live=True,
            )
            index.add_child(instance=page)
            page.topics.add(topic)
            portal_search.index_page(page)
    created = QuestionPage.objects.filter(slug__startswith="bench-").count() - existing
    print(
        f"Q&As: {QuestionPage.objects.count()} "
        f"({created} created in {time.perf_counter() - t0:.1f} s)"
    )

    theme = ThemePage.objects.filter(slug="bench-theme").first()
    if theme is None:
        home = QAIndexPage.objects.get(locale__language_code="en").get_parent()
        theme = ThemePage(title="Bench theme", slug="bench-theme", intro="<p>Bench.</p>", live=True)
        home.add_child(instance=theme)
        theme.topics.add(topic)
    # The theme lists the Q&As of its topic; keep 20 of them in English on it.
    extra = QuestionPage.objects.filter(locale__language_code="en", slug__startswith="bench-en-")
    for page in extra[20:]:
        page.topics.remove(topic)

    static_dir = Path(settings.STATIC_ROOT)
    call_command("collectstatic", interactive=False, verbosity=0)
    # WhiteNoise indexes the static files when gunicorn starts: write the copy before.
    from django.test import Client

    response = Client(SERVER_NAME="127.0.0.1").get("/en/bench-theme/")
    assert response.status_code == 200, f"the bench theme page answers {response.status_code}"
    body = response.content
    (static_dir / "bench-theme.html").write_bytes(body)
    env = {**os.environ, "PORTAL_CACHE_SECONDS": "600"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "labourdesk.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz")  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        a = _rps(f"{base}/static/bench-theme.html", args.seconds)
        b = _rps(f"{base}/en/bench-theme/", args.seconds)
        c = _rps(f"{base}/en/bench-theme/?nocache=1", args.seconds)
    finally:
        server.terminate()
        server.wait()
    print(f"(a) static {len(body)} bytes: {a:.0f} req/s")
    print(f"(b) theme, cached: {b:.0f} req/s ({b / a if a else 0:.2f} × static)")
    print(f"(c) theme, uncached: {c:.0f} req/s")

    query = {"en": "overtime", "fr": "salaires", "es": "sindicato"}
    for language, q in query.items():
        # What a results page costs: the ordered matches and the first ten, with snippets.
        selector = _p95(
            lambda q=q, language=language: portal_search.search(q, language=language)[:10]
        )
        if connection.vendor == "postgresql":
            sql = (
                "SELECT id FROM knowledge_searchentry WHERE vector @@ "
                "websearch_to_tsquery(%s::regconfig, %s) LIMIT 500"
            )
            params = [portal_search.PG_CONFIGS[language], q]
        else:
            sql = (
                "SELECT rowid FROM knowledge_search_fts "
                "WHERE knowledge_search_fts MATCH %s LIMIT 500"
            )
            params = [f'"{q}"']

        def bare(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        print(
            f"(d) search {language} {q!r} over {SearchEntry.objects.count()} entries: "
            f"selector p95 {selector:.1f} ms, bare SQL p95 {_p95(bare):.1f} ms "
            f"({connection.vendor})"
        )


if __name__ == "__main__":
    main()
