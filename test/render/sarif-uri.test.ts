import { Ajv } from 'ajv';
import { default as addFormats } from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeFile, sourceRootUri } from '../../src/render/sarif-uri.js';

const ajv = new Ajv();
addFormats.default(ajv);
const isUriReference = ajv.compile({ type: 'string', format: 'uri-reference' });
const isUri = ajv.compile({ type: 'string', format: 'uri' });

describe('placeFile', () => {
  it('writes files under the root relative to SRCROOT, others as file URIs', () => {
    expect(placeFile('/src/proj/a/b.c', '/src/proj/')).toEqual({
      where: 'root',
      artifact: { uri: 'a/b.c', uriBaseId: 'SRCROOT' },
    });
    expect(placeFile('/src/proj/./a/../b.c', '/src/proj')?.artifact.uri).toBe('b.c');
    expect(placeFile('/src/other/b.c', '/src/proj')).toEqual({
      where: 'absolute',
      artifact: { uri: 'file:///src/other/b.c' },
    });
    expect(placeFile('/src/projector/b.c', '/src/proj')?.where).toBe('absolute');
  });

  it('reads relative paths as relative to the root, unless they climb out of it', () => {
    expect(placeFile('./Objects/call.c', '/src')?.artifact).toEqual({
      uri: 'Objects/call.c',
      uriBaseId: 'SRCROOT',
    });
    expect(placeFile('Objects/call.c', null)?.where).toBe('root');
    expect(placeFile('../examples/Example.h', '/src')).toBeNull();
    expect(placeFile('.', '/src')).toBeNull();
  });

  it('writes Windows paths as file URIs with their drive', () => {
    expect(placeFile('C:\\work\\proj\\a b.cpp', null)?.artifact.uri).toBe(
      'file:///C:/work/proj/a%20b.cpp',
    );
    expect(placeFile('C:\\work\\proj\\src\\a.cpp', 'C:\\work\\proj')?.artifact).toEqual({
      uri: 'src/a.cpp',
      uriBaseId: 'SRCROOT',
    });
  });

  it('gives the root a file URI ending in a slash, and none when it is relative', () => {
    expect(sourceRootUri('/home/me/src')).toBe('file:///home/me/src/');
    expect(sourceRootUri('/home/me/src/')).toBe('file:///home/me/src/');
    expect(sourceRootUri('/home/me/my src')).toBe('file:///home/me/my%20src/');
    expect(sourceRootUri('.')).toBeNull();
  });

  it('always makes a valid URI reference, whatever the path holds', () => {
    const segment = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
      fc.constantFrom('..', '.', 'a:b', '%41', '#', '?x=1', 'c++', ' '),
    );
    const path = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 5 }));
    fc.assert(
      fc.property(
        path,
        fc.option(fc.constant('/root'), { nil: null }),
        ([absolute, parts], root) => {
          const file = `${absolute ? '/' : ''}${parts.join('/')}`;
          const placed = placeFile(file, root);
          if (placed === null) return;
          expect(isUriReference(placed.artifact.uri)).toBe(true);
          if (placed.where === 'absolute') expect(isUri(placed.artifact.uri)).toBe(true);
          else expect(placed.artifact.uri).not.toMatch(/^[A-Za-z][\w+.-]*:/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
