"""The 健康扶贫 codebook: indicators, measures and numeral slogans, read from YAML.

The codebook is data a researcher edits (``codebook/indicators.yaml``, ``measures.yaml``,
``slogans.yaml`` in this package, or a copy in a folder of their own). Everything is checked and
every regular expression compiled when it is loaded, so that a typo fails at once with the file
and the entry named, not half way through a run.

>>> codebook = load_codebook()
>>> codebook.indicator("inpatient_reimbursement_ratio").zh
'住院费用报销比例'
>>> [m.id for m in codebook.measures][:2]
['three_batches', 'serious_illness_treatment']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

from policy_corpus.contract.paths import CODEBOOK_DIR
from policy_corpus.contract.schema import UNITS

INDICATORS_FILE = "indicators.yaml"
MEASURES_FILE = "measures.yaml"
SLOGANS_FILE = "slogans.yaml"

#: Reserved indicator id for quantities that match no codebook indicator.
OTHER_ID = "other"
TOOL_TYPES = ("supply", "demand", "environment")
SLOGAN_KINDS = ("slogan", "programme", "policy_name", "term")

T = TypeVar("T")


class CodebookError(ValueError):
    """A codebook file is missing, is not valid YAML, or has a wrong entry."""


@dataclass(frozen=True)
class Indicator:
    """What a number measures, and the context words that identify it."""

    id: str
    zh: str
    en: str
    category: str
    units: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    comparable: bool
    exclude: tuple[re.Pattern[str], ...] = ()
    requires: tuple[re.Pattern[str], ...] = ()
    rule_parameter: bool = False
    generic: bool = False


@dataclass(frozen=True)
class Measure:
    """A policy measure, its spellings, its policy-tool type and its framework group."""

    id: str
    zh: str
    en: str
    tool_type: str
    group: str
    names: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Slogan:
    """A numeral slogan or programme name whose numerals are not quantities."""

    text: str
    kind: str
    en: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Codebook:
    """The indicators and measures of one codebook folder."""

    indicators: tuple[Indicator, ...]
    measures: tuple[Measure, ...]
    scopes: tuple[re.Pattern[str], ...]
    groups: tuple[str, ...]
    indicators_version: str
    measures_version: str
    folder: Path

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with this id.

        Raises:
            KeyError: no indicator has this id.
        """
        return _by_id(self.indicators, indicator_id)

    def measure(self, measure_id: str) -> Measure:
        """Return the measure with this id.

        Raises:
            KeyError: no measure has this id.
        """
        return _by_id(self.measures, measure_id)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=_HasId)


