import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinPointer, parseJson, parseJsonFull, type JsonDocument } from '../scripts/lib/json.ts';

/** Every JSON pointer of a value (members and elements, depth first). */
function pointers(value: unknown, base = ''): string[] {
  const out = [base];
  if (Array.isArray(value)) value.forEach((v, k) => out.push(...pointers(v, joinPointer(base, k))));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pointers(v, joinPointer(base, k)));
  return out;
}

function docOf(r: ReturnType<typeof parseJson>): JsonDocument {
  assert.ok(r.ok);
  return r.doc;
}

// The fast path (JSON.parse, containers indexed on demand, line starts found by indexOf) must place every value
// and key exactly where the full parser, which records every offset while it reads, places it.
test('positions on demand equal the full parser\'s, for every value and key (table)', () => {
  const cases: Array<{ name: string; text: string }> = [
    { name: 'LF, nested', text: '{\n  "a": [1, 2, {"b": [3, [4]]}],\n  "c": {"d": {"e": null}}\n}\n' },
    { name: 'CRLF line ends', text: '{\r\n  "a": [\r\n    1,\r\n    {"b": true}\r\n  ],\r\n  "c": "x"\r\n}' },
    { name: 'lone CR line ends', text: '{\r  "a": 1,\r  "b": [\r 2\r ]\r}' },
    { name: 'brackets and escaped quotes inside strings', text: '{\n "a": "[{\\"}]", "b": ["]", "}", "\\\\"],\n "c": {"x]": "{", "y": [["\\""]]}\n}' },
    { name: 'escaped key', text: '{"a\\"b": {"c\\\\": [1]}, "d/e": {"~f": 2}}' },
    { name: 'tabs and blank lines', text: '\n\n\t{\t"a"\t:\t[\t1\t,\t2\t]\t,\n\n"b":{}}\n' },
    { name: 'empty containers', text: '{"a": [], "b": {}, "c": [[], {}], "d": [{"e": []}]}' },
    { name: 'numbers and literals', text: '[-1.5e+3, 0, true, false, null, "s", 1E2]' },
    { name: 'non-ASCII text', text: '{\n  "titre": "café ✓ 😀",\n  "liste": ["é", {"ü": "]"}]\n}' },
  ];
  for (const c of cases) {
    const fast = docOf(parseJson(c.text));
    const full = docOf(parseJsonFull(c.text));
    for (const p of pointers(JSON.parse(c.text))) {
      assert.deepEqual(fast.positionOf(p), full.positionOf(p), `${c.name}: value at ${p || '(root)'}`);
      assert.deepEqual(fast.positionOf(p, { key: true }), full.positionOf(p, { key: true }), `${c.name}: key at ${p || '(root)'}`);
    }
  }
});

test('positions: a line and column per offset, lines ending in LF, CRLF or CR', () => {
  const cases: Array<{ text: string; pointer: string; want: { line: number; column: number } }> = [
    { text: '{\n"a":\n  7}', pointer: '/a', want: { line: 3, column: 3 } },
    { text: '{\r\n"a":\r\n  7}', pointer: '/a', want: { line: 3, column: 3 } },
    { text: '{\r"a":\r  7}', pointer: '/a', want: { line: 3, column: 3 } },
    { text: '[1,\n\n\n 2]', pointer: '/1', want: { line: 4, column: 2 } },
    { text: '{"a": 1}', pointer: '/a', want: { line: 1, column: 7 } },
  ];
  for (const c of cases) assert.deepEqual(docOf(parseJson(c.text)).positionOf(c.pointer), c.want, JSON.stringify(c.text));
});
