"""Names of plan fields and terms as readers see them in messages (ja / en)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LABELS: dict[str, tuple[str, str]] = {
    "adopted": ("策定日", "adoption date"),
    "published": ("公表日", "publication date"),
    "decided": ("決定日", "decision date"),
    "period": ("計画期間", "period"),
    "basis": ("算出基礎", "basis"),
    "unit": ("単位", "unit"),
    "source": ("出典", "source"),
    "title": ("名称", "title"),
    "department": ("所管課", "department"),
    "target_year": ("目標年度", "target year"),
    "target_value": ("目標値", "target value"),
    "baseline_year": ("基準年度", "baseline year"),
    "baseline_value": ("基準値", "baseline value"),
    "regional_plan": ("地域再生計画", "regional revitalisation plan"),
    "purpose": ("目的（人口減少の克服）", "purpose (overcoming population decline)"),
    "numerical_targets": ("数値目標", "numerical targets"),
    "kpis": ("KPI", "KPIs"),
    "projects": ("事業", "projects"),
    "indicators": ("指標", "indicators"),
    "national_strategy": ("国の総合戦略", "national strategy"),
    "prefectural_strategy": ("県の総合戦略", "prefectural strategy"),
    "municipal_strategy": ("市町村の総合戦略", "municipal strategy"),
    "comprehensive_plan": ("総合計画", "comprehensive plan"),
    "basic_plan": ("基本計画", "basic plan"),
    "population_vision": ("人口ビジョン", "population vision"),
    "projection_edition": ("将来推計人口", "population projection"),
    "grant_programme": ("交付金制度", "grant programme"),
    "national_goal": ("国の目標", "national goal"),
    "prefectural_goal": ("県の目標", "prefectural goal"),
    "basic_goal": ("基本目標", "basic goal"),
    "focus_area": ("取組の方向", "focus area"),
    "cross_cutting_goal": ("横断的な目標", "cross-cutting goal"),
    "grant_type": ("交付金の事業類型", "grant type"),
    # which limit a grant's period was checked against (Named: {name} is the type or programme)
    "limit_type": ("事業類型「{name}」の上限", "the limit of its type '{name}'"),
    "limit_largest_type": ("事業類型の記載がないため、制度の類型で最も長い「{name}」の上限",
                           "no type named, so the longest limit among the programme's types, '{name}'"),
    "limit_programme": ("制度「{name}」の上限", "the limit of the programme '{name}'"),
    "limit_default": ("規則の既定の上限", "the rule's default limit"),
    "measure": ("施策", "measure"),
    "project": ("事業", "project"),
    "indicator": ("指標", "indicator"),
    "grant": ("交付金事業", "grant"),
    "increase": ("増加", "increase"),
    "decrease": ("減少", "decrease"),
    "maintain": ("維持", "maintain"),
    "gap": ("空白", "gap"),
    "overlap": ("重複", "overlap"),
    "unpublished": ("公表前", "unpublished"),
    "start": ("開始年度のずれ", "start mismatch"),
    "end": ("終了年度のずれ", "end mismatch"),
    "continued": ("継承", "continued"),
    "changed": ("変更", "changed"),
    "merged": ("統合", "merged"),
    "fiscal": ("年度（4〜3月）", "fiscal year (April–March)"),
    "calendar": ("暦年（1〜12月）", "calendar year (January–December)"),
    "unset": ("未設定", "not set"),
    "document_level": ("文書直下", "document level"),
    "title_changed": ("名称が前期の「{before}」から変わっている", "its title changed from '{before}'"),
    "baseline_differs": ("基準値 {baseline} が前期の{year}の実績 {result} と異なる",
                         "its baseline {baseline} differs from the previous period's result {result} for {year}"),
    "renamed": ("名称変更", "renamed"),
    "redefined": ("定義変更", "redefined"),
    "projection": ("推計人口", "projection"),
    "peak": ("人口のピーク", "population peak"),
    "extension_decided": ("延長の決定日", "decision date of the extension"),
    "extension_body": ("延長を決めた機関", "body that decided the extension"),
    "extension_reason": ("延長の理由", "reason for the extension"),
    "baseline_source": ("基準値の出典", "source of the baseline"),
    "considers": ("勘案する国・県の総合戦略", "the strategies it considers"),
    "vision": ("人口ビジョン", "population vision"),
    "outcome": ("アウトカム・アウトプットの別", "outcome/output marking"),
    "figures": ("数値の有無", "whether figures are reported"),
    "goals": ("目標", "goals"),
    "measures": ("施策", "measures"),
    "grants": ("交付金事業", "grants"),
    "reviews": ("効果検証", "verifications"),
    "population_targets": ("人口目標", "population targets"),
    "cross_cutting_goals": ("横断的目標", "cross-cutting goals"),
    "regional_plan_doc": ("地域再生計画", "regional revitalisation plan"),
    "uses_vision": ("用いる人口ビジョン", "the population vision it uses"),
    "baseline_window": ("基準の期間の始まりの年", "the first year of the baseline's window"),
    "target_window": ("目標の期間の始まりの年", "the first year of the target's window"),
    "external_experts": ("外部有識者の参画", "external experts"),
    "sectors": ("参画する分野（産官学金労言）", "participating sectors (産官学金労言)"),
    "verification_body": ("検証体制", "verification body"),
    "date": ("日付", "date"),
    "fiscal_year": ("対象年度", "fiscal year"),
    "theme": ("テーマ", "theme"),
    # how a period fails to follow another back to back (PER-001, PER-006; Phrase: {years}, {span})
    "order": ("前後の逆転", "reverse order"),
    "detail_gap": ("{span}の{years}年度分が空白です", "a gap of {years} fiscal year(s), {span}"),
    "detail_overlap": ("{span}の{years}年度分が重複しています", "{years} fiscal year(s) of overlap, {span}"),
    "detail_order": ("前後が逆になっています（先の計画の期間が後にあります）",
                     "they are in the reverse order (the earlier plan's period comes later)"),
    # what a year or date was compared with (KPI-015, POP-009)
    "period_start": ("計画期間の開始", "start of the period"),
    "latest_revision": ("最新の改訂", "latest revision"),
    "at_line": ("{line}行目", "line {line}"),
    "approved": ("認定日", "approval date"),
    "released": ("公表日", "release date"),
    "result_value": ("実績値", "result"),
    "municipality": ("市町村", "municipality"),
    "prefecture": ("都道府県", "prefecture"),
    "achieved": ("達成", "achieved"),
    "partly_achieved": ("一部達成", "partly achieved"),
    "not_achieved": ("未達成", "not achieved"),
    # the relations a plan links documents of its own by (PER-014)
    "rel_succeeds": ("前期の戦略", "predecessor"),
    "rel_merges_into": ("統合先の計画", "merge target"),
    "rel_uses_vision": ("人口ビジョン", "population vision"),
    # the themes of the national basic goals (MAP-007)
    "theme_work": ("しごと・雇用", "work and jobs"),
    "theme_people": ("ひとの流れ・移住", "flow of people, migration"),
    "theme_children": ("結婚・出産・子育て", "marriage, childbirth, child-rearing"),
    "theme_community": ("地域・暮らし", "community and living"),
    # which of two definitions of an id is used (REF-002; a Phrase: {place} file:line, {when} its date)
    "kept_first": ("最初の定義 {place} を使用", "the first definition, at {place}, is used"),
    "kept_later_date": ("{place} を使用：策定・決定日（{when}）が最も新しいため",
                        "{place} is used: its adoption or decision date ({when}) is the latest"),
    "kept_first_by_name": ("{place} を使用：日付で決まらないため、ファイル名順（同じファイルでは記載順）で最初のもの",
                           "{place} is used: no date decides, so the first by file name (and place in the file)"),
    "産": ("産", "industry"), "官": ("官", "government"), "学": ("学", "academia"),
    "金": ("金", "finance"), "労": ("労", "labour"), "言": ("言", "media"),
}


# How reports name severities and rule families, in report order (shared by every reporter).
SEVERITY_LABELS: dict[str, tuple[str, str]] = {"error": ("エラー", "error"), "warning": ("警告", "warning"),
                                               "info": ("情報", "info")}
FAMILY_LABELS: dict[str, tuple[str, str]] = {
    "input": ("入力", "input"), "law": ("法（勘案・公表）", "law (consideration, publication)"),
    "mapping": ("目標の対応", "goal mapping"), "coverage": ("数値目標・KPI", "targets and KPIs"),
    "counts": ("件数", "counts"), "continuity": ("期間の継続・統合", "continuity and merging"),
    "population": ("人口ビジョン", "population vision"), "verification": ("効果検証", "effect verification"),
    "grants": ("交付金", "grants"), "focus": ("重点化", "focus"), "calendar": ("日付・年度", "dates and years"),
    "structure": ("参照・ID", "references and ids"), "policy": ("適用除外", "waivers"),
}


def family_label(family: str, lang: str) -> str:
    ja, en = FAMILY_LABELS.get(family, (family, family))
    return ja if lang == "ja" else en


def severity_label(severity: str, lang: str) -> str:
    ja, en = SEVERITY_LABELS[severity]
    return ja if lang == "ja" else en


@dataclass(frozen=True)
class Label:
    """A field name or term rendered in the reader's language; plain data keeps the key."""

    key: str

    def ja(self) -> str:
        return LABELS[self.key][0]

    def en(self) -> str:
        return LABELS[self.key][1]


