"""placeholder"""
import click

@click.command()
def build() -> None:
    """placeholder"""
