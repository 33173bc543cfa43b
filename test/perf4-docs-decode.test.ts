/**
 * decodeText on large texts that are not all ASCII: they are decoded piece by piece (fsio.ts, decodePieces). The
 * text must be what one validating decode of the whole gives, for every character that straddles a piece boundary,
 * for a BOM (dropped at the start only) and for every invalid sequence (refused wherever it sits).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolError } from '../scripts/lib/diagnostics.ts';
import { DECODE_PIECE_BYTES, decodeText } from '../scripts/lib/fsio.ts';

const B = DECODE_PIECE_BYTES;

/** What one decode of the whole gives (the reading before pieces): the fatal decoder, then one more BOM dropped. */
function reference(bytes: Uint8Array): string | 'E-ENCODING' {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'E-ENCODING';
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `size` bytes of ASCII text (lines of letters), with `inserts` written at their offsets. */
function bytesWith(size: number, inserts: Array<[number, number[]]>): Uint8Array {
  const out = new Uint8Array(size);
  for (let k = 0; k < size; k++) out[k] = k % 40 === 39 ? 0x0a : 0x61 + (k % 26);
  for (const [at, bs] of inserts) out.set(bs, at);
  return out;
}

const E_ACUTE = [0xc3, 0xa9];
const EURO = [0xe2, 0x82, 0xac];
const EMOJI = [0xf0, 0x9f, 0x8e, 0xaf]; // 🎯
const BOM = [0xef, 0xbb, 0xbf];

const cases: Array<{ name: string; bytes: Uint8Array; expected: string | 'E-ENCODING' }> = [];
// A character of each width at every offset around the first and the second piece boundary.
for (const [label, ch] of [
  ['é', E_ACUTE],
  ['€', EURO],
  ['🎯', EMOJI],
] as Array<[string, number[]]>) {
  for (const boundary of [B, 2 * B]) {
    for (let d = -4; d <= 1; d++) {
      const at = boundary + d;
      const bytes = bytesWith(3 * B + 100, [
        [10, EMOJI],
        [at, ch],
      ]);
      cases.push({ name: `${label} at ${boundary} ${d >= 0 ? '+' : ''}${d}`, bytes, expected: String.fromCodePoint(0x1f3af) });
    }
  }
}
// Characters everywhere (no ASCII piece at all), and only at the end.
cases.push({ name: 'é in every line', bytes: new TextEncoder().encode('ligne é\n'.repeat(Math.ceil((3 * B) / 9))), expected: '' });
cases.push({ name: 'one emoji in the last line only', bytes: bytesWith(3 * B, [[3 * B - 6, EMOJI]]), expected: '' });
cases.push({ name: 'Latin-1 characters only (a one-byte text)', bytes: bytesWith(3 * B, [[5, E_ACUTE], [B + 7, E_ACUTE]]), expected: '' });
// BOMs: dropped at the start (a second one too, as before), kept where a later piece starts with one.
cases.push({ name: 'BOM at the start', bytes: bytesWith(3 * B, [[0, BOM], [40, EMOJI]]), expected: '' });
cases.push({ name: 'two BOMs at the start', bytes: bytesWith(3 * B, [[0, [...BOM, ...BOM]], [40, EMOJI]]), expected: '' });
cases.push({ name: 'U+FEFF starting the second piece is text', bytes: bytesWith(3 * B, [[B, BOM]]), expected: '' });
cases.push({ name: 'U+FEFF starting the third piece, after an emoji', bytes: bytesWith(3 * B, [[20, EMOJI], [2 * B, BOM]]), expected: '' });
// Invalid sequences at and around the boundaries.
for (const d of [-3, -2, -1, 0, 1]) {
  cases.push({ name: `truncated 4-byte lead at ${B} ${d}`, bytes: bytesWith(3 * B, [[B + d, [0xf0, 0x9f]]]), expected: 'E-ENCODING' });
  cases.push({ name: `lone continuation byte at ${B} ${d}`, bytes: bytesWith(3 * B, [[B + d, [0x8e]]]), expected: 'E-ENCODING' });
  cases.push({ name: `four continuation bytes at ${B} ${d}`, bytes: bytesWith(3 * B, [[B + d, [0x80, 0x80, 0x80, 0x80]]]), expected: 'E-ENCODING' });
  cases.push({ name: `emoji with a fifth byte at ${B} ${d}`, bytes: bytesWith(3 * B, [[B + d, [...EMOJI, 0x80]]]), expected: 'E-ENCODING' });
}
cases.push({ name: 'overlong encoding in the last piece', bytes: bytesWith(3 * B, [[5, EMOJI], [3 * B - 10, [0xc0, 0xaf]]]), expected: 'E-ENCODING' });
cases.push({ name: 'a Latin-1 é in an ASCII-looking later piece', bytes: bytesWith(3 * B, [[5, EMOJI], [2 * B + 3, [0xe9]]]), expected: 'E-ENCODING' });
cases.push({ name: 'surrogate code point (ED A0 80) in the second piece', bytes: bytesWith(3 * B, [[B + 100, [0xed, 0xa0, 0x80]]]), expected: 'E-ENCODING' });

for (const c of cases) {
  test(`decodeText of a large text: ${c.name}`, () => {
    const want = reference(c.bytes);
    if (c.expected === 'E-ENCODING') assert.equal(want, 'E-ENCODING', 'the case itself is invalid UTF-8');
    else assert.notEqual(want, 'E-ENCODING', 'the case itself is valid UTF-8');
    if (want === 'E-ENCODING') {
      assert.throws(() => decodeText(c.bytes, 'big.md'), (err: unknown) => err instanceof ToolError && err.code === 'E-ENCODING' && err.file === 'big.md');
      return;
    }
    if (c.expected) assert.ok(want.includes(c.expected));
    const got = decodeText(c.bytes, 'big.md');
    assert.equal(got.length, want.length);
    assert.ok(got === want, 'the same text as one decode of the whole');
    // A Buffer over a part of a larger one reads from its own offset.
    const padded = Buffer.alloc(c.bytes.length + 6, 0x20);
    padded.set(c.bytes, 3);
    assert.ok(decodeText(padded.subarray(3, 3 + c.bytes.length), 'big.md') === want);
  });
}
