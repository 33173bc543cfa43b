/**
 * The one clipboard port: tries the platform's copy commands in order and never throws.
 * A missing clipboard is reported (on stderr by the caller) and never changes the exit code.
 */
import { createRequire } from 'node:module';

export interface CopyResult {
  ok: boolean;
  /** The command that copied, or why nothing could. */
  detail: string;
}

export type Runner = (cmd: string, args: string[], input: string) => { status: number | null; error?: Error };

// child_process (and the net/dgram modules it pulls in) is loaded only when something is copied: start-up stays fast.
const nodeRunner: Runner = (cmd, args, input) => {
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(cmd, args, { input, stdio: ['pipe', 'ignore', 'ignore'], timeout: 3000 });
  return r.error ? { status: r.status, error: r.error } : { status: r.status };
};

export function clipboardCommands(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Array<[string, string[]]> {
  if (platform === 'darwin') return [['pbcopy', []]];
  if (platform === 'win32') return [['clip.exe', []]];
  const cmds: Array<[string, string[]]> = [];
  if (env.WAYLAND_DISPLAY) cmds.push(['wl-copy', []]);
  if (env.DISPLAY) cmds.push(['xclip', ['-selection', 'clipboard']], ['xsel', ['--clipboard', '--input']]);
  if (env.WSL_DISTRO_NAME) cmds.push(['clip.exe', []]);
  return cmds;
}

export function copyToClipboard(text: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, run: Runner = nodeRunner): CopyResult {
  const cmds = clipboardCommands(platform, env);
  if (cmds.length === 0) return { ok: false, detail: 'no clipboard on this system (no display; install wl-clipboard, xclip or xsel)' };
  const tried: string[] = [];
  for (const [cmd, args] of cmds) {
    try {
      const r = run(cmd, args, text);
      if (!r.error && r.status === 0) return { ok: true, detail: cmd };
      tried.push(`${cmd}: ${r.error ? r.error.message : `exit ${r.status}`}`);
    } catch (err) {
      tried.push(`${cmd}: ${(err as Error).message}`);
    }
  }
  return { ok: false, detail: tried.join('; ') };
}