def _by_id(entries: tuple[E, ...], entry_id: str) -> E:
    for entry in entries:
        if entry.id == entry_id:
            return entry
    raise KeyError(entry_id)


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and check the indicator and measure codebooks of a folder.

    Args:
        path: a folder holding ``indicators.yaml`` and ``measures.yaml``; None or "" for the
            codebook packaged with policy_corpus.

    Raises:
        CodebookError: a file is missing or not valid YAML, a required key is missing, an id
            is repeated, a unit, tool type or group is not in its vocabulary, or a regular
            expression does not compile. The message names the file and the entry.
    """
    folder = _folder(path)
    indicators_doc = _read_yaml(folder / INDICATORS_FILE)
    measures_doc = _read_yaml(folder / MEASURES_FILE)
    indicators_file = folder / INDICATORS_FILE
    measures_file = folder / MEASURES_FILE
    groups = tuple(
        str(_require(g, ("zh",), f"group #{i}", measures_file)["zh"])
        for i, g in enumerate(_entries(measures_doc, "groups", measures_file), start=1)
    )
    return Codebook(
        indicators=_indicators(indicators_doc, indicators_file),
        measures=_measures(measures_doc, measures_file, groups),
        scopes=tuple(
            _compile(p, "scopes", indicators_file)
            for p in _strings(indicators_doc.get("scopes", []), "scopes", indicators_file)
        ),
        groups=groups,
        indicators_version=str(indicators_doc["version"]),
        measures_version=str(measures_doc["version"]),
        folder=folder,
    )


def load_slogans(path: str | Path | None = None) -> tuple[Slogan, ...]:
    """Load the numeral slogans (三个一批, 两不愁三保障 …) of a codebook folder.

    Args:
        path: a folder holding ``slogans.yaml``; None or "" for the packaged codebook.

    Raises:
        CodebookError: as :func:`load_codebook`, for ``slogans.yaml``.

    >>> any(s.text == "两不愁三保障" for s in load_slogans())
    True
    """
    file = _folder(path) / SLOGANS_FILE
    doc = _read_yaml(file)
    slogans = []
    for i, entry in enumerate(_entries(doc, "slogans", file), start=1):
        where = f"slogan #{i} ({entry.get('text')!r})" if isinstance(entry, dict) else f"#{i}"
        _require(entry, ("text", "kind", "en"), where, file)
        _check_keys(entry, {"text", "kind", "en", "patterns"}, where, file)
        kind = _one_of(entry["kind"], SLOGAN_KINDS, f"{where}: kind", file)
        text = str(entry["text"])
        # Given patterns replace the literal text: 985 is a slogan only before 政策, not in 985所.
        extra = _strings(entry.get("patterns", []), f"{where}: patterns", file)
        patterns = tuple(_compile(p, where, file) for p in extra) or (re.compile(re.escape(text)),)
        slogans.append(Slogan(text, kind, str(entry["en"]), patterns))
    _check_unique([s.text for s in slogans], "slogan text", file)
    return tuple(slogans)


def find_slogans(text: str, slogans: tuple[Slogan, ...]) -> list[tuple[int, int, Slogan]]:
    """Return the non-overlapping (start, end, slogan) spans of slogans in a text, by start.

    >>> [(s, e, x.text) for s, e, x in find_slogans("“985”政策与985所", load_slogans())]
    [(1, 4, '985')]
    """
    spans = [
        (match.start(), match.end(), slogan)
        for slogan in slogans
        for pattern in slogan.patterns
        for match in pattern.finditer(text)
    ]
    return non_overlapping(spans)


def non_overlapping(spans: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Keep the spans that do not overlap an earlier one; at one start, the longest wins.

    >>> non_overlapping([(0, 2, "a"), (0, 4, "b"), (3, 5, "c"), (4, 6, "d")])
    [(0, 4, 'b'), (4, 6, 'd')]
    """
    kept: list[tuple[int, int, T]] = []
    for span in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


# ── reading and checking ─────────────────────────────────────────────────────────────────────


def _folder(path: str | Path | None) -> Path:
    # Notebook parameters use "" for "the packaged codebook", so it means the same as None.
    folder = CODEBOOK_DIR if path is None or str(path) == "" else Path(path)
    if not folder.is_dir():
        raise CodebookError(f"{folder}: codebook folder not found")
    return folder


def _read_yaml(file: Path) -> dict[str, Any]:
    if not file.is_file():
        raise CodebookError(f"{file}: file not found")
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise CodebookError(f"{file}: YAML syntax error{where}: {problem}") from None
    if not isinstance(doc, dict):
        raise CodebookError(f"{file}: expected a mapping with 'version' at the top")
    _require(doc, ("version",), "top level", file)
    return doc


def _entries(doc: dict[str, Any], key: str, file: Path) -> list[Any]:
    _require(doc, (key,), "top level", file)
    entries = doc[key]
    if not isinstance(entries, list):
        raise CodebookError(f"{file}: '{key}' must be a list")
    return entries


def _require(entry: Any, keys: tuple[str, ...], where: str, file: Path) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise CodebookError(f"{file}: {where}: expected a mapping of keys, got {entry!r}")
    for key in keys:
        if entry.get(key) is None:
            raise CodebookError(f"{file}: {where}: missing key '{key}'")
    return entry


def _check_keys(entry: dict[str, Any], allowed: set[str], where: str, file: Path) -> None:
    # An unknown key is almost always a misspelt optional one ('exlude'), which would otherwise
    # be ignored without a word.
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise CodebookError(f"{file}: {where}: unknown key(s) {unknown}")


def _check_unique(ids: list[str], what: str, file: Path) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise CodebookError(f"{file}: duplicate {what} '{item}'")
        seen.add(item)


def _strings(value: Any, where: str, file: Path) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list):
        raise CodebookError(f"{file}: {where}: expected a list, got {value!r}")
    return tuple(str(item) for item in value)


def _one_of(value: Any, allowed: tuple[str, ...], where: str, file: Path) -> str:
    if value not in allowed:
        raise CodebookError(f"{file}: {where}: {value!r} is not one of {list(allowed)}")
    return str(value)


