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
    # --force updates the same resource (same link); see the tests below for a different one.
    assert from_issue(catalogue, "issue-good.md", "--force") == (0, f"Updated {NEW}.\n")
    code, out = from_issue(catalogue, "issue-good.md", "--slug", "lighthouses")
    assert code == 1  # under another name it would be the same link twice
    assert f"  Link: This link is already in the catalogue, in {NEW}." in out


def test_wrong_vocabulary_words(catalogue: Path) -> None:
    code, out = from_issue(catalogue, "issue-wrong-choices.md")
    assert code == 1
    # The same verdict and hint as a spreadsheet cell or a hand-written file with these values.
    assert out.splitlines()[1:] == [
        "  Key stages: 'Year 4' is not a key stage this catalogue uses.",
        "      hint: Did you mean 'ks2'? Use one of: eyfs, ks1, ks2, ks3, ks4, ks5.",
        "  Subjects: 'Art' is not a subject this catalogue uses.",
        "      hint: Did you mean 'art-and-design'? Use one of: art-and-design, music, drama, dance, english, "
        "history, geography, design-and-technology, computing, science, maths, languages, physical-education, "
        "pshe, citizenship, religious-education, media-studies.",
        "  Licence: 'Creative Commons' is not a licence this catalogue uses.",
        "      hint: Use one of: CC0-1.0, CC-BY-4.0, CC-BY-SA-4.0, CC-BY-NC-4.0, CC-BY-NC-SA-4.0, CC-BY-ND-4.0, "
        "CC-BY-NC-ND-4.0, OGL-UK-3.0, all-rights-reserved.",
    ]
    assert not (catalogue / NEW).exists()


def test_missing_required_answers(catalogue: Path) -> None:
    assert wrong(catalogue, "issue-missing-answers.md") == [
        ("Title", "missing-answer"), ("Summary", "missing-answer"), ("Key stages", "missing-answer"),
        ("Subjects", "missing-answer")]
    code, out = from_issue(catalogue, "issue-missing-answers.md")
    assert code == 1
    assert "  Key stages: This question needs an answer.\n      hint: Tick at least one box: Early years" in out


def test_a_formula_looking_answer_is_kept_with_a_warning(catalogue: Path) -> None:
    """As in a hand-written file: a warning, not a refusal (the downloads neutralise formulas)."""
    assert submission_from_issue(catalogue, body("issue-formula.md")).wrong == []
    assert from_issue(catalogue, "issue-formula.md")[0] == 0
    _, report = check(catalogue)
    assert [(p.field, p.code, p.severity) for p in report.problems] == [("title", "formula-like-text", "warning")]
    assert report.problems[0].message.startswith("'title: =HYPERLINK(")


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
        ("Organisation id", "unknown-organisation",
         "There is no organisation 'Harbourlight Museum of Ships' in the catalogue."),
        ("Cost", "not-in-vocabulary", "'Free for all' is not a cost this catalogue uses.")]
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
        (0, f"The answers are complete: this resource becomes `{NEW}`.\n\n")


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


def test_answers_typed_as_people_write_them_are_read_and_said(catalogue: Path, tmp_path: Path) -> None:
    text = (body("issue-good.md").replace("- [X] Key Stage 1 (ages 5–7)", "- [X] Key Stage 1")
            .replace("en, cy", "English, Welsh").replace("2024-05-20", "20/05/2024"))
    issue = tmp_path / "issue.md"
    issue.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["from-issue", str(issue), "--root", str(catalogue), "--format", "markdown"])
    assert result.exit_code == 0
    assert result.output == (
        f"The answers are complete: this resource becomes `{NEW}`.\n"
        "\n"
        "Some answers were read as the catalogue writes them; please check:\n"
        "\n"
        "- **Key stages**: 'Key Stage 1' read as ks1\n"
        "- **Languages**: 'English' read as en\n"
        "- **Languages**: 'Welsh' read as cy\n"
        "- **Published**: '20/05/2024' read as 2024-05-20 (20 May 2024)\n\n")
    record = next(r for r in check(catalogue)[0].resources if r.path == NEW)
    assert (record.data["key_stages"], record.data["languages"], record.data["published"]) == \
        (["ks1", "ks2"], ["en", "cy"], "2024-05-20")


