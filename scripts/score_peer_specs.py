"""Score parse_number and extract_quantities on other projects' Chinese number test cases.

Usage::

    .venv/bin/python scripts/score_peer_specs.py [PEER_SPECS_DIR] [--failures] [--markdown]

PEER_SPECS_DIR defaults to ``../shared/peer-specs`` relative to the repository root; its
SOURCES.md says where each file comes from. Prints one row per file: cases, cases in scope,
cases passed, and the pass rate over the cases in scope, then the out-of-scope reasons.

How a case is read:

* ``parse`` cases (one expression → one value): ``parse_number(input)``; when that is None
  (the string carries a unit: 1.2万元, 199个, 5万余份), the longest quantity that
  ``extract_quantities`` finds in it. Ranges ``[low, high]`` must come back as a range,
  open ends (``[null, x]``, ``[x, null]``) as at_most / at_least.
* ``extract`` cases (JioNLP money extractor): the money spans must equal the expected spans.
* ``convert`` cases (cn2an transform): the numbers of the expected text must equal the values
  of every candidate found (rejected ones included, since 第2天 keeps its 2).
* Recognizers-Text: a case whose single result covers the whole input is a parse case; an
  empty result means nothing may be extracted (no percentage, for PercentModel); other cases
  compare the multiset of values. NumberRange compares the interval ends (open or closed
  brackets are not distinguished).

A case is out of scope when its form is outside what a 健康扶贫 policy document writes or what
the contract decides otherwise (ordinals and dates are rejected by design); the reasons are
decided from the input's form before it is scored, never from the result.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policy_corpus.text.numbers import normalize_numeral, parse_number
from policy_corpus.text.quantities import Quantity, extract_quantities

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / ".." / "shared" / "peer-specs"

# (reason, pattern on the input); the first that matches decides.
SCOPE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "currency other than yuan",
        re.compile(
            r"美元|港元|港币|港幣|日元|日币|欧元|卢布|泰铢|台币|韩元|澳元|美刀|美分|美圆|比特币"
            r"|奈拉|法郎|\$|銭|HKD"
        ),
    ),
    ("colloquial Cantonese money (蚊 毫 仙 個半)", re.compile(r"蚊|毫|仙|個[半九]|起碼")),
    (
        "spoken small change (块九, 两毛五, bare 角/分 amounts)",
        re.compile(
            r"[块塊][一二两三四五六七八九零]|毛|^[^元圆块]*[角分]钱?$|^[^元圆块]*[零一二两三四五六七八九十\d]分$"
        ),
    ),
    (
        "Latin magnitude suffixes, scientific notation",
        re.compile(r"\d\s*[kKMGwW](?![a-zA-Z])|[\d.][eE][+\-−]?\d|\^|[kK]个"),
    ),
    ("dozens and pairs (打 对 双)", re.compile(r"[打对双對雙]")),
    ("discounts (折)", re.compile(r"折")),
    (
        "vague magnitudes (几十, 数十, 三五百, 十几)",
        re.compile(r"几十|数十|十几|十多欧|[二三四五六七八][三四五六七八九][十百千万亿仟佰]"),
    ),
    (
        "mixed and Cantonese fractions (又, 二份一), 半 outside 一半",
        re.compile(
            r"又|\d\s*\d+/\d|[\d一二三四五六七八九十]份[\d一二三四五六七八九十]|(?<![一成])半|一半半"
        ),
    ),
    (
        "units outside the vocabulary (temperature, weight, length, data)",
        re.compile(r"摄氏度|℃|斤|吨|公斤|公分|米|cm|CM|克|比特|字节|赫兹|千瓦|千卡|亩|只"),
    ),
    ("Roman numerals", re.compile(r"[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]")),
]
DATE_RULE = (
    "dates (rejected as one record by design)",
    re.compile(r"\d\s*[年月日]|[〇零一二三四五六七八九十廿]\s*[年月日]"),
)
BARE_DIGIT_REASON = "bare Chinese digits without a classifier (not candidates: 统一, 之一 …)"
WHOLE_FILE_REASONS = {
    "OrdinalModel.json": "ordinals (rejected by design)",
    "DimensionModel.json": "units outside the vocabulary (temperature, weight, length, data)",
}


@dataclass
class Case:
    """One peer case in a common form."""

    file: str
    id: str
    input: str
    mode: str  # parse | extract | convert | reject | empty | values | range
    expected: Any
    kind: str = "number"
    scope: str | None = None


@dataclass
class FileScore:
    """Counts for one file."""

    cases: int = 0
    in_scope: int = 0
    passed: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


# --- reading the peer files -------------------------------------------------------------------


def load_cases(folder: Path) -> list[Case]:
    """Read every peer file under ``folder`` into Cases."""
    cases: list[Case] = []
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list):
            cases.extend(recognizers_cases(path.name, data))
        else:
            cases.extend(peer_eval_cases(path.name, data["cases"]))
    return cases


def peer_eval_cases(name: str, raw: list[dict[str, Any]]) -> list[Case]:
    """Cases in the ``peer-eval-cases/1`` format."""
    cases = []
    for item in raw:
        task = item["task"]
        if task == "convert":
            expected: Any = item["expected_text"]
        elif task == "extract":
            expected = item["expected"]
        elif task == "reject":
            expected = None
        else:
            expected = item["expected"][0]["value"]
        case = Case(name, item["id"], item["input"], task, expected, item.get("kind", "number"))
        if item.get("group") == "direct":
            case.scope = "digit-by-digit reading (ASR / direct mode)"
        cases.append(case)
    return cases


def recognizers_cases(name: str, raw: list[dict[str, Any]]) -> list[Case]:
    """Cases from a Recognizers-Text spec file."""
    kind = "percent" if name.startswith("Percent") else "number"
    if name.startswith("Currency"):
        kind = "money"
    cases = []
    for index, item in enumerate(raw):
        text, results = item["Input"], item["Results"]
        values = [r["Resolution"].get("value") for r in results]
        squeezed = normalize_numeral(text).strip()
        if name.startswith("NumberRange"):
            case = Case(name, str(index), text, "range", values, kind)
        elif not results:
            case = Case(name, str(index), text, "empty", None, kind)
        elif len(results) == 1 and normalize_numeral(results[0]["Text"]) == squeezed:
            case = Case(name, str(index), text, "parse", values[0].rstrip("%"), kind)
        else:
            case = Case(name, str(index), text, "values", values, kind)
            digits = [r["Text"] for r in results]
            if any(re.fullmatch(r"[零一二两三四五六七八九十叁貳贰]", t) for t in digits):
                case.scope = BARE_DIGIT_REASON
        if None in values and results:
            case.scope = "currency names without an amount"
        if name in WHOLE_FILE_REASONS:
            case.scope = WHOLE_FILE_REASONS[name]
        cases.append(case)
    return cases


def decide_scope(case: Case) -> str | None:
    """The out-of-scope reason of a case, from its form, or None."""
    if case.scope:
        return case.scope
    text = normalize_numeral(case.input)
    for reason, pattern in SCOPE_RULES:
        if pattern.search(text) or pattern.search(case.input):
            return reason
    if case.mode in {"convert", "values", "parse"} and DATE_RULE[1].search(text):
        return DATE_RULE[0]
    return None


# --- scoring ----------------------------------------------------------------------------------


def close(a: float | None, b: float | None) -> bool:
    """Equal within a relative 1e-6 (peers print 350.333333333333)."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def as_float(value: Any) -> float | None:
    return None if value is None else float(str(value).rstrip("%"))


