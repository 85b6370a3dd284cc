"""`oerbank new` writes files that validate, never overwrites, and refuses bad values up front."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.pipeline import check

ORG = ["--id", "pier-gallery", "--name", "Pier Gallery", "--url", "https://pier.example/",
       "--summary", "A gallery at the end of the pier.", "--type", "gallery", "--region", "south-east",
       "--maintainer", "pier-learning", "--maintainer", "sam-pier"]
RESOURCE = ["--org", "acme-arts", "--title", "Sand Drawings: Patterns in Nature", "--url", "https://acme.example/sand",
            "--summary", "Pupils draw repeating patterns in the sand tray.", "--resource-type", "activity",
            "--key-stage", "ks1", "--key-stage", "ks2", "--subject", "art-and-design", "--art-form", "visual-art",
            "--delivery", "in-school", "--licence", "CC-BY-4.0", "--cost", "free"]


def run(root: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["new", *args, "--root", str(root)], input=input)


def problems_for(root: Path, rel: str) -> list[tuple[str, str]]:
    _, report = check(root)
    return [(p.code, p.severity) for p in report.problems if p.file == rel]


def test_new_organisation_writes_a_commented_file_that_validates(good_catalogue: Path) -> None:
    result = run(good_catalogue, "organisation", *ORG)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Wrote organisations/pier-gallery.yml.",
        "Next: add a resource with `oerbank new resource --org pier-gallery`, then run `oerbank validate`."]
    text = (good_catalogue / "organisations/pier-gallery.yml").read_text(encoding="utf-8")
    assert "# Region: Where the organisation is based." in text and 'maintainers: ["pier-learning", "sam-pier"]' in text
    assert problems_for(good_catalogue, "organisations/pier-gallery.yml") == []


def test_new_resource_writes_a_file_that_validates(good_catalogue: Path) -> None:
    result = run(good_catalogue, "resource", *RESOURCE)
    assert result.exit_code == 0, result.output
    rel = "resources/acme-arts/sand-drawings-patterns-in-nature.md"
    assert result.output.startswith(f"Wrote {rel}.\nNext: ")
    # Only the recommended date and curriculum links are left to fill in; nothing is wrong.
    _, report = check(good_catalogue)
    assert sorted((p.code, p.severity, p.field) for p in report.problems if p.file == rel) == [
        ("missing-recommended", "warning", "curriculum"), ("missing-recommended", "warning", "published")]


@pytest.mark.parametrize("kind,args,rel", [
    ("organisation", ORG, "organisations/pier-gallery.yml"),
    ("resource", RESOURCE, "resources/acme-arts/sand-drawings-patterns-in-nature.md"),
])
def test_nothing_is_ever_overwritten(good_catalogue: Path, kind: str, args: list[str], rel: str) -> None:
    assert run(good_catalogue, kind, *args).exit_code == 0
    path = good_catalogue / rel
    path.write_text(path.read_text(encoding="utf-8") + "# my own edit\n", encoding="utf-8")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    again = run(good_catalogue, kind, *args)
    assert again.exit_code == 1
    assert f"{rel} already exists; it was not changed." in again.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_existing_sample_file_is_not_overwritten(good_catalogue: Path) -> None:
    before = (good_catalogue / "resources/acme-arts/colour-walk.md").read_bytes()
    result = run(good_catalogue, "resource", *RESOURCE, "--slug", "colour-walk")
    assert result.exit_code == 1
    assert (good_catalogue / "resources/acme-arts/colour-walk.md").read_bytes() == before


def test_bad_values_are_refused_before_anything_is_written(good_catalogue: Path) -> None:
    args = [a if a != "ks2" else "Year 4" for a in RESOURCE]
    result = run(good_catalogue, "resource", *args)
    assert result.exit_code == 2
    assert "Nothing was written" in result.output and "Did you mean 'ks2'?" in result.output
    assert not (good_catalogue / "resources/acme-arts/sand-drawings-patterns-in-nature.md").exists()

    bad_org = [a if a != "gallery" else "galery" for a in ORG]
    result = run(good_catalogue, "organisation", *bad_org)
    assert result.exit_code == 2 and "Did you mean 'gallery'?" in result.output
    assert not (good_catalogue / "organisations/pier-gallery.yml").exists()


def test_usage_errors_exit_2(good_catalogue: Path) -> None:
    assert run(good_catalogue, "organisation", *ORG[2:]).exit_code == 2  # no --id, not a terminal
    bad_id = run(good_catalogue, "organisation", "--id", "Pier Gallery", *ORG[2:])
    assert bad_id.exit_code == 2 and "'pier-gallery'" in bad_id.output
    no_org = run(good_catalogue, "resource", "--org", "nobody", *RESOURCE[2:])
    assert no_org.exit_code == 2 and "There is no organisations/nobody.yml" in no_org.output
    missing = run(good_catalogue, "resource", "--org", "acme-arts", "--title", "Only a title")
    assert missing.exit_code == 2
    assert "Missing --url, --summary, --resource-type, --key-stage, --subject, --licence, --cost" in missing.output
    assert sorted(p.name for p in (good_catalogue / "resources/acme-arts").iterdir()) == ["clay-masks.md", "colour-walk.md"]


def test_in_a_terminal_it_asks_for_what_is_missing(good_catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("oerbank.commands.new._interactive", lambda: True)
    answers = "\n".join(["Shell Prints", "https://acme.example/shells", "Printing with shells and clay.",
                         "activity, workshop", "ks2", "art-and-design; science", "CC-BY-4.0", "free"]) + "\n"
    result = run(good_catalogue, "resource", "--org", "acme-arts", input=answers)
    assert result.exit_code == 0, result.output
    assert "Key stages: The key stages it is written for. Choose from: eyfs, ks1" in result.output
    rel = "resources/acme-arts/shell-prints.md"
    text = (good_catalogue / rel).read_text(encoding="utf-8")
    assert 'resource_types: ["activity", "workshop"]' in text and 'subjects: ["art-and-design", "science"]' in text
    assert [c for c, s in problems_for(good_catalogue, rel) if s == "error"] == []


def test_a_wrong_answer_is_explained_and_asked_again_at_once(good_catalogue: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("oerbank.commands.new._interactive", lambda: True)
    answers = "\n".join(["Shell Prints", "acme.example/shells", "https://acme.example/shells",
                         "Printing with shells and clay.", "activity", "Key Stage 9", "Key Stage 2",
                         "art-and-design", "CC BY 4.0", "Free"]) + "\n"
    result = run(good_catalogue, "resource", "--org", "acme-arts", input=answers)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # The bad link is explained right after it is typed, and the question is asked again.
    at = lines.index("Link: acme.example/shells")
    assert lines[at + 1:at + 4] == [
        "  'url: acme.example/shells' is not a full web address (it has no https:// at the start).",
        "  hint: Copy the full address from the browser's address bar, e.g. "
        "url: https://www.harbourlight-museum.example/learning/ship-in-a-bottle",
        "Link: https://acme.example/shells"]
    at = lines.index("Key stages (separate several with commas): Key Stage 9")
    assert lines[at + 1:at + 5] == [
        "  'Key Stage 9' in key_stages is not a key stage this catalogue uses.",
        "  hint: Use one of: eyfs, ks1, ks2, ks3, ks4, ks5.",
        "Key stages (separate several with commas): Key Stage 2",
        "Key stages: 'Key Stage 2' read as ks2"]
    assert "Licence: 'CC BY 4.0' read as CC-BY-4.0" in lines and "Cost: 'Free' read as free" in lines
    rel = "resources/acme-arts/shell-prints.md"
    text = (good_catalogue / rel).read_text(encoding="utf-8")
    assert 'key_stages: ["ks2"]' in text and 'licence: "CC-BY-4.0"' in text and 'cost: "free"' in text
    assert [c for c, s in problems_for(good_catalogue, rel) if s == "error"] == []


def test_options_typed_as_people_write_them_are_read_and_said(good_catalogue: Path) -> None:
    args = [a.replace("ks2", "Key Stage 2").replace("CC-BY-4.0", "CC BY 4.0") for a in RESOURCE]
    result = run(good_catalogue, "resource", *args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["Key stages: 'Key Stage 2' read as ks2",
                                              "Licence: 'CC BY 4.0' read as CC-BY-4.0"]
    text = (good_catalogue / "resources/acme-arts/sand-drawings-patterns-in-nature.md").read_text(encoding="utf-8")
    assert 'key_stages: ["ks1", "ks2"]' in text and 'licence: "CC-BY-4.0"' in text


def test_a_full_disk_is_one_sentence_and_leaves_no_file(good_catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("oerbank.atomic.os.fsync", full)
    result = run(good_catalogue, "resource", *RESOURCE)
    target = good_catalogue / "resources/acme-arts/sand-drawings-patterns-in-nature.md"
    assert result.exit_code == 1
    assert result.output == (f"Error: The disk is full, so {target} could not be written; nothing was changed. "
                             "Free some space and run the command again.\n")
    assert sorted(p.name for p in target.parent.iterdir()) == ["clay-masks.md", "colour-walk.md"]
