"""Every problem code, declared once: what it is called, what it means, how it is said.

Like Frictionless' error classes: each `Code` has a title, a meaning for the contributor guide,
a severity, the routes that report it, message and hint templates filled with named
parameters, and a bad and a good example. Checks emit `CODES[name].problem(...)`; CONTRIBUTING's
table of codes is written from `ROWS` (`oerbank codes` keeps it in step, a test checks).
Templates are `str.format` text: the checks pass the values, the wording lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, Severity

FILE = "file"  # reported for hand-written files (and, through them, on every route)
SHEET, FORM = "spreadsheet", "web form"


@dataclass(frozen=True)
class Say:
    """One way of saying a code: a message template and a hint template."""

    message: str
    hint: str = ""
    severity: Severity | None = None  # when this way of saying it differs from the code's


@dataclass(frozen=True)
class Code:
    """One problem code and everything there is to say about it."""

    name: str
    title: str
    severity: Severity = "error"
    routes: tuple[str, ...] = (FILE,)
    says: dict[str, Say] = field(default_factory=dict)  # variant ("" the usual one) -> wording
    bad: dict[str, str] = field(default_factory=dict)  # front-matter lines that set it off ...
    good: dict[str, str] = field(default_factory=dict)  # ... and near ones that must not

    def say(self, variant: str = "", hint: str | None = None, **params: Any) -> tuple[str, str]:
        """(message, hint) with `params` filled in; `hint` replaces the template's when it is worked out elsewhere."""
        s = self.says[variant]
        return s.message.format(**params), s.hint.format(**params) if hint is None else hint

    def problem(self, file: str, line: int, field_name: str, variant: str = "", *, hint: str | None = None,
                column: int | None = None, **params: Any) -> Problem:
        """This code's problem in `file` at `line` (and `column`, when one character is the problem)."""
        message, hint = self.say(variant, hint, **params)
        return Problem(file, line, field_name, self.name, message, hint, self.severity_of(variant),
                       column=str(column) if column else "")

    def in_sheet(self, row: int, column: str, field_name: str, variant: str = "", *, hint: str | None = None,
                 **params: Any) -> Problem:
        """This code's problem in a spreadsheet's row, at the column with letter `column` ('' for the row)."""
        message, hint = self.say(variant, hint, **params)
        return Problem.in_sheet(row, column, field_name, self.name, message, hint, self.severity_of(variant))

    def in_form(self, question: str, variant: str = "", *, hint: str | None = None, **params: Any) -> Problem:
        """This code's problem with the web form's answer to `question`."""
        message, hint = self.say(variant, hint, **params)
        return Problem.in_form(question, self.name, message, hint, self.severity_of(variant))

    def severity_of(self, variant: str) -> Severity:
        return self.says[variant].severity or self.severity


@dataclass(frozen=True)
class Row:
    """One row of CONTRIBUTING's table: the codes a contributor reads about together."""

    meaning: str
    codes: tuple[Code, ...]

    def markdown(self) -> str:
        names = ", ".join(f"`{c.name}`" for c in self.codes)
        routes = [r for r in (SHEET, FORM)
                  if any(r in c.routes for c in self.codes) and FILE not in self.codes[0].routes]
        marks = routes + (["warning"] if all(c.severity == "warning" for c in self.codes) else [])
        return f"| {names} | " + (f"({', '.join(marks)}) " if marks else "") + f"{self.meaning} |"


_COPY = "Copy the full address from the browser's address bar, e.g. {example}"
_FILL = "Fill in the fields; `oerbank new` writes a starting file."
_QUOTE = "Put it in quotes: \"{raw}\"."
_RETYPE = "Delete it: retype the text around that place by hand (it usually comes with text pasted from {source})."
_STRAY_HINT = ("To import them, type the column's name in row {head} (see `oerbank template`); if they were typed "
               "by mistake, delete them.")
_MARKDOWN_ONLY = ("Use plain Markdown: **bold**, lists, headings and [links](https://...). "
                  "Scripts, iframes, styles, event handlers and javascript: links are not allowed.")

