"""`oerbank from-issue`: a submitted issue form becomes a valid resource file, or a list of wrong answers."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from github_helpers import FIXTURES
from oerbank.cli import cli
from oerbank.github.fromissue import parse_answers, submission_from_issue
from oerbank.github.issueform import questions
from oerbank.pipeline import check

NEW = "resources/harbourlight-museum/lighthouse-keepers-light-and-reflection.md"


def from_issue(root: Path, name: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["from-issue", str(FIXTURES / name), "--root", str(root), *args])
    return result.exit_code, result.output


def body(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def wrong(root: Path, name: str) -> list[tuple[str, str]]:
    return [(w.question, w.code) for w in submission_from_issue(root, body(name)).wrong]


def test_a_good_issue_becomes_a_valid_resource(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-good.md")
    assert (code, out) == (0, f"Wrote {NEW}.\n")
    _, report = check(catalogue)
    assert report.valid(), report.problems
    record = next(r for r in check(catalogue)[0].resources if r.path == NEW)
    assert {k: record.data[k] for k in ("title", "resource_types", "key_stages", "subjects", "licence", "cost",
                                        "audiences", "delivery", "languages", "duration_minutes", "keywords",
                                        "accessibility", "art_forms")} == {
        "title": "Lighthouse Keepers: Light and Reflection",
        "resource_types": ["lesson-plan", "image-collection"], "key_stages": ["ks1", "ks2"],
        "subjects": ["science", "history"], "licence": "CC-BY-4.0", "cost": "free",
        "audiences": ["pupils", "teachers"], "delivery": ["download"], "languages": ["en", "cy"],
        "duration_minutes": 60, "keywords": ["lighthouses", "light", "mirrors"], "accessibility": ["alt-text"],
        "art_forms": ["heritage", "photography"]}
    assert record.body.startswith("Pupils read letters from Margaret Dunn")
    assert record.body.rstrip().endswith("- 12 photographs from the collection")


def test_windows_line_endings_and_the_organisations_name(catalogue: Path) -> None:
    text = body("issue-good.md").replace("harbourlight-museum\n", "Harbourlight Maritime Museum\n", 1)
    sub = submission_from_issue(catalogue, text.replace("\n", "\r\n"))
    assert sub.valid and sub.path == NEW


def test_it_never_overwrites_without_force(catalogue: Path) -> None:
    assert from_issue(catalogue, "issue-good.md")[0] == 0
    code, out = from_issue(catalogue, "issue-good.md")
    assert code == 1
    assert out == (f"The answers in {FIXTURES / 'issue-good.md'} need changing; nothing was written:\n"
                   f"  Title: There is already a resource at {NEW}.\n"
                   "      hint: Give this resource a different title, or change the existing file instead.\n")
    assert from_issue(catalogue, "issue-good.md", "--force") == (0, f"Wrote {NEW}.\n")
    code, out = from_issue(catalogue, "issue-good.md", "--slug", "lighthouses")
    assert code == 1  # under another name it would be the same link twice
    assert f"  Link: This link is already in the catalogue, in {NEW}." in out


def test_wrong_vocabulary_words(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-wrong-choices.md")
    assert code == 1
    assert out.splitlines()[1:] == [
        "  Key stages: 'Year 4' is not one of the choices.",
        "      hint: Did you mean 'Key Stage 2 (ages 7–11)'? Choose from: Early years (ages 3–5), Key Stage 1 "
        "(ages 5–7), Key Stage 2 (ages 7–11), Key Stage 3 (ages 11–14), Key Stage 4 (ages 14–16), "
        "Key Stage 5 (ages 16–18).",
        "  Subjects: 'Art' is not one of the choices.",
        "      hint: Did you mean 'Art and design'? Choose from: Art and design, Music, Drama, Dance, English, "
        "History, Geography, Design and technology, Computing, Science, Maths, Languages, Physical education, "
        "PSHE and wellbeing, Citizenship, Religious education, Media studies.",
        "  Licence: 'Creative Commons' is not one of the choices.",
        "      hint: Choose from: CC0 (public domain), CC BY 4.0, CC BY-SA 4.0, CC BY-NC 4.0, CC BY-NC-SA 4.0, "
        "CC BY-ND 4.0, CC BY-NC-ND 4.0, Open Government Licence 3.0, Free to use (not openly licensed).",
    ]
    assert not (catalogue / NEW).exists()


def test_missing_required_answers(catalogue: Path) -> None:
    assert wrong(catalogue, "issue-missing-answers.md") == [
        ("Title", "missing-answer"), ("Summary", "missing-answer"), ("Key stages", "missing-answer"),
        ("Subjects", "missing-answer")]
    code, out = from_issue(catalogue, "issue-missing-answers.md")
    assert code == 1
    assert "  Key stages: This question needs an answer.\n      hint: Tick at least one box: Early years" in out


def test_a_formula_looking_answer_is_refused_by_the_validator(catalogue: Path) -> None:
    [problem] = submission_from_issue(catalogue, body("issue-formula.md")).wrong
    assert (problem.question, problem.code) == ("Title", "formula-like-text")
    assert "formula" in problem.message
    assert from_issue(catalogue, "issue-formula.md")[0] == 1
    assert list((catalogue / "resources" / "harbourlight-museum").iterdir()) == \
        [catalogue / "resources/harbourlight-museum/ship-in-a-bottle.md"]


def test_a_link_already_in_the_catalogue(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-duplicate-link.md")
    assert code == 1
    assert out.splitlines()[1:] == [
        "  Link: This link is already in the catalogue, in resources/harbourlight-museum/ship-in-a-bottle.md.",
        "      hint: Each resource is listed once: change the existing file instead of adding a copy."]


def test_an_unknown_organisation_and_other_answers_are_all_reported(catalogue: Path) -> None:
    text = body("issue-unknown-organisation.md").replace("### Cost\n\nFree", "### Cost\n\nFree for all")
    sub = submission_from_issue(catalogue, text)
    assert [(w.question, w.code, w.message) for w in sub.wrong] == [
        ("Organisation", "unknown-organisation", "There is no organisation 'Harbourlight Museum of Ships' in the catalogue."),
        ("Cost", "not-a-choice", "'Free for all' is not one of the choices.")]
    assert sub.wrong[0].hint.startswith("Did you mean 'harbourlight-museum'?")
    assert sub.path == ""


def test_org_option_overrides_the_answer(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-good.md", "--org", "castlegate-gallery")
    assert (code, out) == (0, "Wrote resources/castlegate-gallery/lighthouse-keepers-light-and-reflection.md.\n")


def test_markdown_comment_for_the_issue(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-duplicate-link.md", "--format", "markdown")
    assert code == 1
    assert out == (
        "Thank you for suggesting this resource. A few answers need changing before it can go into the catalogue:\n"
        "\n"
        "- **Link**: This link is already in the catalogue, in resources/harbourlight-museum/ship-in-a-bottle.md. "
        "*Each resource is listed once: change the existing file instead of adding a copy.*\n"
        "\n"
        "Please edit the issue (the **···** menu at the top of it, then **Edit**), change these answers and save. "
        "Then an editor adds the `approved-resource` label again.\n\n")
    assert from_issue(catalogue, "issue-good.md", "--format", "markdown") == \
        (0, f"The answers are complete: this resource becomes {NEW}.\n\n")


def test_usage_errors(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-good.md", "--slug", "Bad Slug")
    assert code == 2 and "--slug must use lowercase letters, digits and hyphens, e.g. 'bad-slug'." in out
    code, out = from_issue(catalogue, "no-such-issue.md")
    assert code == 2 and "no-such-issue.md" in out


def test_headings_inside_an_answer_do_not_split_it() -> None:
    qs = questions()
    text = body("issue-good.md").replace("- Teacher notes", "### What you need\n\n- Teacher notes")
    answers = parse_answers(text, qs)
    assert "### What you need" in answers["body"]
    assert answers["confirm"].startswith("- [X] I work for or with this organisation")
    assert parse_answers("no form here", qs)["title"] == ""


def test_the_permission_box_must_stay_ticked(catalogue: Path) -> None:
    text = body("issue-good.md").replace("- [X] I work for", "- [ ] I work for")
    [problem] = submission_from_issue(catalogue, text).wrong
    assert (problem.question, problem.code, problem.message) == \
        ("Permission", "missing-answer", "The permission box is not ticked.")
