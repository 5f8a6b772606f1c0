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
    "target_year": ("目標年度", "target year"),
    "target_value": ("目標値", "target value"),
    "baseline_year": ("基準年度", "baseline year"),
    "baseline_value": ("基準値", "baseline value"),
    "regional_plan": ("地域再生計画", "regional revitalisation plan"),
    "purpose": ("目的（人口減少の克服）", "purpose (overcoming population decline)"),
    "numerical_targets": ("数値目標", "numerical targets"),
    "kpis": ("KPI", "KPIs"),
    "projects": ("事業数", "projects"),
    "indicators": ("指標数", "indicators"),
    "increase": ("増加", "increase"),
    "decrease": ("減少", "decrease"),
    "maintain": ("維持", "maintain"),
    "gap": ("空白", "gap"),
    "overlap": ("重複", "overlap"),
    "start": ("開始年度のずれ", "start mismatch"),
    "end": ("終了年度のずれ", "end mismatch"),
    "continued": ("継承", "continued"),
    "changed": ("変更", "changed"),
    "merged": ("統合", "merged"),
    "fiscal": ("年度", "fiscal year"),
    "calendar": ("年", "calendar year"),
}


@dataclass(frozen=True)
class Label:
    """A field name or term rendered in the reader's language; plain data keeps the key."""

    key: str

    def ja(self) -> str:
        return LABELS[self.key][0]

    def en(self) -> str:
        return LABELS[self.key][1]


def label(value: Any) -> Any:
    return Label(value) if isinstance(value, str) and value in LABELS else value
