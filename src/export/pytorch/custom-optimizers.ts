/**
 * The update rules we teach that torch.optim has no class for, as short
 * torch.optim.Optimizer subclasses with our formulas (src/engine/optim/optimizers).
 */

/** SGD momentum in the velocity form (Sutskever et al. 2013; Keras's) and the moving-average form (Andrew Ng's course). */
export const MOMENTUM_FORMS = `class MomentumSGD(torch.optim.Optimizer):
    """SGD with momentum in a form torch.optim.SGD does not write:
    velocity: v ← μv − ηg, w ← w + v (Nesterov: w ← w + μv − ηg), Sutskever et al. 2013, Keras;
    ema: v ← βv + (1 − β)g, w ← w − ηv, the moving average of Andrew Ng's course.
    g includes weight_decay·w. (torch.optim.SGD keeps b ← μb + g, w ← w − ηb.)"""

    def __init__(self, params, lr, momentum, form, nesterov=False, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, momentum=momentum, form=form, nesterov=nesterov, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, mu = group["lr"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + group["weight_decay"] * p
                v = self.state[p].setdefault("buffer", torch.zeros_like(p))
                if group["form"] == "velocity":
                    v.mul_(mu).sub_(lr * g)
                    p.add_(mu * v - lr * g if group["nesterov"] else v)
                else:
                    v.mul_(mu).add_((1 - mu) * g)
                    p.sub_(lr * v)`;

/** Adam with bias_correction=false: the moments are used as they are, as Kingma & Ba's algorithm before its correction. */
export const ADAM_WITHOUT_CORRECTION = `class AdamWithoutBiasCorrection(torch.optim.Optimizer):
    """Adam that does not divide m and v by 1 − βᵗ, so its first steps are about
    (1 − β₁)/√(1 − β₂) times too large; torch.optim.Adam always corrects.
    decoupled: AdamW's w ← w(1 − η·weight_decay) first; else weight_decay·w joins g."""

    def __init__(self, params, lr, betas, eps, weight_decay, amsgrad, decoupled):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, decoupled=decoupled))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            (beta1, beta2), lr = group["betas"], group["lr"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                if group["decoupled"]:
                    p.mul_(1 - lr * group["weight_decay"])
                    g = p.grad
                else:
                    g = p.grad + group["weight_decay"] * p
                state = self.state[p]
                if not state:
                    state["m"], state["v"], state["v_max"] = torch.zeros_like(p), torch.zeros_like(p), torch.zeros_like(p)
                state["m"].mul_(beta1).add_(g, alpha=1 - beta1)
                state["v"].mul_(beta2).addcmul_(g, g, value=1 - beta2)
                v = state["v"]
                if group["amsgrad"]:
                    torch.maximum(state["v_max"], v, out=state["v_max"])
                    v = state["v_max"]
                p.addcdiv_(state["m"], v.sqrt().add_(group["eps"]), value=-lr)`;