FILE_ROWS: tuple[Row, ...] = (
    Row("A line can't be read. Often a colon and a space in a value that is not in quotes (`title: Masks: a "
        "workshop`; the hint shows the line in double quotes), or uneven indentation.",
        (Code("yaml-syntax", "A line can't be read", says={
            "": Say("This line can't be read: {plain}.", ""),
            "colon": Say("This line can't be read: the colon after '{before}' is followed by a space, so YAML takes it "
                         "for the start of another field inside '{key}'.",
                         "Put the whole value in double quotes: {written}"),
            "no-colon": Say("This line can't be read: there is no colon after '{key}', so YAML can't tell the field "
                            "from its value.",
                            "Put a colon and a space after the field name: {written}"),
            "key": Say("This line can't be read: a field name must be a single word, like title.",
                       "Write each field as `name: value`; don't start a line with [ or {{."),
            "document": Say("This line can't be read: a line of three dashes (---) ends the fields, but more follow "
                            "it.", "Delete the --- line, or move the fields above it.")},
              bad={"title": "Masks: a workshop"},
              good={"title": '"Masks: a workshop"'}),)),
    Row("The fields must sit between two `---` lines at the top of the file.",
        (Code("missing-front-matter", "No fields at the top", says={
            "": Say("The file must start with a line of three dashes (---), then the fields.",
                    "Put --- on the first line, the fields (title: ..., url: ...) below it, then another --- line, "
                    "then the description.")}),
         Code("unterminated-front-matter", "No closing --- line", says={
             "": Say("The fields start with --- on line 1 but there is no second --- line to end them.",
                     "Add a line of three dashes (---) after the last field, before the description.")}),
         Code("empty-front-matter", "Nothing between the --- lines", says={
             "": Say("There are no fields between the --- lines.", "Add title, url, summary and the other required "
                     "fields; `oerbank new resource` writes a starting file.")}))),
    Row("The file has no fields, or isn't written as `field: value` lines.",
        (Code("empty-file", "Empty file", says={
            "": Say("This file is empty.", _FILL),
            "blank": Say("This file has nothing in it but blank space.", _FILL)}),
         Code("empty-record", "No fields", says={
             "": Say("There are no fields here.", "Add the required fields; `oerbank new` writes a starting file.")}),
         Code("not-a-mapping", "Not field: value lines", says={
             "": Say("This should be a list of fields, one per line, like `title: My resource`.",
                     "Start each line with a field name, a colon and a space.")}))),
    Row("The file isn't saved as UTF-8 text (often after pasting from Word).",
        (Code("not-utf8", "Not UTF-8", says={
            "": Say("This file is not saved as UTF-8 text, so some characters can't be read.",
                    "Save it again as 'UTF-8' (in most editors: Save As > Encoding > UTF-8). This often happens when "
                    "text is pasted from Word.")}),
         Code("not-text", "Not a text file", says={
             "": Say("This is not a plain text file.",
                     "Records are plain text files written in a text editor; see CONTRIBUTING.md.")}))),
    Row("A field appears twice in one file.",
        (Code("duplicate-key", "A field twice", says={
            "": Say("The field '{key}' is written twice (also on line {first_line}).",
                    "Keep one '{key}:' line: delete the other or merge their values.")},
         bad={"title": "Masks\ntitle: Masks again"}),)),
    Row("A field name the catalogue doesn't know; the hint suggests the one you probably meant.",
        (Code("unknown-field", "Unknown field", says={
            "": Say("'{name}' is not a field this catalogue knows.", "Fields you can use: {names}."),
            "guess": Say("'{name}' is not a field this catalogue knows.", "Did you mean '{guess}'?"),
            "description": Say("'{name}' is not a field this catalogue knows.",
                               "Write the long description below the second --- line, not as a field."),
            "id": Say("'{name}' is not a field this catalogue knows.",
                      "The id comes from the file's name and folder; delete this line.")},
            bad={"keystages": "[ks2]"}, good={"content_guidance": "Includes images of ritual masks."}),)),
    Row("A list where one value is expected, one value where a list is expected, or a number where text is expected.",
        (Code("wrong-type", "Wrong kind of value", says={
            "item-not-one": Say("One of the items in '{name}' is {kind}; each item should be one word or phrase.",
                                "Write the list on one line, e.g. {example}"),
            "not-one": Say("'{name}' should be a single value, but it is {kind}.",
                           "Write it on one line after the colon, e.g. {example}"),
            "not-whole": Say("{subject} should be a whole number.", "For example: {example}"),
            "number": Say("YAML reads {subject} as a number, but it should be text.",
                          "Put it in quotes: {name}: \"{raw}\""),
            "item-number": Say("YAML reads {subject} as a number, but it should be text.", _QUOTE),
            "not-list": Say("'{name}' should be a list, but it is {what}.",
                            "Write it in square brackets, even for one value: {name}: {values}"),
            "not-list-kind": Say("'{name}' should be a list, but it is {what}.",
                                 "Write it in square brackets, e.g. {example}")},
            bad={"key_stages": "ks2"}, good={"keywords": '["1984", miners strike]'}),)),
    Row("YAML would read the value as yes/no, a base-60 number or a date: put it in quotes.",
        (Code("yaml-boolean", "Read as yes/no", says={
            "": Say("YAML reads {subject} as yes/no (true or false), not as the word '{raw}'.", _QUOTE)},
            bad={"keywords": "[masks, yes]"}, good={"keywords": '[masks, "yes"]'}),
         Code("yaml-sexagesimal", "Read as a base-60 number", says={
             "": Say("YAML reads {subject} as a number in base 60 (12:30 becomes 750), not as the text you typed.",
                     _QUOTE),
             "minutes": Say("YAML reads {subject} as a number in base 60 (12:30 becomes 750), not as the text you "
                            "typed.", "Write the whole number of minutes, e.g. 90.")},
             bad={"duration_minutes": "1:30"}, good={"duration_minutes": "90"}),
         Code("yaml-date", "Read as a date", says={
             "": Say("YAML reads {subject} as a date, not as text.", _QUOTE)},
             bad={"keywords": "[masks, 2024-01-10]"}, good={"keywords": '[masks, "2024-01-10"]'}))),
    Row("A ` #` in a value that is not in quotes starts a YAML comment, so the rest of the value is lost "
        "(hashtags!): put the value in double quotes.",
        (Code("yaml-comment-in-value", "A # cuts the value short", says={
            "": Say("Everything from '{dropped}' on is read as a comment and left out, so the value is only '{value}'.",
                    "Put the whole value in double quotes: \"{whole}\"")}, bad={"title": "Masks #seafront"},
              good={"title": '"Masks #seafront"'}),)),
    Row("Advanced YAML features that records don't use.",
        (Code("yaml-alias", "YAML alias", says={
            "": Say("This uses a YAML alias (*{anchor}) to repeat another part of the file.",
                    "Write the values out in full; aliases (*name) and anchors (&name) are not allowed.")},
            bad={"title": "*masks"}),
         Code("yaml-tag", "YAML tag", says={
             "": Say("This value is marked with the YAML tag '{tag}', which this catalogue doesn't use.",
                     "Delete the word starting with ! before the value.")}, bad={"title": "!masks"}),
         Code("too-deeply-nested", "Too deeply nested", says={
             "": Say("The values here are nested too deeply (lists inside lists inside lists).",
                     "A field holds text or a simple list, e.g. key_stages: [ks2, ks3].")}))),
    Row("A required field is missing or empty.",
        (Code("missing-field", "Required field missing", says={
            "": Say("'{name}' {what}: every {record} needs it.", ""),
            "list": Say("'{name}' {what}: every {record} needs at least one {item}.", "")},
            bad={"licence": ""}, good={"licence": "CC-BY-4.0"}),)),
    Row("A field teachers use to find resources is empty. For `curriculum`, the hint gives the "
        "`oerbank suggest-curriculum` command that lists the statements the resource most likely teaches.",
        (Code("missing-recommended", "Recommended field missing", "warning", says={
            "": Say("'{name}' is not filled in; teachers use it to find resources.",
                    "Add it if you can, e.g. {example}"),
            "curriculum": Say("'curriculum' is not filled in; teachers look for resources by the curriculum "
                              "statements they must teach.",
                              "Add the curriculum statements this resource helps teach. Run `oerbank "
                              "suggest-curriculum {path}` to see likely ones and copy their ids.")}),)),
    Row("The value isn't one of the allowed words. If it is a word's label or its key in other capitals (\"Key "
        "Stage 2\", \"CC BY 4.0\", \"Free\"), the hint gives the exact line to write (`key_stages: [ks2]`); "
        "otherwise it lists the words and suggests the nearest.",
        (Code("not-in-vocabulary", "Not an allowed word", says={
            "": Say("{subject} is not {vocabulary} this catalogue uses.", "")},
            bad={"key_stages": "[Key Stage 2]"}, good={"key_stages": "[ks2]"}),)),
    Row("The value is longer, has more items, or is bigger than allowed.",
        (Code("too-long", "Too long", says={
            "": Say("{what} is {length:,} characters long; the limit is {limit:,}.", "Shorten it."),
            "resource": Say("{what} is {length:,} characters long; the limit is {limit:,}.",
                            "Shorten it; the full detail belongs in the description below the fields."),
            "body": Say("The description is {length:,} characters long; the limit is {limit:,}.",
                        "Keep it to a few paragraphs and link to the full resource.")},
            bad={"title": "A" * 201}, good={"title": "A" * 200}),
         Code("too-many-values", "Too many values", says={
             "": Say("'{name}' has {count} values; the most allowed is {limit}.",
                     "Keep the ones that matter most to teachers.")}),
         Code("out-of-range", "Out of range", says={
             "": Say("{subject} is out of range.", "Use a whole number from {minimum:,} to {maximum:,}.")},
             bad={"duration_minutes": "0"}, good={"duration_minutes": "45"}))),
    Row("The value is not in the expected form (e.g. dates are YYYY-MM-DD: for 12/05/2025 the hint says "
        "`published: 2025-05-12`; languages are codes: for Welsh it says `cy`; GitHub usernames in `maintainers` "
        "are written without the @).",
        (Code("invalid-date", "Not a date", says={
            "": Say("{subject} is not a real date in the form YYYY-MM-DD.",
                    "Check the year, month and day, e.g. {example}")},
            bad={"published": "2023-02-29"}, good={"published": "2024-02-29"}),
         Code("not-a-number", "Not a whole number", says={
             "": Say("{subject} is not a whole number.", "For example: {example}")},
             bad={"duration_minutes": "ninety"}, good={"duration_minutes": "90"}),
         Code("invalid-email", "Not an email address", says={
             "": Say("{subject} is not an email address.", "For example: {example}")}),
         Code("invalid-format", "Not in the right form", says={
             "": Say("{subject} is not in the right form.", ""),
             "at": Say("{listed} in '{name}' start{s} with @.",
                       "Drop the @ (GitHub usernames are written here without it): {name}: {fixed}")},
             bad={"languages": "[Welsh]"}, good={"languages": "[cy]"}))),
    Row("Links must be full `https://` (or `http://`) web addresses; images, and an organisation's `links`, must use "
        "`https://`. A web address "
        "can't contain a space or any of `< > \" ' \\ { } \\| ^` and the backquote; if one is really part of the "
        "address, the hint shows it percent-encoded (a space is `%20`).",
        (Code("invalid-url", "Not a web address", says={
            "characters": Say("{subject} has {characters} in it, which a web address can't contain.",
                              "Copy the address again from the browser's address bar. If it is right, write those "
                              "characters encoded: {name}: {encoded}"),
            "unreadable": Say("{subject} is not a valid web address.", _COPY),
            "no-scheme": Say("{subject} is not a full web address (it has no https:// at the start).", _COPY),
            "no-host": Say("{subject} has no website name after the //.", _COPY)},
            bad={"url": "www.acme-arts.example/masks"}, good={"url": "https://www.acme-arts.example/masks"}),
         Code("unsafe-url", "A link that could run code", says={
             "runs-code": Say("{subject} starts with '{scheme}:', which browsers can use to run code or open local "
                              "files.", _COPY),
             "not-web": Say("{subject} uses '{scheme}:'; only web addresses (https:// or http://) are allowed.", _COPY),
             "markdown": Say("{where} contains {what}, which could run code in a teacher's browser.", _MARKDOWN_ONLY)},
             bad={"url": "javascript:void(0)"}, good={"url": "https://www.acme-arts.example/javascript-basics"}),
         Code("insecure-url", "An image without https", says={
             "": Say("{subject} starts with http://; images must use https:// so pages stay secure.", _COPY),
             "link": Say("{subject} starts with http://; the links listed here must use https://.", _COPY)},
             bad={"image": "http://www.acme-arts.example/mask.jpg", "image_alt": "A mask"},
             good={"image": "https://www.acme-arts.example/mask.jpg", "image_alt": "A mask"}))),
    Row("Scripts, frames, styles or HTML tags that could harm a teacher's browser. Use plain Markdown. In a "
        "plain-text field, only markup is refused: a tag name straight after `<`, such as `<b>`, `</p>` or `<img`, "
        "which the message quotes. `<`, `>` and `&` in ordinary text (\"compare decimals using < and >\") are fine: "
        "they are shown as written.",
        (Code("unsafe-html", "HTML that could run code", says={
            "": Say("{where} contains {what}, which could run code in a teacher's browser.", _MARKDOWN_ONLY)}),
         Code("html-in-text", "HTML in plain text", says={
             "": Say("'{name}' contains HTML markup ('{markup}'), but it is plain text.",
                     "Remove the tag; formatting belongs in the description below the fields. "
                     "A '<' on its own, followed by a space, is fine.")},
             bad={"title": "Masks <b>now</b>"}, good={"title": "Masks <3 shapes"}))),
    Row("The text starts with `=`, `+`, `-` or `@`, which a spreadsheet may run as a formula. The downloads are "
        "made safe anyway. Never for a sign before a number or a space (`-5 degrees`, `+44 20 ...`) or for `@` at "
        "the start of a title (`@home: copper tokens`).",
        (Code("formula-like-text", "Starts like a formula", "warning", says={
            "": Say("{subject} starts with '{first}', which a spreadsheet may read as the start of a formula.",
                    "The downloads are made safe anyway; if the symbol is not needed, start with a word or a number "
                    "instead.")},
            bad={"summary": "=SUM(1,2) masks"}, good={"summary": "-5 degrees, so the masks freeze."}),)),
    Row("The whole text is inside curly quotation marks (“ ” or ‘ ’), often pasted from Word. YAML only takes "
        "straight quotes as quotes, so the curly ones would show on the page as part of the text.",
        (Code("curly-quoted-text", "Inside curly quotation marks", "warning", says={
            "": Say("{subject} is inside curly quotation marks ({quotes}), which will show on the page as part "
                    "of it.", "If they are not part of it, delete them: {written}")},
            bad={"title": "“Meet the Orchestra”"}, good={"title": "Meet the “Orchestra” day"}),)),
    Row("An image needs a short description (`image_alt`) for people who can't see it.",
        (Code("missing-image-alt", "Image without a description", says={
            "": Say("There is an image but no image_alt describing it for people who can't see it.",
                    "Add a short description of what the image shows, "
                    "e.g. image_alt: Pupils printing with lino blocks")},
            bad={"image": "https://www.acme-arts.example/mask.jpg"},
            good={"image": "https://www.acme-arts.example/mask.jpg", "image_alt": "A painted clay mask"}),)),
    Row("A curriculum id in `curriculum` is for other key stages or subjects than the resource's.",
        (Code("curriculum-mismatch", "Curriculum link doesn't fit", "warning", says={
            "": Say("'{statement}' in curriculum does not fit this resource: {why}.",
                    "Check the id, or the resource's key_stages and subjects; `oerbank suggest-curriculum FILE` "
                    "lists statements that fit.")},
            bad={"curriculum": "[natcurric:contentdescriptor-major-movements-ancient-times-present]"},
            good={"curriculum": "[natcurric:contentdescriptor-great-artists-architects-designers-history]"}),)),
    Row("`updated` is before `published`.",
        (Code("dates-out-of-order", "Updated before published", "warning", says={
            "": Say("It says it was updated ({updated}) before it was published ({published}).", "Check both dates.")},
            bad={"updated": "2023-01-10"}, good={"updated": "2024-01-10"}),)),
    Row("The folder or the `organisation`/`id` field doesn't match an organisation file.",
        (Code("unknown-organisation", "No such organisation", routes=(FILE, FORM), says={
            "form": Say("There is no organisation '{answer}' in the catalogue.",
                        "{guess}Use the name of your organisation's file in organisations/ (without .yml); a new "
                        "organisation is added by the editors first."),
            "claimed": Say("There is no organisation '{claimed}' (no file organisations/{claimed}.yml).",
                           "{guess}This file is in the folder resources/{folder}/, so write organisation: {folder}, "
                           "or delete the line (the folder says it)."),
            "folder": Say("This file is in the folder resources/{folder}/, but there is no organisation '{folder}' "
                          "(no file organisations/{folder}.yml).",
                          "{rename}or add the organisation first with `oerbank new organisation`.")},
            bad={"organisation": "no-such-arts"}, good={"organisation": "acme-arts"}),
         Code("organisation-mismatch", "In another organisation's folder", routes=(FILE, SHEET), says={
             "sheet": Say("This row says it belongs to '{claimed}', but you are importing for '{org}'.",
                          "Import it with --org {claimed}, or correct the organisation column."),
             "": Say("This file is in the folder resources/{folder}/ but says it belongs to '{claimed}'.",
                     "Move the file to resources/{claimed_full}/, or change the line to organisation: {folder} "
                     "(or delete it; the folder says it).")}),
         Code("id-mismatch", "Id and file name differ", says={
             "": Say("The id '{given}' doesn't match the file name '{file_name}'.",
                     "Delete the id line (the file name is the id), or rename the file to {given}.yml.")}))),
    Row("Two files have the same id, a link is already used by another resource, or a list repeats a value. Links "
        "are compared by the page they lead to: `http` and `https`, capitals in the site's name, `:443`, a final "
        "`/`, a `#part` and tracking parameters (`utm_...`, `fbclid`, `gclid`) make no difference. The message "
        "names both files.",
        (Code("duplicate-id", "Two files, one id", says={
            "": Say("{both} describe the {record} '{id}'.",
                    "Keep one of the two files and delete the other, or rename one of them.")}),
         Code("duplicate-url", "A link listed twice", routes=(FILE, SHEET, FORM), says={
             "": Say("{here} (line {here_line}) and {there} (line {there_line}) link to the same page{spelled}.",
                     "Each resource is listed once: edit the existing record instead of adding a copy, "
                     "or check that the link is the right one."),
             "sheet-other-organisation": Say("This link is already in the catalogue as {id}, a resource of another "
                                             "organisation.", "Each resource is listed once: ask that organisation's "
                                             "maintainers, or check that the link is the right one."),
             "sheet-rows": Say("This link is the same as row {first_row}'s.",
                               "Each resource is listed once: delete one of the two rows."),
             "form": Say("This link is already in the catalogue, in {path}.",
                         "Each resource is listed once: change the existing file instead of adding a copy.")}),
         Code("duplicate-value", "A list repeats a value", says={
             "": Say("'{value}' is listed twice in '{name}' (also on line {first_line}).", "Delete one of them."),
             "same-line": Say("'{value}' is listed twice in '{name}'.", "Delete one of them.")},
             bad={"keywords": "[masks, masks]"}, good={"keywords": "[masks, Masks-making]"}))),
    Row("Two organisations have names that read the same: capitals, full-width letters and look-alike letters "
        "from other alphabets (a Cyrillic `а` for a Latin `a`, `rn` for `m`, as Unicode's confusables list has "
        "them) are set aside. The message names both files.",
        (Code("duplicate-name", "Two organisations, one name", says={
            "": Say("{here} (line {here_line}) and {there} (line {there_line}) give the same name{spelled}.",
                    "Each organisation is listed once: if this is the same organisation, put its resources in the "
                    "other's folder and delete this file; if not, write the name so that teachers can tell the two "
                    "apart (e.g. add the town).")}),)),
    Row("The text holds an invisible character: a control character (often pasted from Word, a PDF or a terminal), "
        "or one that changes the direction of text (such as U+202E RIGHT-TO-LEFT OVERRIDE), so readers would not "
        "see what is written. The message names the character, its line and column. Tabs and line breaks are fine "
        "in the description only.",
        (Code("control-character", "Invisible control character", says={
            "": Say("{where} contains an invisible control character, {character}, at {place}{also}.",
                    _RETYPE.format(source="Word, a PDF or a terminal")),
            "yaml": Say("This line contains an invisible control character, {character}, at line {at_line}, column "
                        "{at_column}.", _RETYPE.format(source="Word, a PDF or a terminal"))},
            bad={"title": '"Masks\\u0007"'}, good={"title": '"Masks\\u00a0clay"'}),
         Code("bidi-control", "Invisible direction change", says={
             "": Say("{where} contains an invisible character that changes the direction of text, {character}, at "
                     "{place}{also}: readers would not see what is written.",
                     _RETYPE.format(source="a web page, a PDF or a chat"))},
             bad={"title": '"Masks\\u202e"'}, good={"title": "Masks \u0627\u0644\u062e\u0637"}))),
    Row("A one-line field (a title, a summary, a keyword) has a line break or a tab in it, usually written as `\\n` "
        "inside double quotes; it is shown as a space. The hint gives the line written on one line.",
        (Code("line-break-in-text", "Line break in one-line text", "warning", says={
            "": Say("{subject} has a {what} in it; it is shown as a space.", "{fix}: {written}")},
            bad={"title": '"Masks\\nof the world"'}, good={"title": '"Masks of the world"'}),)),
    Row("The file's name, type, place or size is not what the catalogue expects.",
        (Code("invalid-file-name", "File name not allowed", says={
            "": Say("The {what} '{stem}' can only use lowercase letters, digits and single hyphens.",
                    "Rename it to '{fixed}'."),
            "long": Say("The {what} '{start}...' is {length} characters long; the limit is {limit}.",
                        "Rename it to something shorter, e.g. '{fixed}'.")}),
         Code("invalid-folder-name", "Folder name not allowed", says={
             "": Say("The folder '{folder}' is not an organisation id.", "Name the folder exactly like your "
                     "organisation's file in organisations/ (without .yml), e.g. '{fixed}'.")}),
         Code("wrong-file-type", "Not a record file", says={
             "organisations": Say("organisations/ holds only organisation files ending in .yml, not '{name}'.", ""),
             "resources": Say("Resources are .md files, not '{name}'.", "")}),
         Code("file-extension", "Wrong file ending", "warning", says={
             "organisations": Say("Organisation files end in .yml, not .yaml.",
                                  "Rename it to organisations/{stem}.yml."),
             "resources": Say("Resource files end in .md, not .markdown.", "Rename it to {folder}/{stem}.md.")}),
         Code("misplaced-file", "File in the wrong place", says={
             "organisations-folder": Say("Folders don't belong in organisations/.",
                                         "Each organisation is one file, organisations/<your-org-id>.yml; resources "
                                         "go in resources/<your-org-id>/."),
             "resources-file": Say("Resource files go in a folder named after your organisation, not straight in "
                                   "resources/.", "Move it to resources/<your-org-id>/{name}."),
             "nested-folder": Say("Resource folders can't contain other folders.",
                                  "Put each resource straight in {folder}/ as <name>.md."),
             "special": Say("This is not an ordinary file.", "Only text files belong in the catalogue.")}),
         Code("file-too-large", "File too large", says={
             "": Say("This file is {size:,} KB; a record can be at most {limit} KB.",
                     "Keep the description to a few paragraphs and link to the full resource instead.")}),
         Code("unreadable-file", "File can't be read", says={
             "": Say("This file can't be opened ({reason}).",
                     "Check that it is an ordinary file you can open in a text editor.")}))),
    Row("A symbolic link (a shortcut to another file), anywhere in the repository: records, `docs/`, `theme/`, the "
        "configuration. The site would publish whatever it points to, so it is never read: replace it with an "
        "ordinary file.",
        (Code("symlink", "Symbolic link", says={
            "": Say("This is a symbolic link to '{target}', not a file itself, so the catalogue does not read or "
                    "publish it.", "Replace the link with an ordinary file holding the text itself, or delete it "
                    "(git rm {rel}).")}),)),
    Row("An organisation's page: a logo needs a short description (`logo_alt`); the brand `colour` is written "
        "`\"#rrggbb\"` (in double quotes: a `#` alone starts a YAML comment) and text must be easy to read on it "
        "(a contrast of 4.5 to 1, WCAG AA, with white text or with the page's dark text; the message suggests the "
        "nearest colour that has it); `bookings` is an email address, a phone number or an `https://` web address; "
        "`links` must use `https://`.",
        (Code("missing-logo-alt", "Logo without a description", says={
            "": Say("There is a logo but no logo_alt describing it for people who can't see it.",
                    "Add what the logo shows, usually your name as the logo writes it, e.g. {example}")}),
         Code("invalid-colour", "Not a colour code", says={
             "": Say("{subject} is not a colour code: write # and six letters or digits (0-9, a-f).",
                     "Your brand guidelines give it as a HEX or web colour; write it in double quotes, e.g. "
                     "colour: \"#1a5f8a\"")}),
         Code("low-contrast-colour", "Brand colour too hard to read text on", says={
             "": Say("Text on colour {colour} would be hard to read: white text on it has a contrast of {white} and "
                     "dark text {dark}, and text needs at least 4.5 to 1 (WCAG AA).",
                     "Use colour: \"{suggestion}\" instead, the nearest colour that {text} can be read on "
                     "({ratio}), or choose another shade of your brand colour.")}),
         Code("invalid-bookings", "Not a way to book", says={
             "": Say("{subject} is not an email address, a phone number or an https:// web address.",
                     "Write one of these, as schools should use it: bookings: learning@your-museum.example, "
                     "bookings: 0131 496 0000 or bookings: https://www.your-museum.example/schools/book"),
             "insecure": Say("{subject} starts with http://; a booking page must use https:// so schools' details "
                             "stay private.", "Open the page in a browser and copy the address it shows; most sites "
                             "have an https:// address.")}))),
)

