"""Every app model is a Model: its table of parameters gives params() and an atomic set().

For every parameter of every app model, strange values (huge ints, floats, inf, NaN,
strings, None, bools, arrays, numpy scalars, fractions, negatives, values out of range)
are either accepted, and then params() shows them, or refused with a ValueError that
names the parameter, after which params() is exactly what it was.  Never an
OverflowError, a TypeError or a numpy message.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import backprop_tutorial as bt
import backprop_tutorial.apps as apps_package
from backprop_tutorial.apps.batch_noise.model import BatchNoiseModel
from backprop_tutorial.apps.chain_modes.model import ChainModesModel, TangentStepperModel
from backprop_tutorial.apps.chain_stepper.model import ChainStepperModel
from backprop_tutorial.apps.cost_explorer.model import CostExplorerModel
from backprop_tutorial.apps.digit_draw.model import DigitDrawModel
from backprop_tutorial.apps.digits_trainer.model import DigitsTrainerModel
from backprop_tutorial.apps.expression.model import ExpressionModel
from backprop_tutorial.apps.fan_out.model import FanOutModel
from backprop_tutorial.apps.gradient_check.model import GradientCheckModel
from backprop_tutorial.apps.gradient_meter.model import GradientMeterModel
from backprop_tutorial.apps.graph_stepper.model import GraphStepperModel
from backprop_tutorial.apps.influence_paths.model import InfluencePathsModel
from backprop_tutorial.apps.jacobian_chain.model import JacobianChainModel
from backprop_tutorial.apps.landscape.model import LandscapeModel
from backprop_tutorial.apps.landscape_slice.model import LandscapeSliceModel
from backprop_tutorial.apps.layer_stepper.model import LayerStepperModel
from backprop_tutorial.apps.memo_table.model import MemoTableModel
from backprop_tutorial.apps.mode_growth.model import ModeGrowthModel
from backprop_tutorial.apps.path_sum_table.model import PathSumTableModel
from backprop_tutorial.apps.shared_gradient.model import SharedGradientModel
from backprop_tutorial.apps.tape.model import TapeModel
from backprop_tutorial.apps.training.model import TrainingModel
from backprop_tutorial.apps.two_pictures.model import TwoPicturesModel
from backprop_tutorial.data.digits_data import DigitsData
from backprop_tutorial.ui.model import Check, Choice, Integer, Model, Number, ReplayModel


def small_digits() -> DigitsData:
    """The digits cut to 40 training and 20 test images: every retraining stays quick."""
    d = DigitsData()
    d.X_train, d.y_train, d.Y_train = d.X_train[:40], d.y_train[:40], d.Y_train[:40]
    d.X_test, d.y_test, d.Y_test = d.X_test[:20], d.y_test[:20], d.Y_test[:20]
    return d


def digit_net():
    return bt.Network([64, 8, 10], "sigmoid", "softmax_cross_entropy", rng=0)


# Each app model, built small (the property runs many changes on each).
FACTORIES = {
    ChainStepperModel: ChainStepperModel,
    LandscapeModel: lambda: LandscapeModel(n=11),
    GradientCheckModel: GradientCheckModel,
    FanOutModel: FanOutModel,
    GraphStepperModel: lambda: GraphStepperModel(bt.ChainNetwork().trace),
    TangentStepperModel: lambda: TangentStepperModel(
        bt.forward_mode(bt.ChainNetwork().trace, "w0")
    ),
    ChainModesModel: ChainModesModel,
    ModeGrowthModel: ModeGrowthModel,
    TapeModel: lambda: TapeModel(depth=4, width=4, batch=4),
    JacobianChainModel: JacobianChainModel,
    TwoPicturesModel: TwoPicturesModel,
    SharedGradientModel: SharedGradientModel,
    LayerStepperModel: LayerStepperModel,
    InfluencePathsModel: InfluencePathsModel,
    PathSumTableModel: PathSumTableModel,
    MemoTableModel: MemoTableModel,
    CostExplorerModel: lambda: CostExplorerModel(depths=[1, 2, 3], widths=[2, 3]),
    TrainingModel: lambda: TrainingModel(hidden="3", n_points=20, grid=10),
    ExpressionModel: ExpressionModel,
    LandscapeSliceModel: lambda: LandscapeSliceModel(
        TrainingModel(hidden="2", n_points=10, grid=10), resolution=3
    ),
    GradientMeterModel: lambda: GradientMeterModel(depth=2, width=3, n_points=8),
    DigitsTrainerModel: lambda: DigitsTrainerModel(hidden=4, data=small_digits()),
    BatchNoiseModel: lambda: BatchNoiseModel(epochs=1, data=small_digits()),
    DigitDrawModel: lambda: DigitDrawModel(digit_net(), small_digits().X_test),
}

HUGE = [10**400, -(10**400), 2**63, 10**20, 1e308, -1e308, 1e-320]
STRANGE = st.one_of(
    st.integers(-1000, 1000),
    st.sampled_from(HUGE),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(
        [
            None,
            True,
            False,
            np.nan,
            np.inf,
            -np.inf,
            np.int64(2),
            np.float32(0.5),
            np.bool_(True),
            np.array([1, 2]),
            np.zeros((2, 2)),
            np.array(3.0),
            [1, 2],
            (3,),
            {},
            1 + 2j,
            Fraction(1, 3),
            Fraction(4, 1),
            b"2, 3",
            "2, 3, 1",
            "W[0][1,0]",
            "W[0][0,1]",
            "b[0][0]",
            "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13",
            "99999999999",
        ]
    ),
)


def app_model_classes() -> set:
    """Every Model subclass defined in an apps/<name>/model.py."""
    found = set()
    for info in pkgutil.iter_modules(apps_package.__path__):
        module = importlib.import_module(f"backprop_tutorial.apps.{info.name}.model")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Model) and cls.__module__ == module.__name__:
                found.add(cls)
    return found


def test_every_app_model_is_a_model_and_is_tested_here():
    assert app_model_classes() == set(FACTORIES)
    assert len(FACTORIES) == 24


@pytest.fixture(scope="module", params=list(FACTORIES), ids=lambda cls: cls.__name__)
def model(request):
    return FACTORIES[request.param]()


def test_params_show_exactly_the_table(model):
    assert list(model.params()) == list(type(model).PARAMS)
    # and each value passes its own check unchanged: what a control shows, it can send back
    before = model.params()
    model.set(**before)
    assert model.params() == before


def test_an_unknown_name_is_refused_listing_the_known_ones(model):
    before = model.params()
    with pytest.raises(ValueError, match="unknown parameter 'colour': use one of") as info:
        model.set(colour=1, **before)
    assert all(name in str(info.value) for name in type(model).PARAMS)
    assert model.params() == before


def _option_values(model) -> list:
    """Values each kind of parameter could take: the choices, near the limits."""
    out = []
    for spec in type(model).PARAMS.values():
        if isinstance(spec, Choice):
            opts = spec.options
            out += list(getattr(model, opts) if isinstance(opts, str) else opts)
        if isinstance(spec, Integer | Number):
            out += [b for b in (spec.lo, spec.hi) if isinstance(b, int | float)]
    return out


def _shown(spec, value, shown) -> bool:
    """Whether params() shows an accepted ``value`` (as its spec keeps it)."""
    if isinstance(spec, Number):
        return shown == float(value)
    if isinstance(spec, Integer):
        return shown == int(value) and shown == value
    if isinstance(spec, Choice):
        return shown == value
    return True  # a Check keeps its own form (sizes as text): the round trip tests it


def _check_one_change(model, changes: dict) -> None:
    before = model.params()
    try:
        model.set(**changes)
    except ValueError as error:
        message = str(error)
        assert any(name in message for name in changes), (changes, message)
        assert model.params() == before, changes
        return
    after = model.params()
    for name, value in changes.items():
        spec = type(model).PARAMS[name]
        assert _shown(spec, value, after[name]), (name, value, after[name])
        if isinstance(spec, Check):
            # what params() shows is accepted back and changes nothing
            model.set(**{name: after[name]})
            assert model.params()[name] == after[name]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_strange_values_are_accepted_and_shown_or_refused_atomically(model, data):
    names = list(type(model).PARAMS)
    values = st.one_of(STRANGE, st.sampled_from(_option_values(model) or [0]))
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
    # one strange value, the others what the model has now (a change of several at once
    # must be refused as a whole when any one is bad)
    current = model.params()
    changes = {name: current[name] for name in chosen}
    changes[chosen[0]] = data.draw(values)
    _check_one_change(model, changes)


def test_a_change_of_several_is_atomic_when_the_last_is_bad():
    m = ChainModesModel()
    before = m.params()
    with pytest.raises(ValueError, match="k must be an integer"):
        m.set(x=2.0, mode="reverse", k=10**400)
    assert m.params() == before
    t = TapeModel()
    with pytest.raises(ValueError, match="k must be an integer from 1 to 4, got 5"):
        t.set(depth=4, k=5)
    assert t.params() == {"depth": 16, "width": 64, "batch": 256, "k": 1}


@pytest.mark.parametrize(
    "make",
    [
        lambda: TrainingModel(learning_rate=10**400),
        lambda: TrainingModel(n_points=10**400),
        lambda: LandscapeSliceModel(TrainingModel(hidden="2", n_points=10), span=10**400),
        lambda: DigitsTrainerModel(learning_rate=10**400, data=small_digits()),
        lambda: BatchNoiseModel(learning_rate=10**400, data=small_digits()),
        lambda: ChainModesModel(x=10**400),
        lambda: DigitDrawModel(digit_net(), target=10**400),
        lambda: GradientMeterModel(seed=10**400),
    ],
)
def test_huge_ints_are_our_message_not_an_overflow(make):
    with pytest.raises(ValueError, match=r"about 10\^400"):
        make()


def test_replay_models_have_the_protocol():
    for m in (FACTORIES[GraphStepperModel](), FACTORIES[TangentStepperModel]()):
        assert isinstance(m, ReplayModel) and m.params() == {"step": 0}
        m.set(step=3.0)
        assert m.params() == {"step": 3} and m.k == 3
        with pytest.raises(ValueError, match=f"step must be an integer from 0 to {m.n_steps}"):
            m.set(step=m.n_steps + 1)
        assert m.k == 3


def test_both_trainers_stop_on_request():
    for m in (
        DigitsTrainerModel(hidden=4, data=small_digits()),
        TrainingModel(hidden="3", n_points=20, grid=10),
    ):
        run = m.chunks(6, 1)
        next(run)
        m.request_stop()
        assert list(run) == [] and not m.stop_requested
