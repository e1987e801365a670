"""Inline CSS shared by the HTML reports (screen and print)."""

from typing import Final

CSS: Final = """
:root { --ink:#1d2433; --muted:#5b6475; --line:#d9dee7; --bg:#f6f7fb; --card:#fff;
  --listening:#2f6fde; --empathy:#b0459b; --resolution:#1f8a5b; --harmful:#c8361f; }
* { box-sizing: border-box; }
body { margin:0; padding:24px; background:var(--bg); color:var(--ink);
  font:15px/1.45 "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width: 920px; margin: 0 auto; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 12px; }
.sub { color: var(--muted); margin: 0 0 16px; }
section { background:var(--card); border:1px solid var(--line); border-radius:10px;
  padding:16px 20px; margin:0 0 16px; }
.badges span { display:inline-block; padding:2px 10px; border-radius:12px; margin-right:6px;
  font-size:13px; background:#e8ebf2; }
.badges .ok { background:#d9f2e5; color:#11643f; } .badges .bad { background:#fbe0db; color:#8c2413; }
.scores { display:grid; grid-template-columns: 110px 1fr 44px; gap:6px 10px; align-items:center; }
.bar { height:12px; background:#e8ebf2; border-radius:6px; overflow:hidden; }
.bar i { display:block; height:100%; background:var(--listening); }
.bar.empathy i { background:var(--empathy); } .bar.resolution i { background:var(--resolution); }
.bar.overall i { background:var(--ink); }
.turn { display:flex; margin:10px 0; break-inside: avoid; }
.turn .bubble { max-width: 78%; padding:10px 14px; border-radius:12px; border:1px solid var(--line); }
.turn.customer .bubble { background:#fff6ec; border-color:#f1d7b8; }
.turn.trainee { justify-content:flex-end; }
.turn.trainee .bubble { background:#eef4ff; border-color:#cfdcf6; }
.who { font-size:12px; color:var(--muted); margin-bottom:2px; }
mark { padding:0 2px; border-radius:3px; background:#fff1a8; color:inherit; }
mark.listening { background:#d6e4ff; box-shadow: inset 0 -2px var(--listening); }
mark.empathy { background:#f6dcf0; box-shadow: inset 0 -2px var(--empathy); }
mark.resolution { background:#d3f1e2; box-shadow: inset 0 -2px var(--resolution); }
mark.harmful { background:#fcd9d2; box-shadow: inset 0 -2px var(--harmful); }
.chips { margin-top:6px; } .chip { display:inline-block; font-size:12px; padding:1px 8px;
  border-radius:10px; margin:2px 4px 0 0; color:#fff; background:var(--muted); }
.chip.listening { background:var(--listening); } .chip.empathy { background:var(--empathy); }
.chip.resolution { background:var(--resolution); } .chip.harmful { background:var(--harmful); }
.meta { font-size:12px; color:var(--muted); margin-top:4px; }
.obs { font-size:13px; margin-top:6px; padding:6px 8px; background:#fffbe6;
  border-left:3px solid #e0b400; border-radius:4px; }
table { border-collapse:collapse; width:100%; font-size:14px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
td.hit { color:#11643f; font-weight:bold; } td.miss { color:#8c2413; font-weight:bold; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
svg { width:100%; height:auto; display:block; }
ul.tips li { margin-bottom:4px; }
.empty { color:var(--muted); font-style:italic; }
@media print {
  body { background:#fff; padding:0; font-size:12px; }
  section { border:none; border-top:1px solid #999; border-radius:0; padding:8px 0; break-inside:avoid-page; }
  .turn .bubble { border-color:#999; }
  mark, .chip, .bar i { -webkit-print-color-adjust:exact; print-color-adjust:exact; }
  a { color:inherit; text-decoration:none; }
}
"""
