"""The class report as one self-contained HTML page: inline CSS, bars drawn in CSS, nothing fetched, every text escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from massage_quiz import __version__, ownedfile
from massage_quiz.report.ranking import AT_RISK, MEASURE, SAFETY, ClassReport, Share, Trainee, Weakness, when, who
from massage_quiz.report.table import AT_RISK_RULE, at_risk_heading, heading, percent, trainee_topics

GENERATOR = "massage-quiz report"
# The page may load nothing at all: a reference slipped in by mistake is blocked, not fetched.
CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"

_CSS = """
:root { color-scheme: light; --ink: #1d2430; --muted: #535c6b; --bar: #b83d0b; --track: #eef0f3; --line: #dde1e7;
  --risk: #fde6dc; --risk-ink: #8a2a05; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
.who { margin: 0; color: var(--muted); }
.measure { margin: 1rem 0 0; padding: .5rem .75rem; background: #f6f7f9; border-left: 4px solid var(--bar); }
ol.bars { list-style: none; margin: 0; padding: 0; }
ol.bars > li { padding: .6rem 0; border-bottom: 1px solid var(--line); break-inside: avoid; }
.label { font-weight: 600; overflow-wrap: anywhere; }
.rank { color: var(--muted); font-variant-numeric: tabular-nums; }
.row { display: flex; align-items: center; gap: .6rem; margin-top: .3rem; }
.track { flex: 1; height: .95rem; background: var(--track); border: 1px solid #b9bfc9; border-radius: 3px; overflow: hidden; }
.fill { display: block; height: 100%; background: var(--bar); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.share { flex: 0 0 3.2rem; text-align: right; font-weight: 600; font-variant-numeric: tabular-nums; }
.figures { margin-top: .15rem; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.figures b { color: var(--ink); white-space: nowrap; }
ul.missed { margin: .35rem 0 0; padding-left: 1.1rem; font-size: .9rem; }
ul.missed li { margin: .15rem 0; }
ul.missed b { font-variant-numeric: tabular-nums; white-space: nowrap; }
.none, footer, .rule { color: var(--muted); }
.rule { margin: 0 0 .5rem; font-size: .9rem; }
.scroll { overflow-x: auto; }
table.people { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.people th, table.people td { padding: .35rem .4rem; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
table.people th:first-child, table.people td:first-child { text-align: left; overflow-wrap: anywhere; min-width: 6.5rem; }
table.people thead th { font-size: .8rem; color: var(--muted); font-weight: 600; overflow-wrap: normal; word-break: normal; }
table.people td small { display: block; color: var(--muted); font-size: .75rem; white-space: nowrap; }
table.people td.risk { background: var(--risk); color: var(--risk-ink); font-weight: 700;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table.people td.risk small { color: var(--risk-ink); }
table.people tr.at-risk td:first-child { font-weight: 700; }
.tag { display: inline-block; margin-left: .3rem; padding: 0 .3rem; border-radius: 3px; background: var(--bar); color: #fff;
  font-size: .7rem; font-weight: 600; vertical-align: middle; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: 2rem; font-size: .8rem; }
@page { margin: 15mm; }
@media (max-width: 30rem) {
  main { padding: 1rem .6rem 2rem; }
  table.people th, table.people td { padding: .3rem .2rem; }
  table.people thead th { font-size: .7rem; }
}
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .measure { background: none; }
  h2 { break-after: avoid; }
  .scroll { overflow: visible; }
}
"""


def _track(share: float, what: str) -> str:
    return (
        f'<div class="row"><span class="track" role="img" aria-label="{percent(round(share * 10000), 10000)} {what}">'
        f'<span class="fill" style="width:{100 * share:.1f}%" data-share="{share:.4f}"></span></span>'
        f'<span class="share">{percent(round(share * 10000), 10000)}</span></div>'
    )


def _bar(w: Weakness, rank: int | None) -> str:
    if rank is None:
        label = escape(w.key.capitalize())
        about = f"{w.trainees} trainee{'s' if w.trainees != 1 else ''} · "
    else:
        label = f'<span class="rank">{rank}.</span> {escape(w.label)}'
        about = escape(w.key) + ("" if w.known else " (no longer in the content)") + " · "
    return (
        f'<li><div class="label">{label}</div>{_track(w.share, "of first tries wrong")}'
        f'<div class="figures">{about}<b>{w.days_wrong} of {w.days}</b> first tries wrong · '
        f"{w.wrong} of {w.attempts} answers wrong</div></li>"
    )


MISSED_WIDTH = 140  # characters of a missed question shown in the safety list; the whole question is its tooltip


def _missed(label: str) -> str:
    if len(label) <= MISSED_WIDTH:
        return escape(label)
    return f'<span title="{escape(label)}">{escape(label[: MISSED_WIDTH - 1].rstrip())}…</span>'


def _at_risk(p: Trainee) -> str:
    safety = p.safety
    assert safety is not None  # at risk means safety questions were answered
    missed = "".join(f"<li><b>{m.days_wrong} of {m.days}</b> · {_missed(m.label)}</li>" for m in p.missed)
    file = Path(p.source).name
    return (
        f'<li><div class="label">{escape(p.label)}</div>{_track(safety.share, "of first tries at safety questions wrong")}'
        f'<div class="figures"><b>{safety.wrong} of {safety.of}</b> first tries at questions on {SAFETY} wrong'
        f"{'' if file == p.label else ' · ' + escape(file)}</div>"
        f'<ul class="missed" aria-label="Safety questions missed at a first try">{missed}</ul></li>'
    )


# Where a topic's name may break on a phone: the table's columns then fit 390 pixels.
_BREAKS = {
    "contraindications": "Contra&shy;indi&shy;cations",
    "techniques": "Tech&shy;niques",
    "acupoints": "Acu&shy;points",
    "questions": "Ques&shy;tions",
}


def _cell(share: Share | None, topic: str) -> str:
    if share is None:
        return '<td class="empty">–</td>'
    # Only the safety column is tinted: "at risk" is defined there, and a page all tinted shows nothing.
    risk = ' class="risk"' if topic == SAFETY and share.wrong and share.share >= AT_RISK else ""
    return (
        f'<td{risk} data-wrong="{share.wrong}" data-of="{share.of}">{percent(share.wrong, share.of)}'
        f"<small>{share.wrong}/{share.of}</small></td>"
    )


def _person_row(p: Trainee, topics: list[str]) -> str:
    mark, tag = (' class="at-risk"', '<span class="tag">at risk</span>') if p.at_risk else ("", "")
    cells = "".join(_cell(p.topics.get(t), t) for t in topics)
    return f'<tr{mark}><th scope="row">{escape(p.label)}{tag}</th>{cells}</tr>'


def _people(report: ClassReport) -> str:
    topics = trainee_topics(report)
    head = "".join(f'<th scope="col">{_BREAKS.get(t) or escape(t.capitalize())}</th>' for t in topics)
    rows = "".join(_person_row(p, topics) for p in report.people)
    return (
        '<div class="scroll"><table class="people" id="people">'
        f'<thead><tr><th scope="col">Trainee</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
    )


def page(report: ClassReport, top: int) -> str:
    """The whole page: who and when, the measure, safety, trainees by topic, the topics and the ``top`` weakest items."""
    weak = report.weak_items
    shown = weak[:top]
    topics = "".join(_bar(w, None) for w in report.topics)
    if shown:
        items = f'<h2>{heading(len(shown), len(weak))}</h2><ol class="bars" id="items">{"".join(_bar(w, n) for n, w in enumerate(shown, 1))}</ol>'
    else:
        items = '<h2>Weakest questions</h2><p class="none">No trainee answered any question wrong.</p>'
    at_risk = "".join(_at_risk(p) for p in report.at_risk)
    safety = f'<ol class="bars" id="at-risk">{at_risk}</ol>' if at_risk else ""
    if report.no_safety:
        names = ", ".join(escape(p.label) for p in report.no_safety)
        safety += f'<p class="none" id="no-safety">Not yet asked any question on {SAFETY}: {names}.</p>'
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{CSP}"
        f'<meta name="generator" content="{GENERATOR}">'
        f"<title>Where the class is weak</title><style>{_CSS}</style></head>\n"
        "<body><main><h1>Where the class is weak</h1>"
        f'<p class="who">{escape(who(report))}, {escape(when(report))}.</p>'
        f'<p class="measure">{escape(MEASURE)}</p>'
        f'<h2>{escape(at_risk_heading(report))}</h2><p class="rule">{escape(AT_RISK_RULE)}</p>{safety}'
        "<h2>Trainees: first tries wrong per topic</h2>"
        f"{_people(report)}"
        f'<h2>Topics</h2><ol class="bars" id="topics">{topics}</ol>'
        f"{items}"
        f"<footer>Made by massage-quiz {escape(__version__)} from the trainees' progress summaries "
        "(massage-quiz stats --export).</footer></main></body></html>\n"
    )


def write(report: ClassReport, target: Path, top: int, force: bool = False) -> None:
    """Write the page to ``target`` atomically, never over a file that is not a report massage-quiz wrote (unless ``force``)."""
    ownedfile.write(target, page(report, top), is_report, "a class report massage-quiz wrote", "class-report.html", force)


def is_report(path: Path) -> bool:
    """Whether ``path`` holds a class report massage-quiz wrote."""
    with path.open("rb") as handle:
        return f'<meta name="generator" content="{GENERATOR}">'.encode() in handle.read(2000)
