// Building the page without innerHTML: every text goes in as a text node, so nothing an agent, a person or the
// server wrote can become markup, and no inline style is ever needed (the console's CSP forbids both).

/**
 * h('button', {class: 'pf-v5-c-button', onclick: fn, 'aria-label': '…'}, 'Text', child, …)
 * Attributes named on* become event listeners; false/null/undefined attributes are left out; children may be
 * strings, nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything inside {@code element} with {@code children}. */
export function replace(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let counter = 0;
/** A fresh id for label/field and aria-* pairs. */
export function uniqueId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
