"""A tile-grid map of China's provincial-level regions: one square per region, no boundaries.

A map drawn from boundary data must follow China's official map standard (审图号); a tile grid
shows where regions lie relative to each other without drawing any boundary, so it needs no
boundary data and prints the same at any size. The grid below is our own, placed by hand from
the regions' relative positions (north up, east right); it holds all 34 provincial-level
regions, so a region without documents is shown, in grey, rather than left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: GB/T 2260 province prefix → (row, column, short Chinese name, English name).
TILES: dict[str, tuple[int, int, str, str]] = {
    "23": (0, 8, "黑龙江", "Heilongjiang"),
    "65": (1, 1, "新疆", "Xinjiang"),
    "15": (1, 5, "内蒙古", "Inner Mongolia"),
    "11": (1, 6, "北京", "Beijing"),
    "21": (1, 7, "辽宁", "Liaoning"),
    "22": (1, 8, "吉林", "Jilin"),
    "63": (2, 2, "青海", "Qinghai"),
    "62": (2, 3, "甘肃", "Gansu"),
    "64": (2, 4, "宁夏", "Ningxia"),
    "14": (2, 5, "山西", "Shanxi"),
    "13": (2, 6, "河北", "Hebei"),
    "12": (2, 7, "天津", "Tianjin"),
    "54": (3, 1, "西藏", "Tibet"),
    "51": (3, 2, "四川", "Sichuan"),
    "50": (3, 3, "重庆", "Chongqing"),
    "61": (3, 4, "陕西", "Shaanxi"),
    "41": (3, 5, "河南", "Henan"),
    "37": (3, 6, "山东", "Shandong"),
    "53": (4, 2, "云南", "Yunnan"),
    "52": (4, 3, "贵州", "Guizhou"),
    "42": (4, 4, "湖北", "Hubei"),
    "34": (4, 5, "安徽", "Anhui"),
    "32": (4, 6, "江苏", "Jiangsu"),
    "31": (4, 7, "上海", "Shanghai"),
    "45": (5, 3, "广西", "Guangxi"),
    "43": (5, 4, "湖南", "Hunan"),
    "36": (5, 5, "江西", "Jiangxi"),
    "33": (5, 6, "浙江", "Zhejiang"),
    "44": (6, 4, "广东", "Guangdong"),
    "35": (6, 5, "福建", "Fujian"),
    "71": (6, 6, "台湾", "Taiwan"),
    "46": (7, 3, "海南", "Hainan"),
    "82": (7, 4, "澳门", "Macao"),
    "81": (7, 5, "香港", "Hong Kong"),
}
#: A map is drawn only when the corpus spans at least this many provinces.
MIN_PROVINCES = 5
#: Shades of blue for the value classes, light to dark (grey: no document).
SHADES = ("#dbe7f3", "#a9c6e3", "#6f9fcf", "#3c76b1", "#1f4f80")
NO_DATA = "#e6e6e6"


def province_of(region_code: str) -> str | None:
    """The province prefix of a GB/T 2260 code, if it is one of the grid's.

    >>> province_of("421200"), province_of("650000"), province_of("999999")
    ('42', '65', None)
    """
    prefix = str(region_code)[:2]
    return prefix if prefix in TILES else None


def shade(value: int, low: int, high: int) -> str:
    """The fill of a tile: one of :data:`SHADES` by where the value lies from lowest to highest.

    The scale runs over the values shown, not from zero, so that differences between regions
    that all report many measures stay visible.

    >>> shade(20, 20, 30), shade(30, 20, 30), shade(25, 20, 30), shade(4, 4, 4)
    ('#dbe7f3', '#1f4f80', '#6f9fcf', '#6f9fcf')
    """
    if high <= low:
        return SHADES[len(SHADES) // 2]
    step = int((value - low) / (high - low) * (len(SHADES) - 1) + 0.5)
    return SHADES[step]


def tiles(
    values_by_region: Mapping[str, Iterable[str]], language: str, size: int = 44
) -> list[dict[str, Any]]:
    """The tiles of the map, one per provincial-level region.

    ``values_by_region`` maps a region code to the items it reports (measure ids); regions of one
    province are joined (a measure reported by any of them counts once). A tile's value is the
    number of distinct items, ``None`` for a province without documents.
    """
    items: dict[str, set[str]] = {}
    for code, reported in values_by_region.items():
        province = province_of(code)
        if province is not None:
            items.setdefault(province, set()).update(reported)
    counts = [len(v) for v in items.values()]
    low, high = min(counts, default=0), max(counts, default=0)
    out = []
    for prefix, (row, column, zh, en) in TILES.items():
        value = len(items[prefix]) if prefix in items else None
        fill = NO_DATA if value is None else shade(value, low, high)
        out.append(
            {
                "prefix": prefix,
                "x": column * (size + 4),
                "y": row * (size + 4),
                "size": size,
                "name": zh if language == "zh" else en,
                "short": zh,
                "value": value,
                "fill": fill,
                "dark": fill in SHADES[3:],
            }
        )
    return out


def spans_provinces(region_codes: Iterable[str]) -> int:
    """How many of the grid's provinces a set of region codes touches.

    >>> spans_provinces(["421200", "420300", "650000"])
    2
    """
    return len({p for p in map(province_of, region_codes) if p is not None})
