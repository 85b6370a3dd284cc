"""The issue form and CODEOWNERS are generated, and the committed copies are up to date."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from github_helpers import REPO
from oerbank.cli import cli
from oerbank.github.codeowners import CODEOWNERS_PATH, codeowners_text
from oerbank.github.fromissue import values_from_answers
from oerbank.github.issueform import FORM_PATH, form, form_text, questions
from oerbank.schema import load_schema


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_committed_issue_form_is_up_to_date() -> None:
    assert (REPO / FORM_PATH).read_text(encoding="utf-8") == form_text(), \
        "Run `oerbank issue-form --force` after changing the schema."


def test_committed_codeowners_matches_the_sample_catalogue() -> None:
    assert (REPO / CODEOWNERS_PATH).read_text(encoding="utf-8") == codeowners_text(REPO), \
        "Run `oerbank codeowners --force` after changing organisations or editors.yml."


def test_one_question_per_contributed_field_with_its_title() -> None:
    schema = load_schema()
    body = form()["body"]
    assert body[0]["type"] == "markdown"
    fields = [e for e in body[1:] if e["id"] not in ("body", "confirm")]
    assert [e["id"] for e in fields] == [f.name for f in schema.resources.contributed]
    assert all(e["attributes"]["label"] == schema.resources.field(e["id"]).title for e in fields[1:])
    # The organisation is asked for by its id, which can't be mistaken for another's as a name can.
    assert fields[0]["attributes"]["label"] == "Organisation id"
    assert "without .yml" in fields[0]["attributes"]["description"]
    kinds = {e["id"]: (e["type"], e["attributes"].get("multiple")) for e in fields}
    assert kinds["key_stages"] == ("checkboxes", None)
    assert kinds["subjects"] == ("dropdown", True)
    assert kinds["licence"] == ("dropdown", False)
    assert kinds["url"] == ("input", None)
    assert kinds["summary"] == ("textarea", None)
    required = {e["id"] for e in fields if e.get("validations", {}).get("required")}
    assert required == {"organisation", "title", "url", "summary", "resource_types", "subjects", "licence", "cost"}


def test_every_choice_reads_back_as_its_key() -> None:
    qs = questions()
    answers = {}
    for q in qs:
        if q.kind == "dropdown":
            answers[q.id] = ", ".join(q.options) if q.field.is_list else q.options[-1]
        elif q.kind == "checkboxes":
            answers[q.id] = "\n".join(f"- [X] {o}" for o in q.options)
    values, wrong, notes = values_from_answers(answers, qs)
    assert notes == []  # the form's own choices are not "read as" anything
    for q in qs:
        if q.vocabulary is None:
            continue
        keys = q.vocabulary.keys
        assert values[q.id] == (keys if q.field.is_list else keys[-1]), q.id
    assert all(w.code == "missing-answer" for w in wrong)


def test_descriptions_explain_each_choice() -> None:
    subjects = next(e for e in form()["body"] if e.get("id") == "subjects")
    assert "- **PSHE and wellbeing**: Personal, social, health and economic education" in \
        subjects["attributes"]["description"]


def test_generated_files_are_not_overwritten_without_force(catalogue: Path) -> None:
    root = str(catalogue)
    assert run("issue-form", "--root", root, "--check") == \
        (1, f"Error: {FORM_PATH} is missing. Run `oerbank issue-form --force` and commit the result.\n")
    assert run("issue-form", "--root", root) == (0, f"Wrote {FORM_PATH}.\n")
    assert run("issue-form", "--root", root, "--check") == (0, f"{FORM_PATH} is up to date.\n")
    (catalogue / FORM_PATH).write_text("name: edited by hand\n")
    assert run("issue-form", "--root", root, "--check")[0] == 1
    assert run("issue-form", "--root", root) == \
        (1, f"Error: {FORM_PATH} exists and differs; pass --force to replace it.\n")
    assert run("issue-form", "--root", root, "--force") == (0, f"Wrote {FORM_PATH}.\n")


def test_codeowners_for_the_fixture_catalogue(catalogue: Path) -> None:
    assert run("codeowners", "--root", str(catalogue)) == (0, f"Wrote {CODEOWNERS_PATH}.\n")
    text = (catalogue / CODEOWNERS_PATH).read_text(encoding="utf-8")
    assert text.split("\n\n", 1)[1] == (
        "# Code, workflows, the theme, docs, mkdocs.yml, editors.yml and everything else: the catalogue editors.\n"
        "* @editor-ed @editor-flo\n"
        "\n"
        "# The organisations' records have no code owner: the Ownership check decides who approves them\n"
        "# (a maintainer of the organisation, on the base branch, or an editor).\n"
        "/organisations/\n"
        "/resources/\n"
        "\n"
        "# Their maintainers:\n"
        "#   castlegate-gallery: @castlegate-learn @amira-k\n"
        "#   harbourlight-museum: @harbour-learning\n")
    (catalogue / "organisations" / "castlegate-gallery.yml").write_text("name: [broken\n")
    assert run("codeowners", "--root", str(catalogue), "--check") == \
        (1, f"Error: {CODEOWNERS_PATH} is out of date. Run `oerbank codeowners --force` and commit the result.\n")
    run("codeowners", "--root", str(catalogue), "--force")
    assert "#   castlegate-gallery: none listed, so the editors approve\n" in \
        (catalogue / CODEOWNERS_PATH).read_text(encoding="utf-8")


def test_codeowners_gives_every_path_the_ruleset_protects_to_the_editors(catalogue: Path) -> None:
    """GitHub: the last matching line wins; a line without owners means no code owner review."""
    import fnmatch

    lines = [line.split() for line in codeowners_text(catalogue).splitlines() if line and not line.startswith("#")]

    def owners_of(path: str) -> list[str]:
        found: list[str] = []
        for pattern, *who in lines:
            if pattern == "*" or ("/" + path).startswith(pattern) or fnmatch.fnmatch("/" + path, pattern):
                found = who
        return found

    for path in (".github/workflows/ownership.yml", "src/oerbank/cli.py", "theme/main.html", "docs/publishing.md",
                 "mkdocs.yml", "editors.yml", ".github/CODEOWNERS"):
        assert owners_of(path) == ["@editor-ed", "@editor-flo"], path
    for path in ("organisations/castlegate-gallery.yml", "resources/castlegate-gallery/a.md", "organisations/new.yml"):
        assert owners_of(path) == [], path


def test_codeowners_ignores_text_that_is_not_a_username(catalogue: Path) -> None:
    (catalogue / "editors.yml").write_text("editors:\n  - editor-ed\n  - '* @evil'\n  - 42\n")
    assert "* @editor-ed\n" in codeowners_text(catalogue)
    assert "@evil" not in codeowners_text(catalogue)
