"""The `lineside` command: one entry point, one sub-command group per part of the product."""

from __future__ import annotations

import typer

from cli.alerts import alerts_app
from cli.audit import audit_app
from cli.bench import bench_app
from cli.chat import chat_command
from cli.data import data_app
from cli.db import db_app
from cli.demo import demo_app
from cli.eval import eval_app
from cli.events import events_app
from cli.jobs import jobs_app
from cli.kpi import kpi_app
from cli.proposals import proposals_app
from cli.risk import risk_app
from cli.schedule import schedule_app
from cli.serve import serve_command
from cli.shortages import shortages_command
from cli.slack import slack_command
from cli.tools import tools_app
from cli.users import users_app
from cli.worker import worker_command

app = typer.Typer(
    help="Lineside: a copilot for manufacturing operations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(demo_app, name="demo")
app.add_typer(data_app, name="data")
app.add_typer(proposals_app, name="proposals")
app.add_typer(audit_app, name="audit")
app.add_typer(tools_app, name="tools")
app.add_typer(kpi_app, name="kpi")
app.add_typer(risk_app, name="risk")
app.add_typer(schedule_app, name="schedule")
app.add_typer(bench_app, name="bench")
app.add_typer(users_app, name="users")
app.add_typer(jobs_app, name="jobs")
app.add_typer(events_app, name="events")
app.add_typer(alerts_app, name="alerts")
app.add_typer(eval_app, name="eval")
app.command("shortages")(shortages_command)
app.command("chat")(chat_command)
app.command("worker")(worker_command)
app.command("serve")(serve_command)
app.command("slack")(slack_command)

if __name__ == "__main__":
    app()
