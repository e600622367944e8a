"""JUnit XML for CI: one test suite per eval suite, one test case per eval case."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from evals.runner import Report


def junit_xml(report: Report) -> str:
    root = ET.Element(
        "testsuites",
        name="lineside-evals",
        tests=str(len(report.cases)),
        failures=str(sum(not c.passed for c in report.cases)),
    )
    for suite, stats in report.suites.items():
        node = ET.SubElement(
            root,
            "testsuite",
            name=suite,
            tests=str(stats.cases),
            failures=str(stats.cases - stats.passed),
        )
        for case in (c for c in report.cases if c.suite == suite):
            test = ET.SubElement(
                node,
                "testcase",
                classname=f"evals.{suite}.{case.intent}",
                name=case.id,
                time=f"{case.latency_ms / 1000:.3f}",
            )
            failed = [s for s in case.scorers if s.applicable and not s.passed]
            if failed:
                failure = ET.SubElement(
                    test, "failure", message="; ".join(f"{s.name}: {s.reason}" for s in failed)
                )
                failure.text = "\n".join(f"[{s.name}] {s.reason}" for s in failed)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def write_junit(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(report) + "\n", encoding="utf-8")
    return path