INTAKE_ROWS: tuple[Row, ...] = (
    Row("The same heading twice, or a needed column is missing.",
        (Code("duplicate-column", "Heading twice", routes=(SHEET,), says={
            "": Say("'{text}' is the same column as {first}; only one can be kept.",
                    "Delete one of the two columns, or merge them.")}),
         Code("missing-column", "Column missing", routes=(SHEET,), says={
             "": Say("There is no '{name}' column; every resource needs it.",
                     "Add a column headed '{name}' (see `oerbank template`)."),
             "recommended": Say("There is no '{name}' column; it is recommended because teachers use it to find "
                                "resources.", "Add a column headed '{name}' if you can.", "warning")}))),
    Row("A column the catalogue doesn't know, or values in a column with no heading: skipped, "
        "with the column's letter.",
        (Code("unknown-column", "Unknown column", "warning", (SHEET,), says={
            "": Say("Column {letter}, '{text}', is not a column this catalogue knows, so it was ignored.",
                    "Nothing to do if it is for your own use; `oerbank template` lists the columns that are imported."),
            "guess": Say("Column {letter}, '{text}', is not a column this catalogue knows, so it was ignored.",
                         "Did you mean '{guess}'? Rename the heading to import it.")}),
         Code("missing-heading", "Column without a heading", "warning", (SHEET,), says={
             "": Say("Column {letter} has values but no heading, so they were ignored.",
                     "To import them, type the column's name in row {head} (see `oerbank template`)."),
             "stray": Say("Column {letter} has values (the first in row {first_row}) but no heading, "
                          "so they were ignored.",
                          _STRAY_HINT),
             "too-far": Say("Column {letter} is right of column {last}, the last one an import reads, so its values "
                            "(the first in row {first_row}) were ignored.", _STRAY_HINT),
             "more": Say("{count:,} more columns, from {start} to {end}, have values but no heading, so they were "
                         "ignored.", "Delete what is right of your last column, or give each column a heading.")}))),
    Row("Rows above the headings (a title, notes) were skipped.",
        (Code("rows-above-header", "Rows above the headings", "warning", (SHEET,), says={
            "": Say("Row {first} is above the column headings in row {head}, so it was not imported ('{shown}').",
                    "Nothing to do if it is a title or notes; if it is a resource, move it below the headings."),
            "rows": Say("Rows {first} to {last} are above the column headings in row {head}, so they were not "
                        "imported (row {first}: '{shown}').", "Nothing to do if they are a title or notes; a resource "
                        "among them must be moved below the headings.")}),)),
    Row("A link cell shows one web address but links to another; the link was used.",
        (Code("link-text-differs", "Link text and link differ", "warning", (SHEET,), says={
            "": Say("This cell shows '{shown}' but links to '{target}'; the link was used.",
                    "If the address shown is the right one, fix the link (right-click > Edit Hyperlink) or type the "
                    "address as plain text.")}),)),
    Row("A cell holds a formula, or starts like one; type the value itself.",
        (Code("formula-cell", "Formula in a cell", routes=(SHEET,), says={
            "": Say("This cell holds a spreadsheet formula or starts like one ('{shown}'), not plain text.",
                    "Type the value itself (for a link, the full https:// address), or copy the cell and use Paste "
                    "Special > Values; drop a leading =, +, - or @.")}),)),
    Row("The file name in the `slug` column isn't lowercase letters, digits and hyphens.",
        (Code("invalid-slug", "File name not allowed", routes=(SHEET,), says={
            "": Say("The file name '{slug}' can only use lowercase letters, digits and single hyphens, at most "
                    "{limit} characters.", "Use '{fixed}', or leave the cell empty to make it from the title.")}),)),
    Row("Two rows would be saved under the same file name.",
        (Code("duplicate-file-name", "Two rows, one file name", routes=(SHEET,), says={
            "": Say("This row would be saved as {path}, like row {first_row}.",
                    "Give one of them a different title, or add a slug column with a different file name.")}),)),
    Row("The file name belongs to a resource with another link; nothing is replaced. Give the row its own file name "
        "in a `slug` column (or the form a different title).",
        (Code("file-name-taken", "File name taken", routes=(SHEET, FORM), says={
            "": Say("{path} already describes a different resource{theirs}; this row's link is not the same, so the "
                    "file was left as it is.", "Give this row its own file name in a slug column. If it is the same "
                    "resource at a new address, change the url in {path} first, then import again."),
            "form": Say("{path} already describes a different resource{theirs}; it was left as it is.",
                        "Give this resource a different title; a maintainer can also choose another file name with "
                        "--slug.")}),)),
    Row("The resource is already in the catalogue; change the existing file instead.",
        (Code("file-exists", "Already in the catalogue", routes=(FORM,), says={
            "": Say("There is already a resource at {path}.",
                    "Give this resource a different title, or change the existing file instead.")}),)),
    Row("A needed question was left empty, or the permission box is not ticked.",
        (Code("missing-answer", "Question not answered", routes=(FORM,), says={
            "": Say("This question needs an answer.", ""),
            "prompt": Say("This needs an answer.", ""),  # `oerbank new`, asking in the terminal
            "permission": Say("The permission box is not ticked.", "Tick '{option}' if it is true: the catalogue "
                              "lists resources that organisations publish themselves.")}),)),
)

