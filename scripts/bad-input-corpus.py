#!/usr/bin/env python3
"""Writes the hostile-input corpus of tests/bad-input/ (see docs/QUALITY.md, "Hostile input").

The files are committed; this script only says how each was made, so the corpus can be re-made or extended.
What each file must produce is declared in tests/bad-input/expected.toml, by hand.

    python3 scripts/bad-input-corpus.py [AGORA_BINARY]

The binary (default: $CARGO_TARGET_DIR/debug/agora) makes the Agora databases the backup files start from.
"""

import os
import sqlite3
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "bad-input"
MB = 1024 * 1024

CSV_HEAD = "Name,Email,Phone\n"
CSV_ROWS = "Anna Verdi,anna@example.it,051 123456\nLuca Neri,luca@example.it,051 654321\n"

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carla Ferri\r\nEMAIL:carla@example.it\r\nEND:VCARD\r\n"

EVENT = (
    "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:{summary}\r\n"
    "DTSTART:{start}\r\nDTEND:{end}\r\nEND:VEVENT\r\n"
)


def event(uid="lettura@biblioteca.example", summary="Letture", start="20270320T103000Z", end="20270320T113000Z"):
    return EVENT.format(uid=uid, summary=summary, start=start, end=end)


def calendar(*events):
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Bad input//IT\r\n" + "".join(events) + "END:VCALENDAR\r\n"


GUIDE = '[identity]\nlibrary = "Sala Borsa"\n\n'
RULE = '[[rules]]\nid = "{id}"\nkind = "forbid"\nmessage = "Avoid it"\nterms = ["{term}"]\n\n'


