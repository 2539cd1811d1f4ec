"""Model of notebook 1's gradient check: backprop against central finite differences."""

from __future__ import annotations

from ...core.chain import ChainNetwork
from ...core.gradcheck import check_chain
from ...ui.chain_params import check_names, checked, in_range

PARAMS = ("x", "y", "w0", "w1", "eps")
EPS_RANGE = (1e-12, 0.1)


class GradientCheckModel:
    """The chain's parameters, the finite-difference step ``eps``, and the check.

    Parameters
    ----------
    x, y, w0, w1 : float
        As in :class:`~backprop_tutorial.apps.chain_stepper.model.ChainStepperModel`.
    eps : float
        Step of the central differences, in ``[1e-12, 0.1]``.
    """

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, eps=1e-5):
        self._apply(self._checked(dict(x=x, y=y, w0=w0, w1=w1, eps=eps), initial=True))

    def _checked(self, changes: dict, initial: bool = False) -> dict:
        check_names(changes, PARAMS)
        out = {}
        if "eps" in changes:
            out["eps"] = in_range("eps", changes["eps"], *EPS_RANGE)
        out.update(checked({k: v for k, v in changes.items() if k != "eps"}, PARAMS[:4]))
        return out

    def _apply(self, values: dict) -> None:
        eps = values.pop("eps", getattr(self, "eps", None))
        network = (
            self.network.with_params(**values)
            if hasattr(self, "network")
            else ChainNetwork(**values)
        )
        check = check_chain(network, eps)  # computed before anything is assigned
        self.network, self.eps, self.check = network, eps, check

    def params(self) -> dict:
        n = self.network
        return {"x": n.x, "y": n.y, "w0": n.w0, "w1": n.w1, "eps": self.eps}

    def set(self, **changes) -> None:
        """Change any parameter; the check is recomputed.  A rejected change leaves the
        model as it was."""
        self._apply(self._checked(changes))
