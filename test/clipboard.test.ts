/**
 * Unit tests for scripts/lib/clipboard.ts (generation.md §5.5). Every copy goes through an injected fake runner:
 * these tests never spawn a process and never touch the real clipboard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipboardCommands, copyToClipboard, type Runner } from '../scripts/lib/clipboard.ts';

// ---------------------------------------------------------------------------------------------------------------
// Which commands are tried, in which order.
// ---------------------------------------------------------------------------------------------------------------
const commandCases: Array<{ name: string; platform: NodeJS.Platform; env: NodeJS.ProcessEnv; expected: Array<[string, string[]]> }> = [
  { name: 'macOS → pbcopy', platform: 'darwin', env: {}, expected: [['pbcopy', []]] },
  { name: 'macOS ignores DISPLAY', platform: 'darwin', env: { DISPLAY: ':0' }, expected: [['pbcopy', []]] },
  { name: 'Windows → clip.exe', platform: 'win32', env: {}, expected: [['clip.exe', []]] },
  { name: 'Linux without display → nothing', platform: 'linux', env: {}, expected: [] },
  { name: 'Linux Wayland → wl-copy', platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, expected: [['wl-copy', []]] },
  {
    name: 'Linux X11 → xclip then xsel',
    platform: 'linux',
    env: { DISPLAY: ':0' },
    expected: [
      ['xclip', ['-selection', 'clipboard']],
      ['xsel', ['--clipboard', '--input']],
    ],
  },
  {
    name: 'Linux Wayland + X11 (XWayland) → wl-copy first',
    platform: 'linux',
    env: { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' },
    expected: [
      ['wl-copy', []],
      ['xclip', ['-selection', 'clipboard']],
      ['xsel', ['--clipboard', '--input']],
    ],
  },
  { name: 'WSL → clip.exe', platform: 'linux', env: { WSL_DISTRO_NAME: 'Ubuntu' }, expected: [['clip.exe', []]] },
  {
    name: 'WSLg with DISPLAY → X11 tools, then clip.exe',
    platform: 'linux',
    env: { DISPLAY: ':0', WSL_DISTRO_NAME: 'Ubuntu' },
    expected: [
      ['xclip', ['-selection', 'clipboard']],
      ['xsel', ['--clipboard', '--input']],
      ['clip.exe', []],
    ],
  },
  { name: 'empty WAYLAND_DISPLAY counts as unset', platform: 'linux', env: { WAYLAND_DISPLAY: '' }, expected: [] },
  { name: 'other Unix with DISPLAY → X11 tools', platform: 'freebsd', env: { DISPLAY: ':0' }, expected: [['xclip', ['-selection', 'clipboard']], ['xsel', ['--clipboard', '--input']]] },
];
for (const c of commandCases) {
  test(`clipboardCommands: ${c.name}`, () => {
    assert.deepEqual(clipboardCommands(c.platform, c.env), c.expected);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// copyToClipboard with a scripted fake runner.
// ---------------------------------------------------------------------------------------------------------------
type Outcome = { status: number | null; error?: Error } | 'throw';

interface Call {
  cmd: string;
  args: string[];
  input: string;
}

/** A runner that answers each command from a script and records every call. Unscripted commands fail the test. */
function fakeRunner(script: Record<string, Outcome>): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = (cmd, args, input) => {
    calls.push({ cmd, args, input });
    const out = script[cmd];
    if (out === undefined) throw new assert.AssertionError({ message: `unexpected command ${cmd}` });
    if (out === 'throw') throw new Error(`${cmd} exploded`);
    return out;
  };
  return { run, calls };
}

