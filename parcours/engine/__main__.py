"""`python -m parcours.engine PATH [--score ANSWERS.json] [--lang fr|en]`: the engine alone."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import AnswersError, check, evaluate, find_questionnaires, read_answers, result_dict


def main(argv: list[str] | None = None) -> int:
    """Validate questionnaires, and score an answers file against them."""
    parser = argparse.ArgumentParser(prog="python -m parcours.engine")
    parser.add_argument("path", nargs="?", default="questionnaires")
    parser.add_argument("--score", type=Path)
    parser.add_argument("--lang", choices=("fr", "en"))
    args = parser.parse_args(argv)
    loaded, failed = {}, False
    for folder in find_questionnaires(args.path) or [Path(args.path)]:
        questionnaire, problems = check(folder)
        for problem in problems:
            print(problem)
        failed |= questionnaire is None
        if questionnaire is not None:
            loaded[questionnaire.key] = questionnaire
    if failed or args.score is None:
        return 1 if failed else 0
    try:
        parsed = read_answers(json.loads(args.score.read_text(encoding="utf-8")), loaded)
    except (AnswersError, ValueError) as err:
        print(f"{args.score}: {err}", file=sys.stderr)
        return 1
    questionnaire = loaded[parsed.questionnaire]
    scores, road = evaluate(questionnaire, parsed.answers)
    print(json.dumps(result_dict(questionnaire, scores, road, args.lang or parsed.lang),
                     ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
