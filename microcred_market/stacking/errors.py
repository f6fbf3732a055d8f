"""The error a refused rule raises: one problem per node, for pages and the API alike."""

from __future__ import annotations

from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.i18n import t
from microcred_market.stacking import rules


class RuleRefused(InvalidInput):
    """A rule with problems: `problems` holds one per node, in tree order."""

    def __init__(self, problems: list[rules.Problem]) -> None:
        super().__init__("error.stacking.rule_invalid", n=len(problems))
        self.problems = problems

    def text(self, lang: str) -> str:
        """The heading and then each node's message on its own line ("electives: ...")."""
        lines = [t(self.key, lang, n=len(self.problems))]
        lines += [f"{p.node_id}: {t(p.key, lang, **p.params)}" for p in self.problems]
        return "\n".join(lines)