# Faults of this program or of Frictionless, not of a contributor's file: never in the guide's table.
INTERNAL = (
    Code("invalid-value", "Value not valid", says={
        "": Say("{subject} is not valid ({note}).", "For example: {example}"),
        "no-field": Say("{subject} is not valid ({note}).", "Check this value.")}),
    Code("internal-error", "Fault in this program", says={"": Say("{message}")}),
)

ROWS = FILE_ROWS + INTAKE_ROWS
CODES: dict[str, Code] = {c.name: c for row in ROWS for c in row.codes} | {c.name: c for c in INTERNAL}

# --- the contributor guide ------------------------------------------------------------------

GUIDE = "CONTRIBUTING.md"
_REGION = re.compile(r"(<!-- codes:(file|intake) start[^>]*-->\n)(.*?)(<!-- codes:\2 end -->)", re.S)


def table(rows: tuple[Row, ...]) -> str:
    return "\n".join(["| Code | What it means |", "|---|---|", *(r.markdown() for r in rows)]) + "\n"


def guide_text(text: str) -> str:
    """`text` (CONTRIBUTING.md) with its marked code tables written afresh from the registry."""
    tables = {"file": table(FILE_ROWS), "intake": table(INTAKE_ROWS)}
    return _REGION.sub(lambda m: m.group(1) + tables[m.group(2)] + m.group(4), text)
