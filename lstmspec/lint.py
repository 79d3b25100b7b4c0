"""source -> validation -> inference -> rules -> sorted diagnostics, for one file."""

from __future__ import annotations

from dataclasses import dataclass, field

from .codes import severity_of
from .diagnostics import Diagnostic, Finding
from .inference import Inference, infer
from .rules import RuleContext, run_rules
from .source import DEFAULT_LIMITS, Limits, Source, load_bytes, load_file
from .validation import validate


@dataclass
class LintResult:
    source: Source
    diagnostics: list = field(default_factory=list)
    model: object = None  # ModelSpec when the top level validated
    inference: Inference | None = None

    @property
    def ok(self) -> bool:
        return self.inference is not None and self.inference.complete and not any(
            d.severity.value == "error" for d in self.diagnostics)


def to_diagnostic(source: Source, finding: Finding) -> Diagnostic:
    span = finding.span or source.span(finding.path, finding.on_key)
    return Diagnostic(source.path, span, finding.code, severity_of(finding.code),
                      finding.message, finding.fix, finding.path)


def analyse(source: Source) -> LintResult:
    result = LintResult(source)
    findings = list(source.findings)
    if source.ok:
        checked = validate(source.data)
        findings += checked.findings
        result.model = checked.model
        if checked.model is not None and checked.layers:
            result.inference = infer(checked.model, checked.layers)
            findings += result.inference.findings
            if result.inference.complete:
                findings += run_rules(RuleContext(checked.model, result.inference))
    result.diagnostics = sorted((to_diagnostic(source, f) for f in findings),
                                key=lambda d: d.sort_key)
    return result


def lint_file(path: str, limits: Limits = DEFAULT_LIMITS) -> LintResult:
    return analyse(load_file(path, limits))


def lint_text(text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> LintResult:
    return analyse(load_bytes(text.encode("utf-8"), path, limits))
