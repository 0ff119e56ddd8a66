/**
 * The dialog's look: a card beside the button on wide screens, a sheet along
 * the bottom on phones (480px and narrower), 44px touch targets (WCAG 2.5.5),
 * dark colours on request, and no motion for those who ask for none.
 */
export const DIALOG_CSS = `
[hidden]{display:none!important}
.backdrop{
  position:fixed;inset:0;display:flex;align-items:flex-end;justify-content:flex-end;
  box-sizing:border-box;padding:20px 20px 84px;background:rgba(15,23,42,.35);
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
}
.backdrop.left{justify-content:flex-start}
.dialog{
  --bg:#fff;--fg:#1b1f29;--muted:#535b6b;--line:#b9c0cf;
  --accent:#1f4fd1;--on-accent:#fff;--danger:#b42318;
  box-sizing:border-box;width:400px;max-width:100%;max-height:100%;overflow:auto;
  padding:16px 20px 20px;border-radius:14px;background:var(--bg);color:var(--fg);
  box-shadow:0 12px 40px rgba(0,0,0,.3);text-align:left;
}
@media (prefers-color-scheme:dark){
  .dialog{
    --bg:#1b1f29;--fg:#eef1f7;--muted:#aeb6c6;--line:#566079;
    --accent:#9bb8ff;--on-accent:#0b1530;--danger:#ffa197;
  }
}
.dialog *{box-sizing:border-box}
.dialog:focus{outline:none}
.header{display:flex;align-items:center;justify-content:space-between;gap:12px;margin:0 0 8px}
h2{margin:0;font-size:18px;font-weight:650;line-height:1.3}
.field{margin:0 0 14px}
fieldset{min-width:0;padding:0;border:0}
label,legend{display:block;margin:0 0 4px;padding:0;font-weight:600}
legend{margin-bottom:6px}
.choices{display:grid;grid-template-columns:1fr 1fr;gap:6px}
.choice{
  display:flex;align-items:center;gap:8px;min-height:44px;margin:0;padding:6px 10px;
  border:1px solid var(--line);border-radius:8px;font-weight:400;line-height:1.25;cursor:pointer;
}
.choice:last-child:nth-child(odd){grid-column:1/-1}
.choice:has(:checked){border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
.choice input,.check input{flex:none;width:18px;height:18px;margin:0;accent-color:var(--accent)}
.hint{margin:0 0 6px;color:var(--muted);font-size:13px}
textarea,input[type=email]{
  display:block;width:100%;min-height:44px;margin:0;padding:10px 12px;
  border:1px solid var(--line);border-radius:8px;background:var(--bg);color:var(--fg);
  font:inherit;font-size:16px;
}
textarea{min-height:100px;resize:vertical}
[aria-invalid=true]{border:2px solid var(--danger)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.error{margin:6px 0 0;color:var(--danger);font-size:14px}
.check{display:flex;align-items:center;gap:10px;min-height:44px;margin:0 0 10px;font-weight:400}
button{font:inherit;cursor:pointer}
/* A transparent border shows in forced colours, which drop the background. */
.primary{
  display:block;width:100%;min-height:44px;padding:8px 16px;border:2px solid transparent;
  border-radius:8px;background:var(--accent);color:var(--on-accent);font-weight:600;
}
.primary:disabled{opacity:.7;cursor:progress}
/* Send stays in view while the form scrolls in a short window. */
.actions{position:sticky;bottom:-20px;margin:0 0 -20px;padding:8px 0 20px;background:var(--bg)}
.close{
  display:inline-flex;align-items:center;justify-content:center;flex:none;
  width:44px;height:44px;margin:0 -10px 0 0;padding:0;border:0;border-radius:8px;
  background:transparent;color:var(--fg);
}
.close svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}
.status p{margin:0 0 10px}
.status .failure{color:var(--danger)}
.thanks{font-size:16px}
.thanks strong{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;letter-spacing:.04em}
.done{margin-top:4px}
/* The screenshot: a preview with its actions, and the other sources. */
.shot h3.label{font-size:inherit;line-height:inherit}
.shot:focus{outline:none}
.shot .preview{
  display:block;max-width:100%;max-height:180px;margin:0 0 8px;
  border:1px solid var(--line);border-radius:8px;background:var(--line);
}
.row{display:flex;flex-wrap:wrap;gap:8px}
.secondary{
  display:inline-flex;align-items:center;justify-content:center;min-height:44px;margin:0;
  padding:0 14px;border:1px solid var(--line);border-radius:8px;
  background:var(--bg);color:var(--fg);font-weight:500;
}
.secondary:disabled{opacity:.6;cursor:default}
.file{cursor:pointer}
.file:focus-within{outline:3px solid var(--accent);outline-offset:2px}
.visually-hidden{
  position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
  clip:rect(0 0 0 0);white-space:nowrap;border:0;
}
/* Marking up wants room: the card fills the window (the launcher's corner
   too), and the editor's canvas takes what the tools leave. */
.backdrop.editing{padding:20px;justify-content:center}
.dialog.wide{display:flex;flex-direction:column;width:min(1100px,100%);height:100%}
@media (max-width:480px){
  .backdrop{padding:0;justify-content:stretch}
  .dialog{
    width:100%;max-height:92vh;border-radius:16px 16px 0 0;
    padding-bottom:max(20px,env(safe-area-inset-bottom));
  }
  .backdrop.editing{padding:0}
  .dialog.wide{
    max-height:100%;padding:12px 12px max(12px,env(safe-area-inset-bottom));border-radius:0;
  }
}
@media (prefers-reduced-motion:no-preference){
  .dialog{animation:hypercare-rise .18s ease-out}
  @keyframes hypercare-rise{from{transform:translateY(12px);opacity:0}}
}
`;