def png(width=1, height=1):
    """A real (tiny) PNG image."""

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def zip_file():
    """A zip archive holding one CSV file (as a mail attachment might arrive)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("contacts.csv", CSV_HEAD + CSV_ROWS)
    return out.getvalue()


def elf():
    """The start of a 64-bit Linux executable, then bytes of every value."""
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
    return header + bytes(range(256)) * 16


def contacts():
    f = {}
    f["empty.csv"] = b""
    f["bom-only.csv"] = b"\xef\xbb\xbf"
    f["blank-lines-only.csv"] = b"\n\r\n   \n\t\n"
    f["header-only.csv"] = CSV_HEAD.encode()
    f["empty-header.csv"] = b",,,\nAnna Verdi,anna@example.it,051 123456,\n"
    f["truncated-mid-row.csv"] = (CSV_HEAD + CSV_ROWS + "Maria Rossi,maria@exa").encode()
    f["truncated-mid-quote.csv"] = (CSV_HEAD + CSV_ROWS + 'Maria Rossi,"maria@example.it').encode()
    f["unterminated-quote-swallows-rows.csv"] = (
        "Name,Notes\nAnna Verdi,\"Ama i gialli\nLuca Neri,ok\nMaria Rossi,ok\nPaolo Bianchi,ok\n"
    ).encode()
    f["ragged-rows.csv"] = (CSV_HEAD + "Anna Verdi,anna@example.it\nLuca Neri,luca@example.it,051 654321,extra,more\n").encode()
    f["pipe-delimited.csv"] = "Name|Email|Phone\nAnna Verdi|anna@example.it|051 123456\n".encode()
    f["mixed-delimiters.csv"] = (CSV_HEAD + "Anna Verdi;anna@example.it;051 123456\nLuca Neri,luca@example.it,051 654321\n").encode()
    f["tab-header-comma-rows.csv"] = ("Name\tEmail\tPhone\n" + CSV_ROWS).encode()
    f["latin1.csv"] = (CSV_HEAD + "Anna Verdi,anna@example.it,051 123456\n").encode() + "Nicolò Bianchi,nicolo@example.it,051 1\n".encode("latin-1")
    f["windows-1252-quotes.csv"] = (CSV_HEAD + CSV_ROWS).encode() + "Maria \u201cMimì\u201d Rossi,maria@example.it,\n".encode("cp1252")
    f["utf16le-bom.csv"] = b"\xff\xfe" + (CSV_HEAD + CSV_ROWS).encode("utf-16-le")
    f["utf16be-bom.csv"] = b"\xfe\xff" + (CSV_HEAD + CSV_ROWS).encode("utf-16-be")
    f["utf16le-no-bom.csv"] = (CSV_HEAD + CSV_ROWS).encode("utf-16-le")
    f["utf16be-no-bom.csv"] = (CSV_HEAD + CSV_ROWS).encode("utf-16-be")
    f["utf32le-bom.csv"] = b"\xff\xfe\x00\x00" + (CSV_HEAD + CSV_ROWS).encode("utf-32-le")
    f["overlong-utf8.csv"] = (CSV_HEAD + CSV_ROWS).encode() + b"Anna \xc0\xaf Verdi,anna2@example.it,\n"
    f["utf8-surrogate.csv"] = (CSV_HEAD).encode() + b"Anna \xed\xa0\x80 Verdi,anna@example.it,\n"
    f["nul-bytes.csv"] = (CSV_HEAD + "Anna\x00Verdi,anna@example.it,051 123456\n").encode()
    f["control-characters.csv"] = (CSV_HEAD + "Anna\x1b[31mVerdi\x07,anna@example.it,051 123456\n").encode()
    f["png-image.csv"] = png(4, 4)
    f["zip-archive.csv"] = zip_file()
    f["elf-binary.csv"] = elf()
    # A name of 1 MB on one line.
    f["huge-name-line.csv"] = (CSV_HEAD + CSV_ROWS + "A" * MB + ",big@example.it,\n").encode()
    # A notes cell of 300 KB with 2,000 new lines inside its quotes, then a bad row: its line is counted right.
    f["huge-notes-cell-then-bad-row.csv"] = (
        "Name,Email,Notes\nAnna Verdi,anna@example.it,\"" + ("nota lunga, " * 12 + "\n") * 2000 + "\"\nLuca Neri,luca at example,\n"
    ).encode()
    # 100,000 columns; the second row's e-mail address, in the last column, is bad.
    header = ["Name"] + ["x"] * 99_998 + ["Email"]
    f["100k-columns.csv"] = (
        ",".join(header) + "\nAnna Verdi" + "," * 99_999 + "anna@example.it\nLuca Neri" + "," * 99_999 + "luca at example\n"
    ).encode()
    # 40,000 e-mail addresses in one cell, the Google Contacts way; the last one is bad.
    f["40k-emails-in-one-cell.csv"] = (
        "Name,E-mail 1 - Value\nAnna Verdi," + " ::: ".join([f"a{i}@x.it" for i in range(40_000)] + ["anna at example"]) + "\n"
    ).encode()
    # A birthday whose eighth byte falls inside a character (once a panic: the year was cut at byte 4).
    f["birthday-multibyte.csv"] = "Name,Birthday\nAnna Verdi,12€456\n".encode()
    f["birthday-year-0.csv"] = "Name,Birthday\nAnna Verdi,1979-04-02\nLuca Neri,0000-01-01\n".encode()
    f["birthday-year-99999.csv"] = "Name,Birthday\nAnna Verdi,99999-01-01\n".encode()
    f["birthday-in-the-future.csv"] = "Name,Birthday\nAnna Verdi,2999-02-30\n".encode()
    f["birthday-not-a-date.csv"] = "Name,Birthday\nAnna Verdi,il 3 marzo\n".encode()
    f["bad-email-line-4.csv"] = (CSV_HEAD + CSV_ROWS + "Maria Rossi,maria at example,\n").encode()
    f["no-name-column.csv"] = "Email,Phone\nanna@example.it,051 123456\n".encode()
    f["row-without-name.csv"] = (CSV_HEAD + CSV_ROWS + ",nobody@example.it,051 000000\n").encode()
    return f


def vcards():
    f = {}
    f["empty.vcf"] = b""
    f["truncated-mid-card.vcf"] = (CARD + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luca Ne").encode()
    f["no-name.vcf"] = (CARD + "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:nobody@example.it\r\nNOTE:no FN and no N\r\nEND:VCARD\r\n").encode()
    f["version-2.1.vcf"] = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Verdi;Anna\r\nFN:Anna Verdi\r\nEND:VCARD\r\n".encode()
    f["no-version.vcf"] = "BEGIN:VCARD\r\nFN:Anna Verdi\r\nEND:VCARD\r\n".encode()
    f["line-without-colon.vcf"] = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Verdi\r\nEMAIL anna@example.it\r\nEND:VCARD\r\n".encode()
    f["end-without-begin.vcf"] = (CARD + "END:VCARD\r\n").encode()
    f["nested-begin.vcf"] = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Verdi\r\n" + CARD).encode()
    f["csv-content.vcf"] = (CSV_HEAD + CSV_ROWS).encode()
    f["utf16le-bom.vcf"] = b"\xff\xfe" + CARD.encode("utf-16-le")
    f["latin1.vcf"] = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nicolò Bianchi\r\nEND:VCARD\r\n".encode("latin-1")
    f["elf-binary.vcf"] = elf()
    # One card whose NOTE is folded over 50,000 continuation lines.
    f["folded-50k-lines.vcf"] = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Verdi\r\nNOTE:inizio\r\n" + " x\r\n" * 50_000 + "EMAIL:anna at example\r\nEND:VCARD\r\n"
    ).encode()
    # BEGIN:VCARD 5,000 times, never ended.
    f["begin-5k-deep.vcf"] = ("BEGIN:VCARD\r\nVERSION:3.0\r\n" * 5_000).encode()
    f["bday-year-0.vcf"] = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Verdi\r\nBDAY:00000101\r\nEND:VCARD\r\n".encode()
    f["bday-month-13.vcf"] = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Verdi\r\nBDAY:1979-13-45\r\nEND:VCARD\r\n".encode()
    # A name of 300 KB, folded at 75 characters as the RFC says.
    name = "N" * (300 * 1024)
    folded = "\r\n ".join(name[i : i + 74] for i in range(0, len(name), 74))
    f["huge-name-folded.vcf"] = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:" + folded + "\r\nEND:VCARD\r\n").encode()
    return {f"contacts/{k}": v for k, v in f.items()}


def events():
    f = {}
    f["empty.ics"] = b""
    f["bom-only.ics"] = b"\xef\xbb\xbf"
    f["not-a-calendar.ics"] = (CSV_HEAD + CSV_ROWS).encode()
    f["truncated-mid-vevent.ics"] = (calendar(event())[: -len("END:VCALENDAR\r\n")] + "BEGIN:VEVENT\r\nUID:due@b\r\nSUMMARY:Incon").encode()
    f["no-end-vcalendar.ics"] = calendar(event())[: -len("END:VCALENDAR\r\n")].encode()
    f["vevent-without-end.ics"] = calendar(event().replace("END:VEVENT\r\n", "")).encode()
    f["duplicate-uid.ics"] = calendar(event(uid="a@b"), event(uid="c@b", summary="Altro"), event(uid="a@b", summary="Terzo")).encode()
    f["no-uid.ics"] = calendar(event(), event(uid="").replace("UID:\r\n", "")).encode()
    f["no-summary.ics"] = calendar(event(summary="")).encode()
    f["year-0.ics"] = calendar(event(start="00000320T103000Z", end="00000320T113000Z")).encode()
    f["year-99999.ics"] = calendar(event(start="999990320T103000Z", end="999990320T113000Z")).encode()
    f["month-13.ics"] = calendar(event(start="20271320T103000Z", end="20271320T113000Z")).encode()
    f["february-30.ics"] = calendar(event(), event(uid="feb@b", start="20270230T103000Z", end="20270230T113000Z")).encode()
    f["dtend-before-dtstart.ics"] = calendar(event(start="20270320T113000Z", end="20270320T103000Z")).encode()
    f["unknown-tzid.ics"] = calendar(event().replace("DTSTART:20270320T103000Z", "DTSTART;TZID=Mars/Olympus:20270320T103000")).encode()
    f["time-in-dst-gap.ics"] = calendar(
        event().replace("DTSTART:20270320T103000Z", "DTSTART;TZID=Europe/Rome:20270328T023000")
        .replace("DTEND:20270320T113000Z", "DTEND;TZID=Europe/Rome:20270328T033000")
    ).encode()
    f["utf16le-bom.ics"] = b"\xff\xfe" + calendar(event()).encode("utf-16-le")
    f["latin1.ics"] = calendar(event(summary="Festa più bella")).encode("latin-1")
    f["zip-archive.ics"] = zip_file()
    f["nul-bytes.ics"] = calendar(event(summary="Letture\x00\x00\x00")).encode()
    # SUMMARY of 1 MB on one line.
    f["huge-summary-line.ics"] = calendar(event(summary="L" * MB)).encode()
    # BEGIN:VCALENDAR nested 10,000 deep (once a stack overflow: the parser recurses a level at a time).
    f["vcalendar-nested-10k.ics"] = ("BEGIN:VCALENDAR\r\n" * 10_000 + "END:VCALENDAR\r\n" * 10_000).encode()
    # BEGIN:VEVENT nested 10,000 deep inside a calendar.
    f["vevent-nested-10k.ics"] = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + "BEGIN:VEVENT\r\n" * 10_000 + "END:VEVENT\r\n" * 10_000 + "END:VCALENDAR\r\n"
    ).encode()
    # A DESCRIPTION folded over 50,000 lines, then an event with the same UID: its line is the file's.
    f["folded-50k-lines.ics"] = calendar(
        event().replace("END:VEVENT", "DESCRIPTION:inizio\r\n" + " x\r\n" * 50_000 + "END:VEVENT"),
        event(uid="lettura@biblioteca.example", summary="Doppione"),
    ).encode()
    return {f"events/{k}": v for k, v in f.items()}


def guides():
    f = {}
    f["empty.toml"] = b""
    f["truncated-mid-string.toml"] = (GUIDE + '[[rules]]\nid = "no-x"\nkind = "forbid"\nmessage = "Avoid').encode()
    f["truncated-mid-table-header.toml"] = (GUIDE + "[[ru").encode()
    f["nested-arrays-20k.toml"] = (GUIDE.replace('"Sala Borsa"', "[" * 20_000 + "]" * 20_000)).encode()
    f["nested-inline-tables-20k.toml"] = ("x = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n").encode()
    f["nested-tables-20k.toml"] = ("[" + ".".join(["t"] * 20_000) + "]\nx = 1\n").encode()
    f["duplicate-rule-ids.toml"] = (GUIDE + RULE.format(id="no-x", term="x") + RULE.format(id="no-x", term="y")).encode()
    f["unknown-kind.toml"] = (GUIDE + RULE.format(id="r", term="x").replace('"forbid"', '"shout"')).encode()
    f["unknown-key.toml"] = (GUIDE + RULE.format(id="r", term="x") + 'colour = "red"\n').encode()
    f["bad-regex.toml"] = (GUIDE + '[[rules]]\nid = "re"\nkind = "forbid"\nmessage = "m"\npatterns = ["(unclosed"]\n').encode()
    f["enormous-regex.toml"] = (GUIDE + '[[rules]]\nid = "re"\nkind = "forbid"\nmessage = "m"\npatterns = ["\\\\w{1000}\\\\w{1000}\\\\w{1000}"]\n').encode()
    f["newer-format.toml"] = ("format = 99\n" + GUIDE).encode()
    f["integer-overflow.toml"] = (GUIDE + '[[rules]]\nid = "r"\nkind = "repeat"\nmessage = "m"\nwithin = 99999999999999999999\n').encode()
    f["negative-count.toml"] = (GUIDE + '[[rules]]\nid = "r"\nkind = "count"\nmessage = "m"\nwhat = "hashtags"\nmax = -1\n').encode()
    f["duplicate-key.toml"] = '[identity]\nlibrary = "Sala Borsa"\nlibrary = "Altra"\n'.encode()
    f["utf16le-bom.toml"] = b"\xff\xfe" + (GUIDE + RULE.format(id="r", term="x")).encode("utf-16-le")
    f["latin1.toml"] = (GUIDE.replace("Sala Borsa", "Biblioteca Città")).encode("latin-1")
    f["nul-bytes.toml"] = (GUIDE + "\x00\x00\x00").encode()
    f["png-image.toml"] = png(8, 8)
    # A message of 300 KB on one line whose string is never closed.
    f["huge-unclosed-message.toml"] = (GUIDE + '[[rules]]\nid = "r"\nkind = "forbid"\nmessage = "' + "m" * (300 * 1024) + '\nterms = ["x"]\n').encode()
    f["bom-only.toml"] = b"\xef\xbb\xbf"
    f["whitespace-only.toml"] = b"\n\n   \t\n"
    f["date-out-of-range.toml"] = (GUIDE + "[identity.since]\nday = 2027-02-30\n").encode()
    return {f"guide/{k}": v for k, v in f.items()}


def backups(agora):
    """Backup files for `agora restore`, most made from a real Agora database."""
    f = {}
    f["empty.sqlite3"] = b""
    f["text-file.sqlite3"] = (CSV_HEAD + CSV_ROWS).encode()
    f["png-image.sqlite3"] = png(2, 2)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run(
            [agora, "--data-dir", str(data), "init", "--name", "Biblioteca", "--city", "Bologna", "--timezone", "Europe/Rome"],
            check=True,
            capture_output=True,
        )
        subprocess.run([agora, "--data-dir", str(data), "people", "add", "--name", "Anna Verdi"], check=True, capture_output=True)
        made = subprocess.run([agora, "--data-dir", str(data), "--format", "json", "backup"], check=True, capture_output=True)
        import json

        db = Path(json.loads(made.stdout)["path"]).read_bytes()
        plain = Path(tmp) / "plain.sqlite3"
        con = sqlite3.connect(plain)
        con.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
        con.executemany("INSERT INTO person (name) VALUES (?)", [(f"Persona {i}",) for i in range(500)])
        con.commit()
        con.close()
        small = plain.read_bytes()
        f["not-agora.sqlite3"] = small
    f["header-only.sqlite3"] = db[:100]
    f["truncated-half.sqlite3"] = db[: len(db) // 2]
    # A small SQLite file that says it is an Agora database of a far newer schema (user_version).
    newer = bytearray(small)
    newer[60:64] = (9999).to_bytes(4, "big")
    f["newer-schema.sqlite3"] = bytes(newer)
    # The same, its pages' b-tree headers overwritten after the first.
    damaged = bytearray(small)
    damaged[60:64] = (1).to_bytes(4, "big")
    page = int.from_bytes(small[16:18], "big")
    for at in range(page, len(small), page):
        damaged[at : at + 8] = b"\xff" * 8
    f["damaged-pages.sqlite3"] = bytes(damaged)
    return {f"backup/{k}": v for k, v in f.items()}


def main():
    target = os.environ.get("CARGO_TARGET_DIR", str(Path(__file__).resolve().parent.parent / "target"))
    agora = sys.argv[1] if len(sys.argv) > 1 else str(Path(target) / "debug" / "agora")
    files = {}
    files.update({f"contacts/{k}": v for k, v in contacts().items()})
    files.update(vcards())
    files.update(events())
    files.update(guides())
    files.update(backups(agora))
    for name, content in files.items():
        assert len(content) <= 2 * MB, f"{name} is {len(content)} bytes"
        path = ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    total = sum(len(c) for c in files.values())
    print(f"{len(files)} files, {total / MB:.1f} MB")


if __name__ == "__main__":
    main()
