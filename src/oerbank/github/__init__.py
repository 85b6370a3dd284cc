"""Contributing and publishing through GitHub: the issue form, ownership and changed files.

Everything here is plain Python over the catalogue and `git`; the workflows in .github/ call it
through `oerbank` commands, so every rule can be tested offline.
"""