const copyCases: Array<{
  name: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  script: Record<string, Outcome>;
  expected: { ok: boolean; detail: string | RegExp };
  tried: string[];
}> = [
  {
    name: 'macOS pbcopy succeeds',
    platform: 'darwin',
    env: {},
    script: { pbcopy: { status: 0 } },
    expected: { ok: true, detail: 'pbcopy' },
    tried: ['pbcopy'],
  },
  {
    name: 'X11: xclip missing (spawn error), xsel succeeds',
    platform: 'linux',
    env: { DISPLAY: ':0' },
    script: { xclip: { status: null, error: new Error('spawnSync xclip ENOENT') }, xsel: { status: 0 } },
    expected: { ok: true, detail: 'xsel' },
    tried: ['xclip', 'xsel'],
  },
  {
    name: 'Wayland first success stops the search',
    platform: 'linux',
    env: { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' },
    script: { 'wl-copy': { status: 0 } },
    expected: { ok: true, detail: 'wl-copy' },
    tried: ['wl-copy'],
  },
  {
    name: 'all fail: every reason is reported, in order',
    platform: 'linux',
    env: { DISPLAY: ':0' },
    script: { xclip: { status: 1 }, xsel: { status: null, error: new Error('spawnSync xsel ENOENT') } },
    expected: { ok: false, detail: 'xclip: exit 1; xsel: spawnSync xsel ENOENT' },
    tried: ['xclip', 'xsel'],
  },
  {
    name: 'a runner that throws is caught and the next command is tried',
    platform: 'linux',
    env: { DISPLAY: ':0' },
    script: { xclip: 'throw', xsel: { status: 0 } },
    expected: { ok: true, detail: 'xsel' },
    tried: ['xclip', 'xsel'],
  },
  {
    name: 'a runner that throws on the only command → not ok, never throws',
    platform: 'win32',
    env: {},
    script: { 'clip.exe': 'throw' },
    expected: { ok: false, detail: 'clip.exe: clip.exe exploded' },
    tried: ['clip.exe'],
  },
  {
    name: 'killed by timeout (status null, no error) is a failure',
    platform: 'darwin',
    env: {},
    script: { pbcopy: { status: null } },
    expected: { ok: false, detail: 'pbcopy: exit null' },
    tried: ['pbcopy'],
  },
  {
    name: 'exit 0 with an error is still a failure',
    platform: 'darwin',
    env: {},
    script: { pbcopy: { status: 0, error: new Error('EPIPE') } },
    expected: { ok: false, detail: 'pbcopy: EPIPE' },
    tried: ['pbcopy'],
  },
  {
    name: 'no clipboard on a headless Linux: the runner is never called',
    platform: 'linux',
    env: {},
    script: {},
    expected: { ok: false, detail: /no clipboard/ },
    tried: [],
  },
];

for (const c of copyCases) {
  test(`copyToClipboard: ${c.name}`, () => {
    const { run, calls } = fakeRunner(c.script);
    const text = 'prompt text\nwith two lines ✅';
    const r = copyToClipboard(text, c.platform, c.env, run);
    assert.equal(r.ok, c.expected.ok);
    if (typeof c.expected.detail === 'string') assert.equal(r.detail, c.expected.detail);
    else assert.match(r.detail, c.expected.detail);
    assert.deepEqual(
      calls.map((x) => x.cmd),
      c.tried,
    );
    for (const call of calls) assert.equal(call.input, text, 'the text is passed unchanged on stdin');
  });
}

test('copyToClipboard passes each command its own arguments', () => {
  const { run, calls } = fakeRunner({ xclip: { status: 2 }, xsel: { status: 0 } });
  copyToClipboard('x', 'linux', { DISPLAY: ':0' }, run);
  assert.deepEqual(calls, [
    { cmd: 'xclip', args: ['-selection', 'clipboard'], input: 'x' },
    { cmd: 'xsel', args: ['--clipboard', '--input'], input: 'x' },
  ]);
});

test('copyToClipboard copies an empty text too', () => {
  const { run, calls } = fakeRunner({ pbcopy: { status: 0 } });
  assert.deepEqual(copyToClipboard('', 'darwin', {}, run), { ok: true, detail: 'pbcopy' });
  assert.equal(calls[0]?.input, '');
});
