import { writeSafetensors } from '../../engine/weights';
import type { ScriptContext } from './context';
import { dataSection, SAFETENSORS_READER } from './data';
import { lossSection } from './loss';
import { modelSection } from './model';
import { clippingSection, optimizerSection, scheduleSection } from './optimizer';
import { PYTHON_RNG } from './rng';
import { trainingSection } from './training';

/** The exported script, and the data file it reads (absent when it reads only a CSV file). */
export interface PytorchScript {
  readonly script: string;
  readonly dataFile?: Uint8Array;
  /** The data file's name, to write it beside the script. */
  readonly dataFileName: string;
}

/**
 * The whole script, part by part in the order a reader meets them: how to
 * run it, the imports, our random generator and file reader, the data, the
 * model, the loss, the optimizer with its clipping and schedule, and the
 * training loop. Throws an ExportRefusal for a setting it cannot reproduce.
 */
export function pytorchScript(context: ScriptContext): PytorchScript {
  const loss = lossSection(context);
  const data = dataSection(context, loss.targets);
  const sections = [
    header(context),
    IMPORTS,
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    PYTHON_RNG,
    SAFETENSORS_READER,
    data.code,
    modelSection(context),
    loss.code,
    optimizerSection(context),
    clippingSection(context),
    scheduleSection(context),
    trainingSection(context),
  ];
  const script = `${sections.join('\n\n\n')}\n`;
  return { script, dataFileName: context.dataFileName, ...(data.tensors ? { dataFile: writeSafetensors(data.tensors.floats, {}, data.tensors.integers) } : {}) };
}

function header(context: ScriptContext): string {
  return `"""${context.notebookName} as a plain PyTorch script, exported by NN Lab.

Trains the notebook's first train statement: the same data and batch order,
model, initializers, optimizer, clipping, schedule and loss. Started from
the same weights (--weights, safetensors as NN Lab saves them) its losses
are the notebook's within float32 rounding; otherwise the initial weights are
drawn by PyTorch's generator from the same distributions.

    python ${context.scriptName} [--weights FILE] [--losses losses.json] [--max-steps N]
    torchrun --nproc_per_node=2 ${context.scriptName}      # several processes or machines
"""`;
}

const IMPORTS = `import argparse
import copy
import csv
import json
import math
import os

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn
from torch.nn.parallel import DistributedDataParallel`;
