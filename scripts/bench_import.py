"""Measure `oerbank import` on three hostile files and one ordinary sheet: peak memory and time.

The bounds: under 300 MB peak resident memory and under 10 s for each of
  xfd         a 5 KB .xlsx with one cell at XFD1048576 (its sheet claims 1,048,576 rows);
  zipbomb     an .xlsx whose sheet XML unpacks to several GB;
  liar        an .xlsx whose sheet claims A1:A1 but holds 1,000,000 rows;
  strings     an .xlsx with 2,000,000 tiny shared strings (small on disk, slow to read one by one);
  csv-1m      a CSV of 1,000,000 rows of resources;
and, for comparison, `ordinary`: a CSV of 10,000 good resources (the row limit), checked with --dry-run.

Each import runs in its own process; its peak resident set comes from os.wait4 (the kernel's
count for that process alone) and its time from the wall clock. Files are built in a temporary
folder (about 150 MB, removed afterwards); nothing is fetched from the network.

Usage:
    python scripts/bench_import.py            # all of them
    python scripts/bench_import.py xfd liar   # some of them
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

ORG = "bench-arts"
MAX_MB = 300
MAX_SECONDS = 10.0
HEADER = ["title", "url", "summary", "resource_types", "key_stages", "subjects", "licence", "cost"]
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _catalogue(root: Path) -> Path:
    (root / "organisations").mkdir(parents=True)
    (root / "resources").mkdir()
    (root / "organisations" / f"{ORG}.yml").write_text(
        "name: Bench Arts\nurl: https://bench-arts.example/\n"
        "summary: An arts centre that exists to be imported into.\ntype: combined-arts\nregion: london\n",
        encoding="utf-8")
    return root


def _row(n: int) -> str:
    return (f"Lesson {n},https://bench-arts.example/learning/lesson-{n},A lesson about shape number {n}.,"
            "activity,ks2,art-and-design,CC-BY-4.0,free\n")


def build_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        fh.writelines(_row(n) for n in range(1, rows + 1))
    return path


def build_xfd(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Resources"
    ws.append(HEADER)
    ws.append(_row(1).strip().split(","))
    ws["XFD1048576"] = "x"
    book.save(path)
    return path


def _sheet_xml(dimension: str, rows: int, spaces: int = 0) -> "Iterator[bytes | int]":
    """The sheet XML in pieces: a header row, `rows` resource rows, then `spaces` bytes of blank space
    inside <sheetData> (an int piece: written in blocks, never held in memory)."""
    head = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN_NS}">'
            f'<dimension ref="{dimension}"/><sheetData>').encode()
    yield from [head, _row_xml(1, HEADER)]
    yield from (_row_xml(n, _row(n).strip().split(",")) for n in range(2, rows + 2))
    yield from [spaces, b"</sheetData></worksheet>"]


def _row_xml(n: int, values: "list[str]") -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{n}">{cells}</row>'.encode()


_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',  # noqa: E501 (one XML part a line)
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',  # noqa: E501 (one XML part a line)
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Resources" sheetId="1" r:id="rId1"/></sheets></workbook>',  # noqa: E501 (one XML part a line)
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',  # noqa: E501 (one XML part a line)
}


def build_package(path: Path, sheet: "Iterable[bytes | int]", strings: "Iterable[bytes] | None" = None) -> Path:
    """A minimal .xlsx (content types, workbook, one sheet called Resources) around the given sheet XML
    and, if given, shared strings XML."""
    block = b" " * 2 ** 24
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in _PARTS.items():
            package.writestr(name, text)
        if strings is not None:
            with package.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                for piece in strings:
                    part.write(piece)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for piece in sheet:
                if isinstance(piece, int):
                    for start in range(0, piece, len(block)):
                        part.write(block[:min(len(block), piece - start)])
                else:
                    part.write(piece)
    return path


def build_zipbomb(path: Path, gigabytes: int = 4) -> Path:
    return build_package(path, _sheet_xml("A1:H2", 1, spaces=gigabytes * 2 ** 30))


def build_liar(path: Path, rows: int = 1_000_000) -> Path:
    """Short rows (a number in the title column), so that the file passes the size checks and must be streamed."""
    head = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN_NS}">'
            '<dimension ref="A1:A1"/><sheetData>').encode()
    rows_xml = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'.encode() for n in range(2, rows + 2))
    return build_package(path, [head, _row_xml(1, HEADER), *rows_xml, b"</sheetData></worksheet>"])


def build_strings(path: Path, count: int = 2_000_000) -> Path:
    """Millions of tiny shared strings: small on disk, slow to read one by one."""
    head = f'<sst xmlns="{_MAIN_NS}">'.encode()
    texts = (f"<si><t>{n}</t></si>".encode() for n in range(count))
    return build_package(path, _sheet_xml("A1:H2", 1), [head, *texts, b"</sst>"])


def run_import(source: Path, root: Path, dry_run: bool = False) -> "tuple[float, float, int, str]":
    """(seconds, peak MB, exit code, last line of output) of one import in its own process."""
    args = [sys.executable, "-m", "oerbank.cli", "import", str(source), "--org", ORG, "--root", str(root)]
    if dry_run:
        args.append("--dry-run")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, proc.returncode, lines[-1] if lines else ""


BUILDERS = {
    "xfd": lambda d: build_xfd(d / "xfd.xlsx"),
    "zipbomb": lambda d: build_zipbomb(d / "zipbomb.xlsx"),
    "liar": lambda d: build_liar(d / "liar.xlsx"),
    "strings": lambda d: build_strings(d / "strings.xlsx"),
    "csv-1m": lambda d: build_csv(d / "million.csv", 1_000_000),
    "ordinary": lambda d: build_csv(d / "ordinary.csv", 10_000),
}


def main() -> int:
    if sys.argv[1:2] == ["--build"]:
        print(BUILDERS[sys.argv[2]](Path(sys.argv[3])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help=f"any of: {', '.join(BUILDERS)} (default: all)")
    cases = parser.parse_args().cases or list(BUILDERS)
    unknown = [c for c in cases if c not in BUILDERS]
    if unknown:
        parser.error(f"unknown case {unknown[0]}; choose from {', '.join(BUILDERS)}")
    failed = False
    print(f"{'case':10} {'file':>10} {'seconds':>8} {'peak MB':>8}  bound  exit  what it said")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        for case in cases:
            # Built in a process of its own: a child's peak memory counts the parent's at the fork,
            # so this process stays small.
            source = Path(subprocess.run([sys.executable, __file__, "--build", case, str(folder)], check=True,
                                         capture_output=True, text=True).stdout.strip())
            root = _catalogue(folder / f"catalogue-{case}")
            seconds, peak, code, said = run_import(source, root, dry_run=case == "ordinary")
            within = peak < MAX_MB and seconds < MAX_SECONDS
            failed |= not within and case != "ordinary"
            size = source.stat().st_size
            shown = f"{size / 2 ** 20:.1f} MB" if size >= 2 ** 20 else f"{size / 1024:.0f} KB"
            verdict = "-" if case == "ordinary" else "ok" if within else "OVER"
            print(f"{case:10} {shown:>10} {seconds:8.2f} {peak:8.0f}  {verdict:5}  {code:4}  "
                  f"{said[:150]}")
            source.unlink()
    print(f"bounds: under {MAX_MB} MB peak resident memory and under {MAX_SECONDS:.0f} s for each hostile file")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