def _flag(entry: dict[str, Any], key: str, where: str, file: Path) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise CodebookError(f"{file}: {where}: '{key}' must be true or false, got {value!r}")
    return value


def _compile(pattern: str, where: str, file: Path) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as err:
        raise CodebookError(
            f"{file}: {where}: pattern {pattern!r} does not compile: {err}"
        ) from None
    # A pattern that matches nothing at all would match everywhere and classify every number.
    if compiled.fullmatch(""):
        raise CodebookError(f"{file}: {where}: pattern {pattern!r} matches the empty string")
    return compiled


def _patterns(
    entry: dict[str, Any], key: str, where: str, file: Path
) -> tuple[re.Pattern[str], ...]:
    return tuple(
        _compile(p, where, file) for p in _strings(entry.get(key, []), f"{where}: {key}", file)
    )


INDICATOR_KEYS = ("id", "zh", "en", "category", "units", "patterns", "comparable")
INDICATOR_OPTIONAL = {"exclude", "requires", "rule_parameter", "generic", "note"}


def _indicators(doc: dict[str, Any], file: Path) -> tuple[Indicator, ...]:
    indicators = [
        _indicator(entry, i, file)
        for i, entry in enumerate(_entries(doc, "indicators", file), start=1)
    ]
    _check_unique([ind.id for ind in indicators], "indicator id", file)
    return tuple(indicators)


def _indicator(entry: Any, number: int, file: Path) -> Indicator:
    where = f"indicator #{number}"
    _require(entry, INDICATOR_KEYS, where, file)
    where = f"indicator #{number} ('{entry['id']}')"
    _check_keys(entry, set(INDICATOR_KEYS) | INDICATOR_OPTIONAL, where, file)
    if entry["id"] == OTHER_ID:
        raise CodebookError(f"{file}: {where}: '{OTHER_ID}' is reserved for unclassified numbers")
    units = _strings(entry["units"], f"{where}: units", file)
    for unit in units:
        _one_of(unit, UNITS, f"{where}: unit", file)
    patterns = _strings(entry["patterns"], f"{where}: patterns", file)
    if not patterns:
        raise CodebookError(f"{file}: {where}: 'patterns' is empty")
    return Indicator(
        id=str(entry["id"]),
        zh=str(entry["zh"]),
        en=str(entry["en"]),
        category=str(entry["category"]),
        units=units,
        patterns=tuple(_compile(p, where, file) for p in patterns),
        comparable=_flag(entry, "comparable", where, file),
        exclude=_patterns(entry, "exclude", where, file),
        requires=_patterns(entry, "requires", where, file),
        rule_parameter=_flag(entry, "rule_parameter", where, file),
        generic=_flag(entry, "generic", where, file),
    )


MEASURE_KEYS = ("id", "zh", "en", "tool_type", "group", "names")
MEASURE_OPTIONAL = {"patterns", "note"}


def _measures(doc: dict[str, Any], file: Path, groups: tuple[str, ...]) -> tuple[Measure, ...]:
    measures = [
        _measure(entry, i, file, groups)
        for i, entry in enumerate(_entries(doc, "measures", file), start=1)
    ]
    _check_unique([m.id for m in measures], "measure id", file)
    return tuple(measures)


def _measure(entry: Any, number: int, file: Path, groups: tuple[str, ...]) -> Measure:
    where = f"measure #{number}"
    _require(entry, MEASURE_KEYS[:-1], where, file)  # names may be an empty list
    where = f"measure #{number} ('{entry['id']}')"
    _check_keys(entry, set(MEASURE_KEYS) | MEASURE_OPTIONAL, where, file)
    if "names" not in entry:
        raise CodebookError(f"{file}: {where}: missing key 'names'")
    names = _strings(entry["names"] or [], f"{where}: names", file)
    extra = _strings(entry.get("patterns", []), f"{where}: patterns", file)
    if not names and not extra:
        raise CodebookError(f"{file}: {where}: give at least one name or pattern")
    return Measure(
        id=str(entry["id"]),
        zh=str(entry["zh"]),
        en=str(entry["en"]),
        tool_type=_one_of(entry["tool_type"], TOOL_TYPES, f"{where}: tool_type", file),
        group=_one_of(entry["group"], groups, f"{where}: group", file),
        names=names,
        patterns=tuple(re.compile(re.escape(name)) for name in names)
        + tuple(_compile(p, where, file) for p in extra),
    )
