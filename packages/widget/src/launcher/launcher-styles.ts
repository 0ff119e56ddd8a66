/**
 * The button's look. `all: initial !important` on the host undoes whatever
 * the page styles `div` or `[data-hypercare-root]` with (a transform or a
 * low z-index would trap the fixed button): across a shadow boundary the
 * inner declaration wins among `!important` ones (CSS Cascade 4, "Context"),
 * and inherited fonts and colours stop at the host. A page that means to
 * hide the widget sets the host's `hidden` attribute.
 */
export const LAUNCHER_CSS = `
:host{all:initial!important}
:host([hidden]){display:none!important}
.launcher{
  position:fixed;bottom:max(20px,env(safe-area-inset-bottom));right:20px;
  display:inline-flex;align-items:center;gap:8px;box-sizing:border-box;
  min-width:44px;min-height:44px;margin:0;padding:0 18px;
  border:0;border-radius:22px;background:#1f4fd1;color:#fff;
  font:600 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;
}
.launcher.left{right:auto;left:20px}
.notice{
  position:fixed;bottom:76px;right:20px;max-width:280px;margin:0;padding:10px 14px;
  border-radius:8px;background:#1b1f29;color:#fff;
  font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  box-shadow:0 4px 14px rgba(0,0,0,.25);
}
.notice.left{right:auto;left:20px}
/* Kept in the tree while empty, so screen readers track it as a live region. */
.notice:empty{padding:0;box-shadow:none}
.launcher:hover{background:#1a43b3}
.launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.launcher svg{width:18px;height:18px;fill:currentColor}
@media (prefers-color-scheme:dark){
  .launcher{background:#9bb8ff;color:#0b1530}
  .launcher:hover{background:#b7ccff}
}
/* Positioned, so its z-index lifts the dialog above the page's own layers. */
.layer{position:relative}
@media print{.launcher,.layer{display:none}}
`;
