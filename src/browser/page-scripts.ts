/**
 * Scripts the browser tools run inside the page. They are source text, not functions: a function's
 * `toString()` would carry whatever helpers the TypeScript transpiler added, which the page lacks.
 * What they return comes from a page the model chose and is checked on the host like any input.
 */
import type { Page } from 'playwright-core';

/** Runs `script` (a function's source) in the page with one JSON argument. */
export function evaluateScript(page: Page, script: string, argument?: unknown): Promise<unknown> {
  return page.evaluate(`(${script})(${JSON.stringify(argument ?? null)})`);
}

/**
 * The visible part of the body as simple HTML (tags, and href, alt, title and aria-label only), for
 * page_text: elements hidden by CSS are left out, form fields become a line of text rendered from
 * the `field` template, open shadow roots are read, and output stops at `limit` characters.
 */
export const VISIBLE_HTML = String.raw`({ limit, field }) => {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'HEAD', 'LINK', 'META']);
  const VOID = new Set(['BR', 'HR', 'IMG', 'WBR']);
  const ATTRIBUTES = ['href', 'alt', 'title', 'aria-label'];
  const out = [];
  let size = 0;
  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const push = (text) => { out.push(text); size += text.length; };
  const labelOf = (element) => {
    const labels = element.labels ? Array.from(element.labels).map((label) => label.innerText).join(' ') : '';
    return (labels || element.getAttribute('aria-label') || element.placeholder || element.name || element.id || '').replace(/\s+/g, ' ').trim();
  };
  const valueOf = (element) => {
    if (element.tagName === 'SELECT') return element.selectedOptions.length ? Array.from(element.selectedOptions).map((option) => option.text).join(', ') : '';
    if (element.type === 'checkbox' || element.type === 'radio') return element.checked ? 'checked' : 'not checked';
    if (element.type === 'password') return element.value ? '(hidden)' : '';
    return element.value;
  };
  const walk = (node) => {
    if (size > limit) return;
    if (node.nodeType === 3) { push(escape(node.data)); return; }
    if (node.nodeType !== 1) return;
    const element = node;
    const tag = element.tagName;
    if (SKIP.has(tag)) return;
    if (typeof element.checkVisibility === 'function' && !element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
      const kind = tag === 'INPUT' ? (element.type || 'text') : tag.toLowerCase();
      if (kind === 'hidden') return;
      if (kind === 'submit' || kind === 'button') { push(' [' + escape(element.value || labelOf(element)) + '] '); return; }
      const text = field.replace('{{kind}}', kind).replace('{{label}}', labelOf(element)).replace('{{value}}', String(valueOf(element)).slice(0, 200));
      push(' ' + escape(text) + ' ');
      return;
    }
    const name = tag.toLowerCase();
    const attributes = ATTRIBUTES.filter((attribute) => element.hasAttribute(attribute))
      .map((attribute) => ' ' + attribute + '="' + escape(String(element.getAttribute(attribute)).slice(0, 500)) + '"').join('');
    push('<' + name + attributes + '>');
    if (VOID.has(tag)) return;
    for (const child of (element.shadowRoot ? element.shadowRoot.childNodes : element.childNodes)) walk(child);
    push('</' + name + '>');
  };
  walk(document.body || document.documentElement);
  return out.join('').slice(0, limit);
}`;

/** The texts of visible links, buttons and other clickable elements, in page order (at most 300). */
export const CLICKABLE_TEXTS = String.raw`() => {
  const selector = 'a[href], button, [role=button], [role=link], [role=menuitem], [role=tab], [role=option], input[type=submit], input[type=button], summary, [onclick], label';
  const texts = [];
  for (const element of document.querySelectorAll(selector)) {
    if (texts.length >= 300) break;
    if (typeof element.checkVisibility === 'function' && !element.checkVisibility({ checkVisibilityCSS: true })) continue;
    const text = (element.innerText || element.value || element.getAttribute('aria-label') || element.title || '').replace(/\s+/g, ' ').trim();
    if (text !== '' && text.length <= 100) texts.push(text);
  }
  return texts;
}`;

/** How the visible form fields are named: label, placeholder or name (at most 50). */
export const FIELD_NAMES = String.raw`() => {
  const names = [];
  for (const element of document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select, [contenteditable=""], [contenteditable=true]')) {
    if (names.length >= 50) break;
    if (typeof element.checkVisibility === 'function' && !element.checkVisibility({ checkVisibilityCSS: true })) continue;
    const label = element.labels && element.labels.length ? Array.from(element.labels).map((l) => l.innerText).join(' ') : '';
    const name = (label || element.getAttribute('aria-label') || element.placeholder || element.name || element.id || '').replace(/\s+/g, ' ').trim();
    if (name !== '') names.push(name.slice(0, 80));
  }
  return names;
}`;

