import { thresholdSchema, type DiagnosticThresholds } from '../engine/diagnostics/snapshot';
import { ConfigError } from '../engine/errors';
import type { NumberParam } from '../engine/params';
import { TRAINING_THREADS, isThreadCount } from '../node/threads';
import { UPDATE_RATE } from '../protocol/worker-messages';
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
export const KERNEL_SETTINGS = ['seed', 'trainingThreads', 'diagnostics'] as const;


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

  /** What a kernel's worker starts with. */
  workerSettings(): WorkerSettings {
    const seed = this.seed();
    const { thresholds } = this.thresholds();
    return { ...(seed !== undefined ? { seed } : {}), threads: this.trainingThreads(), ...(Object.keys(thresholds).length > 0 ? { thresholds } : {}) };
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
