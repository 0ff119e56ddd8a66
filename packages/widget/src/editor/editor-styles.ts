/**
 * The editor's look, added to the widget's shadow root when the editor first
 * opens. It builds on the dialog's colours (`--accent`, `--line`, …) and
 * classes (`.secondary`, `.primary`, `.visually-hidden`). The editor fills
 * the dialog and the canvas takes the room the tools leave, so the actions
 * stay in view on any screen. The canvas takes no touch gestures of the
 * browser's own (`touch-action: none`), so a finger draws instead of
 * scrolling; every control keeps a 44px target (WCAG 2.5.5).
 */
export const EDITOR_CSS = `
.editor{display:flex;flex:1;flex-direction:column;min-height:0}
.editor:focus{outline:none}
.editor h3{margin:0 0 8px;font-size:16px;font-weight:650}
.editor-body{display:flex;flex:1;flex-direction:column;min-height:0}
.editor .toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 8px}
.editor .tools{display:flex;flex-wrap:wrap;gap:4px;margin:0;padding:0;border:0}
.editor .tool{position:relative;display:block;margin:0;font-weight:500}
.editor .tool input{
  position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer;
}
.editor .tool span{
  display:flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;
  padding:0 10px;border:1px solid var(--line);border-radius:8px;
}
.editor .tool input:checked+span{
  border-color:var(--accent);background:var(--accent);color:var(--on-accent);
}
.editor .tool input:focus-visible+span{outline:3px solid var(--accent);outline-offset:2px}
.editor .history{display:flex;gap:4px;margin-left:auto}
.editor [aria-disabled=true]{opacity:.5;cursor:default}
.editor .note{margin:0 0 8px}
.editor .note input{
  display:block;width:100%;min-height:44px;padding:8px 12px;border:1px solid var(--line);
  border-radius:8px;background:var(--bg);color:var(--fg);font:inherit;font-size:16px;
}
.editor .note .hint{margin:4px 0 0}
.editor .stage{
  display:flex;flex:1;align-items:center;justify-content:center;min-height:120px;
  overflow:hidden;border-radius:8px;background:#0f172a;
}
.editor canvas{display:block;max-width:100%;max-height:100%;touch-action:none;cursor:crosshair}
.editor canvas:focus-visible{outline:3px solid var(--accent);outline-offset:-3px}
.editor-body>.hint{margin:6px 0 0}
.editor .failure{margin:8px 0 0;color:var(--danger)}
.editor-actions{display:flex;gap:8px;justify-content:flex-end;margin:10px 0 0}
.editor-actions .primary{width:auto}
/* Forced colours drop backgrounds, so the chosen tool gets an outline too. */
@media (forced-colors:active){
  .editor .tool input:checked+span{outline:3px solid Highlight;outline-offset:-3px}
}
@media (max-width:480px){
  .editor .tools{display:grid;flex:1 1 100%;grid-template-columns:repeat(6,1fr)}
  .editor .tool span{min-width:0;padding:0 2px;font-size:12px}
  .editor .history{flex:1 1 100%;margin:0}
  .editor .history>*,.editor-actions>*{flex:1}
  /* Phones are touched; the keyboard's help stays for screen readers. */
  .editor-body>.hint{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
}
`;