def read(text: str) -> tuple[float | None, Quantity | None]:
    """The project's reading of one expression: parse_number, else the longest quantity."""
    value = parse_number(text)
    if value is not None:
        return value, None
    records = extract_quantities(text)
    if not records:
        return None, None
    best = max(records, key=lambda r: r.end - r.start)
    return best.value, best


def is_percent_form(text: str) -> bool:
    return bool(re.search(r"[%％‰]|百分|千分之|万分之|一半|成", text))


def score_parse(case: Case) -> bool:
    value, record = read(case.input)
    expected = case.expected
    if isinstance(expected, list):
        low, high = (as_float(v) for v in expected)
        if record is None:
            return False
        if low is not None and high is not None:
            return (
                record.qualifier == "range"
                and close(record.value, low)
                and close(record.value_max, high)
            )
        if low is None:
            return record.qualifier == "at_most" and close(record.value, high)
        return record.qualifier == "at_least" and close(record.value, low)
    target = as_float(expected)
    if value is not None and case.kind == "number" and is_percent_form(case.input):
        # The contract keeps ratios in percent units (一半 → 50, 千分之六百 → 60).
        return close(value / 100, target) or close(value, target)
    return close(value, target)


def score_extract(case: Case) -> bool:
    wanted = {(e["start"], e["end"]) for e in case.expected if not out_of_scope_span(e["text"])}
    found = {
        (r.start, r.end)
        for r in extract_quantities(case.input)
        if r.kind == "money" and not out_of_scope_span(r.text)
    }
    return wanted == found


def out_of_scope_span(text: str) -> bool:
    return bool(SCOPE_RULES[0][1].search(text) or SCOPE_RULES[3][1].search(text))


