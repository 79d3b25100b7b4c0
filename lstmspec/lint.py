"""source -> validation -> inference -> rules -> sorted diagnostics, for one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from .inference.budget import DEFAULT_BUDGET, Budget
from .codes import CODES, severity_of
from .diagnostics import FILE_START, Diagnostic, Finding
from .inference import infer
from .inference.table import Inference
from .rules import RuleContext, input_rules, run_partial_rules, run_rules, waiting_advice
from .settings import data_access
from .source.yaml_source import DEFAULT_LIMITS, Limits, Source, load_bytes, load_file
from .validation.config import validate

if TYPE_CHECKING:
    from .datafacts.access import DataAccess

MAX_DIAGNOSTICS = 1000  # per file: a hostile file must not make megabytes of output


@dataclass
class LintResult:
    source: Source
    diagnostics: list = field(default_factory=list)
    model: object = None  # ModelSpec when the top level validated
    inference: Inference | None = None
    suppressed: list = field(default_factory=list)  # errors and warnings silenced by comments
    # the code families (LS0, LS3, ...) whose checks ran to the end on this file: only their
    # suppressions can be judged unused (suppress.judged)
    checked: frozenset = frozenset()

    @property
    def ok(self) -> bool:
        return self.inference is not None and self.inference.complete and not any(
            d.severity.value == "error" for d in self.diagnostics)


def to_diagnostic(source: Source, finding: Finding) -> Diagnostic:
    span = finding.span or source.span(finding.path, finding.on_key)
    return Diagnostic(source.path, span, finding.code, severity_of(finding.code),
                      finding.message, finding.fix, finding.path)


def capped(source: Source, diagnostics: list) -> list:
    """At most MAX_DIAGNOSTICS per file, then one LS011 that says how many more there are."""
    if len(diagnostics) <= MAX_DIAGNOSTICS:
        return diagnostics
    more = len(diagnostics) - MAX_DIAGNOSTICS
    note = Finding("LS011", f"{more:,} more problems are not shown: fix these and run lint "
                   "again", span=FILE_START)
    return diagnostics[:MAX_DIAGNOSTICS] + [to_diagnostic(source, note)]


def note_unchecked(findings: list, stop: int, count: int, sections: bool,
                   graph: bool = False, advice: tuple = ()) -> list:
    """The walk stopped at layer `stop`: say on its first finding what was not checked (the
    layers after it; the checks that need every layer: the whole model's advice the layers
    could draw (`advice`, for a stack), the runner sections'), so that their
    problems are not a surprise after this one is fixed. (In a stack, the per-layer advice
    and the budget ran on the layers before it: rules.PARTIAL_RULES.)"""
    skipped = []
    if stop < count - 1:
        skipped.append(f"layer {stop + 1} is not shape-checked" if stop + 1 == count - 1
                       else f"layers {stop + 1}-{count - 1} are not shape-checked")
    if advice and not graph:
        skipped.append(f"the whole-model advice ({', '.join(advice)}) waits")
    if sections:
        skipped.append("the data, compile and train checks that need every layer do not run")
    here = ("layers", min(stop, count - 1))
    at = next((i for i, f in enumerate(findings) if tuple(f.path[:2]) == here), None)
    if at is None or not skipped:
        return findings
    finding = findings[at]
    said = skipped[0] if len(skipped) == 1 else \
        f"{', '.join(skipped[:-1])}, and {skipped[-1]},"
    findings[at] = finding._replace(message=f"{finding.message} ({said} until this is fixed)")
    return findings


def has_sections(model) -> bool:
    return any(getattr(model, name, None) is not None for name in ("compile", "data", "train"))


def analyse(source: Source, budget: Budget = DEFAULT_BUDGET, overrides=(),
            access: DataAccess | None = None) -> LintResult:
    """Lint one read file; `overrides` (overrides.Override, from --set) replace values first.
    `access`: where its data files may be read (default: its project, settings.data_access)."""
    access = access or data_access(source.path)
    result = LintResult(source)
    findings = list(source.findings)
    applied = {}
    if source.ok and overrides:
        from .overrides.apply import apply

        found, applied = apply(source, overrides)
        findings += found
    ran = {"LS0", "LS3"} if source.ok else set()
    if source.ok:
        checked = validate(source.data)
        findings += checked.findings
        result.model = checked.model
        if checked.model is not None and checked.layers:
            result.inference = infer(checked.model, checked.layers)
            findings += result.inference.findings
            if not result.inference.complete:
                per_layer = not result.inference.graph and bool(result.inference.layers)
                if per_layer:  # the rules that judge one layer at a time, on those checked
                    findings += run_partial_rules(RuleContext(
                        checked.model, result.inference, budget, config_path=source.path,
                        data=source.data, access=access))
                findings = note_unchecked(findings, len(result.inference.layers),
                                          len(checked.layers), has_sections(checked.model),
                                          result.inference.graph,
                                          waiting_advice(checked.layers))
                findings += input_rules(RuleContext(
                    checked.model, result.inference, budget, config_path=source.path,
                    data=source.data, access=access))
            else:
                ran |= {code[:3] for code in CODES}  # every check ran: the rules too
                findings += run_rules(RuleContext(
                    checked.model, result.inference, budget, config_path=source.path,
                    data=source.data, relint=partial(analyse, access=access), access=access))
    result.checked = frozenset(ran)
    if applied:
        from .overrides.apply import attribute

        findings = attribute(findings, applied)
    result.diagnostics = capped(source, sorted((to_diagnostic(source, f) for f in findings),
                                               key=lambda d: d.sort_key))
    return result


def lint_file(path: str, limits: Limits = DEFAULT_LIMITS, budget: Budget = DEFAULT_BUDGET,
              overrides=(), access: DataAccess | None = None) -> LintResult:
    return analyse(load_file(path, limits), budget, overrides, access)


def lint_text(text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS,
              budget: Budget = DEFAULT_BUDGET) -> LintResult:
    return analyse(load_bytes(text.encode("utf-8"), path, limits), budget)
