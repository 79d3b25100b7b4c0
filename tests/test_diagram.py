"""`summary --format svg|html`: the drawing's content (one box per input and layer, one arrow
per reference, errors on their layer) without TensorFlow, and that a real headless browser
renders it: a screenshot that is not blank (Chromium from the system packages; the test is
skipped, saying so, where it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_support import ROOT, lstmspec

GRAPHS = ROOT / "examples" / "graphs"
SVG = "{http://www.w3.org/2000/svg}"


def drawing(capsys, path: Path, output_format: str = "svg"):
    ran = lstmspec(capsys, "summary", "--format", output_format, str(path))
    return ran


def nodes(svg_text: str) -> dict:
    root = ET.fromstring(svg_text)
    return {g.get("data-name"): g.get("class") for g in root.iter(f"{SVG}g")}


def test_every_input_and_layer_is_a_box_and_every_reference_an_arrow(capsys):
    ran = drawing(capsys, GRAPHS / "encoder_decoder_attention.yaml")
    assert ran.code == 0
    assert nodes(ran.out) == {
        "past": "node input", "future": "node input", "enc": "node layer",
        "dec": "node layer", "att": "node layer", "both": "node layer",
        "time_distributed": "node layer"}
    root = ET.fromstring(ran.out)
    paths = [p.get("class") for p in root.iter(f"{SVG}path") if p.get("class")]
    # past->enc, future->dec, enc.1/enc.2->dec (states), dec/enc.0->att, dec/att->both, both->td
    assert sorted(paths) == ["edge"] * 7 + ["edge state"] * 2
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"query", "value", ".1", ".2", "(None, 6, 1)", "1,280 params"} <= set(texts)


def test_an_error_is_drawn_on_its_layer_and_exits_1(capsys):
    ran = drawing(capsys, GRAPHS / "broken" / "add_mismatch.yaml")
    assert ran.code == 1
    assert nodes(ran.out)["skip"] == "node error"
    skip = next(g for g in ET.fromstring(ran.out).iter(f"{SVG}g") if g.get("data-name") == "skip")
    # the whole finding in the box's tooltip, its start under the box
    assert skip.find(f"{SVG}title").text.startswith("LS126 Add 'skip' gets (None, 20, 16) from 'a'")
    assert [t.text for t in skip.iter(f"{SVG}text")][-1].startswith("LS126 Add 'skip' gets ")


def test_a_stack_is_drawn_as_a_chain(capsys):
    ran = drawing(capsys, ROOT / "examples" / "stacked_lstm_fixed.yaml")
    assert ran.code == 0
    root = ET.fromstring(ran.out)
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "edge"]) == len(
        nodes(ran.out)) - 1


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package `chromium`) to "
                    "render the drawing in a real browser")
@pytest.mark.subprocess
def test_a_headless_browser_renders_the_html_page(capsys, tmp_path):
    Image = pytest.importorskip("PIL.Image", reason="needs Pillow (the test extra) to read the "
                                "screenshot")
    ran = drawing(capsys, GRAPHS / "encoder_decoder_attention.yaml", "html")
    assert ran.code == 0
    page, shot = tmp_path / "model.html", tmp_path / "shot.png"
    page.write_text(ran.out, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", f"--screenshot={shot}", "--window-size=800,900",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    image = Image.open(shot).convert("RGB")
    assert image.size == (800, 900)
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 20, "the screenshot is (nearly) one colour: nothing was drawn"
    # the input boxes' blue fill and the arrows' grey are there, not only white and text
    rgb = {c for _, c in colours}
    assert (0xe8, 0xf0, 0xfe) in rgb
    dark = sum(n for n, (r, g, b) in colours if r + g + b < 300)
    assert dark > 2000, "too few dark pixels: no text or arrows drawn"


def test_the_readme_drawing_is_fresh(capsys):
    ran = drawing(capsys, GRAPHS / "encoder_decoder_attention.yaml")
    committed = ROOT / "docs" / "img" / "encoder_decoder_attention.svg"
    assert ran.out == committed.read_text(encoding="utf-8"), (
        "docs/img/encoder_decoder_attention.svg is stale: run `lstmspec summary --format svg "
        "examples/graphs/encoder_decoder_attention.yaml > docs/img/encoder_decoder_attention.svg` "
        "(and re-take the PNG beside it)")
