import { cite, refuse, type ScriptContext } from './context';
import { pyBool, pyFloat, pyNumber, pyString } from './python';

/**
 * The run's settings as constants, the training loop and `main`. The loop
 * is our TrainingRun's: per epoch a fresh shuffle from the run's seed, then
 * per batch forward → loss → backward → clip → learning rate → update, with
 * the last, smaller batch kept (dropped only where batch norm would see one
 * sample, as ours). Under torchrun every process takes its share of each
 * batch, weighted so the gradient DistributedDataParallel averages is the
 * whole batch's mean.
 */
export function trainingSection(context: ScriptContext): string {
  const { train, data, declarations, seed, trainPlace } = context.program;
  const batch = train.batch ?? 32;
  const hasBatchNorm = declarations.model!.value.some((spec) => spec.kind === 'batchnorm');
  const dropLast = data.train.count % batch === 1 && batch > 1 && hasBatchNorm;
  const epochs = train.epochs ?? (train.steps === undefined ? 10 : undefined);
  const constants = [
    `# ${cite(context, trainPlace.location)}`,
    `SEED = ${seed}`,
    `BATCH_SIZE = ${batch}`,
    `EPOCHS = ${epochs ?? 'None'}`,
    `STEPS = ${train.steps ?? 'None'}`,
    `DROP_LAST = ${dropLast ? 'True  # batch norm would see a last batch of one sample' : 'False'}`,
    `WEIGHTS = ${context.weights === undefined ? 'None' : `os.path.join(HERE, ${pyString(context.weights)})`}`,
    ...(train.patience !== undefined
      ? [`PATIENCE = ${train.patience}`, `MIN_DELTA = ${pyFloat(train.minDelta ?? 0)}`, `RESTORE_BEST = ${pyBool(train.restoreBest === true)}`]
      : []),
  ];
  return [constants.join('\n'), augmentSection(context), EVALUATE, trainLoop(train.patience !== undefined, declarations.schedule?.value.at(-1)?.name === 'reduce_on_plateau'), DISTRIBUTED, MAIN].join('\n\n\n');
}

/**
 * `augment(x)` on each training batch. Gaussian input noise is one line of
 * PyTorch, drawn by its generator as dropout's masks are (ours draws from the
 * run's), so a run with it trains the same way on other noise. Shifts and
 * turns of images follow our own interpolation and are refused.
 */
function augmentSection(context: ScriptContext): string {
  const declared = context.program.declarations.augment;
  const header = 'def augment(x):';
  if (!declared) return [header, '    """No augmentation declared."""', '    return x'].join('\n');
  const { noise, shift, rotate } = declared.value;
  if (shift > 0 || rotate > 0) {
    refuse(context, declared.location, 'augment shift= and rotate= move images by our own interpolation, drawn from our random generator; only noise= is exported so far');
  }
  return [header, `    """${cite(context, declared.location)}: Gaussian noise of σ = ${pyNumber(noise)} on every input of a training batch."""`, `    return x + ${pyFloat(noise)} * torch.randn_like(x)`].join('\n');
}

const EVALUATE = `def evaluate(model, x, y, device):
    """The loss over a whole set in evaluation mode (dropout off, batch norm on
    its running statistics); None without the set."""
    if x is None:
        return None
    model.eval()
    with torch.no_grad():
        return loss_fn(model(x.to(device)), y.to(device)).item()`;

/**
 * The training loop; with `earlyStopping`, the notebook's patience rule at
 * each epoch's end (as Keras's EarlyStopping); with `plateau`, the epoch's
 * loss handed to the reduce-on-plateau schedule first, as ours.
 */
