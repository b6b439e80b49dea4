/**
 * Locale support for the sandbox. QuickJS is built without `Intl`, and its own `toLocaleString`
 * ignores the locale (`(1234.5).toLocaleString('en-US')` gives "1234.5"): a silently wrong
 * answer the model would pass on. This script, run before the prelude, replaces those methods
 * with an en-US implementation that matches Node's ICU output for what it supports (numbers:
 * decimal, percent and common currencies, grouping and fraction digits; dates: the en-US patterns
 * for year/month/day/weekday/hour/minute/second, dateStyle/timeStyle, local time or UTC; string
 * comparison of Latin and Hangul text), and throws a RangeError that says so for anything else
 * (another locale, an unsupported option, a time zone it cannot name). test/executors/
 * guest-locale.test.ts compares it with the host's Intl.
 *
 * Called with the model-facing messages; model code may replace these methods afterwards, which
 * only changes what its own formatting returns.
 */
export const GUEST_LOCALE = String.raw`
(function (messages) {
  'use strict';
  const fail = (what) => {
    throw new RangeError(messages.localeUnsupported.replace('{{what}}', what[0].toUpperCase() + what.slice(1)));
  };

  function checkLocale(locales) {
    if (locales === undefined) return;
    const list = Array.isArray(locales) ? locales : [locales];
    if (list.length === 0) return;
    const first = String(list[0]);
    if (!/^en(-US)?$/i.test(first)) fail('the locale ' + JSON.stringify(first) + ' (only en-US is available)');
  }

  function checkOptions(options, allowed) {
    if (options === undefined) return {};
    if (options === null || typeof options !== 'object') throw new TypeError('Options must be an object.');
    for (const key of Object.keys(options)) if (options[key] !== undefined && !allowed.includes(key)) fail('the option ' + key);
    return options;
  }

  // ---- numbers ----
  const CURRENCIES = { USD: ['$', 2], EUR: ['€', 2], GBP: ['£', 2], JPY: ['¥', 0], KRW: ['₩', 0], INR: ['₹', 2], CNY: ['CN¥', 2], CAD: ['CA$', 2], AUD: ['A$', 2], MXN: ['MX$', 2], BRL: ['R$', 2], CHF: ['CHF\u00a0', 2] };
  const NUMBER_OPTIONS = ['style', 'currency', 'currencyDisplay', 'minimumIntegerDigits', 'minimumFractionDigits', 'maximumFractionDigits', 'useGrouping', 'localeMatcher', 'numberingSystem'];

  function digitsOption(options, key, fallback) {
    const value = options[key];
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0 || number > 100) throw new RangeError(key + ' value is out of range.');
    return number;
  }

  function numberFormatter(locales, givenOptions) {
    checkLocale(locales);
    const options = checkOptions(givenOptions, NUMBER_OPTIONS);
    if (options.numberingSystem !== undefined && options.numberingSystem !== 'latn') fail('the numbering system ' + options.numberingSystem);
    const style = options.style === undefined ? 'decimal' : String(options.style);
    if (!['decimal', 'percent', 'currency'].includes(style)) fail('the style ' + JSON.stringify(style));
    let prefix = '';
    let defaultDigits = style === 'decimal' ? [0, 3] : [0, 0];
    if (style === 'currency') {
      if (options.currency === undefined) throw new TypeError('Currency code is required with currency style.');
      const code = String(options.currency).toUpperCase();
      const display = options.currencyDisplay === undefined ? 'symbol' : String(options.currencyDisplay);
      const known = CURRENCIES[code];
      if (!known) fail('the currency ' + code);
      if (display === 'code') prefix = code + '\u00a0';
      else if (display === 'symbol' || display === 'narrowSymbol') prefix = display === 'narrowSymbol' ? known[0].replace(/^[A-Z]+(?=\W)|\u00a0$/g, '') : known[0];
      else fail('the currencyDisplay ' + display);
      defaultDigits = [known[1], known[1]];
    }
    let minimumFraction = digitsOption(options, 'minimumFractionDigits', undefined);
    let maximumFraction = digitsOption(options, 'maximumFractionDigits', undefined);
    if (minimumFraction === undefined && maximumFraction === undefined) [minimumFraction, maximumFraction] = defaultDigits;
    else if (minimumFraction === undefined) minimumFraction = Math.min(defaultDigits[0], maximumFraction);
    else if (maximumFraction === undefined) maximumFraction = Math.max(defaultDigits[1], minimumFraction);
    else if (minimumFraction > maximumFraction) throw new RangeError('maximumFractionDigits value is out of range.');
    const minimumInteger = Math.max(1, digitsOption(options, 'minimumIntegerDigits', 1));
    const grouping = options.useGrouping === undefined ? true : options.useGrouping !== false && options.useGrouping !== 'false';
    const resolved = { locale: 'en-US', numberingSystem: 'latn', style, minimumIntegerDigits: minimumInteger, minimumFractionDigits: minimumFraction, maximumFractionDigits: maximumFraction, useGrouping: grouping ? 'auto' : false };
    if (style === 'currency') Object.assign(resolved, { currency: String(options.currency).toUpperCase(), currencyDisplay: options.currencyDisplay || 'symbol' });
    const format = (value) => {
      if (typeof value === 'bigint') return formatDigits(false, String(value < 0n ? -value : value), '', value < 0n);
      const number = Number(value);
      const negative = number < 0 || Object.is(number, -0);
      // ICU drops the space after a currency code before the non-numbers.
      const bare = prefix.replace(/\u00a0$/, '');
      if (Number.isNaN(number)) return bare + 'NaN' + (style === 'percent' ? '%' : '');
      if (!Number.isFinite(number)) return (negative ? '-' : '') + bare + '∞' + (style === 'percent' ? '%' : '');
      const [integer, fraction] = roundDecimal(Math.abs(number), style === 'percent' ? 2 : 0, maximumFraction);
      return formatDigits(true, integer, fraction, negative);
    };
    function formatDigits(padFraction, integer, fraction, negative) {
      let digits = integer.padStart(minimumInteger, '0');
      if (grouping) digits = digits.replace(/\B(?=(\d{3})+$)/g, ',');
      let tail = fraction.replace(/0+$/, '');
      if (padFraction || minimumFraction > 0) tail = tail.padEnd(minimumFraction, '0');
      return (negative ? '-' : '') + prefix + digits + (tail ? '.' + tail : '') + (style === 'percent' ? '%' : '');
    }
    return { format, resolved };
  }

  /** The shortest decimal form of x (≥ 0) shifted by 10^shift, rounded half away from zero to maxFraction digits: [integer, fraction]. */
  function roundDecimal(x, shift, maxFraction) {
    const [mantissa, exponentText] = x.toExponential().split('e');
    const digits = mantissa.replace('.', '');
    const point = Number(exponentText) + 1 + shift;
    let integer = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
    let fraction = point < 0 ? '0'.repeat(-point) + digits : digits.slice(Math.max(point, 0));
    if (fraction.length > maxFraction) {
      const roundUp = fraction[maxFraction] >= '5';
      fraction = fraction.slice(0, maxFraction);
      if (roundUp) {
        const bumped = (BigInt(integer + fraction) + 1n).toString().padStart(integer.length + fraction.length, '0');
        integer = bumped.slice(0, bumped.length - fraction.length) || '0';
        fraction = bumped.slice(bumped.length - fraction.length);
      }
    }
    return [integer.replace(/^0+(?=\d)/, ''), fraction];
  }

  // ---- dates ----
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const DATE_OPTIONS = ['weekday', 'year', 'month', 'day', 'hour', 'minute', 'second', 'hour12', 'timeZone', 'dateStyle', 'timeStyle', 'localeMatcher', 'formatMatcher', 'calendar', 'numberingSystem'];
  const COMPONENTS = ['weekday', 'year', 'month', 'day', 'hour', 'minute', 'second'];
  const STYLES = {
    date: { full: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, long: { year: 'numeric', month: 'long', day: 'numeric' }, medium: { year: 'numeric', month: 'short', day: 'numeric' }, short: { year: '2-digit', month: 'numeric', day: 'numeric' } },
    time: { medium: { hour: 'numeric', minute: '2-digit', second: '2-digit' }, short: { hour: 'numeric', minute: '2-digit' } },
  };

  function dateFormatter(locales, givenOptions, defaults) {
    checkLocale(locales);
    const options = checkOptions(givenOptions, DATE_OPTIONS);
    if (options.calendar !== undefined && options.calendar !== 'gregory') fail('the calendar ' + options.calendar);
    const timeZone = options.timeZone === undefined ? undefined : String(options.timeZone).toUpperCase();
    if (timeZone !== undefined && timeZone !== 'UTC' && timeZone !== 'ETC/UTC' && timeZone !== 'GMT') fail('the time zone ' + JSON.stringify(options.timeZone) + ' (local time and UTC are available)');
    const utc = timeZone !== undefined;
    let parts = {};
    let joiner = ', ';
    if (options.dateStyle !== undefined || options.timeStyle !== undefined) {
      for (const key of COMPONENTS) if (options[key] !== undefined) throw new TypeError("Can't set option " + key + ' when dateStyle or timeStyle is used');
      const dateStyle = options.dateStyle === undefined ? undefined : STYLES.date[options.dateStyle];
      const timeStyle = options.timeStyle === undefined ? undefined : STYLES.time[options.timeStyle];
      if (options.dateStyle !== undefined && !dateStyle) fail('the dateStyle ' + options.dateStyle);
      if (options.timeStyle !== undefined && !timeStyle) fail('the timeStyle ' + options.timeStyle + ' (it names the time zone)');
      parts = Object.assign({}, dateStyle, timeStyle);
      if (dateStyle && timeStyle && (options.dateStyle === 'full' || options.dateStyle === 'long')) joiner = ' at ';
    } else {
      for (const key of COMPONENTS) if (options[key] !== undefined) parts[key] = String(options[key]);
      if (Object.keys(parts).length === 0) parts = Object.assign({}, defaults);
    }
    const hour12 = options.hour12 === undefined ? true : Boolean(options.hour12);
    const format = (value) => {
      const date = value === undefined ? new Date() : new Date(typeof value === 'object' ? value.valueOf() : value);
      if (Number.isNaN(date.getTime())) return 'Invalid Date';
      const get = (name) => (utc ? date['getUTC' + name]() : date['get' + name]());
      const datePart = formatDatePart(parts, get('FullYear'), get('Month'), get('Date'), get('Day'));
      const timePart = formatTimePart(parts, get('Hours'), get('Minutes'), get('Seconds'), hour12);
      return [datePart, timePart].filter(Boolean).join(joiner);
    };
    const resolved = { locale: 'en-US', calendar: 'gregory', numberingSystem: 'latn', timeZone: utc ? 'UTC' : undefined };
    return { format, resolved, utc };
  }

  const twoDigits = (n) => String(n).padStart(2, '0');
  const numeric = (n, style) => (style === '2-digit' ? twoDigits(n % 100) : String(n));

  function formatDatePart(parts, year, month, day, weekday) {
    const { weekday: w, year: y, month: m, day: d } = parts;
    if (!w && !y && !m && !d) return '';
    const weekdayText = w ? (w === 'long' ? WEEKDAYS[weekday] : w === 'short' ? WEEKDAYS[weekday].slice(0, 3) : w === 'narrow' ? WEEKDAYS[weekday][0] : fail('weekday ' + w)) : '';
    const yearText = y ? (y === 'numeric' ? String(year) : y === '2-digit' ? twoDigits(year % 100) : fail('year ' + y)) : '';
    const dayText = d ? (d === 'numeric' || d === '2-digit' ? numeric(day, d) : fail('day ' + d)) : '';
    let body;
    if (!m) {
      if (y && d) fail('a date with a year and a day but no month');
      body = yearText || dayText;
    } else if (m === 'numeric' || m === '2-digit') {
      body = [numeric(month + 1, m), dayText, yearText].filter(Boolean).join('/');
    } else {
      const name = m === 'long' ? MONTHS[month] : m === 'short' ? MONTHS[month].slice(0, 3) : m === 'narrow' ? MONTHS[month][0] : fail('month ' + m);
      body = name + (dayText ? ' ' + dayText : '') + (yearText ? (dayText ? ', ' : ' ') + yearText : '');
    }
    return weekdayText ? (body ? weekdayText + ', ' + body : weekdayText) : body;
  }

  function formatTimePart(parts, hours, minutes, seconds, hour12) {
    const { hour: h, minute: mi, second: s } = parts;
    if (!h && !mi && !s) return '';
    if (!h) fail('minutes or seconds without the hour');
    if (s && !mi) fail('seconds without minutes');
    let hourValue = hours;
    if (hour12) hourValue = hours % 12 === 0 ? 12 : hours % 12;
    else if (hours === 0) hourValue = 24; // what ICU gives en-US with hour12: false
    const fields = [h === '2-digit' ? twoDigits(hourValue) : String(hourValue)];
    if (mi) fields.push(twoDigits(minutes));
    if (s) fields.push(twoDigits(seconds));
    return fields.join(':') + (hour12 ? (hours < 12 ? ' AM' : ' PM') : '');
  }

  // ---- string comparison ----
  // en-US collation of printable ASCII, as ICU orders it (spaces and punctuation first, then digits, then letters).
  const ASCII_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%\x60^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";
  const EXPANSIONS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe' };
  const STROKED = { 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'ı': 'i' };

  /** Three levels of weights per string: base letters, accents, case (lowercase first). */
  function collationKeys(text, numericDigits) {
    const primary = [];
    const secondary = [];
    const tertiary = [];
    const characters = Array.from(String(text).normalize('NFD'));
    for (let index = 0; index < characters.length; index++) {
      let character = characters[index];
      const code = character.codePointAt(0);
      if (code >= 0x300 && code <= 0x36f) {
        secondary[secondary.length - 1] = (secondary[secondary.length - 1] || 0) * 1000 + code;
        continue;
      }
      if (numericDigits && /[0-9]/.test(character)) {
        let run = character;
        while (index + 1 < characters.length && /[0-9]/.test(characters[index + 1])) run += characters[++index];
        const value = run.replace(/^0+(?=\d)/, '');
        // All within the weight of "0", below the letters: first the length, then the digits.
        const zero = ASCII_ORDER.indexOf('0') + 1;
        primary.push(zero + (value.length * 10 + Number(value[0])) / 1000, ...Array.from(value.slice(1), (digit) => zero + Number(digit) / 10));
        secondary.push(0);
        tertiary.push(0);
        continue;
      }
      const lower = character.toLowerCase();
      const upper = lower !== character ? 1 : 0;
      let accent = 0;
      if (STROKED[lower]) {
        accent = 1;
        character = STROKED[lower];
      }
      const bases = EXPANSIONS[lower] ? Array.from(EXPANSIONS[lower]) : [upper ? character.toLowerCase() : character];
      for (const base of bases) {
        const rank = ASCII_ORDER.indexOf(base);
        const baseCode = base.codePointAt(0);
        if (rank >= 0) primary.push(rank + 1);
        // NFD splits Hangul syllables into their jamo: leading consonant, vowel, trailing consonant.
        else if (baseCode >= 0x1100 && baseCode <= 0x1112) primary.push(10000 + baseCode);
        else if (baseCode >= 0x1161 && baseCode <= 0x1175) primary.push(20000 + baseCode);
        else if (baseCode >= 0x11a8 && baseCode <= 0x11c2) primary.push(30000 + baseCode);
        else fail('comparing text in this script (Latin and Hangul are available; compare code points with < instead)');
        secondary.push(accent + (EXPANSIONS[lower] ? 2 : 0));
        tertiary.push(upper);
      }
    }
    return [primary, secondary, tertiary];
  }

  function compareLists(left, right) {
    for (let index = 0; index < Math.min(left.length, right.length); index++) if (left[index] !== right[index]) return left[index] < right[index] ? -1 : 1;
    return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
  }

  function collator(locales, givenOptions) {
    checkLocale(locales);
    const options = checkOptions(givenOptions, ['sensitivity', 'numeric', 'usage', 'localeMatcher', 'ignorePunctuation', 'caseFirst']);
    if (options.ignorePunctuation) fail('ignorePunctuation');
    if (options.caseFirst !== undefined && options.caseFirst !== 'false') fail('caseFirst ' + options.caseFirst);
    const sensitivity = options.sensitivity === undefined ? 'variant' : String(options.sensitivity);
    const levels = { base: [0], accent: [0, 1], case: [0, 2], variant: [0, 1, 2] }[sensitivity] || fail('sensitivity ' + sensitivity);
    const numericDigits = Boolean(options.numeric);
    const compare = (left, right) => {
      const a = collationKeys(left, numericDigits);
      const b = collationKeys(right, numericDigits);
      for (const level of levels) {
        const order = compareLists(a[level], b[level]);
        if (order !== 0) return order;
      }
      return 0;
    };
    return { compare, resolved: { locale: 'en-US', usage: 'sort', sensitivity, ignorePunctuation: false, collation: 'default', numeric: numericDigits, caseFirst: 'false' } };
  }

  // ---- install ----
  const define = (target, name, value) => Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  define(Number.prototype, 'toLocaleString', function toLocaleString(locales, options) {
    return numberFormatter(locales, options).format(Number(this));
  });
  define(BigInt.prototype, 'toLocaleString', function toLocaleString(locales, options) {
    return numberFormatter(locales, options).format(BigInt(this));
  });
  define(Date.prototype, 'toLocaleString', function toLocaleString(locales, options) {
    return dateFormatter(locales, options, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(this);
  });
  define(Date.prototype, 'toLocaleDateString', function toLocaleDateString(locales, options) {
    return dateFormatter(locales, options, { year: 'numeric', month: 'numeric', day: 'numeric' }).format(this);
  });
  define(Date.prototype, 'toLocaleTimeString', function toLocaleTimeString(locales, options) {
    return dateFormatter(locales, options, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(this);
  });
  define(String.prototype, 'localeCompare', function localeCompare(that, locales, options) {
    return collator(locales, options).compare(String(this), String(that));
  });

  function formatterClass(name, make) {
    const Formatter = function (locales, options) {
      if (!new.target) return new Formatter(locales, options);
      const made = make(locales, options);
      if (made.format) define(this, 'format', made.format);
      if (made.compare) define(this, 'compare', made.compare);
      define(this, 'resolvedOptions', () => {
        if (name === 'DateTimeFormat' && made.resolved.timeZone === undefined) fail('naming the local time zone');
        return Object.assign({}, made.resolved);
      });
    };
    define(Formatter, 'name', name);
    define(Formatter, 'supportedLocalesOf', (locales) => (Array.isArray(locales) ? locales : [locales]).filter((locale) => /^en(-US)?$/i.test(String(locale))));
    return Formatter;
  }
  const intl = {};
  define(intl, 'NumberFormat', formatterClass('NumberFormat', (locales, options) => numberFormatter(locales, options)));
  define(intl, 'DateTimeFormat', formatterClass('DateTimeFormat', (locales, options) => dateFormatter(locales, options, { year: 'numeric', month: 'numeric', day: 'numeric' })));
  define(intl, 'Collator', formatterClass('Collator', (locales, options) => collator(locales, options)));
  for (const missing of ['PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames', 'Locale', 'DurationFormat']) {
    Object.defineProperty(intl, missing, { get: () => fail('Intl.' + missing), configurable: true });
  }
  define(intl, 'getCanonicalLocales', (locales) => {
    checkLocale(locales);
    return locales === undefined ? [] : ['en-US'];
  });
  define(globalThis, 'Intl', intl);
})
`;

/**
 * Installed in place of the locale script: the first call of a locale method (or the first look at
 * `Intl`) loads the real one through `load`, and then goes on to it. Most actions never format for a
 * locale, and compiling the script costs each sandbox ~4 ms and ~0.2 MB.
 */
export const GUEST_LOCALE_LOADER = String.raw`
(function (load) {
  'use strict';
  let loaded = false;
  const methods = [[Number.prototype, 'toLocaleString'], [BigInt.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleString'], [Date.prototype, 'toLocaleDateString'], [Date.prototype, 'toLocaleTimeString'], [String.prototype, 'localeCompare']];
  const ensure = () => {
    if (loaded) return;
    loaded = true;
    load();
  };
  for (const [target, name] of methods) {
    const stub = function () {
      ensure();
      const real = target[name];
      if (real === stub) throw new TypeError('The locale support could not be installed.');
      return Reflect.apply(real, this, arguments);
    };
    Object.defineProperty(stub, 'name', { value: name });
    Object.defineProperty(target, name, { value: stub, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(globalThis, 'Intl', {
    get() {
      ensure();
      return globalThis.Intl;
    },
    configurable: true,
    enumerable: false,
  });
})
`;
