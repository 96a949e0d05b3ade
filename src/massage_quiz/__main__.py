"""Allow ``python -m massage_quiz``."""

from massage_quiz.cli import main

if __name__ == "__main__":
    main(prog_name="massage-quiz")
