/**
 * Text made safe for an XML 1.0 document. Log text reaches the JUnit report only through these
 * functions, whose output has its own type: a raw string cannot be spliced in by mistake.
 */
declare const ESCAPED: unique symbol;
export type XmlText = string & { readonly [ESCAPED]: true };

/**
 * Characters XML 1.0 forbids anywhere, even escaped (`Char` production): C0 controls other than
 * tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. Logs carry them (a stray ESC, NUL from a
 * binary write); they become U+FFFD.
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

export function xmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD');
}

/** Element content. `>` is escaped too, so `]]>` cannot appear; CR is kept as a reference. */
export function xmlText(value: string): XmlText {
  return xmlChars(value).replace(/[&<>\r]/g, (c) => ENTITIES[c] ?? c) as XmlText;
}

/**
 * An attribute value for double quotes. Tab, LF and CR are written as references: a parser
 * would otherwise turn them into spaces (attribute-value normalisation).
 */
export function xmlAttr(value: string | number): XmlText {
  return xmlChars(String(value)).replace(/[&<>"\t\n\r]/g, (c) => ENTITIES[c] ?? c) as XmlText;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** `<name a="1" b="2"`: a start tag's opening, attributes escaped and in the order given. */
export function openTag(name: string, attributes: Readonly<Record<string, string | number>>) {
  const attrs = Object.entries(attributes).map(([key, value]) => ` ${key}="${xmlAttr(value)}"`);
  return `<${name}${attrs.join('')}` as XmlText;
}