function trainLoop(earlyStopping: boolean, plateau: boolean): string {
  const observe = plateau
    ? [
        '        # The plateau schedule watches the validation loss (the training set\'s, in evaluation mode, without a split).',
        '        watched = validation_loss if validation_loss is not None else evaluate(model, x_train, y_train, device)',
        '        if math.isfinite(watched):',
        '            PLATEAU.observe(watched)',
      ]
    : [];
  const stopping = earlyStopping
    ? [
        '        # Early stopping on the validation loss (the training loss without a split).',
        '        monitored = train_loss if validation_loss is None else validation_loss',
        '        if monitored < best - MIN_DELTA:',
        '            best, bad_epochs = monitored, 0',
        '            if RESTORE_BEST:',
        '                best_state = copy.deepcopy(model.state_dict())',
        '        else:',
        '            bad_epochs += 1',
        '            if bad_epochs >= PATIENCE:',
        '                if best_state is not None:',
        '                    model.load_state_dict(best_state)',
        '                break',
      ]
    : [];
  return [
    'def train(model, optimizer, data, rank, world, device, max_steps=None):',
    '    """Trains as the notebook does; returns the loss and learning rate of every step."""',
    '    x_train, y_train, x_val, y_val = data',
    '    count = len(x_train)',
    '    batch_size = min(BATCH_SIZE, count)',
    '    leftover = count % batch_size',
    '    batches_per_epoch = count // batch_size if DROP_LAST or leftover == 0 else count // batch_size + 1',
    '    limits = [n for n in (EPOCHS and EPOCHS * batches_per_epoch, STEPS, max_steps) if n is not None]',
    '    total_steps = min(limits)',
    '    rng = Rng(SEED)  # the batch order\'s generator, seeded as the notebook\'s',
    '    history = {"loss": [], "learning_rate": []}',
    '    step = epoch = 0',
    ...(earlyStopping ? ['    best, bad_epochs, best_state = math.inf, 0, None'] : []),
    '    while step < total_steps:',
    '        epoch += 1',
    '        order = rng.shuffle(list(range(count)))',
    '        training_mode(model)',
    '        epoch_losses = []',
    '        for batch in range(batches_per_epoch):',
    '            if step >= total_steps:',
    '                break',
    '            rows = order[batch * batch_size:(batch + 1) * batch_size]',
    '            mine = torch.as_tensor(np.array_split(np.array(rows), world)[rank])',
    '            if len(mine) == 0:',
    '                raise SystemExit(f"a batch of {len(rows)} samples cannot be shared by {world} processes")',
    '            x, y = augment(x_train[mine].to(device)), y_train[mine].to(device)',
    '            optimizer.zero_grad()',
    '            loss = loss_fn(model(x), y)',
    '            value = loss.item() if world == 1 else whole_batch_mean(loss.detach() * len(mine), len(rows))',
    '            if not math.isfinite(value):',
    '                # As in the notebook, a loss that is NaN or infinite stops the run before its update.',
    '                if rank == 0:',
    '                    print(f"step {step + 1}: the loss is {value}; training stops there", flush=True)',
    '                return history',
    '            # Weighted by this process\'s share, so the gradient DDP averages is the whole batch\'s mean.',
    '            (loss * (len(mine) * world / len(rows))).backward()',
    '            clip_gradients(model)',
    '            rate = learning_rate(step)',
    '            for group in optimizer.param_groups:',
    '                group["lr"] = rate',
    '            optimizer.step()',
    '            step += 1',
    '            history["loss"].append(value)',
    '            history["learning_rate"].append(rate)',
    '            epoch_losses.append(value)',
    '        train_loss = sum(epoch_losses) / len(epoch_losses)',
    '        validation_loss = evaluate(model, x_val, y_val, device)',
    '        if rank == 0:',
    '            validation = "" if validation_loss is None else f", val_loss {validation_loss:.6f}"',
    '            print(f"epoch {epoch}: loss {train_loss:.6f}{validation}", flush=True)',
    ...observe,
    ...stopping,
    '    return history',
  ].join('\n');
}

const DISTRIBUTED = `def start_processes():
    """Under torchrun (WORLD_SIZE set), joins the process group: NCCL on GPUs,
    Gloo on CPUs. Returns this process's rank, the process count and its device."""
    cuda = torch.cuda.is_available()
    if "WORLD_SIZE" not in os.environ:
        return 0, 1, torch.device("cuda" if cuda else "cpu")
    dist.init_process_group("nccl" if cuda else "gloo")
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if cuda:
        torch.cuda.set_device(local_rank)
    return dist.get_rank(), dist.get_world_size(), torch.device("cuda", local_rank) if cuda else torch.device("cpu")


def whole_batch_mean(share_sum, batch_size):
    """The batch's mean loss from every process's sum over its share."""
    dist.all_reduce(share_sum)
    return share_sum.item() / batch_size`;

const MAIN = `def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default=WEIGHTS, help="start from these weights (safetensors, as NN Lab saves them)")
    parser.add_argument("--losses", help="write every step's loss and learning rate to this JSON file")
    parser.add_argument("--max-steps", type=int, help="stop after this many steps")
    args = parser.parse_args()
    rank, world, device = start_processes()
    torch.manual_seed(SEED)
    data = load_data()
    model = build_model()
    if args.weights:
        state = {name: torch.from_numpy(value) for name, value in read_safetensors(args.weights).items()}
        model.load_state_dict(state, strict=True)
    model.to(device)
    optimizer = make_optimizer([parameter for parameter in model.parameters() if parameter.requires_grad])
    trained = model if world == 1 else DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    history = train(trained, optimizer, data, rank, world, device, args.max_steps)
    if rank == 0 and args.losses:
        with open(args.losses, "w") as file:
            json.dump(history, file)
    if world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()`;
