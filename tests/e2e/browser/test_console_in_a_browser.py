"""The console in a real browser: approvals that follow each other live, chat, KPIs, the Gantt.

Every page is also checked with axe-core (bundled by axe-playwright-python, injected from disk)
and photographed at desktop width; the inbox also at phone width.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import Engine

from domain.events.envelope import parse_event
from domain.events.ingest import ingest
from tests.support.events import asn_eta

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LIVE_WAIT_MS = 20_000  # a decision reaches an open inbox within a poll or two; CI is slow
TURN_WAIT_MS = 60_000  # an offline copilot turn (the first one loads the planner)
SCHEDULER_WAIT_MS = 90_000  # a planner's resequence request runs CP-SAT on the line


def _sign_in(context: BrowserContext, base: str, username: str) -> Page:
    page = context.new_page()
    page.goto(f"{base}/signin")
    page.get_by_label(re.compile(username.replace(".", r"\."))).check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()
    return page


@pytest.fixture
def person(browser: Any, console_url: str) -> Iterator[Any]:
    """Sign a demo user in, in a browser context of their own (their own cookies)."""
    contexts: list[BrowserContext] = []

    def sign_in(username: str, viewport: dict[str, int] = DESKTOP) -> Page:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return _sign_in(context, console_url, username)

    yield sign_in
    for context in contexts:
        context.close()


def _open(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Console").get_by_role("link", name=name).click()


def _ask(page: Page, question: str) -> None:
    page.get_by_label("Your question or request").fill(question)
    page.get_by_role("button", name="Send").click()


def _no_serious_accessibility_issues(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: " + "; ".join(serious)


def _fits_the_width(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px at this width"


def test_dana_asks_in_chat_and_sees_the_answer_stream_in(
    person: Any, console_url: str, screenshots: Path
) -> None:
    dana = person("dana.kim")
    _open(dana, "Chat")
    expect(dana.get_by_role("heading", name="Chat with the copilot")).to_be_visible()
    dana.evaluate("window.sameDocument = true")
    _ask(dana, "why is PO-7781 risky?")
    steps = dana.locator("#conversation details.step")
    expect(steps.first).to_be_visible(timeout=TURN_WAIT_MS)
    answer = dana.get_by_test_id("answer").last
    expect(answer).to_contain_text("PO-7781", timeout=TURN_WAIT_MS)
    expect(dana.locator("#conversation .msg.user")).to_contain_text("why is PO-7781 risky?")
    assert dana.evaluate("window.sameDocument") is True  # streamed in, not a page load
    steps.first.locator("summary").click()  # the folded tool step opens
    expect(steps.first.locator("pre, p").first).to_be_visible()
    # An escalation its requester may confirm: the card in the thread carries the button.
    _ask(dana, "draft an escalation to Voltaic about PO-7781")
    card = dana.locator("#conversation article.proposal").last
    confirm = card.get_by_role("button", name=re.compile(r"Confirm AP-\d+"))
    expect(confirm).to_be_visible(timeout=TURN_WAIT_MS)
    _no_serious_accessibility_issues(dana)
    dana.screenshot(path=str(screenshots / "chat.png"), full_page=True)
    confirm.click()
    expect(
        dana.locator("#conversation article.proposal").last.get_by_test_id("status")
    ).to_have_text("executed", timeout=TURN_WAIT_MS)
    assert dana.evaluate("window.sameDocument") is True


def test_priya_approves_danas_expedite_and_danas_open_inbox_follows(
    person: Any, console_url: str, screenshots: Path
) -> None:
    dana = person("dana.kim")
    dana.goto(f"{console_url}/chat")
    _ask(dana, "air-expedite the 600 on PO-7781")
    card = dana.locator("#conversation article.proposal").first
    expect(card).to_contain_text("plant manager (not the requester)", timeout=TURN_WAIT_MS)
    expect(card.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    proposal_id = card.locator("h3").inner_text().split(" ")[0]
    assert re.fullmatch(r"AP-\d+", proposal_id), proposal_id

    dana.goto(f"{console_url}/inbox")
    mine = dana.locator(f"#card-{proposal_id}")
    expect(mine.get_by_test_id("status")).to_have_text("pending")
    expect(mine.get_by_role("button", name=f"Approve {proposal_id}")).to_have_count(0)
    dana.evaluate("window.sameDocument = true")

    priya = person("priya.nair")
    awaiting = priya.locator(f"#card-{proposal_id}")
    expect(awaiting).to_contain_text("$6,800")
    expect(awaiting).to_contain_text("dana.kim")
    _no_serious_accessibility_issues(priya)
    priya.screenshot(path=str(screenshots / "inbox.png"), full_page=True)
    awaiting.get_by_label("Comment (optional)").fill("ok, keep SEAT1 running")
    awaiting.get_by_role("button", name=f"Approve {proposal_id}").click()
    decided = priya.locator(f"#card-{proposal_id}").get_by_test_id("status")
    expect(decided).to_have_text("executed", timeout=TURN_WAIT_MS)  # resumes dana's thread

    expect(mine.get_by_test_id("status")).to_have_text("executed", timeout=LIVE_WAIT_MS)
    expect(mine).to_contain_text("priya.nair")
    assert dana.evaluate("window.sameDocument") is True  # the card changed without a reload
    dana.screenshot(path=str(screenshots / "inbox-requester.png"), full_page=True)

    phone = person("priya.nair", PHONE)
    _fits_the_width(phone)
    phone.screenshot(path=str(screenshots / "inbox-phone.png"), full_page=True)


def test_a_kpi_chart_draws_and_drills_down(person: Any, screenshots: Path) -> None:
    priya = person("priya.nair")
    _open(priya, "KPIs")
    priya.get_by_label("KPI", exact=True).select_option(label="Supplier OTIF")
    priya.get_by_label("By", exact=True).select_option("supplier")
    priya.get_by_role("button", name="Show").click()
    bars = priya.get_by_test_id("kpi-chart").locator("svg rect")
    expect(bars.first).to_be_visible()
    widths = [float(w) for w in bars.evaluate_all("rs => rs.map(r => r.getAttribute('width'))")]
    assert len(widths) >= 2 and max(widths) > 10, widths
    expect(priya.get_by_role("table").first).to_contain_text("Voltaic")
    _no_serious_accessibility_issues(priya)
    priya.screenshot(path=str(screenshots / "kpis.png"), full_page=True)
    priya.get_by_role("link", name=re.compile("Voltaic", re.I)).first.click()
    expect(priya.get_by_test_id("kpi-chart").first).to_contain_text(re.compile("VOLTAIC", re.I))
    expect(priya.get_by_label("By", exact=True)).to_have_value("month")


def test_the_gantt_shows_the_proposed_moves(person: Any, screenshots: Path) -> None:
    luis = person("luis.ortega")
    _open(luis, "Schedule")
    gantt = luis.get_by_test_id("gantt")
    expect(gantt).to_be_visible()
    assert gantt.locator("g.wo").count() > 0
    assert gantt.locator("rect.gap").count() > 0  # E-4410 and F-2200 gaps on SEAT1
    assert gantt.locator("g.wo.moved").count() == 0  # nothing proposed yet
    luis.get_by_role("button", name=re.compile("Ask the scheduler")).click()
    expect(luis.get_by_test_id("moves")).to_be_visible(timeout=SCHEDULER_WAIT_MS)

    priya = person("priya.nair")
    _open(priya, "Schedule")
    moved = priya.get_by_test_id("gantt").locator("g.wo.moved")
    assert moved.count() > 0
    moves = priya.get_by_test_id("moves").locator("tbody tr")
    assert moves.count() >= moved.count() > 0
    first = moved.first.get_attribute("data-wo") or ""
    expect(priya.get_by_test_id("moves")).to_contain_text(first)
    expect(priya.get_by_test_id("gantt").locator("rect.frozen")).to_have_count(1)
    _no_serious_accessibility_issues(priya)
    priya.screenshot(path=str(screenshots / "schedule.png"), full_page=True)


def test_dana_acknowledges_the_alert_a_late_asn_raised_and_asks_about_it(
    person: Any, console_db: Engine, screenshots: Path
) -> None:
    [applied] = ingest(console_db, [parse_event(asn_eta("2026-03-05T16:00:00Z", "asn-late"))])
    assert applied.outcome == "applied", applied.detail
    dana = person("dana.kim")
    _open(dana, "Alerts")
    mine = dana.get_by_role("region", name=re.compile("Routed to me")).locator("article").first
    expect(mine).to_contain_text("F-2200")
    expect(mine.get_by_test_id("alert-status")).to_have_text("open")
    _no_serious_accessibility_issues(dana)
    dana.screenshot(path=str(screenshots / "alerts.png"), full_page=True)
    mine.get_by_role("button", name="Acknowledge").click()
    expect(mine.get_by_test_id("alert-status")).to_have_text("acknowledged")
    expect(mine).to_contain_text("by dana.kim")
    mine.get_by_role("link", name=re.compile("Resequence LKS-SEAT1")).click()
    expect(dana.get_by_label("Your question or request")).to_have_value(
        re.compile("resequence LKS-SEAT1")
    )


@pytest.mark.parametrize("name", ["audit", "signin"])
def test_the_other_pages_are_accessible(
    person: Any, console_url: str, screenshots: Path, name: str
) -> None:
    priya = person("priya.nair")
    priya.goto(f"{console_url}/{name}")
    if name == "audit":
        priya.get_by_role("button", name="Verify the chain").click()
        expect(priya.locator("#verify")).to_contain_text("Chain intact")
    _no_serious_accessibility_issues(priya)
    priya.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def test_every_page_fits_a_phone(person: Any, console_url: str, screenshots: Path) -> None:
    phone = person("priya.nair", PHONE)
    for name in ("inbox", "chat", "alerts", "kpis", "schedule", "audit"):
        phone.goto(f"{console_url}/{name}")
        _fits_the_width(phone)
    phone.screenshot(path=str(screenshots / "audit-phone.png"), full_page=True)