def test_feedback_names_questions_not_yaml_fields(catalogue: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(body("issue-good.md").replace("Lighthouse Keepers: Light and Reflection", "L" * 250)
                     .replace("### Duration (minutes)\n\n60", "### Duration (minutes)\n\nabout an hour"),
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["from-issue", str(issue), "--root", str(catalogue)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "  Title: The answer is 250 characters long; the limit is 200.",
        "      hint: Shorten it; the full detail belongs in the description below the fields.",
        "  Duration (minutes): 'about an hour' is not a whole number.",
        "      hint: For example: 60",
    ]


def test_a_heading_that_repeats_a_question_stays_in_its_answer() -> None:
    qs = questions()
    summary = ("A science lesson.\n\n### Key stages\n\nWorks for ks1 and ks2.\n\n### Summary\n\nA second part.")
    text = body("issue-good.md")
    text = text.replace(text.split("### Summary\n\n")[1].split("\n\n### Resource types")[0], summary)
    text = text.replace("- Teacher notes", "### Title\n\n- Teacher notes")
    answers = parse_answers(text, qs)
    assert answers["summary"] == summary
    assert answers["resource_types"] == "Lesson plan, Image collection"
    assert answers["key_stages"].startswith("- [ ] Early years")
    assert answers["title"] == "Lighthouse Keepers: Light and Reflection"
    assert answers["body"].endswith("### Title\n\n- Teacher notes\n- 12 photographs from the collection")


def test_force_never_replaces_a_different_resource(catalogue: Path) -> None:
    taken = catalogue / NEW
    taken.parent.mkdir(parents=True, exist_ok=True)
    original = (catalogue / "resources/harbourlight-museum/ship-in-a-bottle.md").read_text(encoding="utf-8") \
        .replace("ship-in-a-bottle", "another-page")
    taken.write_text(original, encoding="utf-8")
    code, out = from_issue(catalogue, "issue-good.md", "--force")
    assert code == 1
    assert out.splitlines()[1:3] == [
        f"  Title: {NEW} already describes a different resource "
        "(https://www.harbourlight-museum.example/learning/another-page); it was left as it is.",
        "      hint: Give this resource a different title; a maintainer can also choose another file name with --slug."]
    assert taken.read_text(encoding="utf-8") == original


def test_force_on_the_same_resource_keeps_the_rest_of_its_file(catalogue: Path, tmp_path: Path) -> None:
    assert from_issue(catalogue, "issue-good.md")[0] == 0
    path = catalogue / NEW
    path.write_text(path.read_text(encoding="utf-8").replace("---\nPupils read", "---\n<!-- kept -->\nPupils read"),
                    encoding="utf-8")
    issue = tmp_path / "issue.md"
    issue.write_text(body("issue-good.md").replace("### Duration (minutes)\n\n60", "### Duration (minutes)\n\n90")
                     .split("### Description for teachers")[0] +
                     "### Description for teachers\n\n_No response_\n\n### Permission\n\n- [X] I work for or with "
                     "this organisation, and it has published this resource.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["from-issue", str(issue), "--root", str(catalogue), "--force"])
    assert (result.exit_code, result.output) == (0, f"Updated {NEW}.\n")
    text = path.read_text(encoding="utf-8")
    assert "duration_minutes: 90" in text and "<!-- kept -->\nPupils read" in text


def test_a_full_disk_is_one_sentence_and_leaves_no_file(catalogue: Path, monkeypatch) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("oerbank.atomic.os.fsync", full)
    result = CliRunner().invoke(cli, ["from-issue", str(FIXTURES / "issue-good.md"), "--root", str(catalogue)])
    assert result.exit_code == 1
    assert result.output == (f"error: The disk is full, so {catalogue / NEW} could not be written; nothing was "
                             "changed. Free some space and run the command again.\n")
    assert sorted(p.name for p in (catalogue / NEW).parent.iterdir()) == ["ship-in-a-bottle.md"]


def test_a_file_that_cannot_be_read_is_never_replaced(catalogue: Path) -> None:
    broken = catalogue / NEW
    broken.write_text("---\ntitle: [unclosed\n---\nMy notes.\n", encoding="utf-8")
    code, out = from_issue(catalogue, "issue-good.md", "--force")
    assert code == 1
    assert f"  Title: {NEW} already describes a different resource; it was left as it is." in out.splitlines()
    assert broken.read_text(encoding="utf-8") == "---\ntitle: [unclosed\n---\nMy notes.\n"


def test_an_image_without_a_description_is_said_with_the_questions_label(catalogue: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    issue.write_text(body("issue-good.md").replace("### Image\n\n_No response_",
                                                   "### Image\n\nhttps://www.harbourlight-museum.example/img/lamp.jpg"),
                     encoding="utf-8")
    [problem] = submission_from_issue(catalogue, issue.read_text(encoding="utf-8")).wrong
    assert (problem.question, problem.code, problem.message, problem.hint) == (
        "Image description", "missing-image-alt",
        "There is an image but no 'Image description' describing it for people who can't see it.",
        "Add a short description of what the image shows, e.g. Pupils printing with lino blocks")