/** Whether the focused element takes typing. */
export const FOCUSED_IS_EDITABLE = String.raw`() => {
  const element = document.activeElement;
  return !!element && (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || (element.tagName === 'INPUT' && !['button', 'submit', 'checkbox', 'radio', 'hidden'].includes(element.type)));
}`;

/** Scrolls the window by `pixels` at once (no smooth scrolling) and says where it is now. */
export const SCROLL_BY = String.raw`(pixels) => {
  window.scrollBy({ top: pixels, left: 0, behavior: 'instant' });
  const root = document.scrollingElement || document.documentElement;
  return { top: Math.round(window.scrollY), height: Math.round(window.innerHeight), total: Math.round(root.scrollHeight) };
}`;

/**
 * Overlays that cover the page (dialogs, cookie and consent banners, fixed boxes over much of the
 * screen) and, in each, the button that dismisses it: a close button first, then a reject or
 * "necessary only" button, then an accept button. Marks each chosen button with
 * `data-smolagents-close` so the host can click it like a user would, and returns what it chose.
 */
export const FIND_OVERLAYS = String.raw`() => {
  const CLOSE = /^(×|✕|✖|x|close|close dialog|dismiss|no,? thanks|not now|maybe later|skip|fermer|schließen|cerrar|chiudi)$/i;
  const REJECT = /^(reject( all)?|decline( all)?|refuse( all)?|deny|only (necessary|essential)( cookies)?|necessary only|use necessary cookies only|continue without accepting|tout refuser|refuser( tout)?|continuer sans accepter|alle ablehnen|ablehnen|rechazar( todo)?)$/i;
  const ACCEPT = /^(accept( all)?( cookies)?|allow( all)?( cookies)?|agree|i agree|i accept|ok(ay)?|got it|tout accepter|accepter( et fermer)?|j'accepte|alle akzeptieren|akzeptieren|aceptar( todo)?|accetta)$/i;
  const NAMED = /cookie|consent|gdpr|privacy|modal|popup|pop-up|overlay|banner|newsletter|dialog|lightbox|interstitial/i;
  const visible = (element) => typeof element.checkVisibility !== 'function' || element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const area = innerWidth * innerHeight;
  const overlays = [];
  for (const element of document.querySelectorAll('body *')) {
    if (overlays.length >= 10) break;
    if (!visible(element) || overlays.some((overlay) => overlay.contains(element))) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const fixed = style.position === 'fixed' || style.position === 'sticky';
    const dialog = element.getAttribute('role') === 'dialog' || element.getAttribute('role') === 'alertdialog' || element.getAttribute('aria-modal') === 'true' || (element.tagName === 'DIALOG' && element.open);
    const named = NAMED.test(String(element.id) + ' ' + String(element.className));
    const large = box.width * box.height > area * 0.15;
    if (dialog || (fixed && (named || large)) || (named && large && style.position === 'absolute')) overlays.push(element);
  }
  const chosen = [];
  overlays.forEach((overlay, index) => {
    let best;
    let rank = 4;
    for (const button of overlay.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]')) {
      if (!visible(button)) continue;
      const text = (button.innerText || button.value || '').replace(/\s+/g, ' ').trim();
      const label = (button.getAttribute('aria-label') || button.title || '').trim();
      const score = CLOSE.test(text) || CLOSE.test(label) ? 1 : REJECT.test(text) ? 2 : ACCEPT.test(text) ? 3 : 4;
      if (score < rank) { rank = score; best = { button, text: text || label }; }
    }
    if (!best) return;
    best.button.setAttribute('data-smolagents-close', String(index));
    const name = overlay.id ? '#' + overlay.id : overlay.getAttribute('aria-label') || overlay.tagName.toLowerCase() + (typeof overlay.className === 'string' && overlay.className ? '.' + overlay.className.trim().split(/\s+/)[0] : '');
    chosen.push({ index, button: best.text.slice(0, 80), container: String(name).slice(0, 80) });
  });
  return chosen;
}`;

/** Takes the marks FIND_OVERLAYS left. */
export const CLEAR_OVERLAY_MARKS = String.raw`() => { for (const element of document.querySelectorAll('[data-smolagents-close]')) element.removeAttribute('data-smolagents-close'); }`;
