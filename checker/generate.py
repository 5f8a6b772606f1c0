"""A synthetic national corpus of plan sets with seeded defects (`plancheck generate`).

For each municipality the corpus holds what a city actually writes, in the real plan format
(docs/plan-format.md): its 1st-period strategy (FY2015–2019, lists inline in YAML), its
2nd-period strategy (FY2020–2024, projects and indicators in CSV tables with Japanese headers),
the population vision of each period (the 2nd revised on the 2018 projection and superseding the
1st) and its comprehensive plan, whose later basic plan takes the strategy over from FY2025. One
synthetic prefectural strategy per prefecture used sits in `prefectures/<NN>.yaml`, followed by
stand-ins for that prefecture's other bundled reference strategies (`stand_ins`).

    OUT/expected.json
    OUT/prefectures/20.yaml
    OUT/20-nagano/20001/{strategy-1,strategy-2,vision-1,vision-2,comprehensive-2}.yaml
    OUT/20-nagano/20001/{projects,indicators}.csv

A defect-free municipality gets no violation of any rule at the corpus' as-of date. With
probability `defect_rate` a municipality gets one defect from `DEFECTS`; each defect declares
exactly the violations it causes (rule, subject node, file and line), and expected.json lists
them all. Municipality i depends only on (seed, i): a smaller corpus is a prefix of a larger one,
file for file and byte for byte.

Everything is plain string building (no YAML library on the write path), so 1,741 municipalities
take seconds. The YAML writer records the line of every key it writes, the same way the loader
numbers them, so expected violations carry their lines.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

AS_OF = "2026-04-01"  # the date the corpus is checked for (PDCA-002 needs FY2024's review by then)
GENERATOR = "plancheck generate"

Doc = dict[str, Any]
Path_ = tuple[str | int, ...]

# --- prefectures ------------------------------------------------------------------------------------

# (number, name, folder name, municipalities incl. Tokyo's 23 special wards): 1,741 in all.
PREFECTURES: tuple[tuple[int, str, str, int], ...] = (
    (1, "北海道", "hokkaido", 179), (2, "青森県", "aomori", 40), (3, "岩手県", "iwate", 33),
    (4, "宮城県", "miyagi", 35), (5, "秋田県", "akita", 25), (6, "山形県", "yamagata", 35),
    (7, "福島県", "fukushima", 59), (8, "茨城県", "ibaraki", 44), (9, "栃木県", "tochigi", 25),
    (10, "群馬県", "gunma", 35), (11, "埼玉県", "saitama", 63), (12, "千葉県", "chiba", 54),
    (13, "東京都", "tokyo", 62), (14, "神奈川県", "kanagawa", 33), (15, "新潟県", "niigata", 30),
    (16, "富山県", "toyama", 15), (17, "石川県", "ishikawa", 19), (18, "福井県", "fukui", 17),
    (19, "山梨県", "yamanashi", 27), (20, "長野県", "nagano", 77), (21, "岐阜県", "gifu", 42),
    (22, "静岡県", "shizuoka", 35), (23, "愛知県", "aichi", 54), (24, "三重県", "mie", 29),
    (25, "滋賀県", "shiga", 19), (26, "京都府", "kyoto", 26), (27, "大阪府", "osaka", 43),
    (28, "兵庫県", "hyogo", 41), (29, "奈良県", "nara", 39), (30, "和歌山県", "wakayama", 30),
    (31, "鳥取県", "tottori", 19), (32, "島根県", "shimane", 19), (33, "岡山県", "okayama", 27),
    (34, "広島県", "hiroshima", 23), (35, "山口県", "yamaguchi", 19), (36, "徳島県", "tokushima", 24),
    (37, "香川県", "kagawa", 17), (38, "愛媛県", "ehime", 20), (39, "高知県", "kochi", 34),
    (40, "福岡県", "fukuoka", 60), (41, "佐賀県", "saga", 20), (42, "長崎県", "nagasaki", 21),
    (43, "熊本県", "kumamoto", 45), (44, "大分県", "oita", 18), (45, "宮崎県", "miyazaki", 26),
    (46, "鹿児島県", "kagoshima", 43), (47, "沖縄県", "okinawa", 41),
)
CYCLE = sum(p[3] for p in PREFECTURES)  # 1741


@lru_cache(maxsize=1)
def _cycle() -> tuple[tuple[int, int], ...]:
    """(prefecture number, its k-th municipality) for one cycle of 1,741 slots, by smooth weighted
    round robin: prefectures interleave, and a full cycle gives each its real number of
    municipalities. Fixed data, so municipality i's prefecture never depends on the corpus size."""
    current = {p[0]: 0 for p in PREFECTURES}
    seen: Counter[int] = Counter()
    out: list[tuple[int, int]] = []
    for _ in range(CYCLE):
        for number, _name, _folder, weight in PREFECTURES:
            current[number] += weight
        best = max(PREFECTURES, key=lambda p: (current[p[0]], -p[0]))[0]
        current[best] -= CYCLE
        seen[best] += 1
        out.append((best, seen[best]))
    return tuple(out)


def prefecture_of(index: int) -> tuple[int, int]:
    """(prefecture number, k) of municipality `index`: the k-th municipality of that prefecture."""
    number, k = _cycle()[index % CYCLE]
    per_cycle = PREFECTURES[number - 1][3]
    return number, k + (index // CYCLE) * per_cycle


# --- a YAML writer that knows its line numbers ---------------------------------------------------------


class Flow(dict):  # type: ignore[type-arg]
    """A mapping written inline: {id: G1-T1, title: …}."""


class Inline(list):  # type: ignore[type-arg]
    """A list written inline: [産, 官, 学]."""


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}:]*")
_RESOLVED = re.compile(r"[-+.]?[0-9][0-9_.:eE+-]*|(?i:y|n|yes|no|on|off|true|false|null|~|\.inf|\.nan)")


def scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not _RESOLVED.fullmatch(text) and " #" not in text and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


class YamlWriter:
    """Block YAML for dicts and lists, inline for Flow/Inline values; `lines` maps every key path
    and list item to its 1-based line, as checker.load.yamlsource numbers them."""

    def __init__(self, comment: Sequence[str] = ()) -> None:
        self.out: list[str] = [f"# {c}" for c in comment]
        self.lines: dict[Path_, int] = {}

    def text(self) -> str:
        return "\n".join(self.out) + "\n"

    def _mark(self, value: Any, path: Path_, line: int) -> None:
        self.lines.setdefault(path, line)
        if isinstance(value, dict):
            for k, v in value.items():
                self._mark(v, path + (k,), line)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self._mark(v, path + (i,), line)

    def mapping(self, data: Doc, indent: int = 0, path: Path_ = (), dash: bool = False) -> None:
        for n, (key, value) in enumerate(data.items()):
            prefix = " " * (indent - 2) + "- " if dash and n == 0 else " " * indent
            line = len(self.out) + 1
            if n == 0:
                self.lines.setdefault(path, line)
            kp = path + (key,)
            self.lines[kp] = line
            if isinstance(value, (Flow, Inline)) or not isinstance(value, (dict, list)) or not value:
                self.out.append(f"{prefix}{key}: {flow(value)}")
                self._mark(value, kp, line)
            elif isinstance(value, dict):
                self.out.append(f"{prefix}{key}:")
                self.mapping(value, indent + 2, kp)
            else:
                self.out.append(f"{prefix}{key}:")
                self.sequence(value, indent + 2, kp)

    def sequence(self, items: list[Any], indent: int, path: Path_) -> None:
        for i, item in enumerate(items):
            ip = path + (i,)
            if isinstance(item, dict) and not isinstance(item, Flow) and item:
                self.mapping(item, indent + 2, ip, dash=True)
            else:
                line = len(self.out) + 1
                self.out.append(" " * indent + "- " + flow(item))
                self._mark(item, ip, line)


