"""Words of the domain that checks recognise in plan text, in one place: which indicators have
no unit, which one is the total fertility rate, how the participating sectors (産官学金労言) are
written. Matching is on NFKC-normalised text without spaces."""

from __future__ import annotations

import re
import unicodedata

# Indicators that are ratios or indices by nature: no unit to print (KPI-005 asks none).
UNITLESS_WORDS = ("合計特殊出生率", "出生率", "倍率", "指数", "係数", "比率")

# The total fertility rate (合計特殊出生率): population visions assume a path of it.
FERTILITY_WORDS = ("合計特殊出生率", "TFR")

# The sectors of 産官学金労言 (+士: lawyers and other professionals), as they are written out.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "産": ("産", "産業", "産業界", "商工", "商工会", "商工会議所", "経済団体", "農協", "JA", "漁協", "観光協会", "企業"),
    "官": ("官", "行政", "行政機関", "国", "県", "市", "町", "村", "自治体", "官公庁", "ハローワーク"),
    "学": ("学", "大学", "学識", "学識経験者", "教育機関", "大学・教育機関", "研究機関", "高校", "短大"),
    "金": ("金", "金融", "金融機関", "銀行", "信用金庫", "信金", "信用組合"),
    "労": ("労", "労働", "労働団体", "労働組合", "連合", "労働者"),
    "言": ("言", "言論", "報道", "報道機関", "メディア", "報道機関・メディア", "新聞", "新聞社", "放送", "テレビ"),
    "士": ("士", "士業", "弁護士", "税理士", "司法書士", "専門家"),
}
_SECTOR_RUN = re.compile(r"^[産官学金労言士]{2,}$")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def unitless(title: str) -> bool:
    """Whether an indicator of this title is a ratio or index that has no unit."""
    text = _norm(title)
    return any(word in text for word in UNITLESS_WORDS)


def fertility(title: str) -> bool:
    """Whether an indicator (or an assumption) is the total fertility rate."""
    text = _norm(title)
    return any(word in text for word in FERTILITY_WORDS)


def sectors(written: list[str] | tuple[str, ...]) -> list[str]:
    """The sectors named by a body's member list as written: 「産官学金労言」 in one word, single
    letters, or spelled out (産業界, 金融機関, 報道機関・メディア …) → ['産', '官', …] in order."""
    found: list[str] = []
    for item in written:
        text = _norm(item)
        if _SECTOR_RUN.match(text):
            found.extend(text)
            continue
        for parts in re.split(r"[、,，/／]", text):
            for sector, words in SECTOR_WORDS.items():
                if parts in words or any(len(w) > 1 and w in parts for w in words):
                    found.append(sector)
    return list(dict.fromkeys(found))
