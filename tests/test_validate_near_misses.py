"""For every problem code, a real-looking record that comes close to it and must pass.

The must-fire side is tests/fixtures/validate/cases/. This is the other side: text with '<',
signs before numbers, colons, hashes, right-to-left scripts, links that differ only in what
matters. A check that fires on any of these refuses real records for nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from catalogues import FIXTURES, REPO, write_files
from oerbank.pipeline import check

ORG = "resources/acme-arts"

FIELDS = {
    "title": "Masks from Around the World",
    "url": "https://www.acme-arts.example/learning/masks-world",
    "summary": "Pupils look at masks from four cultures, then make their own.",
    "resource_types": "[lesson-plan]",
    "key_stages": "[ks2]",
    "subjects": "[art-and-design]",
    "art_forms": "[craft]",
    "delivery": "[download]",
    "licence": "CC-BY-4.0",
    "cost": "free",
    "published": "2024-01-10",
    "curriculum": "[natcurric:contentdescriptor-great-artists-architects-designers-history]",
}


def resource(body: str = "Pupils look at masks, then model their own.", **fields: str) -> str:
    """A complete resource file; a field given as '' is left out."""
    merged = {**FIELDS, **fields}
    lines = [f"{k}: {v}" for k, v in merged.items() if v != ""]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def organisation(name: str, org_id: str, **extra: str) -> str:
    fields = {"name": name, "url": f"https://www.{org_id}.example/",
              "summary": "An arts centre with a gallery and a schools programme.", "type": "gallery",
              "region": "wales", "maintainers": f"[{org_id}-learning]", **extra}
    return "".join(f"{k}: {v}\n" for k, v in fields.items())


NEAR_MISSES: dict[str, dict[str, str | bytes]] = {
    "yaml-syntax": {f"{ORG}/colons.md": resource(title='"Masks: a workshop"', summary="Starts at 10:30am, ratio 1:2.",
                                                 url="https://www.acme-arts.example:8443/learning/colons")},
    "missing-front-matter": {f"{ORG}/rule.md": resource(body="Part one.\n\n---\n\nPart two, after a rule.")},
    "unterminated-front-matter": {f"{ORG}/dashes.md": resource(summary="Pupils make masks --- then a play.")},
    "empty-front-matter": {f"{ORG}/comments.md": resource().replace("---\n", "---\n# Written by the learning team\n", 1)},
    "empty-file": {f"{ORG}/short.md": resource(body="")},
    "empty-record": {"organisations/tiny-arts.yml": organisation("Tiny Arts", "tiny-arts")},
    "not-a-mapping": {f"{ORG}/list-body.md": resource(body="- Cut out the mask.\n- Paint it.\n- Wear it.")},
    "not-utf8": {f"{ORG}/welsh.md": resource(title="\"Mygydau o\u2019r byd: c\u0175n a dr\u00e1ma\"",
                                             summary="Disgyblion yn gwneud mygydau \U0001F3AD.").encode("utf-8")},
    "not-text": {f"{ORG}/bom.md": b"\xef\xbb\xbf" + resource(url="https://www.acme-arts.example/learning/bom").encode()},
    "duplicate-key": {f"{ORG}/body-keys.md": resource(body="title: how to write one on the mask\nurl: on the back")},
    "unknown-field": {f"{ORG}/all-fields.md": resource(content_guidance="Includes images of ritual masks.",
                                                       accessibility="[captions]", audiences="[pupils]")},
    "wrong-type": {f"{ORG}/years.md": resource(keywords='["1984", miners strike]', duration_minutes="45")},
    "yaml-boolean": {f"{ORG}/no-mans-land.md": resource(title="No Man's Land: masks", summary="Yes or no questions.")
                     .replace("title: No Man's Land: masks", 'title: "No Man\'s Land: masks"')},
    "yaml-sexagesimal": {f"{ORG}/times.md": resource(summary="Doors at 10:30am; the film runs 1:20.")},
    "yaml-date": {f"{ORG}/season.md": resource(title="2023-24 season of masks", summary="Made in 1066, shown 2024-25.")},
    "yaml-comment-in-value": {f"{ORG}/hash.md": resource(title='"Masks #seafront walk"', summary="Room 4#B, C# tunes.")},
    "yaml-alias": {f"{ORG}/stars.md": resource(summary="Print a star * shape with *stamps*, then &more.")},
    "yaml-tag": {f"{ORG}/wow.md": resource(title="Wow! Masks", summary="Use the ! key to shout.")},
    "too-deeply-nested": {f"{ORG}/block-lists.md": resource(subjects="\n  - art-and-design\n  - history",
                                                           keywords="\n  - masks\n  - clay")},
    "missing-field": {f"{ORG}/minimal.md": resource(art_forms="", delivery="", published="",
                                                   body="").replace("subjects:", "art_forms: [craft]\ndelivery: [download]\npublished: 2024-01-10\nsubjects:")},
    "missing-recommended": {f"{ORG}/recommended.md": resource()},
    "curriculum-mismatch": {f"{ORG}/curriculum.md": resource(
        curriculum="[natcurric:contentdescriptor-great-artists-architects-designers-history, cfw:expressive-arts-creating]")},
    "not-in-vocabulary": {f"{ORG}/vocab.md": resource(key_stages="[ks3, ks4, ks5]", subjects="[music, drama]",
                                                     licence="OGL-UK-3.0",
                                                     curriculum="[natcurric:contentdescriptor-play-perform-range-solo-ensemble]")},
    "too-long": {f"{ORG}/long.md": resource(title="A" * 200, body="Llanfair\u00a0" * 2200)},
    "too-many-values": {f"{ORG}/many.md": resource(keywords="[" + ", ".join(f"mask {i}" for i in range(20)) + "]")},
    "out-of-range": {f"{ORG}/range.md": resource(duration_minutes="100000")},
    "invalid-date": {f"{ORG}/leap.md": resource(published="2024-02-29", updated="2024-02-29")},
    "not-a-number": {f"{ORG}/minutes.md": resource(duration_minutes="90")},
    "invalid-email": {"organisations/plus-arts.yml": organisation("Plus Arts", "plus-arts",
                                                                  email="learning+schools@plus-arts.example")},
    "invalid-format": {"organisations/studio-54.yml": organisation("Studio 54 Arts", "studio-54", maintainers="[Studio-54-Learning, sam2]",
                                                                   charity_number="SC012345", wikidata="Q42"),
                       f"{ORG}/languages.md": resource(languages="[en-GB, cy, gd, bsl]")},
    "invalid-url": {f"{ORG}/encoded.md": resource(url="https://cy.wikipedia.example/wiki/Mwgwd_(celf)?a=1&b=%C5%B5#top")},
    "unsafe-url": {f"{ORG}/javascript.md": resource(body="[Learn JavaScript](https://www.acme-arts.example/javascript:basics) "
                                                         "or read about data: what it is.")},
    "insecure-url": {f"{ORG}/http.md": resource(url="http://www.acme-arts.example/learning/old-site")},
    "unsafe-html": {f"{ORG}/scripts.md": resource(body="Pupils write scripts for a play, form groups and style "
                                                       "their masks. onclick = a word in a comic.")},
    "html-in-text": {f"{ORG}/decimals.md": resource(title="Fish & chips <3 shapes", summary="I can compare decimals using < and >.",
                                                   keywords='["x<5", "a -> b", "3 <= 5"]')},
    "formula-like-text": {f"{ORG}/signs.md": resource(title='"@home: copper tokens"', summary="-5 degrees, so the masks freeze.",
                                                     keywords='["+1 for a partner", "- any colour", "-.5 of a turn"]')},
    "curly-quoted-text": {f"{ORG}/quoted.md": resource(title='"“Hamlet” for schools: the play in a day"',
                                                      summary='"Pupils meet ‘Ophelia’ and ask: “who is she?”"',
                                                      keywords='["“Macbeth” and masks", "don’t panic"]')},
    "control-character": {f"{ORG}/tabs.md": resource(summary="Family portraits with\u00a0clay.",
                                                     body="| Step\t| Time |\n|---|---|\n| Draw\t| 10 minutes |")},
    "line-break-in-text": {f"{ORG}/folded.md": resource(summary="I can apply protocols of specific fitness tests that\n"
                                                                "  measure balance, co-ordination and agility.")},
    "bidi-control": {f"{ORG}/scripts-rtl.md": resource(title="Calligraphy masks, \u0627\u0644\u062e\u0637 and \u05d0\u05d5\u05ea",
                                                      summary="Family portraits \U0001F468\u200d\U0001F469\u200d\U0001F467 in clay.")},
    "missing-image-alt": {f"{ORG}/image.md": resource(image="https://www.acme-arts.example/img/mask.jpg",
                                                     image_alt="A painted clay mask with feathers")},
    "dates-out-of-order": {f"{ORG}/same-day.md": resource(published="2024-01-10", updated="2024-01-10")},
    "unknown-organisation": {f"{ORG}/says-org.md": resource(organisation="acme-arts")},
    "organisation-mismatch": {f"{ORG}/says-org-2.md": resource(organisation="acme-arts",
                                                              url="https://www.acme-arts.example/learning/says-org-2")},
    "id-mismatch": {"organisations/id-arts.yml": organisation("Id Arts", "id-arts", id="id-arts")},
    "duplicate-id": {"resources/harbour-museum/clay-masks.md": resource(url="https://harbour-museum.example/learning/clay-masks")},
    "duplicate-url": {f"{ORG}/part-2.md": resource(url="https://www.acme-arts.example/learning/clay-masks?part=2"),
                      f"{ORG}/Clay-path.md".lower(): resource(url="https://www.acme-arts.example/Learning/Clay-Masks")},
    "duplicate-value": {f"{ORG}/values.md": resource(keywords="[print, printing, Print-making]", subjects="[art-and-design]")},
    "duplicate-name": {"organisations/acme-arts-cardiff.yml": organisation("Acme Arts Centre Cardiff", "acme-arts-cardiff"),
                       "organisations/cafe-arts.yml": organisation("Caf\u00e9 Arts", "cafe-arts"),
                       "organisations/cafe-arts-2.yml": organisation("Cafe Arts", "cafe-arts-2")},
    "invalid-file-name": {f"{ORG}/year-7-lesson-2.md": resource(url="https://www.acme-arts.example/learning/y7-2")},
    "invalid-folder-name": {"organisations/arts-2050.yml": organisation("Arts 2050", "arts-2050"),
                            "resources/arts-2050/masks.md": resource(url="https://www.arts-2050.example/masks")},
    "wrong-file-type": {f"{ORG}/README.md": "Resources of Acme Arts Centre.\n"},
    "file-extension": {"resources/README.md": "One folder per organisation.\n"},
    "misplaced-file": {f"{ORG}/.gitkeep": "", "organisations/.DS_Store": b"\x00\x01"},
    "file-too-large": {f"{ORG}/big.md": resource(body="\U0001F3AD" * 19_000)},
    "unreadable-file": {f"{ORG}/read-only.md": resource(url="https://www.acme-arts.example/learning/read-only")},
    "symlink": {f"{ORG}/hard-linked.md": resource(url="https://www.acme-arts.example/learning/hard-linked")},
    "missing-logo-alt": {"organisations/logo-arts.yml": organisation(
        "Logo Arts", "logo-arts", logo="https://www.logo-arts.example/logo.png", logo_alt="Logo Arts, a blue L")},
    "invalid-colour": {"organisations/hex-arts.yml": organisation("Hex Arts", "hex-arts", colour='"#ABCDEF"')},
    "low-contrast-colour": {"organisations/grey-arts.yml": organisation("Grey Arts", "grey-arts", colour='"#767676"')},
    "invalid-bookings": {"organisations/book-arts.yml": organisation(
        "Book Arts", "book-arts", bookings="+44 (0)29 2018 0123"), "organisations/mail-arts.yml": organisation(
        "Mail Arts", "mail-arts", bookings="learning+schools@mail-arts.example")},
}


def _documented_codes() -> set[str]:
    table = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## What the check messages mean", 1)[1].split("\n## ", 1)[0]
    # Rows marked "(spreadsheet...)" or "(web form...)" are those routes' own, tested with them.
    return {code for row in table.splitlines()
            if row.startswith("| `") and not row.split("|")[2].strip().startswith(("(spreadsheet", "(web form"))
            for code in re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", row.split("|")[1])}


def test_every_documented_code_has_a_near_miss() -> None:
    codes = _documented_codes()
    assert len(codes) > 50
    assert sorted(codes - set(NEAR_MISSES)) == []


@pytest.mark.parametrize("code", sorted(NEAR_MISSES))
def test_near_miss_passes(code: str, tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    write_files(root, NEAR_MISSES[code])
    if code == "unreadable-file":
        os.chmod(root / f"{ORG}/read-only.md", 0o444)
    if code == "symlink":  # a hard link is an ordinary file with two names: nothing else is read
        os.link(root / f"{ORG}/hard-linked.md", root / "hard-linked-notes.md")
    _, report = check(root)
    assert [(p.file, p.line, p.code, p.message) for p in report.problems] == []
