"""Nodes and edges placed by diagram.py -> an SVG document, and the HTML page around it."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .diagram import BOX_H, BOX_W, COLORS, GAP_Y, MARGIN, STROKES, TEXT, collect, place

FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def box(node, x: float, y: float) -> list[str]:
    fill, stroke = COLORS[node.kind], STROKES[node.kind]
    ink = f" fill='{TEXT[node.kind]}'" if node.kind in TEXT else ""
    title = escape(node.problem or node.title)
    out = [f"<g class='node {node.kind}' data-name='{escape(node.name)}'>",
           f"<title>{title}</title>",
           f"<rect x='{x:.0f}' y='{y:.0f}' width='{BOX_W}' height='{BOX_H}' rx='6' "
           f"fill='{fill}' stroke='{stroke}' stroke-width='{2 if node.problem else 1.2}'/>",
           f"<text x='{x + BOX_W / 2:.0f}' y='{y + 18:.0f}' text-anchor='middle' "
           f"font-size='13' font-weight='bold'{ink} {FONT}>{escape(clip(node.title, 34))}"
           "</text>"]
    for k, line in enumerate(node.lines):
        out.append(f"<text x='{x + BOX_W / 2:.0f}' y='{y + 35 + 14 * k:.0f}' "
                   f"text-anchor='middle' font-size='11'{ink} {FONT}>{escape(clip(line, 40))}"
                   "</text>")
    if node.problem:
        out.append(f"<text x='{x + 4:.0f}' y='{y + BOX_H + 13:.0f}' font-size='10' "
                   f"fill='{STROKES[node.kind]}' {FONT}>{escape(clip(node.problem, 46))}</text>")
    out.append("</g>")
    return out


def route(start, end, slot: float, lane: float | None) -> str:
    """Between neighbouring rows a curve; an edge that skips rows leaves its box on the right
    and runs down a lane right of the boxes it passes, so that it crosses none of them."""
    x2, y2 = end[0] + BOX_W / 2 + slot, end[1]
    if lane is None:
        x1, y1 = start[0] + BOX_W / 2, start[1] + BOX_H
        bend = max(24.0, (y2 - y1) / 2)
        return (f"M{x1:.0f},{y1:.0f} C{x1:.0f},{y1 + bend:.0f} {x2:.0f},{y2 - bend:.0f} "
                f"{x2:.0f},{y2 - 2:.0f}")
    x1, y1 = start[0] + BOX_W, start[1] + BOX_H / 2
    turn = y2 - 22
    return (f"M{x1:.0f},{y1:.0f} L{lane - 8:.0f},{y1:.0f} Q{lane:.0f},{y1:.0f} {lane:.0f},"
            f"{y1 + 8:.0f} L{lane:.0f},{turn - 8:.0f} Q{lane:.0f},{turn:.0f} {lane - 8:.0f},"
            f"{turn:.0f} L{x2 + 8:.0f},{turn:.0f} Q{x2:.0f},{turn:.0f} {x2:.0f},{turn + 8:.0f} "
            f"L{x2:.0f},{y2 - 2:.0f}")


def lane_x(start, end, where: dict, used: list) -> float | None:
    """The x of a free lane right of every box in the rows between, or None for neighbours."""
    if end[1] - start[1] <= BOX_H + GAP_Y:
        return None
    between = [x for x, y in where.values() if start[1] < y < end[1]]
    right = max(between + [start[0], end[0]]) + BOX_W + 14
    while any(abs(right - other) < 10 for other in used):
        right += 12
    used.append(right)
    return right


def arrow(edge, start, end, slot: float, lane: float | None) -> list[str]:
    x2, y2 = end[0] + BOX_W / 2 + slot, end[1]
    dash = " stroke-dasharray='5 4'" if edge.state else ""
    color = STROKES["left-out"] if edge.left_out else "#6a1b9a" if edge.state else "#455a64"
    marker = "left-out" if edge.left_out else "state" if edge.state else "arrow"
    classes = "edge" + (" state" if edge.state else "") + (" left-out" if edge.left_out else "")
    out = [f"<path class='{classes}' d='{route(start, end, slot, lane)}' "
           f"fill='none' stroke='{color}' stroke-width='1.4'{dash} "
           f"marker-end='url(#{marker})'/>"]
    if edge.label:
        out.append(f"<text x='{x2 + 4:.0f}' y='{y2 - 8:.0f}' font-size='10' fill='{color}' "
                   f"{FONT}>{escape(edge.label)}</text>")
    return out


def marker(name: str, color: str) -> str:
    return (f"<marker id='{name}' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' "
            f"markerHeight='7' orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='{color}'/>"
            "</marker>")


def markers(edges) -> str:
    """The arrow heads; the grey one only when an arrow leads to a layer left out."""
    grey = marker("left-out", STROKES["left-out"]) if any(e.left_out for e in edges) else ""
    return f"<defs>{marker('arrow', '#455a64')}{marker('state', '#6a1b9a')}{grey}</defs>"


def to_svg(result, specs) -> str:
    nodes, edges = collect(result, specs)
    where = place(nodes, edges)
    edges = [e for e in edges if e.source in where and e.target in where]
    inbound: dict = {}
    for e in edges:
        inbound.setdefault(e.target, []).append(e)
    lanes: list = []
    routes = {id(edge): lane_x(where[edge.source], where[edge.target], where, lanes)
              for group in inbound.values() for edge in group}
    width = max([x for x, _ in where.values()] + [l - BOX_W for l in lanes]) + BOX_W + MARGIN
    height = max(y for _, y in where.values()) + BOX_H + MARGIN + 16
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' "
             f"height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}'>", markers(edges),
             f"<rect width='{width:.0f}' height='{height:.0f}' fill='white'/>"]
    for target, group in inbound.items():
        for k, edge in enumerate(group):
            slot = (k - (len(group) - 1) / 2) * min(40, (BOX_W - 40) / max(1, len(group)))
            parts += arrow(edge, where[edge.source], where[target], slot, routes[id(edge)])
    for node in nodes:
        parts += box(node, *where[node.name])
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def to_html(result, specs, name: str) -> str:
    rows = "".join(f"<tr class='{d.severity.value}'><td>{d.span.line}:{d.span.column}</td>"
                   f"<td>{d.code}</td><td>{escape(d.message)}</td></tr>"
                   for d in result.diagnostics)
    table = (f"<table><tr><th>where</th><th>code</th><th>message</th></tr>{rows}</table>"
             if rows else "<p>No problems found.</p>")
    return ("<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{escape(name)}</title><style>body{{font-family:sans-serif;margin:24px}}"
            "td,th{text-align:left;padding:2px 10px}.error td{color:#c62828}"
            ".warning td{color:#ef6c00}</style></head><body>"
            f"<h1>{escape(name)}</h1>\n{to_svg(result, specs)}{table}</body></html>\n")
