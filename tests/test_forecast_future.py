"""`forecast --future FILE`: known-future covariates fed to a recursive forecast. A daily
series `sales` driven by a `promo` flag known in advance: the forecast of step k+1 is exactly
the one-step forecast of the data with steps 1..k appended (their forecast sales, their
known promo), and a future file that does not continue the time column, lacks rows or has an
empty cell is one located line."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import numpy as np
import pytest
from cli_support import lstmspec, lstmspec_outside_a_test

pytestmark = pytest.mark.tf

CONFIG = """\
input:
  shape: [7, 2]
layers:
  - type: LSTM
    units: 8
  - type: Dense
    units: 1
compile:
  loss: mse
data:
  kind: csv
  path: sales.csv
  time: day
  features: [sales, promo]
  targets: [sales]
train:
  epochs: 2
  seed: 5
output:
  plots: false
"""
START = date(2024, 1, 1)


def day(k: int) -> str:
    return str(START + timedelta(days=k))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("future")
    rng = np.random.default_rng(0)
    promo = (rng.random(300) < 0.3).astype(int)
    sales = 100 + 40 * promo + rng.normal(0, 5, 300)
    (out / "sales.csv").write_text("day,sales,promo\n" + "".join(
        f"{day(k)},{sales[k]:.3f},{promo[k]}\n" for k in range(300)))
    (out / "future.csv").write_text("day,promo\n" + "".join(
        f"{day(300 + k)},{k % 2}\n" for k in range(5)))
    (out / "run.yaml").write_text(CONFIG)
    ran = lstmspec_outside_a_test("run", str(out / "run.yaml"), "-q", "-o", str(out / "run"))
    assert ran.code == 0, ran.err
    return out


def forecast(capsys, folder, *args):
    done = lstmspec(capsys, "forecast", "run", *args, cwd=folder)
    return done, list(csv.DictReader(done.out.splitlines()))


def test_the_recursive_steps_are_fed_the_known_covariates(capsys, folder):
    refused = lstmspec(capsys, "forecast", "run", "--steps", "3", cwd=folder)
    assert refused.code == 1 and " LS632 " in refused.err and "--future FILE" in refused.err
    done, rows = forecast(capsys, folder, "--steps", "3", "--future", "future.csv")
    assert done.code == 0, done.err
    assert [r["day"] for r in rows] == [day(300), day(301), day(302)]
    assert [r["source"] for r in rows] == ["direct", "recursive", "recursive"]
    # step 3 again, as the one-step forecast of the data with steps 1 and 2 appended
    extended = folder / "extended.csv"
    extended.write_text((folder / "sales.csv").read_text() +
                        f"{day(300)},{rows[0]['sales']},0\n{day(301)},{rows[1]['sales']},1\n")
    _, again = forecast(capsys, folder, "--steps", "1", "--data", "extended.csv")
    assert float(again[0]["sales"]) == pytest.approx(float(rows[2]["sales"]), abs=1e-4)
    # a different promo for step 2 changes step 3: the covariate is used
    (folder / "other.csv").write_text((folder / "future.csv").read_text().replace(
        f"{day(301)},1", f"{day(301)},0"))
    _, other = forecast(capsys, folder, "--steps", "3", "--future", "other.csv")
    assert other[1]["sales"] == rows[1]["sales"] and other[2]["sales"] != rows[2]["sales"]


@pytest.mark.parametrize("name, text, message", [
    ("late.csv", "day,promo\n{d1},1\n{d2},0\n",
     "late.csv, line 2, column 'day': {d1} is not step 1 after the data, {d0}: the future rows "
     "start right after the last row of the data, one per step"),
    ("short.csv", "day,promo\n{d0},1\n",
     "short.csv: 1 future row(s) for the series; the forecast feeds back 2 step(s), which need "
     "their covariates (promo): add the rows"),
    ("empty.csv", "day,promo\n{d0},1\n{d1},\n",
     "empty.csv: 1 missing value(s) (1 in column 'promo'), first at line 3: fill them in the "
     "file: every future row the forecast feeds back needs its covariates"),
    ("nopromo.csv", "day,price\n{d0},1\n{d1},2\n",
     "nopromo.csv: no column 'promo': --future needs the time column and the features that are "
     "not targets (promo, day)"),
])
def test_a_future_file_that_does_not_fit_is_one_located_line(capsys, folder, name, text,
                                                              message):
    days = {"d0": day(300), "d1": day(301), "d2": day(302)}
    (folder / name).write_text(text.format(**days))
    done, _ = forecast(capsys, folder, "--steps", "3", "--future", name)
    assert done.code == 1 and done.out == ""
    assert done.err == f"run:1:1: LS630 [error] {message.format(**days)}\n"
