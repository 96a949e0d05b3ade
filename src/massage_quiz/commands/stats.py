"""placeholder"""
import click

@click.command()
def stats() -> None:
    """placeholder"""
