"""Words of the domain that checks recognise in plan text, in one place: which indicators have
no unit, which one is the total fertility rate, how the participating sectors (産官学金労言) are
written. Matching is on NFKC-normalised text without spaces."""

from __future__ import annotations

import functools
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
# Between the sectors of one member list: 、 , / ・ and 及び/と (「産業界・大学・金融機関」).
_SECTOR_SPLIT = re.compile(r"[、,，/／・]|及び|および")

# Units that count things (人, 件, 社 …): a count is never negative, unless the indicator is a
# difference or balance (社会増減数, 転入超過数 …: SIGNED_WORDS).
COUNT_UNITS = ("人", "名", "件", "社", "回", "団体", "戸", "世帯", "校", "箇所", "か所", "カ所", "ヶ所", "店", "店舗",
               "事業所", "棟", "施設", "組", "人泊", "台", "本", "冊", "千人", "万人", "人日", "区画")
SIGNED_WORDS = ("増減", "差", "超過", "純", "社会増", "自然増", "社会減", "自然減", "増加数", "減少数", "変化", "収支",
                "転入出")
# Percentages that may exceed 100 or fall below 0: rates of change and ratios of two quantities.
RATE_WORDS = ("比", "伸び", "増加率", "減少率", "増減率", "上昇率", "成長率", "変化率", "自給率", "充足率", "達成率", "倍")
PERCENT_UNITS = ("%", "パーセント", "％")

# The themes of the national basic goals (domain.md §3), as words in goal titles: a local goal
# and the national goal it considers should share one (MAP-007). 「安心」, 「地域」 and 「まちをつくる」
# are in every kind of goal, so they say nothing.
GOAL_THEMES: dict[str, tuple[str, ...]] = {
    "work": ("雇用", "しごと", "仕事", "働", "稼ぐ", "産業", "就業", "就労", "創業", "起業", "企業", "所得", "収入",
             "経済", "農林", "商工", "観光"),
    "people": ("ひとの流れ", "人の流れ", "移住", "定住", "関係人口", "交流人口", "UIJ", "Uターン", "転入", "社会増",
               "社会減", "つながり"),
    "children": ("結婚", "出産", "子育て", "子ども", "こども", "子供", "出生", "若い世代", "自然減", "保育"),
    "community": ("暮ら", "くらし", "魅力", "連携", "拠点", "交通", "防災", "健康", "福祉", "医療", "コミュニティ",
                  "生活", "住み", "居住", "集う"),
}


@functools.lru_cache(maxsize=65536)  # checks ask about the same titles and units over and over
def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=None)
def _normed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_norm(w) for w in words)


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
        if _SECTOR_RUN.match(text.replace("・", "")):  # 産官学金労言, 産・官・学・金・労・言
            found.extend(text.replace("・", ""))
            continue
        words_of_item = [text, *_SECTOR_SPLIT.split(text)]  # 大学・教育機関 is a word, and 大学 + 教育機関
        for part in words_of_item:
            for sector, words in SECTOR_WORDS.items():
                if part in words or any(len(w) > 1 and w in part for w in words):
                    found.append(sector)
    return list(dict.fromkeys(found))


def _has(text: str, words: tuple[str, ...]) -> bool:
    normed = _norm(text)
    return any(w in normed for w in words)


def signed(title: str) -> bool:
    """Whether an indicator of this title may be negative (a difference or balance: 社会増減数)."""
    return _has(title, SIGNED_WORDS)


def rate(title: str) -> bool:
    """Whether a percentage of this title may exceed 100 or fall below 0 (a rate of change, a ratio)."""
    return _has(title, RATE_WORDS)


def unit_in(unit: str | None, units: tuple[str, ...]) -> bool:
    """Whether a unit as written is one of `units` (NFKC: ％ is %)."""
    return unit is not None and _norm(unit) in _normed(units)


def goal_themes(text: str) -> frozenset[str]:
    """The themes of the national basic goals (GOAL_THEMES) a goal's wording speaks of."""
    norm = _norm(text)
    return frozenset(theme for theme, words in GOAL_THEMES.items() if any(w in norm for w in words))
