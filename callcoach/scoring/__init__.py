"""Rubrics and scorecards: findings and metrics → criterion scores with evidence and tips."""

from callcoach.scoring.rubric import Rubric, builtin_rubrics, load_rubric, parse_rubric
from callcoach.scoring.scorer import score_call

__all__ = ["Rubric", "builtin_rubrics", "load_rubric", "parse_rubric", "score_call"]
