"""pySHACL's report graph becomes findings (and is annotated to agree with them).

For SHACL-SPARQL rules the figures come back out of the filled-in message
(:mod:`.template`); a difference within the rounding tolerance is demoted to
Info. Structural results get a generic bilingual message naming the property.
The report graph is updated in place so the Turtle report says what the
findings say: severity, messages in both languages, expected and found.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH, XSD

from ..query.result import format_value
from ..rdf.namespaces import BKG, PREFIXES
from .context import DocumentContext, NodeContext, node_contexts
from .findings import INFO, ValidationFinding
from .precision import RoundingScales
from .shapes import Rule, ShapesLibrary
from .template import parse, render, split_languages

_BKG = rdflib.Namespace(BKG)
_IRI = re.compile(r"https?://[^\s«»<>\"]+")

# Wording of structural results by constraint component: (中文, English).
_COMPONENT_MESSAGES = {
    "MinCountConstraintComponent": ("缺少必需的属性 {path}", "required property {path} is missing"),
    "MaxCountConstraintComponent": ("属性 {path} 的值多于允许的个数", "property {path} has too many values"),
    "DatatypeConstraintComponent": (
        "属性 {path} 的值 {value} 数据类型不符",
        "value {value} of {path} has the wrong datatype",
    ),
    "ClassConstraintComponent": (
        "属性 {path} 的值 {value} 不是规定类型的资源",
        "value {value} of {path} is not of the required class",
    ),
}
_DEFAULT_MESSAGE = ("属性 {path} 的值 {value} 不合规定", "value {value} of {path} is not allowed")


def curie(term: object) -> str:
    """A short name for an IRI (``bkg:amount``), the text of anything else."""
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def shorten_iris(text: str) -> str:
    """Text with the IRIs of known namespaces written as prefixed names."""
    return _IRI.sub(lambda m: curie(m.group(0)), text)


def _decimal(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _figures(text: str | None) -> list[tuple[str, Decimal]]:
    """``"2080502=23.31 2080505=122.90"`` -> sorted (label, amount) pairs."""
    out = []
    for token in (text or "").split():
        label, _, amount = token.partition("=")
        value = _decimal(amount)
        if value is not None:
            out.append((label, value))
    return sorted(out)


AMOUNT_VARIABLES = frozenset({"expected", "found"})


def _shown(name: str, text: str) -> str:
    """A bound value for a message: amounts with two decimals (``541`` -> ``541.00``), parts as a sum."""
    if name == "figures":
        return " + ".join(f"{label} {format_value(a)}" for label, a in _figures(text)) or "—"
    value = _decimal(text) if name in AMOUNT_VARIABLES else None
    return format_value(value) if value is not None else shorten_iris(text)


class ReportConverter:
    """Turns the results of one document's SHACL report into findings."""

    def __init__(self, library: ShapesLibrary, store: ox.Store, tolerance: Decimal) -> None:
        self.library = library
        self.store = store
        self.tolerance = tolerance
        self.scales = RoundingScales.from_store(store)  # the tolerance scales with each table's printing

    def convert(self, report: rdflib.Graph, doc: DocumentContext) -> list[ValidationFinding]:
        """One finding per sh:ValidationResult, worst first; ``report`` is annotated to match."""
        results = {r: self._flagged(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)}
        nodes = [str(f) for _, _, f in results.values() if isinstance(f, rdflib.URIRef)]
        contexts = node_contexts(self.store, nodes)  # one lookup for all flagged resources
        findings = [self._result(report, r, doc, *found, contexts) for r, found in results.items()]
        return sorted(findings, key=ValidationFinding.sort_key)

    def _flagged(
        self, report: rdflib.Graph, r: rdflib.term.Node
    ) -> tuple[str | None, dict[str, str] | None, rdflib.term.Node | None]:
        """A result's message template, the values its message carries, and the resource it flags."""
        focus, value = report.value(r, SH.focusNode), report.value(r, SH.value)
        template = self.library.template(report.value(r, SH.sourceConstraint))
        message = str(report.value(r, SH.resultMessage) or "")
        variables = parse(template, message) if template else None
        flagged = value if variables is not None and isinstance(value, rdflib.URIRef) else focus
        return template, variables, flagged

    def _result(
        self,
        report: rdflib.Graph,
        r: rdflib.term.Node,
        doc: DocumentContext,
        template: str | None,
        variables: dict[str, str] | None,
        flagged: rdflib.term.Node | None,
        contexts: dict[str, NodeContext],
    ) -> ValidationFinding:
        shape = report.value(r, SH.sourceShape)
        rule = self.library.rule_for(shape) if shape is not None else Rule("unknown", "")
        severity = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        value = report.value(r, SH.value)
        ctx = contexts[str(flagged)] if isinstance(flagged, rdflib.URIRef) else NodeContext()
        finding = ValidationFinding(
            severity=severity,
            rule=rule.slug,
            document=doc.document,
            message_zh="",
            message_en="",
            source=doc.source,
            department=doc.department,
            focus=str(flagged) if flagged is not None else None,
            table=ctx.table_number,
            table_iri=ctx.table,
            table_title=ctx.table_title,
            table_kind=ctx.table_kind,
            row=ctx.row,
            page=ctx.page,
            line=ctx.line,
            code=ctx.code,
            item=ctx.item,
            measure=ctx.measure.rsplit("/", 1)[-1] if ctx.measure else None,
            fund=ctx.fund.rsplit("/", 1)[-1] if ctx.fund else None,
            shape=rule.shape,
        )
        if variables is not None and template is not None:
            self._sparql_result(finding, rule, template, variables, ctx)
        else:
            self._core_result(finding, rule, report, r, value, ctx)
        self._annotate(report, r, finding)
        return finding

    def _sparql_result(
        self, f: ValidationFinding, rule: Rule, template: str, variables: dict[str, str], ctx: NodeContext
    ) -> None:
        f.expected, f.found = _decimal(variables.get("expected")), _decimal(variables.get("found"))
        f.rule = variables.get("rule") or f.rule
        f.path = curie(variables["path"]) if variables.get("path") else None
        f.figures = _figures(variables.get("figures"))
        count = int(_decimal(variables.get("n")) or len(f.figures) or 1)
        tolerance = self.tolerance * self.scales.of(ctx.table)
        allowance = max(tolerance * max(count, 1), _decimal(variables.get("allowance")) or Decimal(0))
        if rule.tolerates_rounding and f.difference is not None and abs(f.difference) <= allowance:
            f.severity = INFO
        shown = {k: _shown(k, v) for k, v in variables.items()}
        zh, en = split_languages(template)
        f.message_zh = render(zh, {**ctx.labels("zh"), **shown})
        f.message_en = render(en, {**ctx.labels("en"), **shown})

    def _core_result(
        self,
        f: ValidationFinding,
        rule: Rule,
        report: rdflib.Graph,
        r: rdflib.term.Node,
        value: rdflib.term.Node | None,
        ctx: NodeContext,
    ) -> None:
        path = report.value(r, SH.resultPath)
        component = str(report.value(r, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        f.path = curie(path) if path is not None else None
        f.value = str(value) if value is not None and value != report.value(r, SH.focusNode) else None
        zh, en = _COMPONENT_MESSAGES.get(component, _DEFAULT_MESSAGE)
        labels = {"path": f.path or "", "value": curie(f.value) if f.value else "—"}
        f.message_zh = render(rule.message_zh or zh, {**ctx.labels("zh"), **labels})
        f.message_en = render(rule.message_en or en, {**ctx.labels("en"), **labels})
        if not rule.message_en and component not in _COMPONENT_MESSAGES:
            f.message_en += f" ({component})"

    def _annotate(self, report: rdflib.Graph, r: rdflib.term.Node, f: ValidationFinding) -> None:
        report.set((r, SH.resultSeverity, SH[f.severity]))
        report.remove((r, SH.resultMessage, None))
        report.add((r, SH.resultMessage, rdflib.Literal(f.message_zh, lang="zh")))
        report.add((r, SH.resultMessage, rdflib.Literal(f.message_en, lang="en")))
        report.add((r, _BKG.rule, rdflib.Literal(f.rule)))
        if f.expected is not None:
            report.add((r, _BKG.expected, rdflib.Literal(str(f.expected), datatype=XSD.decimal)))
        if f.found is not None:
            report.add((r, _BKG.found, rdflib.Literal(str(f.found), datatype=XSD.decimal)))
