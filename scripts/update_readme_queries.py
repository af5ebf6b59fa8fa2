"""Regenerate the README's table of saved queries from the .rq headers (tests/test_first_hour.py checks it).

    .venv/bin/python scripts/update_readme_queries.py
"""

from __future__ import annotations

from pathlib import Path

from budgetkg.query import saved_queries
from budgetkg.query.describe import markdown_table

README = Path(__file__).resolve().parents[1] / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- queries:")) + 4
    end = text.index("<!-- /queries -->")
    README.write_text(text[:start] + markdown_table(saved_queries()) + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
