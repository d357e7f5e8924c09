"""``flask oversight refresh``: count each force's oversight measures for the national page.

Run it nightly (cron or a systemd timer) after midnight: each force is counted in a transaction
of its own, behind its policies, and the national page says the day the counts were made
(``triage.oversight.summary``). Without it the national page counts every force live.
"""

from __future__ import annotations

import time
from datetime import date

import click

from intake.cli import OperatorGroup
from triage.oversight.national import overseen_forces
from triage.oversight.summary import refresh

oversight_commands = OperatorGroup(
    "oversight", help="Oversight figures kept for the national page."
)


@oversight_commands.command("refresh")
@click.option(
    "--force",
    "slugs",
    multiple=True,
    help="only this force (by slug; may be repeated); every force by default",
)
def refresh_command(slugs: tuple[str, ...]) -> None:
    """Count every force's measures for this reporting year so far and the year before, and
    keep them for the national oversight page, replacing the last counts."""
    forces = overseen_forces()
    unknown = sorted(set(slugs) - {f.slug for f in forces})
    if unknown:
        raise click.ClickException(f"no such force (or a national one): {', '.join(unknown)}")
    chosen = [f for f in forces if f.slug in slugs] if slugs else forces
    place = {f.id: (number, f.slug) for number, f in enumerate(chosen, start=1)}
    started = time.perf_counter()
    click.echo(f"Counting {len(chosen)} force(s) ...")

    def progress(force_id: int) -> None:
        number, slug = place[force_id]
        seconds = time.perf_counter() - started
        click.echo(f"  {slug}: counted ({number} of {len(chosen)}, {seconds:.0f} s)")

    refresh(place, date.today(), progress)
    click.echo(f"Counted {len(chosen)} force(s) as of {date.today().isoformat()}.")
