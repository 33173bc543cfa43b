/**
 * headerAchievement finds a document's `**Achievement**: X.Y` line by a pattern's test and reads the id back from
 * where the match ends: it must read what the capture of that pattern's match reads, text for text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerAchievement } from '../scripts/lib/evidence.ts';

/** The grammar as a regular expression (the reference the scan must match). */
const HEADER = /^\s*(?:[-*]\s+)?\*\*Achievement(?: Addressed)?\*\*\s*:\s*(?:\*\*)?\s*(?:Achievement\s+)?(\d+\.\d+(?:\.\d+)?)(?!\.?\d)/im;

const TOKENS = [
  '**Achievement**', '**achievement**', '**ACHIEVEMENT ADDRESSED**', '**Achievement Addressed**', '**Achievement  Addressed**', '**Achievement',
  '**Achievementx**', '**Status**: Planning', ':', ': ', ':**', '** ', '**', '*', '-', '- ', '* ', '*\t', '+ ', '#', '# SUBPLAN 1.1',
  'Achievement ', 'achievement\t', 'Achievement', 'Achievements ', '1', '12', '.', '2.1', '1.2.3', '1.2.3.4', '10.20.', '3.4.x', '5.6.7.', '1..2',
  ' ', '  ', '\t', '\n', '\r\n', '\r', '\u2028', '\u2029', '\u00a0', '\u1680', '\u2003', '\u200b', '\u202f', '\u3000', '\ufeff', '\u0085', '\u180e', '\v', '\f',
  'x', 'ſ', 'K', '٣', '`', '> ',
];

function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const FIXED = [
  '# SUBPLAN 1.1\n\n**Achievement**: 1.1\n',
  '**Achievement**: 1.1',
  '  - **Achievement**: Achievement 2.3 (the second)\n',
  '* **Achievement Addressed**: **3.4.5**',
  '-\n\n**Achievement**:\n\n2.1',
  '**Status**: x\n**Achievement**: 1.2.3.4\n**Achievement**: 5.6\n',
  'text **Achievement**: 1.1\n',
  '**Achievement**:1.1.',
  '**Achievement**: 1.1.1.',
  '**achievement addressed** :  **  achievement   7.8',
  '**Achievement**: ٣.١',
  '\u2028**Achievement**: 4.4',
  '\ufeff**Achievement**: 4.5',
  '\u0085**Achievement**: 4.6',
  '*\u00a0**Achievement**: 4.7',
  '',
  '*',
  '**Achievement**: 12',
];

test('headerAchievement reads what the grammar as a regular expression reads (generated heads)', () => {
  const r = rng(0x2545f491);
  const pick = (a: readonly string[]) => a[Math.floor(r() * a.length)] as string;
  let found = 0;
  const heads = [...FIXED];
  const free = () => {
    let s = '';
    const n = Math.floor(r() * 4);
    for (let j = 0; j < n; j++) s += pick(TOKENS);
    return s;
  };
  // Header lines built part by part, each part right or slightly wrong, between free text.
  const BLANKS = ['', ' ', '\t', '\n', '\r\n', ' \n ', '\u00a0', '\u2028', '\u3000', '\ufeff'];
  const NOT_BLANKS = ['\u0085', '\u200b', '\u180e', 'x'];
  // Each part: [right forms, wrong forms]; a part is right 7 times in 8.
  const parts: Array<[string[], string[]]> = [
    [['', '- ', '* ', '-\n', '*\u00a0', '  * '], ['-', '*', '+ ', 'x ', '--  ']],
    [['**Achievement', '**achievement', '**ACHIEVEMENT', '**AchieVement'], ['*Achievement', '**Achievment', '** Achievement', '**Achievementſ']],
    [['', '', ' Addressed', ' addressed'], ['  Addressed', 'Addressed', ' Adressed']],
    [['**'], ['*', '', '***']],
    [BLANKS, NOT_BLANKS],
    [[':'], [';', '', '::']],
    [BLANKS, NOT_BLANKS],
    [['', '**'], ['*', '***']],
    [BLANKS, NOT_BLANKS],
    [['', 'Achievement ', 'achievement\n', 'ACHIEVEMENT\u3000 '], ['Achievement', 'Achievements ', 'Achievement:']],
    [['1.1', '10.2', '3.4.5', '0.1 ', '2.1a', '7.8.x', '7.8.', '12.34.56\n'], ['1.2.3.4', '12', '1.', '٣.1', '1.2.3.', 'x', '.1.1', '1..2']],
  ];
  for (let k = 0; k < 60_000; k++) {
    let s = free();
    if (r() < 0.8) {
      if (r() < 0.5) s += '\n';
      s += pick(BLANKS.slice(0, 3));
      for (const [right, wrong] of parts) s += pick(r() < 0.875 ? right : wrong);
    }
    s += free();
    heads.push(s);
  }
  for (const head of heads) {
    const want = HEADER.exec(head)?.[1];
    assert.equal(headerAchievement(head), want, JSON.stringify(head));
    if (want) found++;
  }
  assert.ok(found > 5_000, `the generator yields header lines too (${found})`);
});
