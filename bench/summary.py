"""`make bench`: every benchmark at a small size, in one run, and one table of figure, limit and
ratio at the end.

    .venv/bin/python bench/summary.py            # small sizes (minutes)
    .venv/bin/python bench/summary.py --full     # the sizes the issues name (hours)

Each script prints its own report and one `BENCH {json}` line (bench, figure, limit, ratio, aim,
met); this runner collects those lines. The scripts run with a scratch LABOURDESK_VAR_DIR (a
fresh SQLite database) unless DATABASE_URL is set, which they then use — point it at a scratch
database. A script listed here that is missing is reported, not skipped silently.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# script: (small-size arguments, full-size arguments)
SCRIPTS = {
    "mail_intake.py": (["--count", "300"], ["--count", "10000"]),
    "compliance_import.py": (["--rows", "50000", "--questions", "100"], ["--rows", "1000000"]),
    "helpdesk_report.py": (["--sizes", "10000", "--repeat", "3"], []),
    "load.py": (["--users", "50", "--seconds", "15"], []),
    "analytics.py": (["--views", "100000", "--seconds", "5"], ["--full"]),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true")
    parser.add_argument("only", nargs="*", help="run only these scripts")
    args = parser.parse_args()
    rows, failed = [], []
    for script, (small, full) in SCRIPTS.items():
        if args.only and script not in args.only:
            continue
        path = BENCH / script
        if not path.exists():
            failed.append(f"{script}: missing")
            continue
        extra = full if args.full else small
        if "DATABASE_URL" in os.environ and "--use-database-url" in path.read_text():
            extra = [*extra, "--use-database-url"]
        print(f"== {script} {' '.join(extra)}", flush=True)
        env = dict(os.environ)
        env.setdefault("LABOURDESK_VAR_DIR", tempfile.mkdtemp(prefix="labourdesk-bench-"))
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(path), *extra], env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        sys.stdout.write(done.stdout)
        sys.stdout.write(done.stderr[-3000:] if done.returncode else "")
        lines = [
            json.loads(line[6:]) for line in done.stdout.splitlines() if line.startswith("BENCH ")
        ]
        if done.returncode != 0 or not lines:
            failed.append(f"{script}: exit {done.returncode}, {len(lines)} BENCH lines")
        for line in lines:
            rows.append({**line, "seconds": seconds})
    print("\n| bench | figure | limit (same run) | ratio | aim | met |\n|---|---|---|---:|---|---|")
    for row in rows:
        met = {True: "yes", False: "no", None: "—"}[row.get("met")]
        print(
            f"| {row['bench']} | {row['figure']} | {row['limit']} | {row['ratio']} | "
            f"{row['aim']} | {met} |"
        )
    for line in failed:
        print(f"FAILED {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
