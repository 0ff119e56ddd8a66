/**
 * The editor's look, added to the widget's shadow root when the editor first
 * opens. It builds on the dialog's colours (`--accent`, `--line`, …) and
 * classes (`.secondary`, `.primary`, `.visually-hidden`). The
 * canvas takes no touch gestures of the browser's own (`touch-action: none`),
 * so a finger draws instead of scrolling, and tools keep 44px targets.
 */
export const EDITOR_CSS = `
.editor h3{margin:0 0 8px;font-size:16px;font-weight:650}
.editor .toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 8px}
.editor .tools{display:flex;flex-wrap:wrap;gap:4px;margin:0;padding:0;border:0}
.editor .tool{position:relative;display:block;margin:0;font-weight:500}
.editor .tool input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.editor .tool span{
  display:flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;
  padding:0 10px;border:1px solid var(--line);border-radius:8px;
}
.editor .tool input:checked+span{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.editor .tool input:focus-visible+span{outline:3px solid var(--accent);outline-offset:2px}
.editor .history{display:flex;gap:4px;margin-left:auto}
.editor [aria-disabled=true]{opacity:.5;cursor:default}
.editor .note{margin:0 0 8px}
.editor .note input{
  display:block;width:100%;min-height:44px;padding:8px 12px;border:1px solid var(--line);
  border-radius:8px;background:var(--bg);color:var(--fg);font:inherit;font-size:16px;
}
.editor .note .hint{margin:4px 0 0}
.editor .stage{display:flex;justify-content:center;background:#0f172a;border-radius:8px;overflow:hidden}
.editor canvas{
  display:block;max-width:100%;max-height:calc(100vh - 330px);min-height:120px;
  touch-action:none;cursor:crosshair;
}
.editor canvas:focus-visible{outline:3px solid var(--accent);outline-offset:-3px}
.editor .editor-body>.hint{margin:6px 0 0}
.editor .failure{margin:8px 0 0;color:var(--danger)}
.editor-actions{display:flex;gap:8px;justify-content:flex-end;margin:12px 0 0}
.editor-actions .primary{width:auto}
@media (max-width:480px){
  .editor canvas{max-height:calc(100vh - 360px)}
  .editor .history{margin-left:0}
  .editor-actions>*{flex:1}
}
`;
