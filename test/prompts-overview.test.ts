import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectOverview } from '../scripts/lib/prompts.ts';

test('projectOverview: the first lines of the Project Overview section (table)', () => {
  const cases: Array<{ name: string; text: string; max?: number; want: string }> = [
    { name: 'no such section', text: '# Context\n\n## Other\nx\n', want: '' },
    { name: 'leading blank lines skipped, next heading ends it', text: '## Project Overview\n\n\nOne.\nTwo.\n## Next\nThree.\n', want: 'One.\nTwo.' },
    { name: 'a heading inside a fence does not end it', text: '## 🎯 Project Overview\nA\n```\n# not a heading\n```\nB\n# End\n', want: 'A\n```\n# not a heading\n```\nB' },
    { name: 'capped at max lines', text: '## Project overview\n1\n2\n3\n4\n', max: 2, want: '1\n2' },
    { name: 'CRLF line ends', text: '## Project Overview\r\nA\r\nB\r\n## X\r\n', want: 'A\nB' },
    { name: 'section at the end of the file', text: '## Project Overview\nlast line', want: 'last line' },
  ];
  for (const c of cases) assert.equal(projectOverview(c.text, c.max), c.want, c.name);
});
