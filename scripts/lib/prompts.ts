/**
 * Prompt rendering: eta templates looked up by name, workspace overrides first
 * (`<root>/.methodology/templates/<name>.eta`), then plugins (last registered wins), then the built-in set.
 * The data given to templates is built here from the core's results; templates hold no logic beyond layout.
 */
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { basename, dirname, join } from 'node:path';
import { Eta } from 'eta/core';
import { ToolError } from './diagnostics.ts';
import { names } from './filenames.ts';
import { archiveInstruction, type DocDirs } from './evidence.ts';
import { achievementSection, handoffLines, type Achievement } from './plan.ts';
import { headingKey, scanMarkdown } from './markdown.ts';
import type { PlanAnalysis, Progress } from './analysis.ts';
import { countedExecutions, type AchievementState, type State } from './state.ts';
import type { Limits } from './config.ts';
import type { PluginRegistry } from '../../plugins/registry.ts';
import type { Workspace } from './workspace.ts';

export const OVERRIDE_DIR = '.methodology/templates';
export const RULE = '═'.repeat(71);

/** Template rendered for each state. */
export const TEMPLATE_FOR_STATE: Record<State, string> = {
  no_subplan: 'subplan-create',
  subplan_placeholder: 'subplan-fill',
  subplan_no_execution: 'execution-create',
  create_next_execution: 'execution-create',
  active_execution: 'execution-continue',
  needs_synthesis: 'synthesis',
  awaiting_review: 'review',
  fix_submitted: 'fix-review',
  needs_fix: 'fix',
  approved: 'achievement-done',
  skipped: 'achievement-done',
  plan_complete: 'plan-complete',
};

function tryRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export class PromptRenderer {
  private readonly eta = new Eta({ autoEscape: false, autoTrim: false, useWith: false, cache: false });
  private readonly loaded = new Map<string, string>();

  constructor(
    private readonly ws: Workspace,
    private readonly registry: PluginRegistry,
  ) {}

  /** Where the template `name` comes from and its text. */
  source(name: string): { text: string; source: string } {
    const override = join(this.ws.root, OVERRIDE_DIR, `${name}.eta`);
    const text = tryRead(override);
    if (text !== undefined) return { text, source: override };
    const fromPlugins = this.registry.template(name, tryRead);
    if (fromPlugins) return fromPlugins;
    throw new ToolError(`No prompt template named '${name}'`, {
      fix: `Create ${OVERRIDE_DIR}/${name}.eta in the project, or reinstall the toolkit (its templates/ folder is missing).`,
      code: 'E-TEMPLATE',
    });
  }

  render(name: string, data: object): string {
    if (!this.loaded.has(name)) {
      const { text, source } = this.source(name);
      try {
        this.eta.loadTemplate(`@${name}`, text);
      } catch (err) {
        // eta appends the whole compiled function to a JavaScript syntax error: keep its own words, not that code.
        const message = (err as Error).message;
        const js = /^Bad template syntax\s+([^\n]+)\n=+\n/.exec(message);
        const near = js ? badTagNear(this.eta, text, js[1] as string) : undefined;
        const where = near ? ` near line ${near.line}, <%${near.output ? '=' : ''} ${near.code} %>${near.unclosed ? ' is never closed' : ''}` : '';
        // V8's words may name eta's own variables (a stray } ends the template's function early): say what it means.
        const reason = js && /__eta/.test(js[1] as string) ? 'code after a block that was closed too early: a stray } or )' : js?.[1];
        throw new ToolError(`Template ${source} does not compile: ${js ? `bad JavaScript inside a tag${where} (${reason})` : message.trimEnd()}`, {
          file: source,
          fix: js
            ? 'Check the JavaScript inside the <% … %> and <%= … %> tags: an if/for without its braces, a stray parenthesis, a missing } (--debug shows the compiled code).'
            : 'Fix the eta syntax (<%= … %>, <% … %>).',
          code: 'E-TEMPLATE',
          cause: err,
        });
      }
      this.loaded.set(name, source);
    }
    try {
      return this.eta.render(`@${name}`, data);
    } catch (err) {
      const source = this.loaded.get(name) as string;
      throw new ToolError(`Template ${source} failed while rendering: ${(err as Error).message.split('\n')[0]}`, {
        file: source,
        fix: 'Check the names the template uses against the data documented in templates/README.md.',
        code: 'E-TEMPLATE',
      });
    }
  }
}

