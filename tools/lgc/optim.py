"""The optimizer step every codec stage takes: main loss (clipped), then the entropy models' aux loss."""
import torch


def codec_step(loss, opt, params, aux_opt, aux_loss, clip=1.0):
    """Backward + clipped step of `loss` over `params`, then one step of the quantile (aux) loss; returns aux."""
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, clip)
    opt.step()
    aux = aux_loss()
    aux_opt.zero_grad()
    aux.backward()
    aux_opt.step()
    return aux
