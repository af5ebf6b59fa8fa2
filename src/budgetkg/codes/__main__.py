"""``python -m budgetkg.codes seed examples/documents``: see :mod:`budgetkg.codes.commands`."""

from .commands import codes

codes(prog_name="python -m budgetkg.codes")
