"""placeholder"""
import click

@click.command()
def drill() -> None:
    """placeholder"""
