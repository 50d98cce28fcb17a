"""Compare the calculator with real Keras 3 on the realistic-script corpus.

``tests/fixtures/scripts/*.py`` are course-, book- and tutorial-shaped scripts;
``tests/fixtures/scripts_expected/*.json`` is what real Keras 3.15 printed for each at
``COLUMNS`` 80 and 200 (``generate_script_corpus.py``). A script passes at a width when the
calculator, run natively (real numpy) as in a terminal that wide, prints the same text and
fails (or not) the same way: same exception type on the same line. For the Keras 2 scripts
(``keras2_*``: code Keras 3 rejects) the message must also begin with Keras's (the calculator
adds a line with the fix after it); elsewhere the calculator words its own errors for learners
(a shape error names the rule and the numbers), so only the type and the line must agree.

    .venv/bin/python tests/native/script_corpus.py      # prints "x/n passed at 80, y/n at 200"
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCRIPTS = FIXTURES / "scripts"
EXPECTED = FIXTURES / "scripts_expected"


def cases():
    """``(name, columns)`` for every recorded script and width."""
    out = []
    for path in sorted(EXPECTED.glob("*.json")):
        for columns in json.loads(path.read_text(encoding="utf-8")):
            out.append((path.stem, int(columns)))
    return out


def expected(name: str, columns: int) -> dict:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))[str(columns)]


def run(name: str, columns: int) -> dict:
    """What the calculator prints and raises for the script, as the generator records it."""
    from calculator import runner, summary_width
    code = (SCRIPTS / f"{name}.py").read_text(encoding="utf-8")
    with summary_width.columns(columns):
        try:
            result = runner.run_script(code, filename=f"{name}.py")
        except Exception as exc:  # noqa: BLE001 - the script's error is part of the result
            return {"stdout": getattr(exc, "stdout", ""),
                    "error": {"type": type(exc).__name__, "message": str(exc),
                              "line": getattr(exc, "line", None)}}
    return {"stdout": result.stdout, "error": None}


def differences(name: str, columns: int) -> list[str]:
    """What differs from real Keras (empty when the script passes)."""
    want, got = expected(name, columns), run(name, columns)
    problems = []
    if got["stdout"] != want["stdout"]:
        problems.append("stdout differs")
    we, ge = want["error"], got["error"]
    if (we is None) != (ge is None):
        problems.append(f"error: Keras {we and we['type']}, calculator {ge and ge['type']}: "
                        f"{ge and ge['message']}")
    elif we is not None:
        if (we["type"], we["line"]) != (ge["type"], ge["line"]):
            problems.append(f"error: Keras {we['type']} line {we['line']}, calculator "
                            f"{ge['type']} line {ge['line']}: {ge['message']}")
        elif name.startswith("keras2_") and not ge["message"].startswith(we["message"]):
            problems.append(f"message: Keras {we['message']!r}, calculator {ge['message']!r}")
    return problems


def main() -> int:
    sys.path.insert(0, str(FIXTURES.parent.parent))
    passed: dict[int, int] = {}
    total: dict[int, int] = {}
    for name, columns in cases():
        total[columns] = total.get(columns, 0) + 1
        problems = differences(name, columns)
        if problems:
            print(f"FAIL {name} at {columns}: {'; '.join(problems)[:300]}")
        else:
            passed[columns] = passed.get(columns, 0) + 1
    print(", ".join(f"{passed.get(c, 0)}/{total[c]} passed at {c}" for c in sorted(total)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
