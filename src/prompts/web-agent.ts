/**
 * What the web agent puts in front of the model: how to browse, the browser tools' descriptions,
 * what they return, their errors, and the page state added to each step's observation. Override any
 * of them with `createWebAgent({ browserPrompts: { ... } })` (groups merge key by key).
 */
export const webAgentPrompts = {
  /** Added to the system prompt's instructions. */
  instructions: `You are browsing the web in a real Chromium browser, which you drive with the browser tools (go_to, click, type_text, press, scroll, go_back, close_popups, find_on_page, page_text).
After each step you are shown a screenshot of the page as it is then, with its URL: look at it before you decide the next action.
- Do one or two browser actions per step, then look at the new screenshot: pages change after clicks, and what you expect may not be there.
- Open a page with go_to. Then move through the site the way a person would: click links and buttons by their visible text with click({ text }); use click({ selector }) only when the text is ambiguous.
- A cookie banner, newsletter box or other overlay often covers the page and blocks clicks: call close_popups() first; if it stays, click its own button ("Accept", "Close", "Reject"...).
- To reach something further down, use find_on_page({ text }) (it scrolls to the text and says how many matches there are) or scroll({ pixels: 800 }).
- Read values (names, prices, dates) with page_text() and extract them in code (string methods, regular expressions) instead of copying them from the screenshot; print what you found.
- If a page is blocked, fails to load or shows an error, say so or try another way; do not repeat the same action more than twice.
- Stop as soon as you have what the task asks for and return it with final_answer. If the site does not have it, say so in the final answer.
- Never type passwords, payment details or personal data unless the task gives them to you.`,

  /** Appended to the task when the run starts on a page (`startUrl`); `result` is what go_to said. */
  startPage: 'The browser was opened at {{url}}: {{result}}',
  /** Appended to each step's observations, with the step's screenshot. `status` is `httpStatusFragment` or ''. */
  pageState: 'Browser: now at {{url}} — "{{title}}"{{status}}. The screenshot shows the page after this step.',
  httpStatusFragment: ' (the server answered HTTP {{status}})',
  /** Said when the step could not take a screenshot (the page hung or crashed). */
  noScreenshot: 'Browser: now at {{url}}; no screenshot could be taken ({{reason}}).',

  tools: {
    goTo: {
      description: 'Opens a URL in the browser (https:// is assumed when the scheme is left out) and returns where the browser ended up.',
      urlParameter: 'The URL to open, e.g. "https://example.com/men".',
    },
    click: {
      description:
        'Clicks an element of the page: give the visible text of a link, button or other element ({ text: "Sale" }), or a CSS selector ({ selector: "#menu a.sale" }). Returns where the browser is after the click.',
      textParameter: 'The visible text of what to click (a link, a button, a label).',
      selectorParameter: 'A CSS selector of what to click, when the text is not enough.',
    },
    typeText: {
      description:
        'Types text into a field: `into` names the field by its label, placeholder or name (or is a CSS selector); without `into`, types into the focused field. Replaces what the field held.',
      textParameter: 'The text to type.',
      intoParameter: 'The field: its label, placeholder or name, or a CSS selector.',
    },
    press: {
      description: 'Presses a key or a key combination in the page, e.g. "Enter", "Escape", "Tab", "ArrowDown", "PageDown", "Control+A".',
      keyParameter: 'The key name, or keys joined with "+".',
    },
    scroll: {
      description: 'Scrolls the page by a number of pixels: positive scrolls down, negative up. Returns the new position.',
      pixelsParameter: 'How far to scroll, in pixels (e.g. 800 for about one screen down, -800 up).',
    },
    goBack: {
      description: 'Goes back to the previous page, like the browser’s back button.',
    },
    closePopups: {
      description:
        'Closes cookie banners, modal dialogs and other overlays that cover the page: presses Escape, then clicks the close (or reject, or accept) button of what is still in the way. Says what it closed.',
    },
    findOnPage: {
      description: 'Finds a text on the page like Ctrl+F: scrolls to its nth match and says how many matches there are.',
      textParameter: 'The text to look for (case does not matter).',
      nthParameter: 'Which match to scroll to, from 1 (the default).',
    },
    pageText: {
      description: 'Returns the visible text of the page as markdown (links, headings, lists, form fields and their values), cut at the tool’s limit.',
    },
  },

  results: {
    /** `status` is `httpStatusFragment` or ''. */
    at: 'Now at {{url}} — "{{title}}"{{status}}.',
    httpError:
      'Opened {{url}}, but the server answered HTTP {{status}}{{statusText}}: this is an error page, not the page you wanted. Check the URL, or go back and look for a link.',
    clicked: 'Clicked {{what}}{{matches}}. {{at}}',
    /** How a click target is named in results and errors: by its text, or by its selector. */
    textTarget: '"{{text}}"',
    selectorTarget: 'the element matching "{{selector}}"',
    moreMatchesFragment: ' (the first of {{count}} matches; use a more precise text or a selector for another)',
    typed: 'Typed "{{text}}" into {{field}}.',
    selected: 'Chose "{{text}}" in {{field}}.',
    focusedField: 'the focused field',
    pressed: 'Pressed {{key}}. {{at}}',
    scrolled: 'Scrolled {{direction}} {{pixels}} px: the screen now shows {{from}}–{{to}} px of a {{height}} px page{{end}}.',
    scrolledDown: 'down',
    scrolledUp: 'up',
    pageTopFragment: ' (the top of the page)',
    pageEndFragment: ' (the end of the page)',
    wentBack: 'Went back. {{at}}',
    closedPopups: 'Closed {{count}} overlay(s): {{closed}}.',
    closedPopup: 'clicked "{{button}}" in {{container}}',
    noPopups: 'Pressed Escape; no overlay with a close button was found. If something still covers the page, click its button by its text.',
    found: 'Found {{count}} match(es) for "{{text}}"; scrolled to match {{nth}}: "{{snippet}}".',
    pageText: '# {{title}}\nURL: {{url}}\n\n{{markdown}}',
    pageTextTruncated: '\n\n…[{{count}} more characters: use find_on_page to reach a part of the page, then page_text again]',
    emptyPage: 'The page at {{url}} shows no text.',
    /** How a form field reads in page_text(): its kind (text, email, select...), its label and its value. */
    field: '({{kind}} field "{{label}}": {{value}})',
  },

  errors: {
    invalidUrl: "'{{url}}' is not a URL: give a web address such as https://example.com/page.",
    blockedScheme: "{{url}} was not opened: the browser opens only {{schemes}} URLs.",
    blockedOrigin: '{{url}} was not opened: this browser may only visit {{origins}}.',
    /** The title of the page shown where a redirect was stopped (its text is the reason). */
    blockedPageTitle: 'Blocked by the browser policy',
    navigationTimeout: 'Loading {{url}} took longer than {{seconds}} s; the page may be partly loaded (see the next screenshot). Try again, or try another page.',
    navigationFailed: 'Could not open {{url}}: {{reason}}.',
    notFound: 'No visible element with the text "{{text}}" on this page. {{suggestions}}',
    suggestions: 'Clickable texts that come closest: {{texts}}.',
    noClickable: 'The page has no visible link or button.',
    selectorNotFound: 'No visible element matches the selector "{{selector}}".',
    invalidSelector: '"{{selector}}" is not a valid CSS selector: {{reason}}.',
    covered: 'Could not click {{what}}: {{cover}} is on top of it (a popup or an overlay). Call close_popups(), or click the overlay’s own button, then try again.',
    notClickable: 'Could not click {{what}}: {{reason}}.',
    notReady: 'it was not ready within {{seconds}} s',
    clickArguments: 'Give click either { text } (the visible text of what to click) or { selector } (a CSS selector), not both and not neither.',
    fieldNotFound: 'No field labelled, named or described as "{{into}}" on this page. Fields on the page: {{fields}}.',
    noFields: 'The page has no visible text field.',
    noFocusedField: 'No field has the focus: say which field to type into with `into` (its label, placeholder or name).',
    notEditable: 'Could not type into {{field}}: {{reason}}.',
    unknownKey: '"{{key}}" is not a key name: use names such as Enter, Escape, Tab, Backspace, ArrowDown, PageDown, or a combination such as Control+A.',
    noHistory: 'There is no earlier page to go back to.',
    textNotOnPage: 'The text "{{text}}" is not on this page (nothing visible contains it).',
    nthTooLarge: 'There are only {{count}} match(es) for "{{text}}"; ask for match 1 to {{count}}.',
    closed: 'The browser was closed: no page can be used in this run any more.',
    actionTimeout: '{{action}} did not finish within {{seconds}} s: the page may be busy. Look at the next screenshot and try again.',
  },

  /** Things that happened in the browser during an action, appended to what the tool returns. */
  notices: {
    blockedNavigation: 'The page tried to go to {{url}}, which was blocked: {{reason}}',
    dialog: 'The page showed a {{type}} dialog saying "{{message}}"; it was dismissed.',
    downloadRefused: 'The page started a download ("{{file}}"), which was refused: downloads are off in this browser.',
    downloadSaved: 'The page downloaded "{{file}}"; it was saved to {{path}}.',
    downloadFailed: 'The page started a download ("{{file}}"), which failed: {{reason}}.',
    popup: 'The page opened a new tab at {{url}}; the browser now works in that tab.',
  },
};