def locate(lines: dict[Path_, int], path: Path_) -> int | None:
    """Line of a key path or of its nearest enclosing key (checker.load.documents.locate)."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


# --- CSV tables --------------------------------------------------------------------------------------

PROJECT_COLUMNS = ("事業ID", "事業名", "施策ID", "所管課", "地域再生計画", "備考")
INDICATOR_COLUMNS = ("指標ID", "種別", "基本目標ID", "施策ID", "事業ID", "指標名", "単位", "基準年", "基準値",
                     "目標年", "目標値", "方向", "アウトカム", "出典", "前期の指標", "備考")
TABLE_COLUMNS = {"projects.csv": PROJECT_COLUMNS, "indicators.csv": INDICATOR_COLUMNS}


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]], encoding: str) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")  # as Excel saves it
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buf.getvalue().encode(encoding)


# --- content pools ------------------------------------------------------------------------------------

NAME_HEAD = "北南東西上下中大小高新本若青白赤黒金銀朝夕春夏秋冬松竹梅桜杉柳桑藤菊花葉森林川山岡谷沢野原浜島磯泉滝池湖岩石玉鶴亀鷹鹿駒星月日雲"
NAME_TAIL = ("田", "野", "原", "川", "山", "沢", "浦", "崎", "津", "瀬", "浜", "島", "見", "宮", "坂", "井", "尾", "里",
             "郷", "園", "丘", "台", "木", "根", "部", "江", "谷", "森", "岡", "松", "野辺", "ヶ丘", "の里", "前", "辺",
             "戸", "内", "口", "倉", "城", "寺", "府", "須", "賀", "和", "平", "室", "川内", "ノ木", "代", "幡", "穂",
             "葉", "間", "来", "峰", "保", "吉", "福", "栄", "豊", "美", "安", "富", "守", "畑", "潟", "淵", "塚", "堂",
             "場", "生", "羽", "居", "磐", "越", "上", "中", "下", "北", "南", "東", "西", "方", "石", "ヶ浦", "ヶ崎",
             "ノ宮", "ヶ原", "の森", "の郷", "ヶ谷", "野原", "川原", "宮原")
MAX_MUNICIPALITIES = len(NAME_HEAD) * len(NAME_TAIL)  # names are unique below this

THEMES = ("人口減少の克服", "人口減少を見据えたまちづくり")
SECTORS = ("産", "官", "学", "金", "労", "言")

GOALS_1 = {
    1: ("地域における安定した雇用を創出する", "しごとをつくり、安心して働けるようにする", "地域産業を振興し、雇用を生み出す",
        "新たな雇用を生み出す", "魅力ある働く場をつくる"),
    2: ("新しいひとの流れをつくる", "移住・定住を促進し、ひとを呼び込む", "若者や女性が活躍できるまちをつくる",
        "ふるさとへのひとの流れをつくる"),
    3: ("若い世代の結婚・出産・子育ての希望をかなえる", "安心して子どもを産み育てられるまちをつくる",
        "子育て世代に選ばれるまちをつくる"),
    4: ("時代に合った地域をつくり、安心なくらしを守る", "安心して暮らし続けられるまちをつくる", "いきいきと暮らせるまちをつくる",
        "地域と地域が連携し、安全・安心なまちをつくる"),
}
GOAL_1_FIFTH = ("広域連携により地域の魅力を高める", "近隣市町村と連携した地域づくりを進める")
GOAL_2_CHANGED = ("ひとの流れをつくり、つながりを築く", "関係人口を創出し、移住・定住を促進する",
                  "地域とのつながりを築き、新しいひとの流れをつくる")
GOAL_2_NEW_4 = ("ひとが集い、安心して暮らせる魅力的なまちをつくる", "持続可能で魅力あるまちをつくる")
GOAL_REWORDED_1 = "稼ぐ地域をつくり、安心して働けるまちをつくる"
REASON_CHANGED = ("国の第2期総合戦略で関係人口の創出・拡大が掲げられたことを踏まえ、移住・定住に加えて関係人口の創出に取り組むため",
                  "全世代・全員活躍の方針を踏まえ、若者や女性に限らず地域とのつながりを持つひとを増やす目標に改めるため")
REASON_MERGED = "第1期の基本目標4と基本目標5は施策が重複しているため、一つの基本目標に統合する"
REASON_GOAL_RETIRED_5 = "基本目標4に統合したため"
REASON_GOAL_RETIRED_4 = "施策体系を見直し、第2期は新たな基本目標4として再構成するため"
REASON_INDICATOR_RETIRED = ("事業の終了に伴い指標を廃止", "統計調査の廃止により把握できないため",
                            "より成果を表す指標に見直したため", "第2期の施策体系の見直しにより整理")

# (title, department, project stems) per category (= national basic goal 1–4)
MEASURES: dict[int, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    1: (("創業・起業の支援", "商工観光課", ("創業支援", "起業塾", "事業承継支援", "空き店舗活用", "創業資金利子補給")),
        ("地域産業の振興", "商工観光課", ("中小企業融資", "設備投資補助", "産業支援センター運営", "技術開発支援", "販路開拓支援")),
        ("農林業の担い手育成", "農林課", ("新規就農支援", "農業次世代人材投資", "農地集積", "林業担い手育成", "スマート農業導入")),
        ("観光の振興", "商工観光課", ("観光プロモーション", "インバウンド誘客", "観光案内所運営", "体験型観光推進", "観光ガイド育成")),
        ("企業誘致と雇用の確保", "企画政策課", ("企業立地促進", "工業団地整備", "サテライトオフィス誘致", "地元就職促進", "合同企業説明会")),
        ("地域ブランドの確立", "農林課", ("農産物ブランド化", "6次産業化推進", "特産品開発", "ふるさと納税推進", "地産地消推進")),
        ("多様な人材が活躍できる職場づくり", "商工観光課", ("女性活躍推進", "働き方改革推進", "シニア人材活用", "障がい者雇用促進", "外国人材受入支援"))),
    2: (("移住・定住の促進", "企画政策課", ("移住相談窓口運営", "移住体験住宅", "移住支援金", "移住フェア出展", "定住促進住宅取得補助")),
        ("関係人口の創出・拡大", "企画政策課", ("関係人口創出", "ふるさと会運営", "ワーケーション推進", "二地域居住促進", "ふるさと住民票")),
        ("若者の地元定着", "企画政策課", ("奨学金返還支援", "UIJターン就職支援", "若者交流拠点運営", "高校生地域学習", "若者起業支援")),
        ("空き家の活用", "都市計画課", ("空き家バンク", "空き家改修補助", "お試し住宅", "空き家除却補助", "空き家相談会")),
        ("シティプロモーションの推進", "企画政策課", ("シティプロモーション", "SNS情報発信", "移住情報サイト運営", "地域おこし協力隊", "PR動画制作")),
        ("大学・高校との連携", "企画政策課", ("大学連携", "インターンシップ受入", "地域課題研究支援", "高校魅力化", "学生まちづくり参加")),
        ("ふるさと回帰の支援", "地域振興課", ("ふるさと回帰相談", "Uターン促進", "帰省者交流会", "ふるさと便", "出身者ネットワーク"))),
    3: (("結婚の希望をかなえる支援", "子育て支援課", ("婚活支援", "結婚新生活支援", "出会いイベント", "結婚相談所運営", "縁結びサポーター")),
        ("妊娠・出産の支援", "健康推進課", ("不妊治療費助成", "産後ケア", "妊婦健診助成", "母子保健推進", "出産祝金")),
        ("子育て家庭への経済的支援", "子育て支援課", ("子ども医療費助成", "第3子以降保育料無償化", "子育て応援給付", "学校給食費補助", "児童手当支給")),
        ("保育・幼児教育の充実", "子育て支援課", ("保育所整備", "病児保育", "延長保育", "保育士確保", "幼児教育推進")),
        ("教育環境の充実", "学校教育課", ("ICT教育推進", "学習支援", "英語教育推進", "通学支援", "地域学校協働")),
        ("仕事と子育ての両立支援", "子育て支援課", ("放課後児童クラブ", "ファミリーサポートセンター", "子育て支援センター運営", "育児休業取得促進", "一時預かり"))),
    4: (("地域公共交通の確保", "地域振興課", ("デマンド交通運行", "路線バス維持", "高齢者運転免許返納支援", "交通空白地対策", "鉄道利用促進")),
        ("安全・安心なまちづくり", "総務課", ("自主防災組織育成", "防犯灯整備", "防災訓練", "耐震化促進", "消防団支援")),
        ("健康づくりと地域医療", "健康推進課", ("健康ポイント", "特定健診受診促進", "地域医療確保", "介護予防", "がん検診推進")),
        ("地域コミュニティの活性化", "地域振興課", ("自治会活動支援", "地域づくり交付金", "公民館活動", "地域おこし", "集落支援員")),
        ("広域連携の推進", "企画政策課", ("定住自立圏推進", "連携中枢都市圏事業", "広域観光連携", "広域防災連携", "広域公共施設連携")),
        ("小さな拠点の形成", "地域振興課", ("小さな拠点づくり", "買い物支援", "地域運営組織支援", "高齢者見守り", "生活支援サービス")),
        ("デジタル化の推進", "総務課", ("行政手続オンライン化", "地域DX推進", "デジタル人材育成", "光回線整備", "キャッシュレス推進"))),
}
PROJECT_VARIANTS = ("事業", "事業（拡充）", "モデル事業", "事業（地区別）", "関連事業", "事業（第2期）")


def project_title(stem: str, n: int) -> str:
    """The n-th project of a stem: 創業支援事業, 創業支援事業（拡充）, 創業支援モデル事業 …"""
    return stem + PROJECT_VARIANTS[(n // 5) % len(PROJECT_VARIANTS)]

# (title, unit, direction, outcome, source, baseline low, high, relative change)
Template = tuple[str, str, str, bool, str, float, float, float]
TARGETS: dict[int, tuple[Template, ...]] = {
    1: (("市内事業所の従業者数", "人", "increase", True, "経済センサス", 3000, 60000, 0.03),
        ("新規雇用者数", "人", "increase", True, "市調べ", 50, 800, 0.2),
        ("観光消費額", "億円", "increase", True, "観光入込客統計", 5, 300, 0.15),
        ("製造品出荷額等", "億円", "increase", True, "工業統計調査", 20, 3000, 0.05)),
    2: (("転入者数", "人", "increase", True, "住民基本台帳", 200, 6000, 0.05),
        ("社会増減数", "人", "increase", True, "住民基本台帳", -400, -20, 0.5),
        ("若年層（20-39歳）の転出超過数", "人", "decrease", True, "住民基本台帳", 30, 600, 0.3)),
    3: (("出生数", "人", "increase", True, "人口動態統計", 20, 2500, 0.05),
        ("婚姻件数", "件", "increase", True, "人口動態統計", 10, 1500, 0.05),
        ("年少人口割合", "%", "maintain", True, "住民基本台帳", 10, 15, 0.0)),
    4: (("住み続けたいと思う市民の割合", "%", "increase", True, "市民意識調査", 60, 85, 0.06),
        ("健康寿命（男性）", "年", "increase", True, "県健康指標", 78, 81, 0.01),
        ("市民満足度", "%", "increase", True, "市民意識調査", 50, 75, 0.08)),
}
KPIS: dict[int, tuple[Template, ...]] = {
    1: (("創業件数", "件", "increase", True, "市調べ", 5, 60, 0.3),
        ("新規就農者数", "人", "increase", True, "市調べ", 2, 40, 0.3),
        ("観光入込客数", "千人", "increase", True, "観光入込客統計", 50, 5000, 0.1),
        ("宿泊者数", "人", "increase", True, "観光入込客統計", 1000, 300000, 0.1),
        ("企業誘致件数", "件", "increase", True, "市調べ", 1, 10, 0.5),
        ("ふるさと納税寄附額", "百万円", "increase", True, "市調べ", 10, 3000, 0.3),
        ("認定農業者数", "経営体", "increase", True, "市調べ", 20, 400, 0.05),
        ("創業セミナー参加者数", "人", "increase", False, "市調べ", 10, 200, 0.2),
        ("合同企業説明会参加企業数", "社", "increase", False, "市調べ", 10, 120, 0.2)),
    2: (("移住者数", "人", "increase", True, "市調べ", 10, 600, 0.3),
        ("空き家バンク成約件数", "件", "increase", True, "市調べ", 3, 80, 0.3),
        ("地域おこし協力隊の定住率", "%", "increase", True, "市調べ", 40, 70, 0.15),
        ("関係人口登録者数", "人", "increase", True, "市調べ", 50, 3000, 0.5),
        ("UIJターン就職者数", "人", "increase", True, "市調べ", 5, 200, 0.3),
        ("移住相談件数", "件", "increase", False, "市調べ", 20, 800, 0.3),
        ("移住情報サイト閲覧数", "件", "increase", False, "市調べ", 5000, 300000, 0.3)),
    3: (("出生数", "人", "increase", True, "人口動態統計", 20, 2500, 0.05),
        ("待機児童数", "人", "decrease", True, "市調べ", 5, 80, 0.8),
        ("子育てしやすいと感じる市民の割合", "%", "increase", True, "市民意識調査", 40, 70, 0.1),
        ("子育て支援センター利用者数", "人", "increase", True, "市調べ", 1000, 40000, 0.1),
        ("婚活イベントを通じた成婚数", "組", "increase", True, "市調べ", 1, 30, 0.5),
        ("産後ケア利用率", "%", "increase", True, "市調べ", 10, 50, 0.3),
        ("婚活イベント参加者数", "人", "increase", False, "市調べ", 20, 400, 0.2),
        ("放課後児童クラブ登録児童数", "人", "increase", False, "市調べ", 50, 3000, 0.1)),
    4: (("デマンド交通利用者数", "人", "increase", True, "市調べ", 1000, 60000, 0.1),
        ("自主防災組織の結成率", "%", "increase", True, "市調べ", 50, 90, 0.08),
        ("特定健診受診率", "%", "increase", True, "法定報告", 30, 55, 0.15),
        ("地域づくり活動の参加者数", "人", "increase", True, "市調べ", 200, 8000, 0.1),
        ("刑法犯認知件数", "件", "decrease", True, "県警統計", 50, 3000, 0.15),
        ("要介護認定率", "%", "maintain", True, "介護保険事業状況報告", 15, 20, 0.0),
        ("オンライン申請できる手続の数", "件", "increase", False, "市調べ", 5, 60, 1.0),
        ("防災訓練の実施回数", "回", "increase", False, "市調べ", 5, 60, 0.2)),
}
CHANGE = {t[0]: t[7] for pool in (*TARGETS.values(), *KPIS.values()) for t in pool}
PREF_GOALS = {1: "産業の振興と雇用の創出", 2: "ひとの流れの創出と定住の促進", 3: "結婚・出産・子育ての希望の実現",
              4: "安心して暮らせる地域づくり"}
NATIONAL_GOAL_1_REVISED = "地方にしごとをつくり、安心して働けるようにする"  # the 2018 wording (an alias)


# --- the municipality ------------------------------------------------------------------------------------


@dataclass
class Expect:
    """One violation a defect causes, located the way the engine locates it: a finding about a
    node at `path` of `file` (its line is the line of `key` if written, else the node's line), or a
    structural problem written at `path` (`problem`). CSV rows are paths into the table's list."""

    rule: str
    subject: str
    file: str
    path: Path_
    key: str | None = None
    node_type: str | None = None
    problem: bool = False


@dataclass
class Municipality:
    index: int
    pref: int
    code: str
    name: str
    owner: str
    folder: str
    csv_encoding: str
    scale: float = 1.0  # counts in indicators grow with the population (1.0 = 100,000 people)
    docs: dict[str, Doc] = field(default_factory=dict)  # file → document
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # csv file → rows
    carried: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # 1st indicator → 2nd rows
    defect: str | None = None
    expects: list[Expect] = field(default_factory=list)

    @property
    def s1(self) -> Doc:
        return self.docs["strategy-1.yaml"]

    @property
    def s2(self) -> Doc:
        return self.docs["strategy-2.yaml"]

    @property
    def plan(self) -> Doc:
        return self.docs["comprehensive-2.yaml"]

    @property
    def projects(self) -> list[dict[str, Any]]:
        return self.tables["projects.csv"]

    @property
    def indicators(self) -> list[dict[str, Any]]:
        return self.tables["indicators.csv"]

    def id(self, doc: str, local: str | None = None) -> str:
        return f"{self.owner}/{doc}" + (f"#{local}" if local else "")


def _pref_goal_order(pref: int) -> tuple[int, ...]:
    """Which category each prefectural goal G1–G4 serves (prefectures order their goals differently)."""
    orders = ((1, 2, 3, 4), (3, 2, 1, 4), (2, 1, 3, 4), (1, 3, 2, 4), (3, 1, 2, 4))
    return orders[pref % len(orders)]


# Prefectures whose real 1st-period strategy plancheck bundles (plans/nagano/strategy-1.yaml, adopted
# 2015-10-22): the synthetic strategy takes that id and so replaces the bundled one (a document of
# the user's with a bundled id wins), instead of competing with it for "in force" (LAW-003).
BUNDLED_PREFECTURES = {20: "nagano"}


def pref_strategy(pref: int) -> str:
    """The id of prefecture `pref`'s synthetic 1st-period strategy."""
    return f"{BUNDLED_PREFECTURES[pref]}/strategy-1" if pref in BUNDLED_PREFECTURES else f"p{pref:02d}/strategy-1"


def _pref_goal(pref: int, category: int) -> str:
    return f"{pref_strategy(pref)}#G{_pref_goal_order(pref).index(category) + 1}"


def stand_ins(pref: int) -> list[Doc]:
    """The synthetic world has one strategy per prefecture; plancheck bundles the real ones of every
    prefecture (plans/prefectures/, checker.prefectures), which would compete with it for "in force"
    (LAW-003) or, with unknown dates, leave LAW-003 not checked. Each bundled prefectural strategy
    other than the one the synthetic strategy replaces gets a stand-in with its id (a user's document
    wins over the bundled one of the same id), adopted after every synthetic municipal strategy."""
    from checker.prefectures import PREFECTURES, reference_data

    name = PREFECTURES[pref - 1].name
    return [{"kind": "prefectural_strategy", "id": s.id, "title": f"{name}の総合戦略（合成: 同梱の {s.id} の代わり）",
             "prefecture": name, "adopted": "2020-06-01", "period": Flow({"from": "R2", "to": "R6"}),
             "considers": Inline(["national/strategy-2"])}
            for s in reference_data(PREFECTURES[pref - 1]).strategies if s.id != pref_strategy(pref)]


def _year_text(rng: random.Random, year: int, fiscal: bool) -> str:
    if not fiscal:
        return f"{year}年"
    era = "令和" if year >= 2019 else "平成"
    n = year - (2018 if year >= 2019 else 1988)
    choices = [f"{year}年度", f"{'R' if year >= 2019 else 'H'}{'元' if n == 1 else n}年度",
               f"{era}{'元' if n == 1 else n}年度"]
    return rng.choice(choices)


def _date_text(rng: random.Random, y: int, m: int, d: int) -> str:
    if y >= 2019 and (y, m) >= (2019, 5):
        era, n, letter = "令和", y - 2018, "R"
    else:
        era, n, letter = "平成", y - 1988, "H"
    nn = "元" if n == 1 else str(n)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{era}{nn}年{m}月{d}日", f"{letter}{n}-{m:02d}-{d:02d}"])


def _value(x: float, unit: str) -> int | float:
    return round(x, 1) if unit in RATES else int(round(x))


RATES = ("%", "年")  # units that do not grow with the municipality


def _measurement(rng: random.Random, t: Template, base_year: int, target_year: int, fiscal: bool,
                 baseline: float | None = None, scale: float = 1.0) -> dict[str, Any]:
    """Baseline and target of an indicator; counts scale with the municipality's size."""
    title, unit, direction, outcome, source, lo, hi, change = t
    if baseline is not None:
        base = baseline
    else:
        base = rng.uniform(lo, hi) * (1.0 if unit in RATES else scale)
        if lo > 0 and unit not in RATES:
            base = max(base, 3.0 if direction == "decrease" else 1.0)
    base_v = _value(base, unit)
    if direction == "decrease" and unit not in RATES and base_v <= 0:
        direction = "maintain"  # nothing left to decrease (待機児童ゼロ): a count stays at zero
    if direction == "maintain":
        target_v = base_v
    else:
        step = abs(base) * change * rng.uniform(0.6, 1.4)
        step = max(step, 1 if unit not in RATES else 0.5)
        target_v = _value(base + step if direction == "increase" else base - step, unit)
        if unit == "%":
            target_v = min(target_v, 99.0)
        elif unit not in RATES:
            target_v = max(target_v, 0)  # a count is never negative (KPI-017)
        if (direction == "increase" and target_v <= base_v) or (direction == "decrease" and target_v >= base_v):
            target_v = base_v + (1 if direction == "increase" else -1)
            if unit == "%" and direction == "increase" and target_v > 99:
                base_v, target_v = 97.0, 99.0
    return {"title": title, "unit": unit, "direction": direction, "outcome": outcome, "source": source,
            "baseline_year": _year_text(rng, base_year, fiscal), "baseline": base_v,
            "target_year": _year_text(rng, target_year, fiscal), "target": target_v}


def _distribute(rng: random.Random, total: int, parts: int, least: int) -> list[int]:
    counts = [least] * parts
    for _ in range(total - least * parts):
        counts[rng.randrange(parts)] += 1
    return counts


def _capped(counts: list[int], most: int) -> list[int]:
    """Move items from the largest part to the smallest until no part exceeds `most`."""
    while max(counts) > most:
        counts[counts.index(max(counts))] -= 1
        counts[counts.index(min(counts))] += 1
    return counts


def _choose_kpis(rng: random.Random, category: int, n: int) -> list[Template]:
    """n KPI templates of a category with at most one output indicator per measure."""
    pool = KPIS[category]
    outcomes = [t for t in pool if t[3]]
    outputs = [t for t in pool if not t[3]]
    chosen = rng.sample(outcomes, min(n, len(outcomes)))
    if len(chosen) < n or (n >= 3 and rng.random() < 0.35):
        chosen = chosen[: n - 1] + [rng.choice(outputs)]
    return chosen


def _population(rng: random.Random, kind: str) -> int:
    lo, hi = {"市": (25000, 320000), "町": (4000, 30000), "村": (900, 6000)}[kind]
    return int(rng.uniform(lo, hi)) // 100 * 100


def build_prefecture(number: int) -> Doc:
    """The synthetic 1st-period strategy of prefecture `number` (FY2015–2019, adopted mid-2015)."""
    _, name, _, _ = PREFECTURES[number - 1]
    rng = random.Random(f"plancheck-prefecture:{number}")
    month = 6 + number % 4
    day = 1 + (number * 7) % 27
    adopted = f"2015-{month:02d}-{day:02d}"
    published = f"2015-{month:02d}-{min(28, day + rng.randrange(0, 8)):02d}"
    goals = [Flow({"id": f"G{j + 1}", "title": PREF_GOALS[c], "considers": Inline([f"national/strategy-1#G{c}"])})
             for j, c in enumerate(_pref_goal_order(number))]
    doc: Doc = {
        "kind": "prefectural_strategy",
        "id": pref_strategy(number),
        "title": f"{name}まち・ひと・しごと創生総合戦略",
        "prefecture": name,
        "adopted": adopted,
        "published": published,
        "period": Flow({"from": "H27", "to": "R1"}),
        "considers": Inline(["national/strategy-1"]),
        "goals": goals,
    }
    return doc


def _s1_goal_titles(rng: random.Random) -> dict[int, str]:
    return {c: rng.choice(GOALS_1[c]) for c in (1, 2, 3, 4)}


def build_municipality(index: int, seed: int) -> Municipality:
    """The defect-free plan set of municipality `index` (depends on seed and index only)."""
    rng = random.Random(f"plancheck-corpus:{seed}:{index}")
    pref, k = prefecture_of(index)
    _, pref_name, pref_folder, _ = PREFECTURES[pref - 1]
    code = f"{pref:02d}{k:03d}"
    kind = rng.choices(("市", "町", "村"), weights=(45, 42, 13))[0]
    name = NAME_HEAD[index % len(NAME_HEAD)] + NAME_TAIL[(index // len(NAME_HEAD)) % len(NAME_TAIL)] + kind
    pop = _population(rng, kind)
    m = Municipality(index, pref, code, name, f"c{code}", f"{pref:02d}-{pref_folder}/{code}",
                     "cp932" if rng.random() < 0.3 else "utf-8-sig", scale=min(3.0, max(0.03, pop / 100_000)))
    scale = m.scale
    s1id, s2id = m.id("strategy-1"), m.id("strategy-2")

    # -- dates --
    a1 = (2015, 10, rng.randint(5, 30))
    p1 = (2015, 10, min(31, a1[2] + rng.randint(0, 10))) if rng.random() < 0.7 else (2015, 11, rng.randint(1, 20))
    a2 = (2020, rng.choice((2, 3, 3)), 0)
    a2 = (2020, a2[1], rng.randint(3, 27) if a2[1] == 3 else rng.randint(3, 28))
    p2 = (2020, a2[1], min(a2[2] + rng.randint(0, 3), 31 if a2[1] == 3 else 29))

    # -- scenario of dispositions --
    scenario = rng.choices(("continued", "changed", "merged", "renewed"), weights=(40, 30, 15, 15))[0]
    titles1 = _s1_goal_titles(rng)
    categories1 = [1, 2, 3, 4] + ([4] if scenario == "merged" else [])

    # -- 1st strategy: lists inline --
    n_measures1 = rng.randint(12, 16)
    per_goal1 = _capped(_distribute(rng, n_measures1, len(categories1), 2), 6)
    n_projects1 = rng.randint(118, 165)
    projects_per1 = _distribute(rng, n_projects1, n_measures1, 4)
    goals1: list[Doc] = []
    first_indicators: list[tuple[str, int, str, dict[str, Any]]] = []  # (local id, category, kind, data)
    measure_no = 0
    s1_projects: list[tuple[int, Flow]] = []  # (category, project)
    for gi, category in enumerate(categories1):
        gid = f"G{gi + 1}"
        title = titles1[category] if gi < 4 else rng.choice(GOAL_1_FIFTH)
        targets = []
        for ti, t in enumerate(rng.sample(TARGETS[category], rng.choice((2, 2, 3)))):
            meas = _measurement(rng, t, 2014, 2019, True, scale=scale)
            ind = _indicator_flow(f"{gid}-T{ti + 1}", meas)
            targets.append(ind)
            first_indicators.append((ind["id"], category, "numerical_target", meas))
        measures = []
        pool = list(MEASURES[category])
        rng.shuffle(pool)
        for mi in range(per_goal1[gi]):
            mtitle, dept, stems = pool[mi % len(pool)]
            mid = f"{gid}-M{mi + 1}"
            kpis = []
            for ki, t in enumerate(_choose_kpis(rng, category, rng.choice((2, 3, 3, 4)))):
                meas = _measurement(rng, t, 2014, 2019, True, scale=scale)
                ind = _indicator_flow(f"{mid}-K{ki + 1}", meas)
                kpis.append(ind)
                first_indicators.append((ind["id"], category, "kpi", meas))
            listed: list[Flow] = []
            for pi in range(projects_per1[measure_no]):
                stem = stems[pi % len(stems)]
                prj = Flow({"id": f"{mid}-P{pi + 1}", "title": project_title(stem, pi), "department": dept})
                listed.append(prj)
                s1_projects.append((category, prj))
            measure_no += 1
            measures.append({"id": mid, "title": mtitle, "kpis": kpis, "projects": listed})
        goal: Doc = {"id": gid, "title": title, "theme": THEMES[0] if category < 4 else THEMES[1],
                     "considers": Inline([f"national/strategy-1#G{category}", _pref_goal(pref, category)]),
                     "targets": targets, "measures": measures}
        goals1.append(goal)

    # 1st-period grants: suishin H28–H30 (ended), suishin R1–R3 (runs on), iju from R1 (runs on)
    def fund(category: int, base: int, target_year: int, used: set[int]) -> Flow:
        candidates = [i for i, (c, _) in enumerate(s1_projects) if c == category and i not in used]
        i = rng.choice(candidates)
        used.add(i)
        prj = s1_projects[i][1]
        t = rng.choice([t for t in KPIS[category] if t[3]])
        meas = _measurement(rng, t, base, target_year, True, scale=scale)
        ind = _indicator_flow(f"{prj['id']}-K1", meas)
        prj["kpis"] = Inline([ind])
        first_indicators.append((ind["id"], category, "kpi", meas))
        return prj

    used: set[int] = set()
    plan_names = {1: f"{name}しごと創生推進計画", 2: f"{name}移住・定住促進計画"}
    g1p = fund(1, 2015, 2018, used)
    g2_category = rng.choice((1, 2))
    g2p = fund(g2_category, 2018, 2019, used)
    grants1: list[Doc] = [
        Flow({"id": "GR1", "programme": "地方創生推進交付金", "title": g1p["title"].replace("事業", "") + "プロジェクト",
              "period": Flow({"from": "H28", "to": "H30"}), "funds": Inline([g1p["id"]]), "regional_plan": plan_names[1]}),
        Flow({"id": "GR2", "programme": "地方創生推進交付金", "title": g2p["title"].replace("事業", "") + "プロジェクト",
              "period": Flow({"from": "R1", "to": "R3"}), "funds": Inline([g2p["id"]]),
              "regional_plan": plan_names[g2_category]}),
    ]
    has_iju = rng.random() < 0.6
    if has_iju:
        g3p = fund(2, 2018, 2019, used)
        grants1.append(Flow({"id": "GR3", "programme": "地方創生移住支援事業", "title": f"{pref_name}移住支援事業（{name}）",
                             "period": Flow({"from": "R1"}), "funds": Inline([g3p["id"]]), "regional_plan": plan_names[2]}))

    s1: Doc = {
        "kind": "municipal_strategy",
        "id": s1id,
        "title": f"{name}まち・ひと・しごと創生総合戦略",
        "municipality": name,
        "prefecture": pref_name,
        "period": Flow({"from": "H27", "to": "R1"}),
        "adopted": _date_text(rng, *a1),
        "published": _date_text(rng, *p1),
        "considers": Inline(["national/strategy-1", pref_strategy(pref)]),
        "vision": m.id("vision-1"),
        "themes": Inline(THEMES),
        "declared": Flow(),
        "lists": "complete",
        "goals": goals1,
        "grants": grants1,
        "verification": {
            "body": Flow({"name": f"{name}まち・ひと・しごと創生推進会議", "sectors": Inline(SECTORS), "external_experts": True}),
            "reviews": [Flow({"fiscal_year": _year_text(rng, fy, True),
                              "date": f"{fy + 1}-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d}"})
                        for fy in range(2015, 2020)],
            "meetings": [Flow({"date": f"2015-{mo:02d}-{rng.randint(1, 28):02d}", "title": t})
                         for mo, t in ((6, "第1回推進会議"), (8, "第2回推進会議"), (9, "有識者会議"))],
        },
    }
    m.docs["strategy-1.yaml"] = s1

    # -- 2nd strategy: goals and measures in YAML, projects and indicators in CSV --
    titles2 = dict(titles1)
    continues: dict[int, Flow | None] = {c: Flow({"from": f"{s1id}#G{c}", "as": "continued"}) for c in (1, 2, 3, 4)}
    retired: list[Doc] = []
    retired_goal_categories: set[int] = set()
    if scenario == "changed":
        titles2[2] = rng.choice(GOAL_2_CHANGED)
        continues[2] = Flow({"from": f"{s1id}#G2", "as": "changed", "reason": rng.choice(REASON_CHANGED)})
    elif scenario == "merged":
        continues[4] = Flow({"from": f"{s1id}#G4", "as": "merged", "reason": REASON_MERGED})
        retired.append(Flow({"id": f"{s1id}#G5", "reason": REASON_GOAL_RETIRED_5}))
    elif scenario == "renewed":
        titles2[4] = rng.choice(GOAL_2_NEW_4)
        continues[4] = None
        retired.append(Flow({"id": f"{s1id}#G4", "reason": REASON_GOAL_RETIRED_4}))
        retired_goal_categories.add(4)

    n_measures2 = rng.randint(15, 20)
    per_goal2 = _capped(_distribute(rng, n_measures2, 4, 3), 6)
    n_projects2 = rng.randint(155, 172)
    projects_per2 = _distribute(rng, n_projects2, n_measures2, 5)

    # which 1st indicators are carried on, by category and kind (the rest are retired)
    open_first: dict[tuple[int, str], list[tuple[str, dict[str, Any]]]] = {}
    for local, category, ikind, meas in first_indicators:
        if category in retired_goal_categories and local.startswith("G4"):
            retired.append(Flow({"id": f"{s1id}#{local}", "reason": rng.choice(REASON_INDICATOR_RETIRED)}))
            continue
        if local.startswith("G5"):  # the merged goal's indicators go on under goal 4
            category = 4
        open_first.setdefault((category, ikind), []).append((local, meas))
    for key in sorted(open_first):
        rng.shuffle(open_first[key])

    indicators: list[dict[str, Any]] = []
    projects: list[dict[str, Any]] = []
    goals2: list[Doc] = []
    x_measures: dict[str, tuple[int, int]] = {}
    choices_x1 = [(c, mi) for c in (1, 3, 4) for mi in range(per_goal2[c - 1])]
    choices_x2 = [(c, mi) for c in (1, 4) for mi in range(per_goal2[c - 1])]
    x_measures["X1"] = rng.choice(choices_x1)
    x_measures["X2"] = rng.choice([x for x in choices_x2 if x != x_measures["X1"]])
    measure_no = 0

    def indicator_row(local: str, kind_ja: str, meas: dict[str, Any], *, goal: str = "", measure: str = "",
                      project: str = "", continues_id: str = "") -> dict[str, Any]:
        row = {"指標ID": local, "種別": kind_ja, "基本目標ID": goal, "施策ID": measure, "事業ID": project,
               "指標名": meas["title"], "単位": meas["unit"], "基準年": meas["baseline_year"],
               "基準値": _number_text(rng, meas["baseline"]), "目標年": meas["target_year"],
               "目標値": _number_text(rng, meas["target"]), "方向": {"increase": "増加", "decrease": "減少", "maintain": "維持"}[meas["direction"]],
               "アウトカム": "○" if meas["outcome"] else "×", "出典": meas["source"],
               "前期の指標": continues_id, "備考": ""}
        if continues_id:
            m.carried.setdefault(continues_id, []).append(row)
        return row

    def next_indicator(category: int, ikind: str, t: Template, taken: set[str]) -> tuple[dict[str, Any], str]:
        """A 2nd-period indicator: carrying on a 1st-period one of the same category when one is
        left (85 %), else new; never a title already `taken` under the same parent."""
        left = [x for x in open_first.get((category, ikind)) or [] if x[1]["title"] not in taken]
        if left and rng.random() < 0.85:
            local, before = left[-1]
            open_first[(category, ikind)].remove(left[-1])
            taken.add(before["title"])
            fiscal = before["target_year"].endswith("年度")
            tmpl: Template = (before["title"], before["unit"], before["direction"], before["outcome"], before["source"],
                              0, 0, CHANGE[before["title"]])
            base = float(before["target"])
            if before["direction"] != "maintain":
                base *= rng.uniform(0.9, 1.05)
            if before["unit"] == "%":
                base = min(base, 95.0)
            return _measurement(rng, tmpl, 2019, 2024, fiscal, base), f"{s1id}#{local}"
        if t[0] in taken:
            pool = TARGETS[category] if ikind == "numerical_target" else KPIS[category]
            t = next(x for x in pool if x[3] and x[0] not in taken)
        taken.add(t[0])
        return _measurement(rng, t, 2019, 2024, True, scale=scale), ""

    for c in (1, 2, 3, 4):
        gid = f"G{c}"
        taken: set[str] = set()
        for ti, t in enumerate(rng.sample(TARGETS[c], [2, 2, 2, 3][(c + index) % 4])):
            meas, cont = next_indicator(c, "numerical_target", t, taken)
            indicators.append(indicator_row(f"T{c}-{ti + 1}", "数値目標", meas, goal=gid, continues_id=cont))
        pool = list(MEASURES[c])
        rng.shuffle(pool)
        measures2: list[Doc] = []
        for mi in range(per_goal2[c - 1]):
            mtitle, dept, stems = pool[mi % len(pool)]
            mid = f"{c}-{mi + 1}"
            measure: Doc = {"id": mid, "title": mtitle}
            considers = [x for x, at in sorted(x_measures.items()) if at == (c, mi)]
            if considers:
                measure["considers"] = Inline([f"national/strategy-2#{x}" for x in considers])
            measures2.append(measure)
            taken = set()
            for ki, t in enumerate(_choose_kpis(rng, c, rng.choice((2, 3, 3, 3, 4)))):
                meas, cont = next_indicator(c, "kpi", t, taken)
                indicators.append(indicator_row(f"K{mid}-{ki + 1}", "KPI", meas, measure=mid, continues_id=cont))
            for pi in range(projects_per2[measure_no]):
                stem = stems[pi % len(stems)]
                projects.append({"事業ID": f"{mid}-{pi + 1:02d}",
                                 "事業名": project_title(stem, pi),
                                 "施策ID": mid, "所管課": dept, "地域再生計画": "", "備考": ""})
            measure_no += 1
        considers_goal = [f"national/strategy-2#G{c}", _pref_goal(pref, c)]
        goal = {"id": gid, "title": titles2[c], "theme": THEMES[0] if c < 4 else THEMES[1],
                "considers": Inline(considers_goal)}
        if continues[c] is not None:
            goal["continues"] = continues[c]
        goal["measures"] = measures2
        goals2.append(goal)
    for key in sorted(open_first):
        for local, _ in open_first[key]:
            retired.append(Flow({"id": f"{s1id}#{local}", "reason": rng.choice(REASON_INDICATOR_RETIRED)}))
    if not any(str(r["id"]).rsplit("#", 1)[1].startswith("G") and "-" in str(r["id"]).rsplit("#", 1)[1] for r in retired):
        # every plan retires at least one indicator explicitly (the defects need one)
        victim = next(row for row in indicators if row["前期の指標"])
        retired.append(Flow({"id": victim["前期の指標"], "reason": REASON_INDICATOR_RETIRED[2]}))
        m.carried[victim["前期の指標"]].remove(victim)
        victim["前期の指標"] = ""

    # 2nd-period grants: the suishin grant R1–R3 and the iju grant run on; a digital grant R5–R6 (the
    # デジタル田園都市国家構想交付金 ran until FY2024)
    def fund2(category: int, target_from: int) -> dict[str, Any]:
        candidates = [p for p in projects if p["施策ID"].startswith(f"{category}-") and not p["地域再生計画"]]
        prj = rng.choice(candidates)
        t = rng.choice([t for t in KPIS[category] if t[3]])
        meas = _measurement(rng, t, target_from, 2024, True, scale=scale)
        indicators.append(indicator_row(f"KP{prj['事業ID']}", "KPI", meas, project=prj["事業ID"]))
        return prj

    grants2: list[Doc] = []
    p = fund2(g2_category, 2019)
    p["地域再生計画"] = plan_names[g2_category]
    p["備考"] = "地方創生推進交付金"
    grants2.append(Flow({"id": "GR1", "programme": "地方創生推進交付金", "title": grants1[1]["title"],
                         "period": Flow({"from": "R1", "to": "R3"}), "funds": Inline([p["事業ID"]]),
                         "regional_plan": plan_names[g2_category], "continues": f"{s1id}#GR2"}))
    if has_iju:
        p = fund2(2, 2019)
        p["地域再生計画"] = plan_names[2]
        p["備考"] = "地方創生移住支援事業"
        grants2.append(Flow({"id": "GR2", "programme": "地方創生移住支援事業", "title": grants1[2]["title"],
                             "period": Flow({"from": "R1"}), "funds": Inline([p["事業ID"]]),
                             "regional_plan": plan_names[2], "continues": f"{s1id}#GR3"}))
    if not has_iju or rng.random() < 0.5:
        category = rng.choice((1, 4))
        p = fund2(category, 2022)
        plan = f"{name}デジタル田園都市推進計画"
        p["地域再生計画"] = plan
        p["備考"] = "デジタル田園都市国家構想交付金"
        grants2.append(Flow({"id": "GR3", "programme": "デジタル田園都市国家構想交付金", "title": f"{p['事業名']}（デジタル実装）",
                             "period": Flow({"from": "R5", "to": "R6"}), "funds": Inline([p["事業ID"]]), "regional_plan": plan}))
    indicators.sort(key=_indicator_order)

    meetings2 = [(2019, rng.randint(7, 8)), (2019, rng.randint(10, 11)), (2020, 1)]
    s2: Doc = {
        "kind": "municipal_strategy",
        "id": s2id,
        "title": f"第2期{name}まち・ひと・しごと創生総合戦略",
        "municipality": name,
        "prefecture": pref_name,
        "period": Flow({"from": "R2", "to": "R6"}),
        "adopted": _date_text(rng, *a2),
        "published": _date_text(rng, *p2),
        "considers": Inline(["national/strategy-2", pref_strategy(pref)]),
        "predecessor": s1id,
        "merges_into": m.id("comprehensive-2", "later"),
        "vision": m.id("vision-2"),
        # revised for the デジタル田園都市国家構想総合戦略 (2022-12-23), as most cities did in FY2022–2023
        "revisions": [Flow({"date": f"2023-{rng.randint(3, 12):02d}", "title": "改訂版",
                            "considers": Inline(["national/digital-denen"]),
                            "reason": "デジタル田園都市国家構想総合戦略を勘案"})],
        "themes": Inline(THEMES),
        "declared": Flow(),
        "lists": "complete",
        "projects": Flow({"table": "projects.csv"}),
        "indicators": Flow({"table": "indicators.csv"}),
        "goals": goals2,
        "grants": grants2,
        "retired": retired,
        "verification": {
            "body": Flow({"name": f"{name}まち・ひと・しごと創生推進会議", "sectors": Inline(SECTORS), "external_experts": True}),
            "reviews": [Flow({"fiscal_year": _year_text(rng, fy, True),
                              "date": f"{fy + 1}-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d}"})
                        for fy in range(2020, 2025)],
            "meetings": [Flow({"date": f"{y}-{mo:02d}-{rng.randint(1, 20):02d}", "title": t})
                         for (y, mo), t in zip(meetings2, ("第1回推進会議", "第2回推進会議", "有識者会議"))],
        },
    }
    m.docs["strategy-2.yaml"] = s2
    m.tables["projects.csv"] = projects
    m.tables["indicators.csv"] = indicators

    # -- population visions and the comprehensive plan --
    basis = rng.choice(("census", "resident_register"))
    v1 = {2040: int(pop * rng.uniform(0.82, 0.95)) // 100 * 100, 2060: int(pop * rng.uniform(0.65, 0.85)) // 100 * 100}
    v2 = {y: int(v * rng.uniform(0.9, 0.98)) // 100 * 100 for y, v in v1.items()}
    # the projection without measures in census years, as visions print it (the strategies' end years)
    proj1 = {y: int(pop * f) // 100 * 100 for y, f in ((2020, rng.uniform(0.95, 0.99)), (2025, rng.uniform(0.9, 0.95)))}
    proj2 = {y: int(v * rng.uniform(0.97, 1.0)) // 100 * 100 for y, v in proj1.items()}
    m.docs["vision-1.yaml"] = {
        "kind": "population_vision", "id": m.id("vision-1"), "title": f"{name}人口ビジョン", "municipality": name,
        "adopted": s1["adopted"], "projection": "national/ipss-2013",
        "targets": [Flow({"year": y, "population": v, "basis": basis}) for y, v in v1.items()],
        "projections": [Flow({"year": y, "population": v}) for y, v in proj1.items()],
    }
    m.docs["vision-2.yaml"] = {
        "kind": "population_vision", "id": m.id("vision-2"), "title": f"{name}人口ビジョン（令和2年改訂版）",
        "municipality": name, "adopted": s2["adopted"], "projection": "national/ipss-2018",
        "supersedes": m.id("vision-1"),
        "targets": [Flow({"year": y, "population": v, "basis": basis}) for y, v in v2.items()],
        "projections": [Flow({"year": y, "population": v}) for y, v in proj2.items()],
    }
    m.docs["comprehensive-2.yaml"] = {
        "kind": "comprehensive_plan", "id": m.id("comprehensive-2"),
        "title": f"第{rng.choice((2, 3, 5, 6))}次{name}総合計画", "municipality": name, "adopted": s2["adopted"],
        "basic_concept": Flow({"title": "基本構想", "period": Flow({"from": "R2", "to": "R11"})}),
        "basic_plans": [
            Flow({"id": "early", "title": "前期基本計画", "period": Flow({"from": "R2", "to": "R6"})}),
            {"id": "later", "title": "後期基本計画", "period": Flow({"from": "R7", "to": "R11"}),
             "serves_as_strategy": True, "keeps": Inline(["purpose", "numerical_targets", "kpis"]),
             "population_targets": [Flow({"year": 2030, "population": int(pop * rng.uniform(0.93, 0.99)) // 100 * 100,
                                          "basis": basis})]},
        ],
    }
    recount(m)
    return m


def _indicator_flow(local: str, meas: dict[str, Any]) -> Flow:
    return Flow({"id": local, "title": meas["title"], "unit": meas["unit"],
                 "baseline": Flow({"year": meas["baseline_year"], "value": meas["baseline"]}),
                 "target": Flow({"year": meas["target_year"], "value": meas["target"]}),
                 "direction": meas["direction"], "outcome": meas["outcome"], "source": meas["source"]})


def _number_text(rng: random.Random, value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10000 and rng.random() < 0.5:
        return f"{value:,}"
    return str(value)


def _indicator_order(row: dict[str, Any]) -> tuple[int, str, int, str]:
    """Numerical targets first, then KPIs by measure, then project KPIs (as a city lists them)."""
    kind = 0 if row["種別"] == "数値目標" else (2 if row["事業ID"] else 1)
    return (kind, row["施策ID"] or row["事業ID"] or row["基本目標ID"], len(row["指標ID"]), row["指標ID"])


def _walk_s1_indicators(s1: Doc) -> Iterable[tuple[str, Path_, Doc]]:
    """(kind, path, indicator) of every indicator written in the 1st strategy."""
    for gi, goal in enumerate(s1["goals"]):
        for ti, t in enumerate(goal.get("targets", ())):
            yield "numerical_target", ("goals", gi, "targets", ti), t
        for mi, measure in enumerate(goal.get("measures", ())):
            for ki, k in enumerate(measure.get("kpis", ())):
                yield "kpi", ("goals", gi, "measures", mi, "kpis", ki), k
            for pi, prj in enumerate(measure.get("projects", ())):
                for ki, k in enumerate(prj.get("kpis", ())):
                    yield "kpi", ("goals", gi, "measures", mi, "projects", pi, "kpis", ki), k


def recount(m: Municipality, which: Sequence[str] = ("strategy-1.yaml", "strategy-2.yaml")) -> None:
    """Declared totals as the city counts them: what the document lists."""
    if "strategy-1.yaml" in which:
        s1 = m.s1
        kinds = Counter(kind for kind, _, _ in _walk_s1_indicators(s1))
        n_projects = sum(len(me.get("projects", ())) for g in s1["goals"] for me in g.get("measures", ()))
        s1["declared"] = Flow({"projects": n_projects, "indicators": kinds["numerical_target"] + kinds["kpi"],
                               "numerical_targets": kinds["numerical_target"], "kpis": kinds["kpi"]})
    if "strategy-2.yaml" in which:
        kinds = Counter(r["種別"] for r in m.indicators)
        m.s2["declared"] = Flow({"projects": len(m.projects), "indicators": len(m.indicators),
                                 "numerical_targets": kinds["数値目標"], "kpis": kinds["KPI"]})


# --- the defect catalogue -------------------------------------------------------------------------------

S1, S2, V1, V2, CP = "strategy-1.yaml", "strategy-2.yaml", "vision-1.yaml", "vision-2.yaml", "comprehensive-2.yaml"
PRJ, IND = "projects.csv", "indicators.csv"


@dataclass(frozen=True)
class Defect:
    kind: str
    family: str
    rules: tuple[str, ...]  # the rules it can cause (the catalogue; the exact list is per municipality)
    description: str
    apply: Callable[[Municipality, random.Random], None]


DEFECTS: dict[str, Defect] = {}


def defect(kind: str, family: str, rules: Iterable[str], description: str) -> Callable[[Callable[[Municipality, random.Random], None]], Callable[[Municipality, random.Random], None]]:
    def register(fn: Callable[[Municipality, random.Random], None]) -> Callable[[Municipality, random.Random], None]:
        DEFECTS[kind] = Defect(kind, family, tuple(rules), description, fn)
        return fn
    return register


# helpers: expectations at the usual places

def _on_doc(m: Municipality, rule: str, file: str, key: str | None = None) -> None:
    doc = m.docs[file]
    m.expects.append(Expect(rule, doc["id"], file, (), key, doc["kind"]))


def _on(m: Municipality, rule: str, file: str, path: Path_, local: str | None, key: str | None = None,
        node_type: str | None = None) -> None:
    doc = m.docs[file] if file in m.docs else m.s2
    subject = f"{doc['id']}#{local}" if local else doc["id"]
    m.expects.append(Expect(rule, subject, file, path, key, node_type))


def _on_row(m: Municipality, rule: str, table: str, row: dict[str, Any], id_column: str) -> None:
    rows = m.tables[table]
    m.expects.append(Expect(rule, m.id("strategy-2", row[id_column]), table, (rows.index(row),)))


def _goal2(m: Municipality, category: int) -> tuple[Path_, Doc]:
    return ("goals", category - 1), m.s2["goals"][category - 1]


def _kpi_rows(m: Municipality, measure: str | None = None) -> list[dict[str, Any]]:
    return [r for r in m.indicators if r["種別"] == "KPI" and r["施策ID"] and (measure is None or r["施策ID"] == measure)]


def _funded(m: Municipality) -> set[str]:
    return {f for g in m.s2["grants"] for f in g.get("funds", ())}


def _remove_rows(m: Municipality, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Delete rows; 1st-period indicators they alone carried on lose their disposition (PER-005)."""
    gone = list(rows)
    for row in gone:
        m.tables[table].remove(row)
        cont = row.get("前期の指標")
        if cont:
            m.carried[cont].remove(row)
            if not m.carried[cont]:
                _on_doc(m, "PER-005", S2, "goals")


def _kpi_share_ok(m: Municipality) -> bool:
    kpis = [r for r in m.indicators if r["種別"] == "KPI"]
    return len(kpis) < 4 or sum(r["アウトカム"] == "○" for r in kpis) / len(kpis) >= 0.5


# LAW

@defect("law-no-national-strategy", "law", ("LAW-001", "MAP-001", "MAP-004"),
        "the 2nd strategy considers no national strategy at all: its goals and measures name no national goal")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    s2["considers"] = Inline([c for c in s2["considers"] if not c.startswith("national/")])
    _on_doc(m, "LAW-001", S2)
    for gi, goal in enumerate(s2["goals"]):
        goal["considers"] = Inline([c for c in goal["considers"] if not c.startswith("national/")])
        _on(m, "MAP-001", S2, ("goals", gi), goal["id"])
        for measure in goal["measures"]:
            measure.pop("considers", None)
    _on_doc(m, "MAP-004", S2, "goals")
    _on_doc(m, "MAP-004", S2, "goals")


@defect("law-stale-national-strategy", "law", ("LAW-002", "MAP-004"),
        "the 2nd strategy copies the 1st period's mapping: it considers national/strategy-1 (stale since "
        "2019-12-20), its goals map to the 1st national goals, no measure addresses X1/X2")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    s2["considers"] = Inline(["national/strategy-1" if c == "national/strategy-2" else c for c in s2["considers"]])
    for c, goal in enumerate(s2["goals"], start=1):
        nat = f"national/strategy-1#{NATIONAL_GOAL_1_REVISED}" if c == 1 and rng.random() < 0.5 else f"national/strategy-1#G{c}"
        goal["considers"] = Inline([nat if x.startswith("national/") else x for x in goal["considers"]])
        for measure in goal["measures"]:
            measure.pop("considers", None)
    _on_doc(m, "LAW-002", S2, "considers")
    _on_doc(m, "MAP-004", S2, "goals")
    _on_doc(m, "MAP-004", S2, "goals")


@defect("law-no-prefectural-strategy", "law", ("LAW-003",),
        "the 2nd strategy forgets the prefectural strategy (Art. 10(1)), in the document and in its goals")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    s2["considers"] = Inline([c for c in s2["considers"] if c.startswith("national/")])
    for goal in s2["goals"]:
        goal["considers"] = Inline([c for c in goal["considers"] if c.startswith("national/")])
    _on_doc(m, "LAW-003", S2, "considers")


@defect("law-published-before-adoption", "law", ("LAW-006",),
        "the 1st strategy's publication date is three days before its adoption")
def _(m: Municipality, rng: random.Random) -> None:
    day = int(re.findall(r"\d+", str(m.s1["adopted"]))[-1])
    m.s1["published"] = f"2015-10-{day - 3:02d}"
    _on_doc(m, "LAW-006", S1, "published")


@defect("law-publication-delayed", "law", ("LAW-007",),
        "the 1st strategy is published five months after its adoption")
def _(m: Municipality, rng: random.Random) -> None:
    m.s1["published"] = f"2016-03-{rng.randint(10, 28):02d}"
    _on_doc(m, "LAW-007", S1, "published")


@defect("law-dates-missing", "law", ("LAW-008",), "the 2nd strategy records neither adoption nor publication")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2.pop("adopted")
    m.s2.pop("published")
    _on_doc(m, "LAW-008", S2, "adopted")


@defect("s1-without-goals", "law", ("LAW-004", "MAP-003"),
        "the 1st strategy is an outline without basic goals (so the 2nd carries nothing over from it)")
def _(m: Municipality, rng: random.Random) -> None:
    s1, s2 = m.s1, m.s2
    for key in ("goals", "grants", "declared"):
        s1.pop(key)
    for goal in s2["goals"]:
        goal.pop("continues", None)
    for grant in s2["grants"]:
        grant.pop("continues", None)
    for row in m.indicators:
        row["前期の指標"] = ""
    m.carried.clear()
    s2.pop("retired")
    _on_doc(m, "LAW-004", S1)
    for _goal in range(4):  # the four national goals of the strategy it considers
        _on_doc(m, "MAP-003", S1, "goals")


@defect("law-goal-without-measures", "law", ("LAW-005",),
        "a fifth basic goal with a numerical target but no measures")
def _(m: Municipality, rng: random.Random) -> None:
    goals = m.s2["goals"]
    goals.append({"id": "G5", "title": "SDGsを推進し、持続可能なまちをつくる", "theme": THEMES[1],
                  "considers": Inline(["national/strategy-2#G4"])})
    t = TARGETS[4][0]
    row = {"指標ID": "T5-1", "種別": "数値目標", "基本目標ID": "G5", "施策ID": "", "事業ID": "", "指標名": "SDGsの認知度",
           "単位": "%", "基準年": "2019年度", "基準値": "30", "目標年": "2024年度", "目標値": "60", "方向": "増加",
           "アウトカム": "○", "出典": t[4], "前期の指標": "", "備考": ""}
    last_target = max(i for i, r in enumerate(m.indicators) if r["種別"] == "数値目標")
    m.indicators.insert(last_target + 1, row)
    recount(m, (S2,))
    _on(m, "LAW-005", S2, ("goals", len(goals) - 1), "G5")


# MAP

@defect("map-goal-without-national-goal", "mapping", ("MAP-001", "MAP-003"),
        "a basic goal names only its prefectural goal, so one national goal is left uncovered")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    goal["considers"] = Inline([x for x in goal["considers"] if not x.startswith("national/")])
    _on(m, "MAP-001", S2, path, goal["id"])
    _on_doc(m, "MAP-003", S2, "goals")


@defect("map-goal-outside-considered-strategies", "mapping", ("MAP-002",),
        "a basic goal also keeps its 1st-period national goal, from a strategy the document does not consider")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    goal["considers"] = Inline([*goal["considers"], f"national/strategy-1#G{c}"])
    _on(m, "MAP-002", S2, path, goal["id"], "considers")


@defect("map-cross-cutting-missing", "mapping", ("MAP-004",),
        "no measure addresses the cross-cutting goals X1 and X2 of the 2nd national strategy")
def _(m: Municipality, rng: random.Random) -> None:
    for goal in m.s2["goals"]:
        for measure in goal["measures"]:
            measure.pop("considers", None)
    _on_doc(m, "MAP-004", S2, "goals")
    _on_doc(m, "MAP-004", S2, "goals")


@defect("map-continued-goal-reworded", "mapping", ("MAP-005",),
        "goal 1 is declared continued but its wording changed")
def _(m: Municipality, rng: random.Random) -> None:
    path, goal = _goal2(m, 1)
    goal["title"] = GOAL_REWORDED_1
    _on(m, "MAP-005", S2, path, goal["id"], "continues")


# GOAL / KPI / PRJ

@defect("goal-without-numerical-target", "coverage", ("GOAL-001", "PER-005"),
        "a basic goal's numerical targets are deleted (1st-period targets they carried on lose their disposition)")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    _remove_rows(m, IND, [r for r in m.indicators if r["基本目標ID"] == goal["id"]])
    recount(m, (S2,))
    _on(m, "GOAL-001", S2, path, goal["id"])


@defect("measure-without-kpi", "coverage", ("KPI-001", "PER-005"),
        "a measure's KPIs are deleted (1st-period KPIs they carried on lose their disposition)")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    mi = rng.randrange(len(m.s2["goals"][c - 1]["measures"]))
    measure = m.s2["goals"][c - 1]["measures"][mi]
    _remove_rows(m, IND, _kpi_rows(m, measure["id"]))
    recount(m, (S2,))
    _on(m, "KPI-001", S2, ("goals", c - 1, "measures", mi), measure["id"])


@defect("kpi-two-parents", "coverage", ("KPI-002",), "a KPI row names both its measure and a project")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(_kpi_rows(m))
    prj = next(p for p in m.projects if p["施策ID"] == row["施策ID"])
    row["事業ID"] = prj["事業ID"]
    _on_row(m, "KPI-002", IND, row, "指標ID")


@defect("kpi-without-parent", "coverage", ("KPI-002",), "a KPI row leaves its measure blank")
def _(m: Municipality, rng: random.Random) -> None:
    rows = _kpi_rows(m)
    row = rng.choice([r for r in rows if sum(x["施策ID"] == r["施策ID"] for x in rows) >= 2])
    row["施策ID"] = ""
    _on_row(m, "KPI-002", IND, row, "指標ID")


@defect("indicator-without-target", "coverage", ("KPI-003",), "an indicator's target value is blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["目標値"] = ""
    _on_row(m, "KPI-003", IND, row, "指標ID")


@defect("indicator-without-baseline", "coverage", ("KPI-004",), "an indicator's baseline year and value are blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["基準年"] = row["基準値"] = ""
    _on_row(m, "KPI-004", IND, row, "指標ID")


@defect("indicator-without-unit", "coverage", ("KPI-005",), "an indicator's unit is blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["単位"] = ""
    _on_row(m, "KPI-005", IND, row, "指標ID")


@defect("s1-indicator-without-source", "coverage", ("KPI-005",), "a 1st-period KPI (inline YAML) has no source")
def _(m: Municipality, rng: random.Random) -> None:
    kind, path, ind = rng.choice([x for x in _walk_s1_indicators(m.s1) if x[0] == "kpi"])
    ind.pop("source")
    _on(m, "KPI-005", S1, path, ind["id"], "source")


@defect("target-after-period", "coverage", ("KPI-006",), "an indicator's target year lies after the period (2026)")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["目標年"] = "2026年度" if row["目標年"].endswith("年度") else "2026年"
    _on_row(m, "KPI-006", IND, row, "指標ID")


@defect("direction-contradicts-values", "coverage", ("KPI-007",),
        "baseline and target are swapped on an indicator that should increase")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([r for r in m.indicators if r["方向"] == "増加"])
    row["基準値"], row["目標値"] = row["目標値"], row["基準値"]
    _on_row(m, "KPI-007", IND, row, "指標ID")


@defect("baseline-after-target", "coverage", ("KPI-008", "KPI-015"), "an indicator's baseline year is after its target year")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["基準年"] = "2025年度" if row["基準年"].endswith("年度") else "2025年"
    _on_row(m, "KPI-008", IND, row, "指標ID")
    if not row["事業ID"]:  # 2025 is also after the adoption (a project's KPI is set when it starts)
        _on_row(m, "KPI-015", IND, row, "指標ID")


@defect("mostly-output-kpis", "coverage", ("KPI-009",), "most KPIs are marked as output indicators")
def _(m: Municipality, rng: random.Random) -> None:
    kpis = [r for r in m.indicators if r["種別"] == "KPI"]
    for row in kpis[: int(len(kpis) * 0.6)]:
        row["アウトカム"] = "×"
    _on_doc(m, "KPI-009", S2)


@defect("project-without-measure", "coverage", ("PRJ-001",), "a project row leaves its measure blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([p for p in m.projects if p["事業ID"] not in _funded(m)])
    row["施策ID"] = ""
    _on_row(m, "PRJ-001", PRJ, row, "事業ID")


# CNT

@defect("declared-sum-mismatch", "counts", ("CNT-001", "CNT-002"),
        "the declared number of indicators is one more than targets + KPIs (and than the list)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["declared"]["indicators"] += 1
    _on_doc(m, "CNT-001", S2, "declared")
    _on_doc(m, "CNT-002", S2, "declared")


@defect("declared-projects-mismatch", "counts", ("CNT-002",),
        "a project row is deleted from projects.csv but the declared total is not updated")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([p for p in m.projects if p["事業ID"] not in _funded(m)])
    _remove_rows(m, PRJ, [row])
    _on_doc(m, "CNT-002", S2, "declared")


@defect("lists-marked-excerpt", "counts", ("CNT-003",), "the 2nd strategy marks its lists as an excerpt")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["lists"] = "excerpt"
    _on_doc(m, "CNT-003", S2, "lists")


@defect("s1-declared-kpis-mismatch", "counts", ("CNT-002",),
        "the 1st strategy declares one KPI (and one indicator) fewer than it lists")
def _(m: Municipality, rng: random.Random) -> None:
    declared = m.s1["declared"]
    declared["kpis"] -= 1
    declared["indicators"] -= 1
    _on_doc(m, "CNT-002", S1, "declared")
    _on_doc(m, "CNT-002", S1, "declared")


# PER

@defect("published-after-period-start", "continuity", ("PER-002",),
        "the 2nd strategy is published in April 2020, after its period began")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["published"] = f"令和2年4月{rng.randint(1, 28)}日"
    _on_doc(m, "PER-002", S2, "published")


@defect("previous-goal-without-disposition", "continuity", ("PER-003",),
        "a continued goal loses its `continues`, so a 1st-period goal has no disposition")
def _(m: Municipality, rng: random.Random) -> None:
    goal = rng.choice([g for g in m.s2["goals"] if "continues" in g])
    goal.pop("continues")
    _on_doc(m, "PER-003", S2, "goals")


@defect("changed-goal-without-reason", "continuity", ("PER-004",), "goal 2 is changed without a reason")
def _(m: Municipality, rng: random.Random) -> None:
    path, goal = _goal2(m, 2)
    if goal["continues"]["as"] == "continued":
        goal["title"] = GOAL_2_CHANGED[0]
    goal["continues"] = Flow({"from": m.id("strategy-1", "G2"), "as": "changed"})
    _on(m, "PER-004", S2, path, goal["id"], "continues")


@defect("previous-indicator-not-carried", "continuity", ("PER-005",),
        "an indicator row loses its 前期の指標, so a 1st-period indicator is neither carried nor retired")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([r for r in m.indicators if r["前期の指標"]])
    m.carried[row["前期の指標"]].remove(row)
    row["前期の指標"] = ""
    _on_doc(m, "PER-005", S2, "goals")


@defect("retired-indicator-unlisted", "continuity", ("PER-005",),
        "an indicator retired on purpose is missing from the retired list")
def _(m: Municipality, rng: random.Random) -> None:
    retired = m.s2["retired"]
    entry = rng.choice([r for r in retired if "-" in r["id"].rsplit("#", 1)[1]])
    retired.remove(entry)
    _on_doc(m, "PER-005", S2, "goals")


@defect("period-gap", "continuity", ("PER-001", "PER-006", "LAW-009"),
        "the 2nd strategy is dated R3–R7: a year's gap after the 1st, and it overlaps the basic plan it merges into "
        "(and runs into the national strategy of 2025-12-23 without a revision for it)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["period"] = Flow({"from": "R3", "to": "R7"})
    _on_doc(m, "PER-001", S2, "period")
    _on_doc(m, "PER-006", S2, "effective_period")
    _on_doc(m, "LAW-009", S2, "considers")


@defect("period-six-years", "continuity", ("PER-008", "PER-006", "LAW-009"),
        "the 2nd strategy runs R2–R7 (six years), overlapping the basic plan it merges into (and the national "
        "strategy of 2025-12-23 is decided within it)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["period"] = Flow({"from": "R2", "to": "R7"})
    _on_doc(m, "PER-008", S2, "period")
    _on_doc(m, "PER-006", S2, "effective_period")
    _on_doc(m, "LAW-009", S2, "considers")


@defect("extended-past-merge", "continuity", ("PER-006", "LAW-009"),
        "the 2nd strategy is extended to R7 although the basic plan takes over from R7 (and into the national "
        "strategy of 2025-12-23, without a revision for it)")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    items = list(s2.items())
    at = [k for k, _ in items].index("period") + 1
    items.insert(at, ("extension", Flow({"to": "R7", "decided": f"2024-12-{rng.randint(10, 25)}",
                                         "body": "総合戦略推進本部", "reason": "総合計画の改定時期に合わせて1年延長"})))
    s2.clear()
    s2.update(items)
    _on_doc(m, "PER-006", S2, "effective_period")
    _on_doc(m, "LAW-009", S2, "considers")


@defect("basic-concept-longer-than-plans", "continuity", ("PER-007",),
        "the comprehensive plan's basic concept runs a year past its last basic plan")
def _(m: Municipality, rng: random.Random) -> None:
    m.plan["basic_concept"]["period"] = Flow({"from": "R2", "to": "R12"})
    _on(m, "PER-007", CP, (), None, "period", "comprehensive_plan")


@defect("merge-target-drops-kpis", "continuity", ("PER-009",),
        "the later basic plan the strategy merges into does not keep the KPIs")
def _(m: Municipality, rng: random.Random) -> None:
    later = m.plan["basic_plans"][1]
    later["keeps"] = Inline(["purpose", "numerical_targets"])
    _on(m, "PER-009", CP, ("basic_plans", 1), "later", "keeps")


# POP

@defect("vision-not-superseded", "population", ("POP-001",),
        "the revised vision does not say it supersedes the 1st, so their targets disagree")
def _(m: Municipality, rng: random.Random) -> None:
    v2 = m.docs[V2]
    v2.pop("supersedes")
    for i, t in enumerate(v2["targets"]):
        _on(m, "POP-001", V2, ("targets", i), f"population-{t['year']}")


@defect("plan-population-conflict", "population", ("POP-001",),
        "the later basic plan states a 2040 population that the vision in force does not state")
def _(m: Municipality, rng: random.Random) -> None:
    later = m.plan["basic_plans"][1]
    v2 = m.docs[V2]["targets"][0]
    v1 = m.docs[V1]["targets"][0]
    value = max(v1["population"], v2["population"]) + 1500
    later["population_targets"].append(Flow({"year": 2040, "population": value, "basis": v2["basis"]}))
    path = ("basic_plans", 1, "population_targets", len(later["population_targets"]) - 1)
    # Compared with the revised vision only: the first was superseded before the plan was adopted.
    _on(m, "POP-001", CP, path, "population-2040")


@defect("vision-on-stale-projection", "population", ("POP-002",),
        "the revised vision still rests on the 2013 projection although the 2018 edition was out")
def _(m: Municipality, rng: random.Random) -> None:
    m.docs[V2]["projection"] = "national/ipss-2013"
    m.docs[V2]["projections"] = m.docs[V1]["projections"]  # that edition's figures, as the 1st vision has them
    _on_doc(m, "POP-002", S2, "vision")


@defect("population-basis-missing", "population", ("POP-003",), "a population target does not say census or register")
def _(m: Municipality, rng: random.Random) -> None:
    i = rng.randrange(2)
    t = m.docs[V2]["targets"][i]
    t.pop("basis")
    _on(m, "POP-003", V2, ("targets", i), f"population-{t['year']}")


@defect("strategy-without-vision", "population", ("POP-004",), "the 2nd strategy names no population vision")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2.pop("vision")
    _on_doc(m, "POP-004", S2)


# PDCA

@defect("no-external-experts", "verification", ("PDCA-001",), "the verification body has no external experts")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["verification"]["body"]["external_experts"] = False
    _on_doc(m, "PDCA-001", S2, "external_experts")


@defect("review-year-missing", "verification", ("PDCA-002",), "no verification is recorded for FY2022")
def _(m: Municipality, rng: random.Random) -> None:
    reviews = m.s2["verification"]["reviews"]
    del reviews[2]
    _on_doc(m, "PDCA-002", S2, "verification")


@defect("meeting-after-publication", "verification", ("PDCA-003",),
        "an expert meeting is dated after the strategy was published")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["verification"]["meetings"].append(Flow({"date": f"2020-05-{rng.randint(10, 28)}", "title": "有識者会議（最終）"}))
    _on_doc(m, "PDCA-003", S2, "published")


@defect("sectors-incomplete", "verification", ("PDCA-004",), "labour and media do not take part (産官学金 only)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["verification"]["body"]["sectors"] = Inline(SECTORS[:4])
    _on_doc(m, "PDCA-004", S2, "sectors")


# GRANT

@defect("grant-funds-nothing", "grants", ("GRANT-001",), "a grant names no project it funds")
def _(m: Municipality, rng: random.Random) -> None:
    gi = rng.randrange(len(m.s2["grants"]))
    grant = m.s2["grants"][gi]
    grant.pop("funds")
    _on(m, "GRANT-001", S2, ("grants", gi), grant["id"])


@defect("funded-project-without-kpi", "grants", ("GRANT-002", "PER-005"), "a grant-funded project's own KPI is deleted")
def _(m: Municipality, rng: random.Random) -> None:
    project = rng.choice(sorted(_funded(m)))
    _remove_rows(m, IND, [r for r in m.indicators if r["事業ID"] == project])
    recount(m, (S2,))
    row = next(p for p in m.projects if p["事業ID"] == project)
    _on_row(m, "GRANT-002", PRJ, row, "事業ID")


@defect("grant-period-too-long", "grants", ("GRANT-003", "GRANT-004"),
        "a grant runs more than five fiscal years (a digital grant so long also outlives its programme, FY2022–FY2024)")
def _(m: Municipality, rng: random.Random) -> None:
    gi, grant = next((i, g) for i, g in enumerate(m.s2["grants"]) if g["programme"] != "地方創生推進交付金")
    grant["period"] = Flow({"from": grant["period"]["from"], "to": "R10" if grant["period"]["from"] == "R5" else "R7"})
    _on(m, "GRANT-003", S2, ("grants", gi), grant["id"], "period")
    if grant["programme"] == "デジタル田園都市国家構想交付金":
        _on(m, "GRANT-004", S2, ("grants", gi), grant["id"], "period")


@defect("grant-before-programme", "grants", ("GRANT-004",),
        "a 1st-period grant is dated from H27, before 地方創生推進交付金 existed (FY2016)")
def _(m: Municipality, rng: random.Random) -> None:
    grant = m.s1["grants"][0]
    grant["period"] = Flow({"from": "H27", "to": "H29"})
    _on(m, "GRANT-004", S1, ("grants", 0), grant["id"], "period")


@defect("ongoing-grant-dropped", "grants", ("GRANT-005",),
        "the grant running on from the 1st period (R1–R3) is not carried into the 2nd")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["grants"][0].pop("continues")
    _on_doc(m, "GRANT-005", S2, "grants")


@defect("regional-plan-missing", "grants", ("GRANT-006",), "a grant does not name its regional revitalisation plan")
def _(m: Municipality, rng: random.Random) -> None:
    gi = rng.randrange(len(m.s2["grants"]))
    grant = m.s2["grants"][gi]
    grant.pop("regional_plan")
    _on(m, "GRANT-006", S2, ("grants", gi), grant["id"], "regional_plan")


# FOCUS

@defect("measure-outside-themes", "focus", ("FOCUS-001",), "a measure serves a theme the strategy does not declare")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    mi = rng.randrange(len(m.s2["goals"][c - 1]["measures"]))
    measure = m.s2["goals"][c - 1]["measures"][mi]
    measure["theme"] = "観光振興"
    _on(m, "FOCUS-001", S2, ("goals", c - 1, "measures", mi), measure["id"], "theme")


@defect("too-many-measures", "focus", ("FOCUS-002",), "a basic goal spreads over nine measures (総花的)")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    goal = m.s2["goals"][c - 1]
    measures = goal["measures"]
    pool = [x for x in MEASURES[c] if x[0] not in {me["title"] for me in measures}]
    while len(measures) < 9:
        title, dept, stems = pool[len(measures) % len(pool)]
        mid = f"{c}-{len(measures) + 1}"
        measures.append({"id": mid, "title": f"{title}（新規）"})
        t = rng.choice([t for t in KPIS[c] if t[3]])
        meas = _measurement(rng, t, 2019, 2024, True, scale=m.scale)
        m.indicators.append({"指標ID": f"K{mid}-1", "種別": "KPI", "基本目標ID": "", "施策ID": mid, "事業ID": "",
                             "指標名": meas["title"], "単位": meas["unit"], "基準年": meas["baseline_year"],
                             "基準値": str(meas["baseline"]), "目標年": meas["target_year"], "目標値": str(meas["target"]),
                             "方向": {"increase": "増加", "decrease": "減少", "maintain": "維持"}[meas["direction"]],
                             "アウトカム": "○", "出典": meas["source"], "前期の指標": "", "備考": ""})
        m.projects.append({"事業ID": f"{mid}-01", "事業名": f"{stems[0]}モデル事業", "施策ID": mid, "所管課": dept,
                           "地域再生計画": "", "備考": "新規"})
    recount(m, (S2,))
    _on(m, "FOCUS-002", S2, ("goals", c - 1), goal["id"])


# DATE

@defect("era-year-overflow", "calendar", ("DATE-001",), "the publication date is written 平成32年 (there is no such year)")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    y, mo, d = (int(x) for x in re.findall(r"\d+", _iso(s2["published"])))
    s2["published"] = f"平成32年{mo}月{d}日"
    _on_doc(m, "DATE-001", S2, "published")


@defect("fiscal-year-month", "calendar", ("DATE-002",),
        "an expert meeting is dated 令和元年度1月 (January 2020, written by fiscal year)")
def _(m: Municipality, rng: random.Random) -> None:
    meetings = m.s2["verification"]["meetings"]
    meetings[-1]["date"] = "令和元年度1月"
    i = len(meetings) - 1
    m.expects.append(Expect("DATE-002", m.id("strategy-2", f"meeting-{i + 1}"), S2, ("verification", "meetings", i),
                            "date", "meeting"))


@defect("year-basis-mixed", "calendar", ("DATE-003", "DATE-005"),
        "an indicator's baseline is a calendar year and its target a fiscal year (so the strategy mixes them)")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["基準年"], row["目標年"] = "2019年", "2024年度"
    _on_row(m, "DATE-003", IND, row, "指標ID")
    _on_doc(m, "DATE-005", S2, "goals")


@defect("adopted-before-act", "calendar", ("DATE-004", "LAW-007", "LAW-010"),
        "the 1st strategy's adoption is typed 平成26年 (before the Act), a year before its publication")
def _(m: Municipality, rng: random.Random) -> None:
    y, mo, d = (int(x) for x in re.findall(r"\d+", _iso(m.s1["adopted"])))
    m.s1["adopted"] = f"平成26年{mo}月{d}日"
    _on_doc(m, "DATE-004", S1, "adopted")
    _on_doc(m, "LAW-007", S1, "published")
    # the strategies it considers did not exist yet: the national one (2014-12-27), the prefecture's (2015)
    for _ in [c for c in m.s1["considers"] if not (c == "national/strategy-1" and (mo, d) >= (12, 27))]:
        _on_doc(m, "LAW-010", S1, "considers")


# REF

@defect("measure-id-typo-in-projects", "structure", ("REF-001",),
        "a measure id in projects.csv is mistyped (ー for -): the reference resolves to nothing "
        "(REF-001 alone: PRJ-001 leaves the project's measure to it, one bad reference, one finding)")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([p for p in m.projects if p["事業ID"] not in _funded(m)])
    row["施策ID"] = row["施策ID"].replace("-", "ー")
    _on_row(m, "REF-001", PRJ, row, "事業ID")


@defect("duplicate-project-id", "structure", ("REF-002", "CNT-002"),
        "two 1st-period projects share an id (the second is not counted)")
def _(m: Municipality, rng: random.Random) -> None:
    places = [(gi, mi, pi) for gi, goal in enumerate(m.s1["goals"]) for mi, measure in enumerate(goal["measures"])
              for pi in range(1, len(measure["projects"]))
              if "kpis" not in measure["projects"][pi] and "kpis" not in measure["projects"][pi - 1]]
    gi, mi, pi = rng.choice(places)
    projects = m.s1["goals"][gi]["measures"][mi]["projects"]
    projects[pi]["id"] = projects[pi - 1]["id"]
    m.expects.append(Expect("REF-002", m.id("strategy-1", projects[pi]["id"]), S1,
                            ("goals", gi, "measures", mi, "projects", pi), problem=True))
    _on_doc(m, "CNT-002", S1, "declared")


@defect("vision-points-to-strategy", "structure", ("REF-003",),
        "the 2nd strategy's vision field names the 1st strategy (REF-003 alone: POP-004 leaves it to REF-003)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["vision"] = m.id("strategy-1")
    m.expects.append(Expect("REF-003", m.id("strategy-2"), S2, ("vision",), problem=True))


@defect("unknown-national-goal", "structure", ("REF-001",), "a goal considers national/strategy-2#G5, which does not exist")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    goal["considers"] = Inline([*goal["considers"], "national/strategy-2#G5"])
    m.expects.append(Expect("REF-001", m.id("strategy-2", goal["id"]), S2,
                            path + ("considers", len(goal["considers"]) - 1), problem=True))


@defect("succession-cycle", "structure", ("REF-004", "PER-001", "PER-002", "PER-003", "PER-005", "GRANT-005"),
        "the 1st strategy names the 2nd as its predecessor (its header copied from the 2nd): each succeeds the "
        "other, so the 1st is also checked as the 2nd's successor")
def _(m: Municipality, rng: random.Random) -> None:
    from checker.fiscal import parse_fiscal_year

    s1, s2 = m.s1, m.s2
    items = list(s1.items())
    items.insert([k for k, _ in items].index("considers") + 1, ("predecessor", s2["id"]))
    s1.clear()
    s1.update(items)
    _on_doc(m, "REF-004", S1)
    _on_doc(m, "PER-001", S1, "period")  # it would have to follow FY2020–2024
    _on_doc(m, "PER-002", S1, "published")  # published after its own period began
    for _goal in s2["goals"]:  # the 2nd's goals, indicators and ongoing grants have no disposition in the 1st
        _on_doc(m, "PER-003", S1, "goals")
    for _row in m.indicators:
        _on_doc(m, "PER-005", S1, "goals")
    for grant in s2["grants"]:
        end = grant["period"].get("to")
        if end is None or parse_fiscal_year(end) > 2024:
            _on_doc(m, "GRANT-005", S1, "grants")


@defect("continuation-cycle", "structure", ("REF-005",),
        "a 1st-period goal says it continues the 2nd-period goal that continues it")
def _(m: Municipality, rng: random.Random) -> None:
    goal = m.s1["goals"][0]
    items = list(goal.items())
    items.insert(3, ("continues", Flow({"from": m.id("strategy-2", "G1"), "as": "continued"})))
    goal.clear()
    goal.update(items)
    _on(m, "REF-005", S1, ("goals", 0), "G1")


@defect("unknown-previous-indicator", "structure", ("REF-001", "PER-005"),
        "an indicator's 前期の指標 names an id the 1st strategy does not have")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([r for r in m.indicators if r["前期の指標"]])
    m.carried[row["前期の指標"]].remove(row)
    if not m.carried[row["前期の指標"]]:
        _on_doc(m, "PER-005", S2, "goals")
    row["前期の指標"] = row["前期の指標"].replace("-K", "-KPI").replace("-T", "-TGT")
    m.expects.append(Expect("REF-001", m.id("strategy-2", row["指標ID"]), IND, (m.indicators.index(row),), problem=True))


def _iso(text: str) -> str:
    from checker.fiscal import parse_date

    return parse_date(text).first_day.isoformat()


FAMILIES = ("law", "mapping", "coverage", "counts", "continuity", "population", "verification", "grants", "focus",
            "calendar", "structure")


# --- writing the corpus ------------------------------------------------------------------------------------

COMMENT = ("合成データ（plancheck generate）: 実在の自治体・計画ではありません。",
           "Synthetic test data written by plancheck generate; not a real municipality or plan.")


def _resolve(e: Expect, lines: dict[str, dict[Path_, int]], folder: str) -> dict[str, Any]:
    """File and line where the engine reports the expected violation."""
    from checker.graph import DERIVED_KEYS

    if e.file.endswith(".csv"):
        return {"file": f"{folder}/{e.file}", "line": int(e.path[0]) + 2}  # the header is row 1
    file_lines = lines[e.file]
    line: int | None = None
    if e.problem:
        line = locate(file_lines, e.path)
    else:
        if e.key is not None:
            derived = DERIVED_KEYS.get(e.node_type or "", {}).get(e.key)
            for key in derived or (e.key,):
                if e.path + (key,) in file_lines:
                    line = file_lines[e.path + (key,)]
                    break
        if line is None:
            line = locate(file_lines, e.path)
    return {"file": f"{folder}/{e.file}", "line": line}


def render_municipality(m: Municipality) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """The files of one municipality (name → bytes) and its expected violations."""
    files: dict[str, bytes] = {}
    lines: dict[str, dict[Path_, int]] = {}
    for name, doc in m.docs.items():
        w = YamlWriter(COMMENT)
        w.mapping(doc)
        files[name] = w.text().encode("utf-8")
        lines[name] = w.lines
    for name, rows in m.tables.items():
        files[name] = csv_bytes(TABLE_COLUMNS[name], rows, m.csv_encoding)
    expected = []
    for e in m.expects:
        where = _resolve(e, lines, m.folder)
        expected.append({"rule": e.rule, "subject": e.subject, "municipality": m.code, "defect": m.defect, **where})
    return files, expected


def municipality(index: int, seed: int, defect_rate: float,
                 force_defect: str | Sequence[str] | None = None) -> Municipality:
    """Municipality `index` with its defect, if it draws one (the per-municipality RNG depends on
    seed and index only)."""
    m = build_municipality(index, seed)
    rng = random.Random(f"plancheck-defect:{seed}:{index}")
    if rng.random() < defect_rate:
        if isinstance(force_defect, str):
            kind = force_defect
        elif force_defect:
            kind = force_defect[index % len(force_defect)]
        else:
            kind = rng.choice(sorted(DEFECTS))
        if kind not in DEFECTS:
            raise ValueError(f"unknown defect kind {kind!r}; known: {', '.join(sorted(DEFECTS))}")
        m.defect = kind
        DEFECTS[kind].apply(m, rng)
        if kind != "mostly-output-kpis" and not _kpi_share_ok(m):  # pragma: no cover - a generator bug
            raise AssertionError(f"{kind} on municipality {index} lowered the outcome share below KPI-009's bound")
    return m


def generate_corpus(out_dir: Path, *, municipalities: int, defect_rate: float, seed: int,
                    force_defect: str | Sequence[str] | None = None) -> dict[str, Any]:
    """Write the corpus and expected.json under out_dir; return a summary.

    force_defect (for tests): a defect kind given to every municipality that draws a defect, or
    a sequence of kinds given to municipality i as kinds[i % len(kinds)]."""
    if not 0 < municipalities <= MAX_MUNICIPALITIES:
        raise ValueError(f"municipalities must be between 1 and {MAX_MUNICIPALITIES}")
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError("defect_rate must be between 0 and 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    violations: list[dict[str, Any]] = []
    prefectures: set[int] = set()
    kinds: Counter[str] = Counter()
    n_files = n_bytes = 0
    for i in range(municipalities):
        m = municipality(i, seed, defect_rate, force_defect)
        files, expected = render_municipality(m)
        folder = out_dir / m.folder
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
            n_files += 1
            n_bytes += len(data)
        violations.extend(expected)
        prefectures.add(m.pref)
        if m.defect:
            kinds[m.defect] += 1
    (out_dir / "prefectures").mkdir(exist_ok=True)
    for number in sorted(prefectures):
        doc = build_prefecture(number)
        w = YamlWriter(COMMENT)
        w.mapping(doc)
        text = w.text()
        for stand_in in stand_ins(number):  # after the strategy: its lines (in expected.json) stay put
            extra = YamlWriter()
            extra.mapping(stand_in)
            text += "---\n" + extra.text()
        data = text.encode("utf-8")
        (out_dir / "prefectures" / f"{number:02d}.yaml").write_bytes(data)
        n_files += 1
        n_bytes += len(data)
    expected_doc = {"as_of": AS_OF, "municipalities": municipalities, "seed": seed, "defect_rate": defect_rate,
                    "violations": violations}
    (out_dir / "expected.json").write_text(json.dumps(expected_doc, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    return {"out_dir": str(out_dir), "as_of": AS_OF, "municipalities": municipalities, "prefectures": len(prefectures),
            "seed": seed, "defect_rate": defect_rate, "defective": sum(kinds.values()),
            "defects": dict(sorted(kinds.items())), "expected_violations": len(violations),
            "files": n_files + 1, "bytes": n_bytes}
