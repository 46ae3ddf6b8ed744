/**
 * The page's style sheet, inlined (no external assets). Colours are CSS
 * variables with a dark set for `prefers-color-scheme: dark`; focus is
 * always visible for keyboard use.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#212529;--muted:#5c6670;--line:#d5d9dd;--card:#f6f7f8;--nav:#343a40;--navfg:#e9ecef;
--job:#ffc107;--jobfg:#212529;--inst:#0b6fd6;--lbl:#13808f;--lblfg:#fff;--type:#1e7e34;--danger:#c82333;--dangerfg:#fff;
--warn:#8a5a00;--warnbg:#fff3cd;--err:#a71d2a;--errbg:#f8d7da;--ok:#155724;--okbg:#d4edda;--focus:#0b6fd6;--link:#0b5cad}
@media (prefers-color-scheme:dark){:root{--bg:#15181c;--fg:#e3e6e9;--muted:#a3acb5;--line:#3a4047;--card:#1e2227;--nav:#0d0f12;
--navfg:#e9ecef;--inst:#3d8fe6;--lbl:#1a9aab;--type:#2f9e4a;--danger:#dc3545;--warn:#ffd666;--warnbg:#3b3212;--err:#ffb3ba;
--errbg:#4a1c22;--ok:#b6e8c2;--okbg:#173a21;--focus:#6cb2ff;--link:#8cc4ff}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5em;top:.5em;z-index:9;background:var(--bg);padding:.3em .6em}
.top{display:flex;align-items:center;gap:1.2em;background:var(--nav);color:var(--navfg);padding:.55em 1em}
.brand{font-size:1.25em}.top nav a{color:#b8c0c8;text-decoration:none;margin-right:1em}.top nav a[aria-current]{color:#fff;font-weight:600}
.top nav a:hover{color:#fff}main{padding:.8em 1em 2em}
h1{font-size:1.3em;margin:.2em 0 .6em}h2{font-size:1.15em;margin:1.2em 0 .5em}
.toolbar{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin-bottom:.6em}
.toolbar input[type=text]{flex:1 1 22em;min-width:12em;font:14px ui-monospace,monospace;padding:.35em .5em}
input,select,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:.3em .6em}
button{cursor:pointer}button.danger{background:var(--danger);color:var(--dangerfg);border-color:var(--danger)}
.spacer{flex:1}.muted{color:var(--muted)}.count{background:var(--job);color:var(--jobfg);border-radius:3px;padding:0 .35em;font-weight:700}
.badge{display:inline-block;border-radius:3px;padding:.05em .4em;margin:.1em 0;font:600 12px/1.5 ui-monospace,monospace;color:var(--lblfg);background:var(--lbl);white-space:pre-wrap;word-break:break-all}
.b-job{background:var(--job);color:var(--jobfg)}.b-inst{background:var(--inst)}.b-type{background:var(--type)}
.groups{list-style:none;padding:0;margin:0;border:1px solid var(--line);border-radius:4px}
.group{border-top:1px solid var(--line);background:var(--card);padding:.5em .8em}.group:first-child{border-top:0}
.ghead{display:flex;flex-wrap:wrap;gap:.3em .8em;align-items:center}.labels{flex:1 1 auto}.meta{font-size:13px;color:var(--muted)}
.mark{display:inline-block;border-radius:1em;padding:.05em .6em;font-weight:700;font-size:13px}
.failmark{background:var(--danger);color:var(--dangerfg);font-size:16px}.stale{background:var(--warnbg);color:var(--warn)}
.reason{margin:.4em 0 0;padding:.4em .6em;border-left:4px solid var(--danger);background:var(--errbg);color:var(--err);font-size:13px}
.reason.past{border-color:var(--line);background:transparent;color:var(--muted)}
.reason code{white-space:pre-wrap;word-break:break-word}
details>summary{cursor:pointer;padding:.15em 0}.fams{margin-top:.3em}.family{margin:.3em 0 .3em 1em}
.fname{font:600 14px ui-monospace,monospace}.help{color:var(--muted)}.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid var(--line);padding:.2em .55em;text-align:left;vertical-align:top}
.series td:last-child,.values td{font-family:ui-monospace,monospace}.values{margin:0}.values th{font-weight:400}
.notice{padding:.5em .8em;border-radius:4px;margin:0 0 .6em}.notice.error,.error{background:var(--errbg);color:var(--err)}
.notice.ok{background:var(--okbg);color:var(--ok)}.error{padding:.5em .8em;border-radius:4px}
.pager{display:flex;gap:1em;align-items:center;margin:.8em 0}
dialog{border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg);max-width:34em}
dialog::backdrop{background:rgb(0 0 0/.45)}dialog h2{margin-top:0}.actions{display:flex;gap:.6em;justify-content:flex-end}
html:not(.js) .needs-js{display:none}kbd{border:1px solid var(--line);border-radius:3px;padding:0 .3em;font-size:13px}
.kv th{font-weight:600}pre{background:var(--card);padding:.5em .8em;overflow-x:auto}
`;
