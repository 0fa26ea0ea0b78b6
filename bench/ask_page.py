"""Benchmark: /en/ask/ beside a static file of the same size and the home page, one gunicorn.

    .venv/bin/python bench/ask_page.py --clients 20 --seconds 10

Starts gunicorn (`labourdesk.wsgi`, 2 sync workers, as `make run` does) on a scratch SQLite
database under a temporary LABOURDESK_VAR_DIR (migrated, reference data loaded, static files
collected), writes a static file of the Ask page's size into STATIC_ROOT (served by WhiteNoise
from the same gunicorn), then runs N concurrent clients against each URL in turn for the given
time: a fresh connection per request, as gunicorn's sync workers close each one. Prints
requests/s and p50/p95 per URL, and the Ask page's rate as a share of the static file's (the
aim: at least 0.3). The client is one asyncio process: it needs far less CPU than the server.
"""

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


async def _one(host: str, port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: en\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started


async def _load(host, port, path, clients: int, seconds: float) -> dict:
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = 0

    async def client():
        nonlocal errors
        while time.perf_counter() < deadline:
            try:
                status, elapsed = await _one(host, port, path)
            except OSError:
                errors += 1
                continue
            if status == 200:
                latencies.append(elapsed)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan"),
        "ok": len(latencies),
        "errors": errors,
    }


def _wait_for(host: str, port: int, timeout: float = 30) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not start on {host}:{port}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10, help="per URL")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=18999)
    args = parser.parse_args()
    host = "127.0.0.1"

    var = Path(os.environ.get("LABOURDESK_VAR_DIR") or tempfile.mkdtemp(prefix="bench-ask-"))
    env = {
        **os.environ,
        "LABOURDESK_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "labourdesk.settings",
        "LABOURDESK_DEMO": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)  # a scratch SQLite file, never a real database
    manage = [PY, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput"],
        ["collectstatic", "--noinput"],
        ["load_reference_data"],
    ):
        subprocess.run([*manage, *command, "-v0"], env=env, cwd=ROOT, check=True)

    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "labourdesk.wsgi",
            "--bind",
            f"{host}:{args.port}",
            "--workers",
            str(args.workers),
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        _wait_for(host, args.port)
        ask_size = len(asyncio.run(_body(host, args.port, "/en/ask/")))
        static_root = var / "static"
        (static_root / "bench").mkdir(parents=True, exist_ok=True)
        (static_root / "bench" / "same-size.html").write_bytes(b"x" * ask_size)
        # WhiteNoise indexes STATIC_ROOT when a worker starts: restart the workers to see it.
        os.kill(server.pid, signal.SIGHUP)
        time.sleep(3)
        _wait_for(host, args.port)
        results = {}
        for name, path in [
            ("static file", "/static/bench/same-size.html"),
            ("home page", "/en/"),
            ("ask page", "/en/ask/"),
        ]:
            asyncio.run(_load(host, args.port, path, args.clients, 1))  # warm up
            results[name] = asyncio.run(_load(host, args.port, path, args.clients, args.seconds))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(
        f"{args.clients} clients, {args.seconds:g} s per URL, gunicorn {args.workers} workers, "
        f"Ask page {ask_size:,} bytes, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'url':<12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:<12} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['errors']:>7}")
    share = results["ask page"]["rps"] / results["static file"]["rps"]
    print(f"ask page / static file: {share:.2f} (aim: >= 0.30)")
    return 0


async def _body(host: str, port: int, path: str) -> bytes:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    return data.split(b"\r\n\r\n", 1)[1]


if __name__ == "__main__":
    raise SystemExit(main())
