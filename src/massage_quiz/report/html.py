"""The class report as one self-contained HTML page: inline CSS, bars drawn in CSS, nothing fetched, every text escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from massage_quiz import __version__, ownedfile
from massage_quiz.report.ranking import MEASURE, ClassReport, Weakness, when, who
from massage_quiz.report.table import heading, percent

GENERATOR = "massage-quiz report"
# The page may load nothing at all: a reference slipped in by mistake is blocked, not fetched.
CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"

_CSS = """
:root { color-scheme: light; --ink: #1d2430; --muted: #535c6b; --bar: #b83d0b; --track: #eef0f3; --line: #dde1e7; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink);
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .25rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
.who { margin: 0; color: var(--muted); }
.measure { margin: 1rem 0 0; padding: .5rem .75rem; background: #f6f7f9; border-left: 4px solid var(--bar); }
ol.bars { list-style: none; margin: 0; padding: 0; }
ol.bars li { padding: .6rem 0; border-bottom: 1px solid var(--line); break-inside: avoid; }
.label { font-weight: 600; overflow-wrap: anywhere; }
.rank { color: var(--muted); font-variant-numeric: tabular-nums; }
.row { display: flex; align-items: center; gap: .6rem; margin-top: .3rem; }
.track { flex: 1; height: .95rem; background: var(--track); border: 1px solid #b9bfc9; border-radius: 3px; overflow: hidden; }
.fill { display: block; height: 100%; background: var(--bar); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.share { flex: 0 0 3.2rem; text-align: right; font-weight: 600; font-variant-numeric: tabular-nums; }
.figures { margin-top: .15rem; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.figures b { color: var(--ink); white-space: nowrap; }
.none, footer { color: var(--muted); }
footer { margin-top: 2rem; font-size: .8rem; }
@page { margin: 15mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .measure { background: none; }
  h2 { break-after: avoid; }
}
"""


def _bar(w: Weakness, rank: int | None) -> str:
    share = percent(w.wrong_last, w.answered)
    if rank is None:
        label = escape(w.key.capitalize())
        about = f"{w.trainees} trainee{'s' if w.trainees != 1 else ''} · "
    else:
        label = f'<span class="rank">{rank}.</span> {escape(w.label)}'
        about = escape(w.key) + ("" if w.known else " (no longer in the content)") + " · "
    return (
        f'<li><div class="label">{label}</div>'
        f'<div class="row"><span class="track" role="img" aria-label="{share} wrong last time">'
        f'<span class="fill" style="width:{100 * w.share:.1f}%" data-share="{w.share:.4f}"></span></span>'
        f'<span class="share">{share}</span></div>'
        f'<div class="figures">{about}<b>{w.wrong_last} of {w.answered}</b> wrong last time · '
        f"{w.wrong} of {w.attempts} answers wrong</div></li>"
    )


def page(report: ClassReport, top: int) -> str:
    """The whole page: who and when, the measure, the topics and the ``top`` weakest items, each with its bar."""
    weak = report.weak_items
    shown = weak[:top]
    topics = "".join(_bar(w, None) for w in report.topics)
    if shown:
        items = f'<h2>{heading(len(shown), len(weak))}</h2><ol class="bars" id="items">{"".join(_bar(w, n) for n, w in enumerate(shown, 1))}</ol>'
    else:
        items = '<h2>Weakest questions</h2><p class="none">No trainee answered any question wrong.</p>'
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{CSP}"
        f'<meta name="generator" content="{GENERATOR}">'
        f"<title>Where the class is weak</title><style>{_CSS}</style></head>\n"
        "<body><main><h1>Where the class is weak</h1>"
        f'<p class="who">{escape(who(report))}, {escape(when(report))}.</p>'
        f'<p class="measure">{escape(MEASURE)}</p>'
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
