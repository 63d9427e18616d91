import { thresholdSchema, type DiagnosticThresholds } from '../engine/diagnostics/snapshot';
import { ConfigError } from '../engine/errors';
import type { NumberParam } from '../engine/params';
import { TRAINING_THREADS, isThreadCount } from '../node/threads';
import { UPDATE_RATE } from '../protocol/worker-messages';
import { DEFAULT_LIMITS, isLimit, LIMIT_DOCS, LIMIT_SETTINGS, type Limits } from '../session/limits';
import type { WorkerSettings } from './kernel';

/**
 * The extension's settings (`nnlab.*`), read where they are used so a change
 * applies at once — except the seed, the training threads and the diagnostic
 * thresholds, which a kernel's worker is started with (the notebook's kernel
 * restarts to take them). The reader is injected: `workspace.getConfiguration('nnlab').get`
 * in the editor, a plain object in tests.
 */

/** Reads one setting under `nnlab.` ("seed", "diagnostics.deadFraction"); undefined when unset. */
export type ReadSetting = (key: string) => unknown;

/** The settings that only apply to a worker started after they change. */
export const KERNEL_SETTINGS = ['seed', 'trainingThreads', 'diagnostics', 'limits', 'files'] as const;


export class Settings {
  constructor(private readonly read: ReadSetting) {}

  /** `nnlab.seed`: replaces every seed in the notebook; null (default) keeps the notebook's. */
  seed(): number | undefined {
    const value = this.read('seed');
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  }

  /** `nnlab.trainingThreads`: threads a training step may use (default 1); a value out of range counts as unset. */
  trainingThreads(): number {
    const value = this.read('trainingThreads');
    return isThreadCount(value) ? value : TRAINING_THREADS.default;
  }

  /** `nnlab.files.allowedFolders`: folders besides the workspace's where notebooks may read and write files (entries as written). */
  allowedFolders(): readonly unknown[] {
    const value = this.read('files.allowedFolders');
    return Array.isArray(value) ? value : [];
  }

  /** `nnlab.saveOutputs`: write the cells' last outputs into the file (default true). */
  saveOutputs(): boolean {
    return this.read('saveOutputs') !== false;
  }

  /** `nnlab.updateRate`: live chart updates per second while a cell trains (default 12). */
  updateRate(): number {
    const value = this.read('updateRate');
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(UPDATE_RATE.max, Math.max(UPDATE_RATE.min, value)) : UPDATE_RATE.default;
  }

  /**
   * `nnlab.diagnostics.*`: the thresholds set to something other than their
   * default, each checked against its range. A bad value is left out (the
   * default applies) and named in `problems`.
   */
  thresholds(): { thresholds: Partial<DiagnosticThresholds>; problems: string[] } {
    const thresholds: Record<string, number> = {};
    const problems: string[] = [];
    for (const key of Object.keys(thresholdSchema.specs)) {
      const value = this.read(`diagnostics.${key}`);
      if (value === undefined || value === null || value === thresholdSchema.specs[key as keyof DiagnosticThresholds].default) continue;
      try {
        thresholdSchema.resolve({ [key]: value });
        thresholds[key] = value as number;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems.push(`nnlab.diagnostics.${key}: ${error.message}`);
      }
    }
    return { thresholds: thresholds as Partial<DiagnosticThresholds>, problems };
  }

  /**
   * `nnlab.limits.*`: the size limits set to something other than their
   * default; a value that is not a whole number ≥ 1 counts as unset.
   */
  limits(): Partial<Limits> {
    const limits: Partial<Record<keyof Limits, number>> = {};
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
      const value = this.read(`limits.${key}`);
      if (isLimit(value) && value !== DEFAULT_LIMITS[key]) limits[key] = value;
    }
    return limits;
  }

  /** What a kernel's worker starts with. */
  workerSettings(): WorkerSettings {
    const seed = this.seed();
    const { thresholds } = this.thresholds();
    const limits = this.limits();
    return {
      ...(seed !== undefined ? { seed } : {}),
      threads: this.trainingThreads(),
      ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    };
  }
}

/** One entry of package.json's `contributes.configuration.properties`. */
export interface SettingSchema {
  readonly type: 'number' | 'integer';
  readonly default: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly markdownDescription: string;
}

/**
 * The `nnlab.diagnostics.*` entries package.json must declare, made from the
 * engine's threshold schema (the one place defaults and ranges are written);
 * a test checks package.json against it.
 */
export function thresholdSettingSchemas(): Record<string, SettingSchema> {
  const entries = Object.entries(thresholdSchema.specs).map(([key, spec]: [string, NumberParam]) => {
    const bounds = {
      ...(spec.min !== undefined ? (spec.minExclusive ? { exclusiveMinimum: spec.min } : { minimum: spec.min }) : {}),
      ...(spec.max !== undefined ? (spec.maxExclusive ? { exclusiveMaximum: spec.max } : { maximum: spec.max }) : {}),
    };
    const schema: SettingSchema = {
      type: spec.integer ? 'integer' : 'number',
      default: spec.default!,
      ...bounds,
      markdownDescription: `Diagnostics: ${spec.doc} (see docs/diagnostics.md).`,
    };
    return [`nnlab.diagnostics.${key}`, schema] as const;
  });
  return Object.fromEntries(entries);
}

/** The `nnlab.limits.*` entries package.json must declare, made from the session's defaults; a test checks package.json against it. */
export function limitSettingSchemas(): Record<string, SettingSchema> {
  const entries = (Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]).map((key) => {
    const schema: SettingSchema = {
      type: 'integer',
      default: DEFAULT_LIMITS[key],
      minimum: 1,
      markdownDescription: `${LIMIT_DOCS[key]} A notebook's kernel takes it when it restarts (**NN Lab: Restart Kernel**); \`nnlab run\` takes \`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\`.`,
    };
    return [LIMIT_SETTINGS[key], schema] as const;
  });
  return Object.fromEntries(entries);
}
