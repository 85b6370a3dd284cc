"""YAML written to cost a reader time or memory, for the tests and scripts/bench_hostile_yaml.py."""

from __future__ import annotations

# Nine aliases of nine aliases ... nine levels deep: expanded, 9**9 strings.
BILLION_LAUGHS = """name: Laughs
url: https://laughs.example/
summary: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
type: gallery
region: london
maintainers: [laughs]
"""


def deeply_nested(opening: str, closing: str) -> str:
    """A resource file whose keywords nest 60,000 characters deep: just under the 128 KB limit."""
    depth = 60_000 // len(opening)
    return "---\ntitle: Deep\nkeywords: " + opening * depth + "x" + closing * depth + "\n---\n"
