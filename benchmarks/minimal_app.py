"""The yardstick: a minimal typer app with one command and a few options.

benchmarks/run.py times sbk-guide against this, in the same environment, so the
ratio shows what our data loading, engine and rendering add to typer's own cost.
"""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def checklist(
    card: str | None = typer.Option(None, "--card", help="Card type"),
    region: str | None = typer.Option(None, "--region", help="Region"),
    need: list[str] | None = typer.Option(None, "--need", help="Needs"),
    fmt: str = typer.Option("json", "--format", help="Output format"),
) -> None:
    typer.echo(f'{{"card": "{card}", "region": "{region}", "needs": {list(need or [])}, "format": "{fmt}"}}')


if __name__ == "__main__":
    app()
