"""The words and sentences plancheck writes itself, in Japanese and English: one catalogue.

`t(key, lang, **params)` is the text of `key` in `lang` ("ja"; any other value is English, as the
command line offers only ja and en), with `{param}`s filled in by str.format (format specs and
conversions work: `{count:,}`, `{value!r}`; a literal brace is doubled). A key that is not in the
catalogue, or a `{param}` left without a value, is a programming error: KeyError, never a silent
English or a bare key. `both(key, **params)` gives (ja, en) for outputs that carry both languages
(the HTML report, an error's message_ja / message_en); `bilingual(key, **params)` the line
"ja / en" for what is printed before a language is chosen (usage errors, stderr notices).

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
    input.*      why a plan file or a table (CSV / Excel) cannot be read, and how to fix it (INPUT-00x)
    calendar.*   a date, year or period that cannot be read, and why (checker/fiscal.py, INPUT-004)
    unseen.*     what could not be checked, and why (a not-checked entry's message)
    diff.*       `plancheck diff` (checker/reporters/diff.py); git.*  `plancheck diff --git`
    baseline.*   a baseline file that cannot be used
    check.* config.* output.* cli.*   the run's notices and errors: plan files, profiles and
                 --select/--ignore, outputs, the command line's own words
    cache.*      why the cache is not used (checker/load/cache.py)
    scaffold.*   `plancheck init`
    prefecture.* the 47 prefectures' names and their bundled reference data (checker/prefectures.py)
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
    "sep.quoted": ("「{text}」", "'{text}'"),  # a name or id quoted in a sentence
    # an indicator's name with its unit, the unit as the plan writes it (labels.with_unit): 転入者数（人） / 転入者数 (人)
    "sep.unit": ("{name}（{unit}）", "{name} ({unit})"),
    "sep.clauses": ("、", "; "),
    "sep.alternatives": ("・", "/"),
    "sep.names": ("・", ", "),  # names side by side in a title or header: 安曇野市・美唄市 / 安曇野市, 美唄市
    "sep.or": ("、", " or "),  # did you mean PER-009、PER / PER-009 or PER
    "sep.and": ("、", " and "),  # names given together: year、at / year and at
    "sep.suggestions": ("、", " / "),  # names offered for a misspelt one: 長野県、長野市 のことですか / did you mean …
    "sep.last": ("{items}、{last}", "{items} and {last}"),  # the last of several items: a, b and c
    "sep.sentences": ("。", "; "),  # between two hints  # 継承・変更・統合 / continued/changed/merged
    "sep.range": ("{start}〜{end}", "{start}–{end}"),  # R2年度〜R6年度 / FY2020–FY2024 (an open end: "")  # parts of one phrase: 決定 2019年12月20日、期間 … / decided 2019-12-20; period …
    # -- a reference that names nothing: the closest ids (checker/graph.py Suggestions, REF-001) ----
    "ref.check_wording": ("ID・文書ID・表記を確認してください", "check the id, document id or wording"),
    "ref.candidates": ("候補: {items}", "candidates: {items}"),
    "ref.did_you_mean": ("{items}の誤りではありませんか", "did you mean {items}?"),
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
    # in a municipality's label (東京都府中市), which is a key of the reports in either language: Japanese only
    "report.unknown_prefecture": ("都道府県不明", "prefecture unknown"),
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
    "pdf.meta": ("{as_of} {when}　plancheck {version}", "{as_of} {when} · plancheck {version}"),  # the page header's run line
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

    # -- `plancheck explain RULE` (checker/workflows/explain.py) -----------------------------------------------
    "explain.severity": ("重大度", "severity"),
    "explain.family": ("分類", "family"),
    "explain.kind": ("検査の種類", "check kind"),
    "explain.rationale": ("理由", "rationale"),
    "explain.basis": ("根拠", "basis"),
    "explain.unverified": (" (未確認)", " (unverified)"),
    "explain.target": ("対象", "target"),
    "explain.parameters": ("パラメータ", "parameters"),
    "explain.graph_target": ("（グラフ全体）", "(graph)"),  # a rule that looks at the whole graph, not one node type
    "explain.defined_in": ("定義", "defined in"),
    "explain.pass_example": ("合格する例", "passing example"),
    "explain.fail_example": ("違反となる例", "failing example"),
    # -- `plancheck init` (checker/workflows/scaffold.py: ScaffoldError) ---------------------------------------
    "scaffold.code_digits": ("--code {code}: 全国地方公共団体コードは5桁または6桁（検査数字付き）の数字です（例: 202207）",
        "--code {code}: a local government code has 5 digits, or 6 with its check digit (e.g. 202207)"),
    "scaffold.code_check_digit": ("--code {code}: 検査数字（6桁目）が合いません。{expected} の誤りではありませんか",
        "--code {code}: the check digit (6th) is wrong; did you mean {expected}?"),
    "scaffold.code_prefecture": ("--code {code}: 先頭2桁 {first} は{prefecture}（{number:02d}）ではありません",
        "--code {code}: its first two digits {first} are not {prefecture} ({number:02d})"),
    "scaffold.no_municipality": ("市町村名が空です", "the municipality's name is empty"),
    "scaffold.no_previous": ("--from-period: 読み込んだ計画に市町村の総合戦略「{period}」がありません"
        "（前期の総合戦略のフォルダを --plans で指定してください）",
        "--from-period: no municipal strategy {period!r} in the plans read (give its folder with --plans)"),
    "scaffold.exists": ("{paths} は既にあるため上書きしません（上書きするには --force を付けてください）",
        "not overwriting {paths} (use --force to overwrite)"),
    # -- the 47 prefectures and their bundled reference data (checker/prefectures.py; said by `plancheck init`)
    "prefecture.unknown": ("「{text}」は47都道府県の名前ではありません。長野県・東京都のように正式な名前で書いてください{hint}",
        "{text!r} is not one of the 47 prefectures (write the full name, e.g. 長野県, 東京都){hint}"),
    "prefecture.did_you_mean": ("（{names} のことですか）", " — did you mean {names}?"),  # {hint} above
    "prefecture.no_reference": ("注意: {name}の都道府県まち・ひと・しごと創生総合戦略の参照データは同梱されていません。"
        "LAW-003（県の総合戦略の勘案）は「確認できず」と報告されます（docs/reference-data.md）。",
        "note: no reference data is bundled for {name}'s prefectural strategy; LAW-003 will be "
        "reported as not checked (docs/reference-data.md)."),
    "prefecture.unknown_facts": ("注意: {name}の参照データに資料で確認できない事実があります（docs/reference-data.md）。{effect}",
        "note: {name}'s reference data has facts the sources do not show ({effect}):"),  # then a line a strategy
    "prefecture.effect_not_checked": ("策定日も計画期間も不明な戦略があるため、LAW-003 は「確認できず」と報告されます。",
        "a strategy has neither adoption date nor period, so LAW-003 is reported as not checked"),
    "prefecture.effect_known_dates": ("LAW-003 は分かっている日付で判定します。", "LAW-003 uses the dates that are known"),
    "prefecture.no_current": ("現在の総合戦略: 不明（資料で2025年度以降の総合戦略が確認できません）",
        "the current strategy: unknown (the sources show none for FY2025 onward)"),
    "prefecture.strategy_facts": ("{title}（{id}）: {facts}が不明", "{id}: unknown {facts}"),  # English: the id alone
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
    "input.cell.because": ("{problem}。{reason}", "{problem}: {reason}"),  # a parser's reason (calendar.reason.*)
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
    # -- a plan file that cannot be used as written (checker/load/documents.py: INPUT-001, INPUT-003,
    # INPUT-004; checker/load/yamlsource.py: INPUT-002; checker/load/files.py: FileRefused) ---------
    "input.file.too_large": ("ファイルが大きすぎます（{size:,} バイト、上限 {limit:,}）", "file too large ({size:,} bytes, limit {limit:,})"),
    "input.file.grew": ("ファイルが大きすぎます（上限 {limit:,}）", "file too large (more than that, limit {limit:,})"),  # it grew while read
    "input.file.unreadable": ("ファイルを読めません: {error}", "cannot read file: {error}"),
    "input.file.not_regular": ("通常のファイルではありません（{kind}）", "not a regular file ({kind})"),
    "input.file.folder": ("フォルダ", "a folder"),
    "input.file.fifo": ("名前付きパイプ", "a named pipe (FIFO)"),
    "input.file.device": ("デバイス", "a device"),
    "input.file.other": ("通常のファイルではないもの", "not a regular file"),
    "input.nul": ("NUL文字を含むため、テキストとして読めません", "contains NUL bytes: not a text file"),
    "input.not_utf8": ("UTF-8として読めない文字があります", "not valid UTF-8"),
    "input.no_kind": ("文書の種類 'kind' がありません", "the document has no 'kind'"),
    "input.unknown_field": ("不明な項目 '{name}' です", "unknown field '{name}'"),
    "input.missing_field": ("必須項目 '{name}' がありません", "required field '{name}' is missing"),
    "input.unknown_kind": ("不明な文書の種類 {kind} です", "unknown document kind {kind}"),  # kind: quoted as each writes it
    "input.id_invisible": ("ID '{given}' に見えない文字 {char} が含まれています",
        "the id {given!r} contains the invisible character {char}"),
    "input.not_finite": ("数値 {value} は使えません（有限の数値を書いてください）", "{value} is not a usable number; write a finite number"),
    "input.not_allowed": ("'{given}' は使えません（{expected} のいずれか）", "{given!r} is not allowed; expected {expected}"),
    "input.malformed_id": ("ID '{given}' の形式が正しくありません", "malformed id {given!r}"),
    "input.wrong_type": ("{what}を指定してください（値: {given!r}）", "expected {what}, got {given!r}"),
    "input.too_long": ("{limit}文字以内で書いてください（{length}文字あります）", "at most {limit} characters, not {length}"),
    # what a field expects (input.wrong_type), by pydantic's error type
    "input.type.text": ("文字列", "text"),
    "input.type.whole_number": ("整数", "a whole number"),
    "input.type.boolean": ("true または false", "true or false"),
    "input.type.list": ("一覧（- で始まる行）", "a list (lines starting with '- ')"),
    "input.type.mapping": ("項目の組（key: value）", "a mapping (key: value lines)"),
    "input.type.non_empty": ("空でない文字列", "non-empty text"),
    # a value the model refuses (checker/model.py, checker/quantity.py: errors.InvalidValue, INPUT-003)
    "input.value.period_mapping": ("計画期間は {{from: R2, to: R6}} のように from と to で書いてください",
        "a period must be a mapping such as {{from: R2, to: R6}}"),
    "input.value.period_keys": ("計画期間に不明な項目 {keys} があります。from と to で書いてください",
        "unknown key(s) in period: {keys}; use from and to"),
    "input.value.period_from": ("計画期間に 'from'（最初の年度）がありません", "a period needs 'from' (the first fiscal year)"),
    "input.value.not_boolean": ("数値を書いてください（true / false は数値ではありません）", "expected a number, not true/false"),
    "input.value.quantity": ("83000、約5万、4万8千人程度のような数値を書いてください（値: {value!r}）",
        "expected a number such as 83000, 約5万 or 4万8千人程度, got {value!r}"),
    "input.value.not_finite": ("「{text}」は有限の数値ではありません", "{text!r} is not a finite number"),
    "input.value.not_a_number": ("「{text}」は数値として読めません", "{text!r} is not a number"),
    "input.value.reference": ("参照先のID（例: national/strategy-2）を書いてください（値: {value!r}）",
        "expected a reference (an id such as national/strategy-2), got {value!r}"),
    "input.value.one_time": ("year、at（時点）、window のどれか一つだけを書いてください（{given} があります）",
        "give one of year, at (a point in time) or window, not {given}"),
    "input.value.no_time": ("いつの値か、年・年度（year: 2019年、2019年度、H26 または unknown）、時点（at）、"
        "期間（window）のどれかを書いてください",
        "give the year (2019年, 2019年度, H26 or unknown), a point in time (at) or a window"),
    "input.value.population_when": ("人口の年（year）か日付（at）のどちらか一方を書いてください",
        "give the year or the date (at) of the figure, one of the two"),
    "input.value.basis": ("basis は census（国勢調査）、resident_register（住民基本台帳）、unknown のいずれかです（値: {value!r}）",
        "basis is census (国勢調査), resident_register (住民基本台帳) or unknown, not {value!r}"),
    "input.yaml.one_document": ("このファイルには文書を1つだけ書いてください", "this file must hold a single YAML document"),
    "input.yaml.unreadable": ("YAMLとして読めません: {problem}", "not valid YAML: {problem}"),
    "input.yaml.began": ("{problem}（{line}行目から）", "{problem} (the construct began on line {line})"),
    "input.yaml.alias_cycle": ("YAMLの別名（&/*）がそれ自身の中で使われています（循環）",
        "a YAML alias is used inside the node it names (a cycle)"),
    "input.yaml.alias_expansion": ("YAMLの別名（&/*）の展開が大きすぎます（上限 {limit:,} 要素）",
        "YAML aliases expand to more than {limit:,} nodes"),
    "input.yaml.complex_key": ("キーは単純な文字列にしてください", "keys must be plain scalars (no '<<' merges, no complex keys)"),
    "input.yaml.duplicate_key": ("キー '{key}' が重複しています", "duplicate key '{key}'"),
    "input.yaml.tag_mismatch": ("値 '{value}' はタグ {tag} として読めません", "value {value!r} does not fit its tag {tag}"),
    "input.yaml.tag_not_allowed": ("使用できないタグ {tag} です", "tag {tag} is not allowed in plan files"),
    "input.yaml.too_deep": ("入れ子が深すぎます（上限 {depth} 段）", "nested more than {depth} levels deep"),
    # how to fix it
    "input.hint.check_path": ("パスと権限を確認してください", "check the path and permissions"),
    "input.hint.split_file": ("長い一覧は表（CSV/Excel）に分けるか、プロファイルの limits.file_mb を上げてください",
        "move long lists into a table, or raise limits.file_mb in the profile"),
    "input.hint.regular_file": ("計画ファイルと表は通常のファイルとして保存してください", "plan files and tables must be regular files"),
    "input.hint.save_as_text": ("YAMLはテキストとして保存してください", "save the YAML as plain text"),
    "input.hint.save_as_utf8": ("YAMLはUTF-8で保存してください（Shift_JISは表のCSVのみ対応）",
        "save YAML files as UTF-8 (Shift_JIS/CP932 is accepted for CSV tables only)"),
    "input.hint.add_kind": ("kind: に次のいずれかを書いてください: {kinds}", "add kind: with one of {kinds}"),
    "input.hint.allowed_fields": ("{did_you_mean}使える項目: {fields}", "{did_you_mean}allowed fields: {fields}"),
    "input.hint.did_you_mean": ("'{name}' の誤りではありませんか。", "did you mean '{name}'? "),
    "input.hint.add_field": ("'{name}:' を追加してください", "add '{name}:'"),
    "input.hint.kinds": ("次のいずれか: {kinds}", "use one of: {kinds}"),
    "input.hint.delete_invisible": ("その文字を削除してください（Word や Excel から貼り付けると入ることがあります）",
        "delete it (it often comes with text pasted from Word or Excel)"),
    "input.hint.finite": ("例: 83000", "e.g. 83000"),
    "input.hint.choose": ("{expected} から選んでください", "choose one of {expected}"),
    "input.hint.id_form": ("IDに空白・'#'・'/'は使えません（文書IDは 'owner/name' 形式）",
        "ids have no spaces, '#' or '/' (document ids are 'owner/name')"),
    "input.hint.calendar": (
        "使える書き方は docs/plan-format.md の「日付・年度・期間」にあります（和暦・西暦・全角数字も可。年度の1〜3月は翌年）",
        "all accepted forms: docs/plan-format.md, 'Dates, years and periods' (era or Gregorian years, full-width digits; "
        "January–March of a 年度 fall in the next calendar year)"),
    "input.hint.yaml_syntax": ("インデント（半角スペース）、コロンの後の空白、引用符の対応を確認してください",
        "check indentation (spaces, not tabs), a space after each colon, and matching quotes"),
    "input.hint.no_aliases": ("別名（アンカー）を使わずに書いてください", "write the content without anchors and aliases"),
    "input.hint.remove_duplicate": ("どちらか一方を削除してください", "remove one of the two"),
    "input.hint.remove_tag": ("タグ（!!…）を外してください", "remove the tag (!!…)"),
    "input.hint.flatten": ("構造を浅くしてください", "flatten the structure"),
    # -- a date, year, fiscal year or period that cannot be read (checker/fiscal.py: CalendarError; INPUT-004)
    "calendar.unreadable": ("「{text}」は{noun}として読めません（例: {examples}）",
        "cannot read {text!r} as {noun}; expected e.g. {examples}"),
    "calendar.unreadable_because": ("「{text}」は{noun}として読めません（{reason}。例: {examples}）",
        "cannot read {text!r} as {noun} ({reason}); expected e.g. {examples}"),
    "calendar.kind.date": ("日付", "a date"),  # {noun} above
    "calendar.kind.fiscal_year": ("年度", "a fiscal year"),
    "calendar.kind.year": ("年・年度", "a year"),
    "calendar.kind.period": ("期間", "a period of fiscal years"),
    # {reason} above: what exactly is wrong
    "calendar.reason.no_month": ("{year}年{month}月という月はありません", "month {year}-{month} does not exist"),
    "calendar.reason.no_day": ("{year}年{month}月に{day}日はありません", "{year}-{month:02d} has no day {day}"),
    "calendar.reason.year_range": ("{year}年は{first}〜{last}年の範囲外です", "year {year} is outside {first}–{last}"),
    "calendar.reason.era_year_zero": ("和暦の年は1（元年）から数えます", "era years start at 1 (元年)"),
    "calendar.reason.different_years": ("{written}と{gloss}は別の年です", "{written} and {gloss} are different years"),
    "calendar.reason.contradicts": ("{pre}と{suf}が食い違っています", "{pre} contradicts {suf}"),
    "calendar.reason.calendar_year": ("年・CYは暦年です。年度かFYで書いてください", "年/CY is a calendar year; write 年度 or FY"),
    "calendar.reason.year_alone": ("年だけでは日付になりません。月を書き足してください", "a year alone is not a date; add a month"),
    "calendar.reason.start_after_end": ("始まりの年度が終わりの年度より後です", "start is after end"),
    "calendar.reason.no_such_date": ("そのような日付はありません", "no such date"),
    "calendar.reason.outside": ("{first}〜{last}の範囲外です", "outside {first}–{last}"),
    "calendar.reason.before_showa": ("昭和（{first}）〜{last}年の範囲外です", "outside 昭和 ({first})–{last}"),
    # what only a caller of checker.fiscal can meet (a period without an end, enumerated)
    "calendar.reason.open_ended": ("終わりのない期間です（`until` を渡してください）", "open-ended: pass `until` to enumerate it"),
    "calendar.reason.open_ended_gap": ("終わりのない期間の後に空白はありません", "an open-ended period has no gap after it"),
    # -- what could not be checked, and why (checker/engine.py: a NotChecked entry's message) -------
    "unseen.message": ("「{subject}」について「{title}」を確認できません（{what}）", "not checked for '{subject}': {title} ({what})"),
    "unseen.reference_data": ("{of}の{reference}の参照データが同梱されていません（追加方法: docs/reference-data.md）",
        "no bundled reference data for the {reference} of {of} (to add it: docs/reference-data.md)"),
    "unseen.failed_document": ("参照先の文書「{document}」が入力エラーで読み込めませんでした",
        "the document it refers to, {document}, failed to load (see its input errors)"),
    "unseen.considers_replacement": ("期間中に「{new}」（{when}）が定められましたが、勘案する戦略が不明です",
        "'{new}' ({when}) took effect during the period, and what the strategy considers is unknown"),
    "unseen.unlisted_item": ("「{ref}」は、一覧が抜粋・不明の「{document}」にあるかどうか確かめられません",
        "whether '{ref}' exists cannot be seen: the lists of {document} are an excerpt or unknown"),
    "unseen.unresolved_reference": ("参照{refs}の参照先が見つからないため。先に REF-001・REF-003 を直してください",
        "the reference {refs} does not resolve; fix REF-001/REF-003 first"),
    "unseen.quoted": ("「{ref}」", "'{ref}'"),  # one of the refs above
    "unseen.excerpt": ("{part}の一覧が抜粋です", "the list of {part} is an excerpt"),
    "unseen.unknown": ("{name}が不明", "{name} unknown"),
    # -- `plancheck diff` (checker/reporters/diff.py) -----------------------------------------------
    "diff.title": ("plancheck 差分", "plancheck diff"),
    "diff.as_of": ("基準日", "as of"),
    "diff.old": ("旧", "old"),
    "diff.new": ("新", "new"),
    "diff.context": ("{side}・参照のみ", "{side}, read for references only"),  # side: diff.old / diff.new
    "diff.period": ("期の移行", "Next period"),
    "diff.goals": ("基本目標", "Basic goals"),
    "diff.new_goals": ("新しい基本目標", "New basic goals"),
    "diff.indicators": ("前期の指標", "Indicators of the previous period"),
    "diff.new_indicators": ("新しい指標", "New indicators"),
    "diff.grants": ("前期の交付金事業", "Grants of the previous period"),
    "diff.new_grants": ("新しい交付金事業", "New grants"),
    "diff.added": ("追加", "Added"),
    "diff.removed": ("削除", "Removed"),
    "diff.changed": ("変更", "Changed"),
    "diff.introduced": ("導入された違反", "Introduced violations"),
    "diff.resolved": ("解消された違反", "Resolved violations"),
    "diff.unchanged": ("変わらない違反", "Unchanged violations"),
    "diff.no_changes": ("計画の内容に変更はありません。", "No changes to the plans."),
    "diff.none": ("なし", "none"),
    "diff.reason": ("理由", "reason"),
    "diff.score": ("名称の類似度", "title similarity"),
    "diff.renamed_from": ("旧ID", "was"),
    "diff.previous": ("前期", "Previous"),
    "diff.disposition": ("処置", "Disposition"),
    "diff.next": ("今期", "Next"),
    "diff.goal": ("基本目標", "Goal"),
    "diff.kind": ("種類", "Kind"),
    "diff.id": ("ID", "Id"),
    "diff.name": ("名称", "Title"),
    "diff.change": ("変更内容", "What changed"),
    "diff.change_kind": ("区分", "Change"),
    "diff.severity": ("重大度", "Severity"),
    "diff.rule": ("ルール", "Rule"),
    "diff.where": ("場所", "Location"),
    "diff.message": ("内容", "Message"),
    "diff.count": ("件数", "Count"),
    "diff.waived": ("適用除外", "waived"),
    "diff.known": ("既知", "known"),
    "diff.summary": ("概要", "Summary"),
    "diff.entities": ("文書・項目の変更", "Changes to documents and items"),
    "diff.violations": ("違反の変化", "Violations"),
    "diff.and_unchanged": ("{n} 件の違反は変わりません。", "{n} violations are unchanged."),
    "diff.empty": ("（空）", "(empty)"),  # a field's value that is the empty text
    "diff.titled": ("{id}「{title}」", "{id} '{title}'"),  # a link's target with its title
    "diff.succession": ("{period}: {old_title}（{old_document}）→ {new_title}（{new_document}）",
        "{period}: {old_title} ({old_document}) → {new_title} ({new_document})"),  # the Markdown heading
    "diff.totals": ("差分: 追加 {added}、削除 {removed}、変更 {changed} / 導入された違反 {introduced}{by_severity}、"
        "解消された違反 {resolved}、変わらない違反 {unchanged}",
        "diff: {added} added, {removed} removed, {changed} changed / {introduced} violations introduced{by_severity}, "
        "{resolved} resolved, {unchanged} unchanged"),
    # what became of an item of the previous period (checker.workflows.review: GOAL_STATUSES, ITEM_STATUSES)
    "diff.status.continued": ("継承", "continued"),
    "diff.status.changed": ("変更", "changed"),
    "diff.status.merged": ("統合", "merged"),
    "diff.status.retired": ("廃止", "retired"),
    "diff.status.none": ("処置なし", "no disposition"),
    "diff.status.new": ("新規", "new"),
    "diff.status.carried": ("継承", "carried"),
    "diff.status.dropped": ("脱落", "dropped"),
    # the fields a change names (checker.workflows.review.changes)
    "diff.field.id": ("ID", "id"),
    "diff.field.title": ("名称", "title"),
    "diff.field.aliases": ("別名", "aliases"),
    "diff.field.theme": ("テーマ", "theme"),
    "diff.field.themes": ("テーマ", "themes"),
    "diff.field.municipality": ("市町村", "municipality"),
    "diff.field.prefecture": ("都道府県", "prefecture"),
    "diff.field.period": ("期間", "period"),
    "diff.field.extension": ("延長後の期間", "extended period"),
    "diff.field.decided": ("決定日", "decided"),
    "diff.field.adopted": ("策定日", "adopted"),
    "diff.field.published": ("公表日", "published"),
    "diff.field.released": ("公表日", "released"),
    "diff.field.valid": ("有効年度", "valid years"),
    "diff.field.declared": ("記載件数", "declared counts"),
    "diff.field.lists": ("一覧の範囲", "lists"),
    "diff.field.kind": ("種別", "kind"),
    "diff.field.unit": ("単位", "unit"),
    "diff.field.baseline": ("基準値", "baseline"),
    "diff.field.target": ("目標値", "target"),
    "diff.field.direction": ("方向", "direction"),
    "diff.field.outcome": ("アウトカム指標", "outcome"),
    "diff.field.source": ("出典", "source"),
    "diff.field.department": ("所管課", "department"),
    "diff.field.regional_plan": ("地域再生計画", "regional plan"),
    "diff.field.serves_as_strategy": ("総合戦略を兼ねる", "serves as strategy"),
    "diff.field.keeps": ("引き継ぐ内容", "keeps"),
    "diff.field.year": ("年", "year"),
    "diff.field.population": ("人口", "population"),
    "diff.field.basis": ("算出基礎", "basis"),
    "diff.field.considers": ("勘案", "considers"),
    "diff.field.continues": ("前期からの継続", "continues"),
    "diff.field.part_of": ("所属", "part of"),
    "diff.field.measures": ("測る対象", "measures"),
    "diff.field.funds": ("対象事業", "funds"),
    "diff.field.programme": ("交付金制度", "programme"),
    "diff.field.predecessor": ("前期の戦略", "predecessor"),
    "diff.field.merges_into": ("統合先", "merges into"),
    "diff.field.vision": ("人口ビジョン", "population vision"),
    "diff.field.projection": ("将来推計人口", "projection"),
    "diff.field.supersedes": ("置き換える文書", "supersedes"),
    "diff.field.retired": ("廃止", "retired"),
    "diff.field.unaddressed": ("対応しない目標", "not addressed"),
    # the kinds of indicator (a node type is named by label.*)
    "diff.type.population_target": ("人口目標", "population target"),
    "diff.type.numerical_target": ("数値目標", "numerical target"),
    "diff.type.kpi": ("KPI", "KPI"),
    # -- `plancheck diff --git` (checker/workflows/review/git.py: ReviewError) -----------------------------------
    "git.not_installed": ("git が見つかりません。git をインストールしてください", "git is not installed; install git to use --git"),
    "git.invalid_revision": ("リビジョン {rev!r} は使えません", "invalid revision {rev!r}"),
    "git.unknown_revision": ("リビジョン {rev!r} がリポジトリにありません（git log で確認してください）",
        "unknown revision {rev!r} (see git log)"),
    "git.cannot_list": ("{commit} の内容を読めません: {error}", "cannot list {commit}: {error}"),
    "git.ended_early": ("git cat-file の出力が途中で終わりました", "git cat-file ended early"),
    "git.missing_object": ("リポジトリにオブジェクト {obj} がありません（浅いクローンか破損の可能性）",
        "object {obj} is missing from the repository (a shallow clone, or corrupt)"),
    "git.range": ("範囲 {rev_range!r} は REV1..REV2 の形で指定してください（REV2 を省くと作業ツリー）",
        "give the range as REV1..REV2 (REV2 empty: the working tree), not {rev_range!r}"),
    "git.not_a_repository": ("{folder} は git リポジトリの中にありません", "{folder} is not inside a git repository"),
    "git.working_tree": ("{path}（作業ツリー）", "{path} (working tree)"),  # the newer side of diff --git REV1..
    "git.outside": ("{folder} はリポジトリ {top} の外にあります", "{folder} is outside the repository {top}"),
    # -- a baseline file that cannot be used (checker/workflows/baseline.py: BaselineError; {file}: before the Japanese)
    "baseline.unusable": ("基準ファイルを使えません — {problem}。{fix}", "unusable baseline file — {problem}; {fix}"),
    "baseline.cannot_read": ("読めません（{reason}）", "cannot read it ({reason})"),
    "baseline.not_utf8": ("UTF-8 のテキストではありません", "not UTF-8 text"),
    "baseline.not_yaml": ("YAML として読めません（{where}{message}）", "not valid YAML{where}: {message}"),
    "baseline.at_line": ("{line}行目: ", " at line {line}"),  # {where} above
    "baseline.not_baseline": ("基準ファイルの形式ではありません（'violations' の一覧がありません）",
        "not a baseline file (no 'violations' list)"),
    "baseline.version": ("形式の版 plancheck_baseline: {version!r} に対応していません（{expected} のみ）",
        "unsupported format version plancheck_baseline: {version!r} (expected {expected})"),
    "baseline.not_list": ("'violations' が一覧ではありません", "'violations' is not a list"),
    "baseline.entry_not_mapping": ("violations の {i} 件目が項目の組（key: value）ではありません",
        "entry {i} of 'violations' is not a mapping"),
    "baseline.entry_unknown_keys": ("violations の {i} 件目に不明な項目 {keys} があります（使える項目: {allowed}）",
        "entry {i} of 'violations' has unknown key(s) {keys} (allowed: {allowed})"),
    "baseline.entry_missing": ("violations の {i} 件目に {keys} がありません", "entry {i} of 'violations' lacks {keys}"),
    "baseline.entry_related": ("violations の {i} 件目の related が文字列の一覧ではありません",
        "'related' of entry {i} is not a list of strings"),
    "baseline.fix": ("plancheck baseline write で作り直してください", "regenerate it with plancheck baseline write"),
    "baseline.fix_keys": ("項目名を直すか、plancheck baseline write で作り直してください",
        "correct the key, or regenerate the file with plancheck baseline write"),
    # -- what a check says about the files and the run (checker/api.py, checker/batch.py, checker/parallel.py)
    "check.no_kind": ("注意: {file} にはトップレベルの `kind:` がないため、計画ファイルとして読み込んでいません",
        "note: {file} has no top-level `kind:`, so it was not read as a plan file"),
    "check.more_without_kind": ("注意: ほかに {more} 個の YAML ファイルにも `kind:` がありません",
        "note: {more} more YAML files have no `kind:`"),
    "check.no_plan_files": ("計画ファイルが見つかりません: {where}（計画ファイルはトップレベルに `kind:` のある YAML ファイルです。"
        "書き方: docs/plan-format.md、同梱の例: plancheck check --example）",
        "no plan files found in {where} (files need a top-level `kind:`; how to write them: "
        "docs/plan-format.md; the bundled example: plancheck check --example)"),
    "check.here": ("現在のフォルダ（.）", "the current folder (.)"),  # {where} above
    "check.without_kind": ("。kind: のない YAML: {files}", "; YAML without kind: {files}"),  # after no_plan_files
    "check.worker_died": ("作業プロセスが異常終了しました（メモリ不足か強制終了）。処理中だったもの: {items}。"
        "--jobs 1 で再実行すると原因の箇所が分かります",
        "a worker process died (out of memory, or killed) while working on: {items}; rerun with --jobs 1 to find the cause"),
    # -- configuration (checker/api.py: UnknownRulePattern; checker/rules.py: RuleError) ----------------
    "config.heading": ("設定エラー", "configuration error"),
    "config.unknown_pattern": ("{option} {pattern}: 該当するルールがありません（{did_you_mean}一覧: plancheck rules）",
        "{option} {pattern}: matches no rule ({did_you_mean}list: plancheck rules)"),
    "config.did_you_mean": ("{rules} の誤りではありませんか。", "did you mean {rules}? "),
    # -- an output that cannot be written (checker/output.py: OutputError) ----------------------------
    "output.cannot_write": ("{path} に書き込めません: {reason}", "cannot write {path}: {reason}"),
    "output.is_folder": ("フォルダです。ファイル名を指定してください", "is a folder; give a file name"),
    "output.same_file": ("出力先 {other} と同じファイルです。別の名前にしてください",
        "the same file as the output {other}; give each output its own file"),
    "output.is_input": ("検査する計画ファイルの1つです。報告は別の場所に書いてください",
        "it is one of the files being checked; write the report elsewhere"),
    # why writing failed, by errno
    "output.reason.disk_full": ("ディスクの空きがありません", "disk full"),
    "output.reason.quota": ("ディスクの割り当てを超えました", "disk quota exceeded"),
    "output.reason.read_only": ("読み取り専用の場所です", "read-only file system"),
    "output.reason.permission": ("書き込む権限がありません", "permission denied"),
    "output.reason.folder": ("フォルダです", "is a folder"),
    "output.reason.not_a_folder": ("途中のパスがフォルダではありません", "a part of the path is not a folder"),
    "output.reason.too_long": ("パスが長すぎます", "path too long"),
    # -- why the cache is not used ({reason} of cli.no_cache; checker/load/cache.py: ParseCache.disabled_reason)
    "cache.symbolic_link": ("{path} はシンボリックリンクです", "{path} is a symbolic link"),
    "cache.not_folder": ("{path} はフォルダではありません", "{path} is not a folder"),
    "cache.not_file": ("{path} は通常のファイルではありません", "{path} is not a file"),
    "cache.other_owner": ("{path} はほかのユーザーのものです", "{path} belongs to another user"),
    "cache.writable_by_others": ("{path} はほかのユーザーも書き込めます", "{path} can be written by other users"),
    "cache.readable_by_others": ("{path} はほかのユーザーも読めます", "{path} can be read by other users"),
    "cache.cannot_create_folder": ("キャッシュのフォルダ {folder} を作れません: {error}",
        "cannot create the cache folder {folder}: {error}"),
    "cache.unreadable": ("{path} を読めません: {error}", "{path} cannot be read: {error}"),
    "cache.not_a_key": ("{path} は plancheck の鍵ではありません（削除すれば新しい鍵を作ります）",
        "{path} is not a plancheck key (delete it to make a new one)"),
    "cache.cannot_create": ("{path} を作れません", "cannot create {path}"),
    "cache.cannot_create_key": ("{folder} に鍵を作れません: {error}", "cannot create a key in {folder}: {error}"),
    "cache.cannot_create_file": ("{path} を作れません: {error}", "cannot create {path}: {error}"),
    # -- the command line (cli.py); where no --lang applies, printed as "ja / en" (bilingual()) ------
    "cli.as_of_no_day": ("日まで書いてください（例: 2026-04-01、R8-04-01、令和8年4月1日）",
        "a day is needed (e.g. 2026-04-01, R8-04-01, 令和8年4月1日)"),
    "cli.input_error_line": ("plancheck: {where}: {rule} {message}（この図には含まれていません）",
                             "plancheck: {where}: {rule} {message} (left out of the diagram)"),
    "cli.example_and_paths": ("--example と計画のパスは同時に指定できません", "give plan paths or --example, not both"),
    "cli.progress.files": ("読み込み", "reading files"),
    "cli.progress.municipalities": ("検査", "checking municipalities"),
    "cli.format_unknown": ("--output {output}: 拡張子 {suffix} から形式が分かりません。--format を指定するか、"
        "次の拡張子のファイル名にしてください: {extensions}",
        "--output {output}: cannot tell the format from the extension {suffix}; give --format, "
        "or name the file with one of: {extensions}"),
    "cli.no_extension": ("（なし）", "(none)"),  # {suffix} above
    "cli.format_unavailable": ("形式 {fmt}（拡張子 {suffix}）はこの plancheck では使えません。使える形式: {formats}",
        "the format {fmt!r} (from {suffix}) is not available; choose one of: {formats}"),
    "cli.format_output_pairs": ("--format と --output は1つずつ対にしてください（端末は '-'）",
        "give one --output per --format (use '-' for the terminal)"),
    "cli.format_output_clash": ("--format {fmt} と --output {output}（{meant} の拡張子）が食い違っています。--format を省くか、"
        "ファイル名を {better} にしてください",
        "--format {fmt} clashes with --output {output} (a {meant} file name): drop --format, or name the file {better}"),
    "cli.internal_error": ("内部エラー", "internal error"),
    "cli.report_bug": ("--debug で詳細を表示し、不具合として報告してください", "rerun with --debug and report it as a bug"),
    "cli.no_cache": ("キャッシュを使わずに検査します: {reason}", "checking without the cache: {reason}"),
    "cli.baseline_input_errors": ("入力エラーがあるため基準を書けません", "cannot write a baseline while input errors remain"),
    "cli.init_done": ("（ ）の記入例を書き換えてから検査してください", "replace the （ ） placeholders, then:"),  # + the command
    "cli.basis_unverified": ("根拠未確認", "basis unverified"),  # plancheck rules
    "cli.rule_count": ("ルール {n}件", "{n} rules"),  # the last line of plancheck rules
    "cli.unknown_rule": ("ルール「{rule}」はありません（一覧: plancheck rules）", "unknown rule {rule!r} (see: plancheck rules)"),
    "cli.needs_output": ("--format {fmt} は端末に出力できません。--output でファイルを指定してください",
        "--format {fmt} needs --output FILE"),
    "cli.diff_git_one_folder": ("--git にはフォルダを1つだけ指定してください: plancheck diff フォルダ --git REV1..REV2",
        "with --git give one folder: plancheck diff FOLDER --git REV1..REV2"),
    "cli.diff_two_folders": ("フォルダを2つ（plancheck diff 旧 新）か、--git REV1..REV2 を指定してください",
        "give two folders (plancheck diff OLD NEW) or --git REV1..REV2"),
    # what was written (stderr; plancheck init: stdout)
    "cli.wrote": ("{path} を書き込みました", "wrote {path}"),
    "cli.wrote_baseline": ("{path} を書き込みました（違反 {n}件）", "wrote {path} ({n} violations)"),
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


def bilingual(key: str, /, **params: Any) -> str:
    """"ja / en" of `key`: for what the command line prints before (or regardless of) --lang."""
    return " / ".join(both(key, **params))


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


def listing(items: Iterable[str], sep: str = "list") -> Both:
    """Items as each language lists them: 長野県、東京都 / 長野県, 東京都 (sep.list; or another
    sep.*: "or" gives PER-009、PER / PER-009 or PER)."""
    items = list(items)
    return Both(t(f"sep.{sep}", "ja").join(items), t(f"sep.{sep}", "en").join(items))


def params(text: str) -> set[str]:
    """The {param} names a catalogue text takes."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(text) if name}