export type WebAgentPrompts = typeof webAgentPrompts;

/** Every prompt optional; the groups (tools, results, errors, notices) merge key by key, tools tool by tool. */
export type WebAgentPromptOverrides = {
  [Key in keyof WebAgentPrompts]?:
    | (WebAgentPrompts[Key] extends string ? string : { [Inner in keyof WebAgentPrompts[Key]]?: WebAgentPrompts[Key][Inner] extends string ? string : Partial<WebAgentPrompts[Key][Inner]> })
    | undefined;
};

export function mergeWebAgentPrompts(overrides: WebAgentPromptOverrides | undefined): WebAgentPrompts {
  if (!overrides) return webAgentPrompts;
  const merged: Record<string, unknown> = { ...webAgentPrompts };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const base = (webAgentPrompts as Record<string, unknown>)[key];
    if (base === undefined) throw new TypeError(`Unknown web agent prompt '${key}'. Known prompts: ${Object.keys(webAgentPrompts).join(', ')}.`);
    if (typeof base === 'string') {
      merged[key] = value;
      continue;
    }
    const group: Record<string, unknown> = { ...(base as object) };
    for (const [inner, innerValue] of Object.entries(value as object)) {
      const innerBase = (base as Record<string, unknown>)[inner];
      if (innerBase === undefined) throw new TypeError(`Unknown web agent prompt '${key}.${inner}'.`);
      group[inner] = typeof innerBase === 'object' ? { ...(innerBase as object), ...(innerValue as object) } : innerValue;
    }
    merged[key] = group;
  }
  return merged as WebAgentPrompts;
}
