// The console's texts come from the theme's messages (keys agentGrantConsole.*), served by the console for the
// admin's language. They are java.text.MessageFormat patterns: {0}, {1}… are arguments and '' is an apostrophe.

let texts = {};
let language = 'en';

export async function loadMessages(baseUrl) {
  const response = await fetch(`${baseUrl}messages`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The console's texts could not be loaded (${response.status})`);
  const body = await response.json();
  texts = body.messages || {};
  language = body.locale || 'en';
}

export function locale() {
  return language;
}

/** The text of {@code key} with its arguments; the key itself when the bundle lacks it, so a gap shows. */
export function t(key, ...args) {
  const pattern = texts[key];
  if (pattern === undefined) return key;
  return format(pattern, args);
}

export function format(pattern, args) {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") { out += "'"; i += 1; continue; }
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) { out += pattern.slice(i + 1); break; }
      out += pattern.slice(i + 1, end);
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      const index = Number(pattern.slice(i + 1, end));
      out += end > i && Number.isInteger(index) && args[index] !== undefined ? String(args[index]) : '';
      i = end < 0 ? pattern.length : end;
    } else {
      out += c;
    }
  }
  return out;
}

/** A time in epoch seconds, in the admin's language, with the date. */
export function dateTime(epochSeconds) {
  if (epochSeconds === undefined || epochSeconds === null) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' })
    .format(new Date(epochSeconds * 1000));
}
