"""The words and sentences plancheck writes itself, in Japanese and English: one catalogue.

`t(key, lang, **params)` is the text of `key` in `lang` ("ja"; any other value is English, as the
command line offers only ja and en), with `{param}`s filled in by str.format (format specs and
conversions work: `{count:,}`, `{value!r}`; a literal brace is doubled). A key that is not in the
catalogue, or a `{param}` left without a value, is a programming error: KeyError, never a silent
English or a bare key. `both(key, **params)` gives (ja, en) for outputs that carry both languages
(the HTML report, an error's message_ja / message_en).

What is here: what the code itself writes — report headings and column names, hints, the
summary lines, diagram legends, field names and terms that messages name (`label.*`), severity and
family names, the messages of unusable input and of the commands. What is not: the rules' messages,
titles and rationales (rules/**/*.yaml carry their own ja and en) and plan text (titles, ids,
reasons: never translated).

Keys are `area.name`, by where a text is used:
    severity.*   family.*    how reports name severities and rule families (family.*: report order)
    label.*      field names and terms in messages (checker.labels: Label, Named, Phrase, term())
    report.*     what several reporters say alike (section names, column names, hints)
    text.* markdown.* html.* pdf.* xlsx.* sarif.* junit.*   one report format's own words
    diagram.*    the goal map, continuity and timeline diagrams
    explain.*    `plancheck explain`
    input.*      why a table (CSV / Excel) cannot be read, and how to fix it (INPUT-005)
    scaffold.*   `plancheck init`
    sep.*        punctuation between items (、 / , )
Each entry is (ja, en). tests/test_i18n.py checks that both are there and non-empty, that they
take the same {params}, and that no module outside this one chooses between languages inline.

Helpers for text that is not the catalogue's: `choose(texts, lang)` picks from a {ja, en} mapping
(a rule's message, title) with the other language as fallback; `shown(value, lang)` renders a value
that knows both languages (value.ja() / value.en(): dates, periods, unknown facts, labels)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Any, Literal

Lang = Literal["ja", "en"]
LANGUAGES: tuple[Lang, ...] = ("ja", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # -- severities and rule families, in report order -----------------------------------------
    "severity.error": ("エラー", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("情報", "info"),
    "family.input": ("入力", "input"),
    "family.law": ("法（勘案・公表）", "law (consideration, publication)"),
    "family.mapping": ("目標の対応", "goal mapping"),
    "family.coverage": ("数値目標・KPI", "targets and KPIs"),
    "family.counts": ("件数", "counts"),
    "family.continuity": ("期間の継続・統合", "continuity and merging"),
    "family.population": ("人口ビジョン", "population vision"),
    "family.verification": ("効果検証", "effect verification"),
    "family.grants": ("交付金", "grants"),
    "family.focus": ("重点化", "focus"),
    "family.calendar": ("日付・年度", "dates and years"),
    "family.structure": ("参照・ID", "references and ids"),
    "family.policy": ("適用除外", "waivers"),
    # -- field names and terms that messages name (checker.labels: Label, Named, Phrase) -----------
    "label.adopted": ("策定日", "adoption date"),
    "label.published": ("公表日", "publication date"),
    "label.decided": ("決定日", "decision date"),
    "label.period": ("計画期間", "period"),
    "label.basis": ("算出基礎", "basis"),
    "label.unit": ("単位", "unit"),
    "label.source": ("出典", "source"),
    "label.title": ("名称", "title"),
    "label.department": ("所管課", "department"),
    "label.target_year": ("目標年度", "target year"),
    "label.target_value": ("目標値", "target value"),
    "label.baseline_year": ("基準年度", "baseline year"),
    "label.baseline_value": ("基準値", "baseline value"),
    "label.regional_plan": ("地域再生計画", "regional revitalisation plan"),
    "label.purpose": ("目的（人口減少の克服）", "purpose (overcoming population decline)"),
    "label.numerical_targets": ("数値目標", "numerical targets"),
    "label.kpis": ("KPI", "KPIs"),
    "label.projects": ("事業", "projects"),
    "label.indicators": ("指標", "indicators"),
    "label.national_strategy": ("国の総合戦略", "national strategy"),
    "label.prefectural_strategy": ("県の総合戦略", "prefectural strategy"),
    "label.municipal_strategy": ("市町村の総合戦略", "municipal strategy"),
    "label.comprehensive_plan": ("総合計画", "comprehensive plan"),
    "label.basic_plan": ("基本計画", "basic plan"),
    "label.population_vision": ("人口ビジョン", "population vision"),
    "label.projection_edition": ("将来推計人口", "population projection"),
    "label.grant_programme": ("交付金制度", "grant programme"),
    "label.national_goal": ("国の目標", "national goal"),
    "label.prefectural_goal": ("県の目標", "prefectural goal"),
    "label.basic_goal": ("基本目標", "basic goal"),
    "label.focus_area": ("取組の方向", "focus area"),
    "label.cross_cutting_goal": ("横断的な目標", "cross-cutting goal"),
    "label.grant_type": ("交付金の事業類型", "grant type"),
    # which limit a grant's period was checked against (Named: {name} is the type or programme)
    "label.limit_type": ("事業類型「{name}」の上限", "the limit of its type '{name}'"),
    "label.limit_largest_type": ("事業類型の記載がないため、制度の類型で最も長い「{name}」の上限",
        "no type named, so the longest limit among the programme's types, '{name}'"),
    "label.limit_programme": ("制度「{name}」の上限", "the limit of the programme '{name}'"),
    "label.limit_default": ("規則の既定の上限", "the rule's default limit"),
    "label.measure": ("施策", "measure"),
    "label.project": ("事業", "project"),
    "label.indicator": ("指標", "indicator"),
    "label.grant": ("交付金事業", "grant"),
    "label.increase": ("増加", "increase"),
    "label.decrease": ("減少", "decrease"),
    "label.maintain": ("維持", "maintain"),
    "label.gap": ("空白", "gap"),
    "label.overlap": ("重複", "overlap"),
    "label.unpublished": ("公表前", "unpublished"),
    "label.start": ("開始年度のずれ", "start mismatch"),
    "label.end": ("終了年度のずれ", "end mismatch"),
    "label.continued": ("継承", "continued"),
    "label.changed": ("変更", "changed"),
    "label.merged": ("統合", "merged"),
    "label.fiscal": ("年度（4〜3月）", "fiscal year (April–March)"),
    "label.calendar": ("暦年（1〜12月）", "calendar year (January–December)"),
    "label.unset": ("未設定", "not set"),
    "label.document_level": ("文書直下", "document level"),
    "label.title_changed": ("名称が前期の「{before}」から変わっている", "its title changed from '{before}'"),
    "label.baseline_differs": ("基準値 {baseline} が前期の{year}の実績 {result} と異なる",
        "its baseline {baseline} differs from the previous period's result {result} for {year}"),
    "label.renamed": ("名称変更", "renamed"),
    "label.redefined": ("定義変更", "redefined"),
    "label.projection": ("推計人口", "projection"),
    "label.peak": ("人口のピーク", "population peak"),
    "label.extension_decided": ("延長の決定日", "decision date of the extension"),
    "label.extension_body": ("延長を決めた機関", "body that decided the extension"),
    "label.extension_reason": ("延長の理由", "reason for the extension"),
    "label.baseline_source": ("基準値の出典", "source of the baseline"),
    "label.considers": ("勘案する国・県の総合戦略", "the strategies it considers"),
    "label.vision": ("人口ビジョン", "population vision"),
    "label.outcome": ("アウトカム・アウトプットの別", "outcome/output marking"),
    "label.figures": ("数値の有無", "whether figures are reported"),
    "label.goals": ("目標", "goals"),
    "label.measures": ("施策", "measures"),
    "label.grants": ("交付金事業", "grants"),
    "label.reviews": ("効果検証", "verifications"),
    "label.population_targets": ("人口目標", "population targets"),
    "label.cross_cutting_goals": ("横断的目標", "cross-cutting goals"),
    "label.regional_plan_doc": ("地域再生計画", "regional revitalisation plan"),
    "label.uses_vision": ("用いる人口ビジョン", "the population vision it uses"),
    "label.baseline_window": ("基準の期間の始まりの年", "the first year of the baseline's window"),
    "label.target_window": ("目標の期間の始まりの年", "the first year of the target's window"),
    "label.external_experts": ("外部有識者の参画", "external experts"),
    "label.sectors": ("参画する分野（産官学金労言）", "participating sectors (産官学金労言)"),
    "label.verification_body": ("検証体制", "verification body"),
    "label.date": ("日付", "date"),
    "label.fiscal_year": ("対象年度", "fiscal year"),
    "label.theme": ("テーマ", "theme"),
    # how a period fails to follow another back to back (PER-001, PER-006; Phrase: {years}, {span})
    "label.order": ("前後の逆転", "reverse order"),
    "label.detail_gap": ("{span}の{years}年度分が空白です", "a gap of {years} fiscal year(s), {span}"),
    "label.detail_overlap": ("{span}の{years}年度分が重複しています", "{years} fiscal year(s) of overlap, {span}"),
    "label.detail_order": ("前後が逆になっています（先の計画の期間が後にあります）",
        "they are in the reverse order (the earlier plan's period comes later)"),
    # what a year or date was compared with (KPI-015, POP-009)
    "label.period_start": ("計画期間の開始", "start of the period"),
    "label.latest_revision": ("最新の改訂", "latest revision"),
    "label.at_line": ("{line}行目", "line {line}"),
    "label.approved": ("認定日", "approval date"),
    "label.released": ("公表日", "release date"),
    "label.result_value": ("実績値", "result"),
    "label.municipality": ("市町村", "municipality"),
    "label.prefecture": ("都道府県", "prefecture"),
    "label.achieved": ("達成", "achieved"),
    "label.partly_achieved": ("一部達成", "partly achieved"),
    "label.not_achieved": ("未達成", "not achieved"),
    # the relations a plan links documents of its own by (PER-014)
    "label.rel_succeeds": ("前期の戦略", "predecessor"),
    "label.rel_merges_into": ("統合先の計画", "merge target"),
    "label.rel_uses_vision": ("人口ビジョン", "population vision"),
    # the themes of the national basic goals (MAP-007)
    "label.theme_work": ("しごと・雇用", "work and jobs"),
    "label.theme_people": ("ひとの流れ・移住", "flow of people, migration"),
    "label.theme_children": ("結婚・出産・子育て", "marriage, childbirth, child-rearing"),
    "label.theme_community": ("地域・暮らし", "community and living"),
    # which of two definitions of an id is used (REF-002; a Phrase: {place} file:line, {when} its date)
    "label.kept_first": ("最初の定義 {place} を使用", "the first definition, at {place}, is used"),
    "label.kept_later_date": ("{place} を使用：策定・決定日（{when}）が最も新しいため",
        "{place} is used: its adoption or decision date ({when}) is the latest"),
    "label.kept_first_by_name": ("{place} を使用：日付で決まらないため、ファイル名順（同じファイルでは記載順）で最初のもの",
        "{place} is used: no date decides, so the first by file name (and place in the file)"),
    # the sectors of 産官学金労言 (PDCA-004), each by its character
    # a delay (Duration): in months when there is at least one, else in days
    "label.months": ("{n}か月", "{n} month(s)"),
    "label.days": ("{n}日", "{n} day(s)"),
    "label.産": ("産", "industry"), "label.官": ("官", "government"), "label.学": ("学", "academia"),
    "label.金": ("金", "finance"), "label.労": ("労", "labour"), "label.言": ("言", "media"),
    # -- punctuation between items ---------------------------------------------------------------
    "sep.list": ("、", ", "),  # items of one list: 策定日、公表日 / adoption date, publication date
    "sep.paren": ("{text}（{note}）", "{text} ({note})"),  # a title with its id, a name with a note
    "sep.clauses": ("、", "; "),
    "sep.alternatives": ("・", "/"),
    "sep.sentences": ("。", "; "),  # between two hints  # 継承・変更・統合 / continued/changed/merged
    "sep.range": ("{start}〜{end}", "{start}–{end}"),  # R2年度〜R6年度 / FY2020–FY2024 (an open end: "")  # parts of one phrase: 決定 2019年12月20日、期間 … / decided 2019-12-20; period …
    # -- what several reporters say alike (checker/reporters/shared.py and the formats) ------------
    "report.not_checked": ("確認できなかった項目", "Not checked"),
    "report.not_checked_mark": ("確認できず", "not checked"),  # in place of a severity
    "report.not_checked_hint": (
        "次のルールは、計画ファイルで不明とされた事実、抜粋の一覧、または同梱されていない参照データのため確認できませんでした。"
        "違反ではなく、件数にも終了コードにも含めません。原資料で確認してください。",
        "These rules could not be checked: a fact the plan file marks unknown, a list that is an excerpt, or reference "
        "data that is not bundled. They are not violations and count neither in the totals nor in the exit code; "
        "check them against the source."),
    "report.references": ("参照した文書", "Reference documents"),
    "report.reference": ("参照した文書", "Reference document"),
    "report.references_hint": (
        "検査で比較に用いた国・都道府県の文書です（同梱の参照データを含む。他の都道府県の文書は除く）。",
        "The national and prefectural documents the check compared against (bundled reference data "
        "included; other prefectures' documents left out)."),
    "report.national_government": ("国", "national government"),  # whose document: 国, or the owner's name
    "report.unknown": ("不明", "unknown"),  # a document's date or period the sources do not show
    # a document's date with what it is: 決定 2019年12月20日 / decided 2019-12-20
    "report.date_kind.decided": ("決定 {date}", "decided {date}"),
    "report.date_kind.adopted": ("策定 {date}", "adopted {date}"),
    "report.date_kind.approved": ("認定 {date}", "approved {date}"),
    "report.date_kind.released": ("公表 {date}", "released {date}"),
    "report.date_kind.published": ("公表 {date}", "published {date}"),
    "report.period_of": ("期間 {period}", "period {period}"),
    # what could not be seen, briefly (a not-checked entry's "missing")
    "report.missing_reference_of": ("{of}の{what}の参照データ（同梱なし）", "reference data (not bundled): {what} of {of}"),
    "report.missing_reference": ("{what}の参照データ（同梱なし）", "reference data (not bundled): {what}"),
    "report.missing_list": ("{part}の一覧（抜粋）", "the list of {part} (an excerpt)"),
    "report.secondary_note": ("（二次情報に基づく）", " (rests on a secondary source)"),  # after a message
    "report.known": ("既知", "known"),  # a violation the baseline records
    "report.waived_because": ("適用除外: {reason}", "waived: {reason}"),
    # -- the terminal report (checker/reporters/text.py) -------------------------------------------
    "text.not_checked_group": ("確認できなかった項目", "not checked"),
    "text.baseline_fixed": ("基準ファイルにあり、解消済みの違反:", "in the baseline, now fixed:"),
    "text.by_municipality": ("市町村別:", "by municipality:"),
    "text.summary": ("{files} ファイル、{rules} ルールを検査: エラー {error}、警告 {warning}、情報 {info}",
        "checked {files} files against {rules} rules: {error} errors, {warning} warnings, {info} info"),
    "text.summary_known": ("（うち既知 {n}）", " ({n} of them known)"),
    "text.summary_waived": ("、適用除外 {n}", ", {n} waived"),
    "text.summary_fixed": ("、解消済み {n}件", ", {n} fixed"),
    "text.summary_not_checked": ("、確認できず {n}", ", {n} not checked"),
    "text.summary_clean": (" — 問題は見つかりませんでした", " — no problems found"),
    # column names and words shared by the Markdown, HTML, PDF and Excel reports
    "report.col.severity": ("重大度", "Severity"),
    "report.col.family": ("分類", "Family"),
    "report.col.count": ("件数", "Count"),
    "report.col.rule": ("ルール", "Rule"),
    "report.col.location": ("場所", "Location"),
    "report.col.message": ("内容", "Message"),
    "report.col.subject": ("対象", "Subject"),
    "report.col.missing": ("不明な点", "What is unknown"),
    "report.col.document": ("文書", "Document"),
    "report.col.owner": ("所管", "Owner"),
    "report.col.date": ("日付", "Date"),
    "report.col.period": ("期間", "Period"),
    "report.col.kind": ("種類", "Kind"),
    "report.col.file": ("ファイル", "File"),
    "report.col.reason": ("理由", "Reason"),
    "report.col.approved_by": ("承認", "Approved by"),
    "report.col.until": ("期限", "Until"),
    "report.col.municipality": ("市町村", "Municipality"),
    "report.col.bundled": ("同梱", "Bundled"),
    "report.waived": ("適用除外", "Waived"),
    "report.clean": ("問題は見つかりませんでした。", "No problems found."),
    "report.as_of": ("基準日", "As of"),
    "report.version": ("バージョン", "Version"),
    "report.files": ("検査したファイル", "Files checked"),
    "report.summary": ("概要", "Summary"),
    "report.rationale": ("理由", "Rationale"),
    "report.basis": ("根拠", "Basis"),
    "report.basis_unverified": ("（根拠は未確認）", "(basis not verified)"),
    "report.no_rule": ("入力・適用除外の検査です（ルールの説明はありません）。", "An input or waiver check (no rule description)."),
    "report.related": ("関連", "Related"),
    "report.waiver": ("適用除外", "Waiver"),
    "report.goal_map": ("目標の対応図", "Goal map"),
    "report.map_missing": ("目標の対応図はこの報告にありません。", "This report has no goal map."),
    "report.by_municipality": ("市町村別の件数", "By municipality"),
    "report.title": ("plancheck 検査報告", "plancheck report"),  # HTML, PDF
    "report.title_results": ("plancheck 検査結果", "plancheck report"),  # Markdown, Excel
    "report.more_municipalities": (" ほか{n}市町村", " and {n} more"),  # after the first few names
    # -- the Markdown report (checker/reporters/markdown.py) ----------------------------------------
    "markdown.as_of": ("基準日", "as of"),
    "markdown.read": ("{files} ファイル、{rules} ルールを検査", "{files} files checked against {rules} rules"),
    "markdown.secondary": ("※二次情報に基づく", "※ rests on a secondary source"),
    "report.col.known": ("既知", "Known"),
    "markdown.known_mark": ("※既知（基準ファイルに記録）", "※ known (in the baseline)"),
    "markdown.fixed": ("解消済み（基準ファイル）", "Fixed (in the baseline)"),
    "markdown.no_expiry": ("なし", "none"),
    "report.fixed_baseline": ("解消済み（基準）", "Fixed (baseline)"),  # HTML, Excel
    "report.by_family_not_waived": ("分類別の件数（適用除外を除く）", "By family (not counting waived)"),  # HTML, Excel
    # -- the HTML report (checker/reporters/html.py; the page carries both languages) ----------------
    "html.subtitle": ("地方版総合戦略のルール検査", "Rule check of regional revitalisation strategies"),
    "html.rules": ("検査したルール", "Rules checked"),
    "html.documents": ("文書", "Documents"),
    "html.findings": ("指摘一覧", "Findings"),
    "html.appendix": ("検査対象", "What was checked"),
    "html.total": ("指摘", "Findings"),
    "html.known_hint": ("基準ファイルに記録された既知の違反です（終了コードに影響しません）",
        "Accepted in the baseline: reported, does not fail the run"),
    "html.sum": ("計", "Total"),
    "html.all": ("すべて", "All"),
    "html.show_waived": ("適用除外も表示", "Show waived"),
    "html.search": ("検索", "Search"),
    "html.search_hint": ("ルールID・内容・対象など", "Rule id, message, subject…"),
    "html.reset": ("条件をクリア", "Clear filters"),
    "html.expand": ("すべて展開", "Expand all"),
    "html.collapse": ("すべて閉じる", "Collapse all"),
    "html.none_shown": ("条件に合う指摘はありません。", "No findings match the filters."),
    "html.secondary": ("二次情報", "secondary"),
    "html.secondary_hint": ("この指摘は二次情報または未確認の情報に基づきます。原資料で確認してください。",
        "This finding rests on secondary or unverified information; check the primary source."),
    "html.key": ("キー", "Key"),
    "html.recorded": ("記載箇所", "Recorded in"),
    "html.filters": ("絞り込み", "Filters"),
    "html.language": ("表示言語", "Language"),
    "html.click_hint": ("行をクリックすると理由と根拠を表示します。", "Click a row for the rule's rationale and basis."),
    "html.offline": ("この報告は単一のファイルで、ネットワークに接続せずに閲覧できます。",
        "This report is a single file and works offline."),
    "html.generated": ("作成", "Generated by"),
    "html.not_checked_mark": ("確認できず", "Not checked"),
    "html.nc_none_shown": ("条件に合う項目はありません。", "No entries match the filters."),
    "html.showing": ("{total}件中 {shown}件を表示", "Showing {shown} of {total}"),  # {shown}: the script updates it
    "report.waived_line": ("適用除外: {reason}（承認: {approved_by}{until}）", "Waived: {reason} (approved by {approved_by}{until})"),
    "report.waiver_until": ("、期限: {until}", ", until {until}"),
    "html.map_tools": ("目標の対応図の操作", "Goal map controls"),
    "html.map_doc": ("表示する文書", "Show"),
    "html.map_all_docs": ("すべての文書", "All documents"),
    "html.map_depth": ("深さ", "Depth"),
    "html.depth_all": ("事業・指標まで", "Goals, measures, indicators, projects"),
    "html.depth_measures": ("施策まで", "Goals and measures"),
    "html.depth_goals": ("目標のみ", "Goals only"),
    "html.zoom_in": ("拡大", "Zoom in"),
    "html.zoom_out": ("縮小", "Zoom out"),
    "html.zoom_fit": ("全体", "Fit"),
    "html.zoom_100": ("原寸", "Actual size"),
    "html.map_hint": ("ドラッグで移動、ホイールで拡大・縮小。文書を選ぶと、その文書と、それが勘案する国・県の文書だけを表示します。",
        "Drag to pan, scroll to zoom. Choosing a document shows it with the national and prefectural "
        "documents it is linked to."),
    # -- the PDF report (checker/reporters/pdf.py) ---------------------------------------------------
    "pdf.subtitle": ("地方版総合戦略・総合計画のルール検査", "Rule check of regional revitalisation strategies and plans"),
    "pdf.municipality": ("対象", "Checked"),
    "pdf.rules": ("適用したルール", "Rules applied"),
    "pdf.total": ("合計（適用除外を除く）", "Total (not counting waived)"),
    "pdf.known": ("既知（基準ファイル）", "Known (baseline)"),
    "pdf.by_family": ("分類別の件数", "By family"),
    "pdf.findings": ("指摘一覧（重大度順）", "Findings (errors first)"),
    "pdf.secondary": ("二次情報に基づく指摘です。原資料で確認してください。",
        "Rests on secondary or unverified information; check the primary source."),
    "pdf.waiver": ("{reason}（承認: {approved_by}{until}）", "{reason} (approved by {approved_by}{until})"),
    "pdf.known_mark": ("既知の違反（基準ファイルに記録）", "Known (recorded in the baseline)"),
    "pdf.date": ("日付・期間", "Date and period"),
    "pdf.generated": ("plancheck {version} で作成", "Made with plancheck {version}"),
    "pdf.needs_weasyprint": (
        "PDF の作成には WeasyPrint とその Pango ライブラリが必要です（pip install weasyprint、"
        "Debian では apt-get install libpango-1.0-0 libpangoft2-1.0-0; make system）: {exc}",
        "--format pdf needs WeasyPrint and its Pango library (pip install weasyprint; on Debian "
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0, or make system): {exc}"),
    "report.col.id": ("ID", "ID"),
    "report.yes": ("はい", "yes"),
    "report.no": ("いいえ", "no"),
    # -- the Excel workbook (checker/reporters/xlsx.py) ---------------------------------------------
    "xlsx.sheet.summary": ("概要", "Summary"),
    "xlsx.sheet.review": ("確認シート", "Review sheet"),
    "xlsx.sheet.violations": ("違反一覧", "Violations"),
    "xlsx.sheet.rules": ("ルール", "Rules"),
    "xlsx.col.rule_id": ("ルールID", "Rule ID"),
    "xlsx.col.rule_name": ("ルール名", "Rule name"),
    "xlsx.col.line": ("行", "Line"),
    "xlsx.col.message_ja": ("内容（日本語）", "Message (Japanese)"),
    "xlsx.col.message_en": ("Message (English)", "Message (English)"),
    "xlsx.col.secondary": ("二次情報", "Secondary source"),
    "xlsx.col.waiver_reason": ("除外理由", "Waiver reason"),
    "xlsx.col.approver": ("承認者", "Approved by"),
    "xlsx.col.known": ("既知（基準）", "Known (baseline)"),
    "xlsx.col.no": ("No.", "No."),
    "xlsx.col.finding": ("指摘内容", "Finding"),
    "xlsx.col.status": ("対応状況", "Status"),
    "xlsx.col.response": ("対応方針", "Response"),
    "xlsx.col.checked_by": ("確認者", "Checked by"),
    "xlsx.col.checked_on": ("確認日", "Date checked"),
    "xlsx.col.title_ja": ("題名（日本語）", "Title (Japanese)"),
    "xlsx.col.title_en": ("Title (English)", "Title (English)"),
    "xlsx.col.rationale_ja": ("趣旨（日本語）", "Rationale (Japanese)"),
    "xlsx.col.rationale_en": ("Rationale (English)", "Rationale (English)"),
    "xlsx.col.basis_verified": ("根拠確認済み", "Basis verified"),
    "xlsx.col.message": ("メッセージ", "Message"),
    # the review sheet's 対応状況: done, not done, not applicable (a drop-down)
    "xlsx.status.done": ("○", "○"),
    "xlsx.status.not_done": ("×", "×"),
    "xlsx.status.not_applicable": ("該当なし", "N/A"),
    "xlsx.status_error": ("○・×・該当なし から選んでください", "Choose ○, × or N/A"),
    "xlsx.status_prompt": ("○ 対応済み / × 未対応 / 該当なし", "○ done / × not done / N/A"),
    "xlsx.date_error": ("日付を入力してください（例: 2026/4/1）", "Enter a date (e.g. 2026-04-01)"),
    "xlsx.page_header": ("基準日 {as_of}　plancheck {version}", "As of {as_of}   plancheck {version}"),
    # the summary sheet
    "xlsx.version": ("plancheck バージョン", "plancheck version"),
    "xlsx.files_count": ("検査したファイル数", "Files checked"),
    "xlsx.rules_count": ("適用したルール数", "Rules applied"),
    "xlsx.references_count": ("参照した文書数", "Reference documents read"),
    "xlsx.by_severity": ("重大度別の件数（適用除外を除く）", "By severity (not counting waived)"),
    "xlsx.total": ("合計", "Total"),
    "xlsx.not_checked_count": ("確認できなかった項目（件数に含めない）", "Not checked (not counted)"),
    "xlsx.known_count": ("既知（基準、合計に含む）", "Known (baseline, in the total)"),
    "xlsx.by_municipality": ("市町村別の件数（エラー／警告／情報）", "By municipality (errors / warnings / info)"),
    "xlsx.legend": ("凡例", "Legend"),
    "xlsx.legend.error": ("修正が必要な不整合", "an inconsistency to fix"),
    "xlsx.legend.warning": ("確認が必要な事項", "something to check"),
    "xlsx.legend.info": ("参考情報", "for information"),
    "xlsx.legend.waived": ("承認された適用除外の対象。件数に含めない（灰色の行）",
        "covered by an approved waiver; not counted (grey rows)"),
    "xlsx.legend.secondary": ("計画データ上、二次情報または未確認の情報に基づく指摘",
        "rests on a secondary or unverified fact in the plan data"),
    "xlsx.legend.not_checked": (
        "不明な事実・抜粋の一覧・同梱されていない参照データのため確認できなかったルール。違反ではない",
        "rules that could not be checked (an unknown fact, an excerpt, reference data not bundled); not violations"),
    # -- the SARIF log (checker/reporters/sarif.py) --------------------------------------------------
    "sarif.basis_unverified": ("（根拠未確認）", " (basis unverified)"),
    "sarif.about_rule": ("ルールの説明", "About this rule"),
    "sarif.justification": ("{reason} (承認: {approved_by}, 期限: {until})", "{reason} (approved by: {approved_by}, until {until})"),
    "sarif.no_expiry": ("なし", "no expiry"),
    # a baseline entry that no longer occurs (Japanese names neither rule nor subject: they are in the result)
    "sarif.fixed": ("解消済み（基準ファイルに記録）: {message}", "fixed since the baseline: {rule} on {subject} ({message})"),
    "sarif.fixed_no_message": ("解消済み（基準ファイルに記録）: ", "fixed since the baseline: {rule} on {subject}"),
    "sarif.not_checked_title": ("{mark}：{title}", "{mark}: {title}"),
    "sarif.srcroot": ("計画ファイルを読み込んだ作業フォルダ（同梱の計画は plancheck のデータフォルダ）",
        "the working folder the plans were read from (bundled plans: plancheck's data folder)"),
    # -- the JUnit XML report (checker/reporters/junit.py) ------------------------------------------
    "junit.input_suite": ("入力（文書に属さない問題）", "input (problems outside any document)"),
    "junit.unseen_suite": ("確認できなかった項目（文書に属さないもの）", "not checked (outside any document)"),
    "junit.violations_of": ("{title}（{n} 件）", "{title} ({n} violations)"),  # a failing rule's findings
    "junit.violations": ("{n} 件の違反", "{n} violations"),
    "html.cell_missing": ("不明な点", "Unknown"),  # before a not-checked entry's cell on a narrow screen
    # -- the diagrams (checker/diagrams/*; word(key, lang) reads diagram.<key>) ----------------------
    # kinds of drawn elements and relations (keys: node types, relations, `continues.as`)
    "diagram.waived": ("適用除外", "waived"),
    "diagram.waived_note": ("（適用除外）", " (waived)"),  # after a rule id
    "diagram.considers": ("勘案", "considers"),
    "diagram.part_of": ("構成", "part of"),
    "diagram.measures": ("指標", "measures"),
    "diagram.funds": ("交付金", "funds"),
    "diagram.continued": ("継承", "continued"),
    "diagram.changed": ("変更", "changed"),
    "diagram.merged": ("統合", "merged"),
    "diagram.retired": ("廃止", "retired"),
    "diagram.new": ("新規", "new"),
    "diagram.unaddressed": ("対応しない（理由あり）", "not addressed (reason given)"),
    "diagram.missing": ("ルールが求めるリンクの欠落", "link a rule expected, missing"),
    "diagram.rule_id_note": ("（ルールID）", " (rule id)"),  # after a legend entry
    "diagram.national_strategy": ("国の総合戦略", "national strategy"),
    "diagram.prefectural_strategy": ("県の総合戦略", "prefectural strategy"),
    "diagram.municipal_strategy": ("市町村の総合戦略", "municipal strategy"),
    "diagram.comprehensive_plan": ("総合計画", "comprehensive plan"),
    "diagram.basic_concept": ("基本構想", "basic concept"),
    "diagram.basic_plan": ("基本計画", "basic plan"),
    "diagram.population_vision": ("人口ビジョン", "population vision"),
    "diagram.projection_edition": ("将来推計人口", "population projection"),
    "diagram.grant_programme": ("交付金制度", "grant programme"),
    "diagram.national_goal": ("国の基本目標", "national goal"),
    "diagram.cross_cutting": ("国の横断的な目標", "cross-cutting goal"),
    "diagram.prefectural_goal": ("県の基本目標", "prefectural goal"),
    "diagram.basic_goal": ("基本目標", "basic goal"),
    "diagram.measure": ("施策", "measure"),
    "diagram.project": ("事業", "project"),
    "diagram.numerical_target": ("数値目標", "numerical target"),
    "diagram.kpi": ("KPI", "KPI"),
    "diagram.indicator": ("指標", "indicator"),
    "diagram.grant": ("交付金事業", "grant-funded project"),
    "diagram.legend": ("凡例", "Legend"),
    "diagram.adopted": ("策定", "adopted"),
    "diagram.published": ("公表", "published"),
    "diagram.decided": ("閣議決定", "decided"),
    "diagram.period": ("期間", "period"),
    "diagram.extended_note": ("（延長）", " (extended)"),  # after an extended period
    "diagram.partial": ("（指摘に関係する要素のみ）", " (only elements named by findings)"),
    "diagram.excerpt": ("一覧は抜粋", "lists are an excerpt"),
    "diagram.other_findings": ("図にない要素の指摘", "findings on elements not drawn"),
    "diagram.considers_list": ("勘案: {titles}", "considers: {titles}"),
    # the goal map (checker/diagrams/goals.py)
    "diagram.goals_title": ("目標の対応図", "Goal map"),
    "diagram.as_of_note": ("（{when}時点の判定）", " (findings as of {when})"),
    "diagram.goals_empty": ("目標の対応図に描く総合戦略がありません", "No strategy to draw in a goal map"),
    "diagram.collapsed": ("事業 {n}件", "{n} projects"),  # projects drawn as one node
    "diagram.collapsed_other": ("他の事業 {n}件", "{n} other projects"),
    "diagram.collapsed_kpis": ("（KPI {n}件を含む）", " (with {n} KPIs)"),
    "diagram.legend_document": ("文書（期間・策定日・指摘）", "document (period, dates, findings)"),
    "diagram.legend_collapsed": ("事業 N件", "N projects"),
    "diagram.legend_collapsed_note": ("まとめて表示した事業", "projects drawn as one"),
    # continuity (checker/diagrams/continuity.py)
    "diagram.continuity_title": ("期間の継続（新旧対照）", "Period continuity (previous vs next)"),
    "diagram.continuity_empty": ("前期・次期の関係（predecessor）が記録された総合戦略がありません",
        "No municipal strategy records a predecessor"),
    "diagram.previous": ("前期: {title}", "previous: {title}"),
    "diagram.indicators_no_goal": ("目標に属さない指標", "Indicators under no goal"),
    "diagram.legend_new": ("前期に対応する目標なし", "no previous goal"),
    # the timeline (checker/diagrams/timeline.py)
    "diagram.timeline_title": ("計画期間のタイムライン（年度）", "Plan periods by fiscal year"),
    "diagram.timeline_empty": ("期間のある計画がありません", "No plan with a period"),
    "diagram.national_group": ("国", "National"),
    "diagram.fiscal_year": ("年度", "Fiscal year"),
    "diagram.fiscal_year_note": ("（4月〜翌年3月）", " (April–March)"),
    "diagram.as_of_mark": ("判定日", "as of"),
    "diagram.review_mark": ("検証", "review"),
    "diagram.merges_into": ("統合→{name}", "merges into {name}"),
    "diagram.segment.overlap": ("重複", "overlap"),
    "diagram.segment.gap": ("空白", "gap"),
    "diagram.segment.unpublished": ("公表前", "unpublished"),
    "diagram.segment.extension": ("延長", "extended"),
    "diagram.legend.prefectural_plan": ("県の総合計画", "prefectural plan"),
    "diagram.legend.extension": ("延長した期間", "extension"),
    "diagram.legend.segment": ("ルールが見つけた空白・重複・公表前の期間（ルールID）",
        "gap / overlap / unpublished years a rule found (rule id)"),
    "diagram.legend.adopted": ("策定・閣議決定", "adopted / decided"),
    "diagram.legend.meeting": ("有識者会議等", "expert meeting"),
    "diagram.legend.review": ("効果検証", "verification"),
    "diagram.legend.merge": ("統合先の計画の開始", "merge target starts"),
    "diagram.legend.months": ("月は年度内の月（1〜3月は翌年）。色付きの記号・ルールIDは指摘あり（赤=エラー、橙=警告、青=情報）",
        "Each date sits in its fiscal year (April–March). "
        "Coloured marks and rule ids carry findings (red error, orange warning, blue info)"),
    # why a diagram cannot be drawn (checker/diagrams/__init__.py: DiagramError)
    "diagram.name.goals": ("目標の対応図", "goal map"),
    "diagram.name.continuity": ("期間の継続の図", "continuity diagram"),
    "diagram.name.timeline": ("タイムライン", "timeline"),
    "diagram.too_many": (
        "{name}に{count}市町村が入ります（1枚で読めるのは{most}市町村まで）。"
        "--document で総合戦略を1つずつ描いてください（例:{example}。総合戦略: {listed}）",
        "the {name} would cover {count} municipalities; one diagram shows at most {most} "
        "legibly: draw one strategy at a time with --document (e.g.{example}; strategies: {listed})"),
    "diagram.more_strategies": (" ほか{n}件", " and {n} more"),
    "diagram.bad_dpi": ("dpi は{low}〜{high}の整数です（{dpi!r}）", "dpi must be a whole number from {low} to {high}, not {dpi!r}"),
    "diagram.no_dot": ("{fmt} の描画には Graphviz の dot が必要です。graphviz をインストールしてください",
        "Graphviz `dot` is not installed (needed for {fmt}); install the graphviz package: {error}"),
    "diagram.dot_failed": ("Graphviz の dot が失敗しました: {error}", "Graphviz `dot` failed: {error}"),
    "diagram.unknown_value": ("{what}「{value}」は使えません（{allowed}）", "unknown {what} {value!r}; expected one of {allowed}"),
    "diagram.what.kind": ("図の種類", "diagram kind"),
    "diagram.what.format": ("形式", "format"),
    "diagram.what.depth": ("深さ", "depth"),
    "diagram.what.language": ("言語", "language"),
    "diagram.what.era_style": ("年の表記", "era style"),
    "diagram.bad_collapse": ("collapse_projects_over は0以上の整数です（{collapse!r}）",
        "collapse_projects_over must be a whole number ≥ 0, not {collapse!r}"),
    "diagram.no_document": ("文書「{document}」は読み込んだ計画にありません", "no document {document!r} in the plans"),

    # -- `plancheck explain RULE` (checker/explain.py) -----------------------------------------------
    "explain.severity": ("重大度", "severity"),
    "explain.family": ("分類", "family"),
    "explain.kind": ("検査の種類", "check kind"),
    "explain.rationale": ("理由", "rationale"),
    "explain.basis": ("根拠", "basis"),
    "explain.unverified": (" (未確認)", " (unverified)"),
    "explain.target": ("対象", "target"),
    "explain.parameters": ("パラメータ", "parameters"),
    "explain.defined_in": ("定義", "defined in"),
    "explain.pass_example": ("合格する例", "passing example"),
    "explain.fail_example": ("違反となる例", "failing example"),
    # -- `plancheck init` (checker/scaffold.py: ScaffoldError) ---------------------------------------
    "scaffold.code_digits": ("--code {code}: 全国地方公共団体コードは5桁または6桁（検査数字付き）の数字です（例: 202207）",
        "--code {code}: a local government code has 5 digits, or 6 with its check digit (e.g. 202207)"),
    "scaffold.code_check_digit": ("--code {code}: 検査数字（6桁目）が合いません。{expected} の誤りではありませんか",
        "--code {code}: the check digit (6th) is wrong; did you mean {expected}?"),
    "scaffold.code_prefecture": ("--code {code}: 先頭2桁 {first} は{prefecture}（{number:02d}）ではありません",
        "--code {code}: its first two digits {first} are not {prefecture} ({number:02d})"),
    "scaffold.no_municipality": ("市町村名が空です", "the municipality's name is empty"),
    # -- why a table (CSV / Excel) cannot be read, and how to fix it (checker/load/tables.py, INPUT-005)
    "input.over_limit": ("{what}（上限 {value}）", "{what} (limit {value})"),
    "input.too_many_columns": ("列が多すぎます", "too many columns"),
    "input.too_many_rows": ("行が多すぎます", "too many rows"),
    "input.too_many_cells": ("セルが多すぎます（空のセルも数えます）", "too many cells (empty ones count)"),
    "input.too_many_shared_strings": ("共有文字列が多すぎます", "too many shared strings"),
    "input.csv_is_xlsx": ("Excelブック（zip）です。CSVではありません", "an Excel workbook (zip), not a CSV file"),
    "input.csv_nul": ("UTF-16 またはテキストでないファイルです（NUL文字を含みます）",
        "UTF-16 or not a text file (contains NUL bytes); CSV must be UTF-8 or Shift_JIS (CP932)"),
    "input.csv_encoding": ("文字コードが UTF-8 でも Shift_JIS（CP932）でもありません",
        "the CSV is neither UTF-8 nor Shift_JIS (CP932)"),
    "input.csv_unreadable": ("CSVとして読めません（{start}行目）: {exc}", "not readable as CSV (line {start}): {exc}"),
    "input.csv_unclosed_quote": (
        "列「{key}」: 引用符（\"）が閉じていません。{line}行目で開いた引用符のため、続く行がこのセルに入っています",
        "column '{key}': unclosed quote (\"): the quote opened on line {line} takes the following lines into this cell"),
    "input.xls_or_password": ("古い Excel 形式（.xls）か、パスワードで保護されたブックです",
        "an old Excel (.xls) or password-protected workbook"),
    "input.xlsx_unreadable": ("Excelファイル（xlsx）として読めません: {exc}", "not a readable Excel workbook (xlsx): {exc}"),
    "input.xlsx_encrypted": ("暗号化された部分があります", "the workbook has encrypted parts"),
    "input.xlsx_compression": ("Excel が使わない圧縮形式の部分があります（{part}）",
        "part {part!r} is compressed with a method Excel does not use"),
    "input.xlsx_ratio": ("「{part}」の圧縮率が高すぎます（{ratio:,.0f} 倍）", "part {part!r} is compressed too much ({ratio:,.0f} times)"),
    "input.xlsx_size": ("展開後のサイズが大きすぎます（{mb:,.0f} MB）", "too large once uncompressed ({mb:,.0f} MB)"),
    "input.xlsx_doctype": ("「{part}」に DOCTYPE があります（Excelのファイルではありません）",
        "part {part!r} has a DOCTYPE (not written by Excel)"),
    "input.xlsx_broken_xml": ("「{part}」のXMLが壊れています（{line}行）: {exc}", "part {part!r} is broken XML (line {line}): {exc}"),
    "input.xlsx_damaged": ("ブックが壊れています（{part}）: {exc}", "the workbook is damaged ({part}): {exc}"),
    "input.xlsx_elements": ("ブックのXML要素が多すぎます（上限 {budget:,}: limits.table_cells の{times}倍）",
        "the workbook's XML has too many elements (limit {budget:,}: {times} times limits.table_cells)"),
    "input.xlsx_no_workbook": ("ブックの本体（workbook.xml）がありません", "the workbook part (workbook.xml) is missing"),
    "input.xlsx_row_number": ("行番号「{written}」が読めません", "unreadable row number {written!r}"),
    "input.xlsx_row_order": ("行の順序が壊れています（{number}行目が{row}行目の後にあります）",
        "rows out of order (row {number} after row {row})"),
    "input.xlsx_cell_reference": ("セル番地「{ref}」が読めません", "unreadable cell reference {ref!r}"),
    "input.xlsx_formula": ("数式の計算結果が保存されていません", "a formula without its result saved"),
    "input.xlsx_shared_string": ("共有文字列の番号「{value}」がありません", "no shared string {value!r}"),
    "input.xlsx_error_value": ("セルがエラー値（{value}）です", "the cell shows an error ({value})"),
    "input.no_sheet": ("シート「{sheet}」がありません", "no sheet named {sheet!r}"),
    "input.no_visible_sheet": ("表示されているワークシートがありません", "no visible worksheet"),
    "input.not_worksheet": ("シート「{sheet}」は表のワークシートではありません（{kind}）", "sheet {sheet!r} is not a worksheet ({kind})"),
    "input.no_content": ("中身がありません", "no content"),
    "input.table_reference": ("表の指定は {{table: ファイル名, sheet: シート名}} の形で書いてください",
        "a table is given as {{table: FILE, sheet: SHEET}}"),
    "input.table_link_loop": ("表「{name}」を開けません（シンボリックリンクが循環しています）",
        "table {name!r} cannot be opened (symbolic links that point at each other)"),
    "input.table_cannot_open": ("表「{name}」を開けません: {error}", "table {name!r} cannot be opened: {error}"),
    "input.table_outside": ("表「{name}」は計画ファイルと同じフォルダ（またはその下）に置いてください",
        "table {name!r} must lie in the plan file's folder or below it"),
    "input.table_not_found": ("表「{name}」が見つかりません", "table {name!r} not found"),
    "input.table_format": ("表「{name}」の形式に対応していません（.csv / .xlsx）", "table {name!r}: use .csv or .xlsx"),
    "input.table_too_large": ("表が大きすぎます（{mb:,.1f} MB）", "table file too large ({mb:,.1f} MB)"),
    "input.table_refused": ("表「{name}」: {reason}", "table {name!r}: {reason}"),
    "input.unknown_column": ("不明な列「{written}」です", "unknown column {written!r}"),
    "input.duplicate_column": ("列「{written}」が重複しています", "column {written!r} appears twice"),
    "input.missing_column": ("必須の列「{label}」がありません", "required column {label!r} is missing"),
    "input.more_problems": ("ほかに{more:,}件の問題があります（最初の{shown}件を表示）",
        "and {more:,} more problems (the first {shown} are shown)"),
    "input.cell": ("列「{header}」{value}: {problem}", "column {header!r} {value}: {problem}"),
    # what is wrong with a cell, by the check it fails
    "input.cell.number": ("数値として読めません", "is not a number"),
    "input.cell.fiscal_year": ("年度として読めません（例: R6年度, 2024年度）", "is not a fiscal year (e.g. R6年度, 2024)"),
    "input.cell.year": ("年・年度として読めません（例: 2019年, R6年度）", "is not a year (e.g. 2019年, R6年度)"),
    "input.cell.date": ("日付として読めません（例: 2021-08-20, R3-08-20）", "is not a date (e.g. 2021-08-20)"),
    "input.cell.bool": ("○/× または はい/いいえ で書いてください", "write ○/× (yes/no, true/false)"),
    "input.cell.choice": ("使えない値です", "is not one of the allowed values"),
    "input.cell.choices": ("使えない値です", "is not one of the allowed values"),
    "input.cell.quantity": ("数値として読めません", "is not a number"),
    "input.cell.point": ("日付（時点）として読めません（例: 2019-09-30, 2019年9月末時点）",
        "is not a point in time (e.g. 2019-09-30, 2019年9月末時点)"),
    "input.cell.window": ("期間として読めません（例: 2020~2024年度, R2~R6年度 累計）",
        "is not a span of years (e.g. 2020~2024年度, R2~R6年度 累計)"),
    "input.cell.not_nullable": ("空欄にできません", "must not be empty"),
    "input.cell.field_uniqueness": ("IDが重複しています", "duplicate id"),
    # a cell at fault with the others of its row (checker.load.tables.ROW_RULES)
    "input.row.one_time": ("{times} はどれか一つだけ書いてください（年・年度、時点、期間のどれか）",
        "give only one of {times} (a year, a point in time or a span of years)"),
    "input.row.needs_time": ("いつの値か（{times} のどれか）がありません。資料に年の記載がなければ年度の欄に「不明」と書きます",
        "say when the value is for ({times}); write 不明 (unknown) in the year column when the source prints no year"),
    "input.row.estimate_side": ("見込みとした値がこの行にありません（基準値・目標値・実績値のうち、書いた値を選んでください）",
        "names a value the row does not give (choose among the baseline, target and result it gives)"),
    "input.row.aggregate_window": ("集計（累計・平均）は期間の値に付けます。期間（{windows}）を書いてください",
        "an aggregate (total or average) belongs to a span of years: give it ({windows})"),
    "input.row.aggregate_conflict": ("期間の欄（{windows}）に書いた累計・平均と食い違います",
        "contradicts the aggregate written with the span ({windows})"),
    "input.row.continuation": ("前期のどの指標から変わったのか（{previous}）がありません",
        "give the previous period's indicator ({previous})"),
    # how to fix it
    "input.hint.raise_limit": ("プロファイルの limits.{limit} を上げてください", "raise limits.{limit} in the profile"),
    "input.hint.save_as_csv": ("Excel の「CSV UTF-8（コンマ区切り）」で保存し直してください", "save it again as 'CSV UTF-8' from Excel"),
    "input.hint.name_it_xlsx": ("拡張子を .xlsx にしてください", "name it .xlsx"),
    "input.hint.close_quote": ("引用符を閉じるか削除してください（セルの中の \" は \"\" と書きます）",
        "close or remove the quote (a \" inside a cell is written \"\")"),
    "input.hint.save_as_xlsx": ("Excel で開き「Excel ブック (*.xlsx)」として保存し直してください",
        "open it in Excel and save it again as an Excel Workbook (*.xlsx)"),
    "input.hint.remove_password": ("パスワードを外し「Excel ブック (*.xlsx)」として保存し直してください",
        "remove the password and save it as an Excel Workbook (*.xlsx)"),
    "input.hint.resave": ("Excel で開いて保存し直してください", "open and save it in Excel"),
    "input.hint.fix_formula": ("数式を直すか、値を入力してください", "fix the formula or type the value"),
    "input.hint.sheets": ("シート: {sheets}", "sheets: {sheets}"),
    "input.hint.name_sheet": ("シート名を sheet: で指定してください", "name the sheet with sheet:"),
    "input.hint.name_list_sheet": ("一覧のあるシートを sheet: で指定してください", "name the sheet that holds the list with sheet:"),
    "input.hint.not_a_link": ("リンクではなく表のファイルそのものを置いてください", "put the table file itself there, not a link"),
    "input.hint.check_name": ("ファイル名とフォルダを確認してください", "check the file name and folder"),
    "input.hint.allowed_columns": ("使える列: {columns}", "allowed columns: {columns}"),
    "input.hint.add_column": ("見出し行に「{label}」を追加してください", "add a {label!r} column to the header row"),
    "input.hint.unknown": ("資料に記載がない（見えない）ときは「不明」と書きます", "write 不明 (unknown) when the source does not show it"),
    # how to write a cell, by the check it fails
    "input.cell_hint.quantity": ("資料の表記のまま書けます（例: 83,000、約5万人、4万8千人程度、1.50以上）",
        "write it as printed (e.g. 83,000, 約5万人, 4万8千人程度, 1.50以上)"),
    "input.cell_hint.window": ("始めと終わりの年を ~ でつなぎ、累計・平均は後ろに書きます（始め ≦ 終わり）",
        "join the first and last year with ~, and add 累計 (total) or 平均 (average) after them (first ≤ last)"),
    "input.cell_hint.point": ("「2019年9月末時点」「2019年10月1日現在」も書けます", "「2019年9月末時点」 and 「2019年10月1日現在」 are read too"),
}


def t(key: str, lang: str, /, **params: Any) -> str:
    """The text of `key` in `lang` (ja, else English) with its {params} filled in (a param that
    renders itself in both languages, such as Both or a checker.labels.Label, in `lang`)."""
    ja, en = CATALOGUE[key]
    lang = language(lang)
    return (ja if lang == "ja" else en).format(**{k: shown(v, lang) if _bilingual(v) else v for k, v in params.items()})


def both(key: str, /, **params: Any) -> tuple[str, str]:
    """(ja, en) of `key` with its {params} filled in."""
    return t(key, "ja", **params), t(key, "en", **params)


def _bilingual(value: Any) -> bool:
    return hasattr(value, "ja") and hasattr(value, "en") and not isinstance(value, (str, int, float))


def pick(pair: tuple[str, str], lang: str) -> str:
    """The text in `lang` of a (ja, en) pair made by both() or carried by a record (an error's
    message_ja / message_en, a MapUnavailable)."""
    return pair[0] if lang == "ja" else pair[1]


def has(key: str) -> bool:
    return key in CATALOGUE


def section(prefix: str) -> dict[str, tuple[str, str]]:
    """The entries under `prefix.` as {name: (ja, en)}, in catalogue order, unformatted."""
    head = prefix + "."
    return {key[len(head):]: pair for key, pair in CATALOGUE.items() if key.startswith(head)}


def language(lang: str) -> Lang:
    """`lang` as the catalogue reads it: ja, or en for anything else."""
    return "ja" if lang == "ja" else "en"


def other(lang: str) -> Lang:
    """The other language: en for ja, ja for anything else."""
    return "en" if lang == "ja" else "ja"


def choose(texts: Mapping[str, str], lang: str) -> str:
    """From a {ja, en} mapping (a rule's message or title): the text in `lang`, else the other
    language's, else ""."""
    return texts.get(lang) or texts.get(other(lang)) or ""


def shown(value: Any, lang: str) -> str:
    """A value that renders itself in both languages (ja() / en()) in `lang`; str() otherwise."""
    if hasattr(value, "ja") and hasattr(value, "en"):
        return str(value.ja() if lang == "ja" else value.en())
    return str(value)


@dataclass(frozen=True)
class Both:
    """A value written differently in each language (a reason in ja and en, a list joined as each
    language joins lists), for a {param} of a catalogue text: t() and both() render it in theirs."""

    ja_text: str
    en_text: str

    def ja(self) -> str:
        return self.ja_text

    def en(self) -> str:
        return self.en_text


def text(key: str, **params: Any) -> Both:
    """A catalogue text as a {param} of another one, rendered in the other's language."""
    return Both(*both(key, **params))


def listing(items: Iterable[str]) -> Both:
    """Items as each language lists them: 長野県、東京都 / 長野県, 東京都."""
    items = list(items)
    return Both(t("sep.list", "ja").join(items), t("sep.list", "en").join(items))


def params(text: str) -> set[str]:
    """The {param} names a catalogue text takes."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(text) if name}
