/**
 * The one script of Incident Lens's webviews (the story and insights; never record text): it runs
 * under the page's nonce. It turns clicks on `data-target` elements into a message with the
 * target's index (the extension acts on the targets it rendered, never on what the page says),
 * follows in-page `#event-N` links, refuses every other navigation, replaces the page's `<main>` in
 * place on updates and keeps the scroll position (across updates, and across the panel being
 * hidden and shown again).
 */
export const WEBVIEW_SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  const main = document.querySelector('main[data-version]');
  let version = Number(main.getAttribute('data-version'));
  const saved = vscode.getState();
  if (saved && typeof saved.scrollY === 'number' && saved.id === main.getAttribute('data-id')) window.scrollTo(0, saved.scrollY);
  let queued = false;
  window.addEventListener('scroll', function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      vscode.setState({ id: main.getAttribute('data-id'), scrollY: window.scrollY });
    });
  });
  document.addEventListener('click', function (event) {
    const element = event.target instanceof Element ? event.target.closest('a, button') : null;
    if (!element) return;
    event.preventDefault();
    const target = element.getAttribute('data-target');
    if (target !== null) {
      vscode.postMessage({ type: 'open', target: Number(target), version: version });
      return;
    }
    const href = element.getAttribute('href') || '';
    if (href.charAt(0) === '#') {
      const destination = document.getElementById(href.slice(1));
      if (destination) {
        destination.scrollIntoView({ block: 'center' });
        destination.focus({ preventScroll: true });
      }
    }
  });
  document.addEventListener('keydown', function (event) {
    // A link without an address (the insights') opens on Enter as on a click.
    if (event.key === 'Enter' && event.target instanceof Element && event.target.matches('a[data-target]:not([href])')) event.target.click();
  });
  window.addEventListener('message', function (event) {
    const message = event.data;
    if (!message || message.type !== 'update' || typeof message.html !== 'string') return;
    const y = window.scrollY;
    main.innerHTML = message.html;
    version = message.version;
    window.scrollTo(0, y);
  });
})();`;