/**
 * Where a template's JavaScript fails to compile, as well as it can be told: V8 names the line of the compiled
 * function where parsing failed; the last line before it that is no output statement of eta's is the template's own
 * code (an `if (`, a `forEach(function (a) {`), which is then looked up in the template's tags. Undefined when
 * that does not lead anywhere.
 */
function badTagNear(eta: Eta, template: string, reason: string): { line: number; code: string; output?: true; unclosed?: true } | undefined {
  const shown = (code: string) => (code.length > 40 ? `${code.slice(0, 37)}…` : code);
  const lineAt = (at: number) => template.slice(0, at).split('\n').length;
  // A block left open: the last tag that opens more braces than it closes and is never closed.
  const unclosed = () => {
    const open: Array<{ at: number; code: string }> = [];
    for (const m of template.matchAll(/<%(?![=~])[-_]?([\s\S]*?)[-_]?%>/g)) {
      const code = (m[1] as string).trim();
      const net = (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
      if (net > 0) for (let k = 0; k < net; k++) open.push({ at: m.index ?? 0, code });
      else for (let k = 0; k < -net; k++) open.pop();
    }
    const last = open[open.length - 1];
    return last ? { line: lineAt(last.at), code: shown(last.code), unclosed: true as const } : undefined;
  };
  if (/end of input/i.test(reason)) return unclosed();
  let compiled: string;
  try {
    compiled = eta.compileToString(template);
  } catch {
    return undefined;
  }
  let failed: number;
  try {
    new Script(`(function (it, options) {\n${compiled}\n})`, { filename: 'template' });
    return undefined;
  } catch (err) {
    const m = /^template:(\d+)/.exec((err as Error).stack ?? '');
    if (!m) return undefined;
    failed = Number(m[1]) - 2; // 0-based, in the compiled code (the wrapper adds a first line)
  }
  const lines = compiled.split('\n');
  const body = lines.findIndex((l) => l.startsWith('__eta.res+='));
  const epilogue = lines.lastIndexOf('if (__eta.layout) {');
  // Parsing failed in eta's own closing code: the template's code left a block open.
  if (epilogue >= 0 && failed >= epilogue) return unclosed();
  const find = (code: string, output: boolean) => {
    const at = template.search(new RegExp(`<%${output ? '[=~]' : '(?![=~])'}[-_]?\\s*${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    return at < 0 ? undefined : { line: lineAt(at), code: shown(code), ...(output ? { output: true as const } : {}) };
  };
  for (let k = Math.min(failed, lines.length - 1); k >= Math.max(body, 0); k--) {
    const code = (lines[k] as string).trim();
    if (!code) continue;
    if (code.startsWith("__eta.res+='")) continue; // the template's text
    if (code.startsWith('__eta.res+=')) {
      // An output tag, <%= … %>: its expression, without eta's escaping wrapper when there is one.
      if (k !== failed) continue;
      const expr = code.slice('__eta.res+='.length).replace(/;$/, '');
      const inner = /^__eta\.e\(([\s\S]*)\)$/.exec(expr)?.[1] ?? expr;
      return find(inner, true);
    }
    return find(code, false);
  }
  return undefined;
}

/** Cuts a block of lines at `max`, marking the cut. */
export function limitLines(lines: string[], max: number, file: string): { text: string; lines: number; truncated: boolean } {
  if (lines.length <= max) return { text: lines.join('\n'), lines: lines.length, truncated: false };
  return { text: [...lines.slice(0, max), `…(truncated, see @${file})`].join('\n'), lines: lines.length, truncated: true };
}

/** First lines of the Project Overview section of a project context file; '' on any problem. */
export function projectOverview(text: string, maxLines = 10): string {
  const doc = scanMarkdown(text);
  const h = doc.headings.find((x) => headingKey(x.text) === 'project overview');
  if (!h) return '';
  const out: string[] = [];
  for (let i = h.line + 1; i < doc.lineCount && out.length < maxLines; i++) {
    const line = doc.line(i);
    if (/^#{1,6}\s/.test(line) && !doc.fenced[i]) break;
    if (line.trim() === '' && out.length === 0) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}

export interface PromptData {
  rule: string;
  state: State;
  plan: { feature: string; fileName: string; path: string; title: string; totalLines: number; archive: string; archiveInstruction: string };
  achievement: {
    id: string;
    code: string;
    title: string;
    effort: string;
    priority: string;
    goal: string;
    section: string;
    sectionLines: number;
    truncated: boolean;
  } | null;
  handoff: { text: string; lines: number; truncated: boolean } | null;
  files: {
    /** Number the achievement's SUBPLAN and EXECUTION_TASK names carry (the achievement code unless taken). */
    code: string;
    subplan: string;
    executions: string[];
    nextExecution: string;
    continueExecution: string;
    approved: string;
    fix: string;
    fixResolution: string;
    skipped: string;
  };
  /** Why a proposed name differs from the achievement's own code ([] when it does not). */
  naming: string[];
  /** Folders (relative to the root, with a trailing `/`) where this plan's new documents are created. */
  dirs: { subplans: string; execution: string; feedbacks: string; fix: string };
  reason: string[];
  projectContext: string;
  progress: Progress;
  commands: { self: string; next: string };
  completion: string;
  /** Text of the FIX file (needs_fix, fix_submitted), limited to 80 lines. */
  fixText: string;
  /** The FIX is an archived copy (its answer goes to the live feedback folder). */
  fixArchived: boolean;
}

export interface PromptInputs {
  analysis: PlanAnalysis;
  state: AchievementState | undefined;
  achievement: Achievement | undefined;
  progress: Progress;
  limits: Limits;
  relPath: (p: string) => string;
  projectContext: string;
  commands: { self: string; next: string };
  /** Reads a document (the FIX file) through the core's DocSource. */
  read: (path: string) => string;
  /** Where new documents go (evidence.ts `newDocDirs`). */
  dirs: DocDirs;
}

export function promptData(inp: PromptInputs): PromptData {
  const { analysis, state, achievement: a } = inp;
  const plan = analysis.plan;
  const planName = basename(plan.file);
  const code = a ? a.id.split('.').join('') : '';
  const section = a ? limitLines(achievementSection(plan, a).split('\n'), inp.limits.achievementSectionLines, planName) : null;
  const ho = plan.handoff ? limitLines(handoffLines(plan), inp.limits.handoffLines, planName) : null;
  const f = plan.feature;
  return {
    rule: RULE,
    state: state?.state ?? 'plan_complete',
    plan: { feature: f, fileName: planName, path: inp.relPath(plan.file), title: plan.title, totalLines: plan.totalLines, archive: plan.archive.path, archiveInstruction: archiveInstruction(plan.archive.path) },
    achievement:
      a && section
        ? {
            id: a.id,
            code,
            title: a.title,
            effort: a.effort?.text ?? '',
            priority: a.priority ? `Priority ${a.priority.number}${a.priority.name ? `: ${a.priority.name}` : ''}` : '',
            goal: a.fields.goal ?? a.fields.purpose ?? a.fields.what ?? a.fields.description ?? '',
            section: section.text,
            sectionLines: section.lines,
            truncated: section.truncated,
          }
        : null,
    handoff: ho,
    files: {
      code: state?.docCode ?? code,
      subplan: state?.subplan ? basename(state.subplan) : (state?.newSubplan ?? (a ? names.subplan(f, code) : '')),
      // An archived copy left unfinished is history, not work to read or continue (its state says so).
      executions: state ? countedExecutions(state.executions).map((e) => e.name) : [],
      nextExecution: state?.nextExecution ?? (a ? names.execution(f, code, 1) : ''),
      continueExecution: state?.continueExecution ? basename(state.continueExecution) : '',
      approved: a ? names.approved(state?.verdictCode ?? code) : '',
      fix: state?.fixFile ? basename(state.fixFile) : a ? names.fix(state?.verdictCode ?? code) : '',
      fixResolution: a ? names.fixResolution(state?.verdictCode ?? code) : '',
      skipped: a ? names.skipped(state?.verdictCode ?? code) : '',
    },
    naming: state?.naming ?? [],
    dirs: { subplans: `${inp.relPath(inp.dirs.subplans)}/`, execution: `${inp.relPath(inp.dirs.execution)}/`, feedbacks: `${inp.relPath(inp.dirs.feedbacks)}/`, fix: `${inp.relPath(state?.fixFile && !state.fixArchived ? dirname(state.fixFile) : inp.dirs.feedbacks)}/` },
    fixArchived: state?.fixArchived === true,
    reason: state?.reason ?? analysis.next.reason,
    projectContext: inp.projectContext,
    progress: inp.progress,
    commands: inp.commands,
    completion: state?.completion.kind ?? 'open',
    fixText: state?.fixFile ? limitLines(inp.read(state.fixFile).split(/\r?\n/), 80, basename(state.fixFile)).text : '',
  };
}