@dataclass(frozen=True)
class Named(Label):
    """A term about something named (事業類型「インフラ整備事業」の上限); plain data keeps the key."""

    name: str = ""

    def ja(self) -> str:
        return LABELS[self.key][0].format(name=self.name)

    def en(self) -> str:
        return LABELS[self.key][1].format(name=self.name)


@dataclass(frozen=True)
class Phrase(Label):
    """A term with values in it (基準値 410 が前期の2019年度の実績 398 と異なる): LABELS[key] are
    templates; values render as a reader of each language expects (their ja()/en() if they have
    them). Plain data keeps the key."""

    values: tuple[tuple[str, Any], ...] = ()

    def ja(self) -> str:
        return LABELS[self.key][0].format(**{k: _shown(v, "ja") for k, v in self.values})

    def en(self) -> str:
        return LABELS[self.key][1].format(**{k: _shown(v, "en") for k, v in self.values})


def _shown(value: Any, lang: str) -> str:
    if hasattr(value, "ja") and hasattr(value, "en"):
        return str(value.ja() if lang == "ja" else value.en())
    return str(value)


def label(value: Any) -> Any:
    return Label(value) if isinstance(value, str) and value in LABELS else value


@dataclass(frozen=True)
class Duration:
    """A delay: in months when there is at least one, else in days."""

    days: int
    months: int

    def ja(self) -> str:
        return f"{self.months}か月" if self.months else f"{self.days}日"

    def en(self) -> str:
        return f"{self.months} month(s)" if self.months else f"{self.days} day(s)"


@dataclass(frozen=True)
class Percent:
    value: float

    def ja(self) -> str:
        return f"{self.value:.0%}"

    en = ja
