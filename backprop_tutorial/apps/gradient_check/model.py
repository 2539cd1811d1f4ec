"""Model of notebook 1's gradient check: backprop against central finite differences."""

from __future__ import annotations

from ...core.chain import ChainNetwork
from ...core.gradcheck import check_chain
from ...ui.chain_params import chain_params
from ...ui.model import Model, Number

EPS_RANGE = (1e-12, 0.1)


class GradientCheckModel(Model):
    """The chain's parameters, the finite-difference step ``eps``, and the check.

    Parameters
    ----------
    x, y, w0, w1 : float
        As in :class:`~backprop_tutorial.apps.chain_stepper.model.ChainStepperModel`.
    eps : float
        Step of the central differences, in ``[1e-12, 0.1]``.
    """

    PARAMS = chain_params("x", "y", "w0", "w1") | {"eps": Number(*EPS_RANGE)}

    def __init__(self, x=1.0, y=0.9, w0=0.5, w1=-1.0, eps=1e-5):
        self.set(x=x, y=y, w0=w0, w1=w1, eps=eps)

    def _value(self, name: str):
        return self.eps if name == "eps" else getattr(self.network, name)

    def _apply(self, values: dict) -> None:
        """The check is recomputed before anything is assigned."""
        eps = values.pop("eps", getattr(self, "eps", None))
        network = (
            self.network.with_params(**values)
            if hasattr(self, "network")
            else ChainNetwork(**values)
        )
        check = check_chain(network, eps)
        self.network, self.eps, self.check = network, eps, check