_EXPECTED_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?")


def all_values(text: str) -> Counter[float]:
    """Values and range ends of every candidate, rejected ones included."""
    values: Counter[float] = Counter()
    for record in extract_quantities(text, include_rejected=True):
        for value in (record.value, record.value_max):
            if value is not None:
                values[round(value, 6)] += 1
    return values


def score_convert(case: Case) -> bool:
    expected: Counter[float] = Counter()
    for token in _EXPECTED_NUMBER.findall(case.expected):
        if token in case.input:
            continue
        numerator, _, denominator = token.partition("/")
        number = float(numerator) / float(denominator) if denominator else float(numerator)
        expected[round(number, 6)] += 1
    return all_values(case.input) == expected


def score_values(case: Case) -> bool:
    expected = Counter(round(float(str(v).rstrip("%")), 6) for v in case.expected)
    if case.kind == "percent":
        found = Counter(
            round(r.value, 6)
            for r in extract_quantities(case.input)
            if r.kind == "percent" and r.value is not None
        )
        return found == expected
    if case.kind == "money":
        found = Counter(
            round(r.value, 6)
            for r in extract_quantities(case.input)
            if r.kind == "money" and r.value is not None
        )
        return found == expected
    return all_values(case.input) == expected


def score_empty(case: Case) -> bool:
    records = extract_quantities(case.input)
    if case.kind == "percent":
        return not any(r.kind == "percent" for r in records)
    if case.kind == "money":
        return not any(r.kind == "money" for r in records)
    return not records


_INTERVAL = re.compile(r"^[\[(](?P<low>[^,]*),(?P<high>[^\])]*)[\])]$")


def score_range(case: Case) -> bool:
    intervals = []
    for value in case.expected:
        match = _INTERVAL.match(str(value).replace(" ", ""))
        if match is None:
            return False
        intervals.append((as_float(match["low"] or None), as_float(match["high"] or None)))
    found = []
    for record in extract_quantities(case.input):
        if record.qualifier == "range":
            found.append((record.value, record.value_max))
        elif record.qualifier == "at_least":
            found.append((record.value, None))
        elif record.qualifier == "at_most":
            found.append((None, record.value))
    if len(found) != len(intervals):
        return False
    return all(close(a, c) and close(b, d) for (a, b), (c, d) in zip(found, intervals, strict=True))


def score_reject(case: Case) -> bool:
    return parse_number(case.input) is None and not extract_quantities(case.input)


SCORERS = {
    "parse": score_parse,
    "extract": score_extract,
    "convert": score_convert,
    "values": score_values,
    "empty": score_empty,
    "range": score_range,
    "reject": score_reject,
}


def score(cases: list[Case]) -> dict[str, FileScore]:
    """Score every case; group the counts by file."""
    scores: dict[str, FileScore] = {}
    for case in cases:
        tally = scores.setdefault(case.file, FileScore())
        tally.cases += 1
        reason = decide_scope(case)
        if reason is not None:
            tally.reasons[reason] += 1
            continue
        tally.in_scope += 1
        if SCORERS[case.mode](case):
            tally.passed += 1
        else:
            tally.failures.append(f"{case.mode} {case.input!r} expected {case.expected!r}")
    return scores


def render(scores: dict[str, FileScore], failures: bool) -> str:
    """The score table and the out-of-scope notes, as Markdown."""
    lines = ["| file | cases | in scope | passed | % |", "|---|---:|---:|---:|---:|"]
    total = FileScore()
    for name, tally in sorted(scores.items()):
        rate = f"{100 * tally.passed / tally.in_scope:.0f}" if tally.in_scope else "–"
        lines.append(f"| {name} | {tally.cases} | {tally.in_scope} | {tally.passed} | {rate} |")
        total.cases += tally.cases
        total.in_scope += tally.in_scope
        total.passed += tally.passed
        total.reasons.update(tally.reasons)
    rate = f"{100 * total.passed / total.in_scope:.0f}" if total.in_scope else "–"
    lines.append(
        f"| **all** | {total.cases} | {total.in_scope} | {total.passed} | {rate} |",
    )
    lines += ["", "Out of scope (cases):", ""]
    lines += [f"- {reason}: {n}" for reason, n in total.reasons.most_common()]
    if failures:
        for name, tally in sorted(scores.items()):
            if tally.failures:
                lines += ["", f"Failures in {name}:", ""]
                lines += [f"- {failure}" for failure in tally.failures]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_DIR), help="peer-specs folder")
    parser.add_argument("--failures", action="store_true", help="list the failing cases")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    print(render(score(load_cases(folder)), args.failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
