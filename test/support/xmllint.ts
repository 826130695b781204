import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { FIXTURES } from './fixtures.js';

const JUNIT_XSD = {
  fileName: 'junit-10.xsd',
  contents: readFileSync(join(FIXTURES, 'schemas', 'junit-10.xsd'), 'utf8'),
};

/** xmllint's complaints about a JUnit report against Jenkins' junit-10.xsd; empty when valid. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [JUNIT_XSD],
    maxMemoryPages: memoryPages.GiB,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** The string value of an XPath expression, as a conforming XML parser reads the document. */
export async function xpathString(xml: string, expression: string): Promise<string> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    normalization: 'c14n',
    // xmllint prints the value to stdout, which the library returns as `normalized`.
    modifyArguments: (args) =>
      args.flatMap((a) => (a === '--c14n' ? ['--xpath', expression] : [a])),
  });
  if (!result.valid) throw new Error(`not well-formed: ${result.rawOutput}`);
  return result.normalized.replace(/\n$/, '');
}

/** Several string values in one xmllint run (each run starts a worker). */
export async function xpathStrings(xml: string, expressions: readonly string[]): Promise<string[]> {
  const SEPARATOR = '\u241E';
  if (expressions.length === 0) return [];
  const parts = expressions.map((e) => `string(${e})`);
  const joined = parts.length === 1 ? parts[0]! : `concat(${parts.join(`, '${SEPARATOR}', `)})`;
  return (await xpathString(xml, joined)).split(SEPARATOR);
}
